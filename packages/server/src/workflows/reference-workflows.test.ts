import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonValue } from '../errors.js';
import { testPostgres } from '../testing/services.js';
import { BpmnError } from '../engine/bpmn-error.js';
import { parseDefinition } from '../engine/definitions/parse-definition.js';
import type { Engine } from '../engine/engine.js';
import { compileDefinition } from '../engine/model/compile.js';
import { engineFixture, type EngineFixture, type StoreKind } from '../engine/testing/engine-fixture.js';
import { referenceWorkflows } from './reference-workflows.js';

const probe = await testPostgres();
await probe?.drop();
const kinds: StoreKind[] = probe ? ['sqlite', 'postgres'] : ['sqlite'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function deployAll(engine: Engine): Promise<void> {
  for (const w of referenceWorkflows) {
    const r = await engine.deploy(
      { format: w.format, source: readFileSync(w.url, 'utf8') },
      { createdBy: 'test' },
    );
    expect(r.definitionId).toBe(w.id);
  }
}

describe('reference workflow files', () => {
  it('all parse and validate', async () => {
    for (const w of referenceWorkflows) {
      const { model } = await parseDefinition({ format: w.format, source: readFileSync(w.url, 'utf8') });
      expect(model.id).toBe(w.id);
      expect(() => compileDefinition(model, 1)).not.toThrow();
    }
  });
});

describe.each(kinds)('reference workflows on %s', (kind) => {
  let fx: EngineFixture;
  afterEach(async () => {
    await fx?.close();
  });
  const open = async (): Promise<{
    engine: Engine;
    calls: Array<{ type: string; at: number; input: Record<string, JsonValue> }>;
  }> => {
    fx = await engineFixture(kind, kind === 'postgres' ? await testPostgres() : undefined);
    const engine = fx.engine();
    await engine.open();
    await deployAll(engine);
    const calls: Array<{ type: string; at: number; input: Record<string, JsonValue> }> = [];
    const record = (
      type: string,
      result: (input: Record<string, JsonValue>) => JsonValue | void = () => undefined,
    ) =>
      engine.registerHandler(type, (ctx) => {
        calls.push({ type, at: fx.clock.now(), input: ctx.input });
        return result(ctx.input);
      });
    record('trial.provision', () => ({
      trial_id: 'T-1',
      trial_ends_at: new Date(fx.clock.now() + 7 * DAY).toISOString(),
    }));
    record('trial.daily_engagement', (i) => ({
      day_number: i.day_number as number,
      engagement_score: (i.day_number as number) * 1.5,
    }));
    record('trial.send_reminder');
    record('trial.check_conversion', () => ({ converted: false, payment_status: 'none' }));
    for (const t of ['trial.activate', 'trial.nurture', 'trial.churn']) record(t);
    return { engine, calls };
  };

  it('7-day trial: daily engagement, reminders 2 d / 1 d / 6 h before the end, 24 h grace, then nurture', async () => {
    const { engine, calls } = await open();
    const t0 = fx.clock.now();
    const { instanceId } = await engine.startInstance('trial', {
      variables: { customer_id: 'c-1', agent_type: 'content-marketing', email: 'a@b.co' },
      businessKey: 'c-1',
    });
    await fx.advance(8 * DAY + HOUR);
    const view = await engine.getInstance(instanceId);
    expect(view.status).toBe('completed');
    const engagement = calls.filter((c) => c.type === 'trial.daily_engagement');
    expect(engagement.map((c) => (c.at - t0) / DAY)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const reminders = calls.filter((c) => c.type === 'trial.send_reminder');
    expect(reminders.map((c) => [(t0 + 7 * DAY - c.at) / HOUR, c.input.hours_left])).toEqual([
      [48, 48],
      [24, 24],
      [6, 6],
    ]);
    const check = calls.find((c) => c.type === 'trial.check_conversion')!;
    expect((check.at - t0) / HOUR).toBe(8 * 24);
    expect(calls.map((c) => c.type).slice(-1)).toEqual(['trial.nurture']);
    expect(view.variables).toMatchObject({ day_number: 7, engagement_score: 10.5, converted: false });
  });

  it('7-day trial: hiring during the trial converts at once; hiring in the grace period too', async () => {
    const { engine, calls } = await open();
    const a = await engine.startInstance('trial', {
      variables: { customer_id: 'c-2', agent_type: 'seo' },
      businessKey: 'c-2',
    });
    const b = await engine.startInstance('trial', {
      variables: { customer_id: 'c-3', agent_type: 'seo' },
      businessKey: 'c-3',
    });
    await fx.advance(3 * DAY);
    expect(
      (await engine.correlate('trial.hired', { businessKey: 'c-2', payload: { plan: 'monthly' } })).status,
    ).toBe('delivered');
    await fx.settle();
    const va = await engine.getInstance(a.instanceId);
    expect(va.status).toBe('completed');
    expect(va.timers).toEqual([]);
    await fx.advance(4 * DAY + 2 * HOUR);
    expect((await engine.getInstance(b.instanceId)).activeElements).toEqual(['grace']);
    await engine.correlate('trial.hired', { businessKey: 'c-3', payload: { plan: 'annual' } });
    await fx.settle();
    expect((await engine.getInstance(b.instanceId)).status).toBe('completed');
    expect(calls.filter((c) => c.type === 'trial.activate').length).toBe(2);
    expect(calls.some((c) => c.type === 'trial.check_conversion')).toBe(false);
  });

  it('PR review: rejected, low risk and high risk (domain check + architect review with a 2 h SLA)', async () => {
    const { engine } = await open();
    const done: string[] = [];
    engine.registerHandler('wowvision.validate_pr', (ctx) => {
      const n = ctx.input.pr_number as number;
      return {
        vision_approved: n !== 1,
        violations: n === 1 ? ['root-level .md file'] : [],
        risk_level: n === 3 ? 'high' : 'low',
      };
    });
    engine.registerHandler(
      'wowvision.create_violation_issue',
      (ctx) => (
        done.push(`issue ${String(ctx.input.pr_number)}`),
        { issue_number: 100 + (ctx.input.pr_number as number) }
      ),
    );
    engine.registerHandler('wowdomain.validate_domain_knowledge', () => ({ domain_valid: true }));
    engine.registerHandler(
      'wowdeploy.deploy_pr',
      (ctx) => (
        done.push(`deploy ${String(ctx.input.pr_number)}`),
        { deployment_url: 'https://x', deployment_status: 'ok' }
      ),
    );
    const start = (n: number) =>
      engine.startInstance('pr-review', {
        variables: { pr_number: n, author: 'dev', files_changed: ['a.ts'], phase: 'build' },
      });
    const rejected = await start(1);
    const low = await start(2);
    const high = await start(3);
    await fx.settle();
    expect((await engine.getInstance(rejected.instanceId)).variables.issue_number).toBe(101);
    expect((await engine.getInstance(low.instanceId)).status).toBe('completed');
    const [review] = await engine.listUserTasks({ role: 'architect', status: 'open' });
    expect(review).toMatchObject({ instanceId: high.instanceId, title: '[Workflow] Review PR #3' });
    await fx.advance(2 * HOUR);
    expect(await engine.getUserTask(review!.taskId)).toMatchObject({
      escalated: true,
      role: 'engineering-manager',
    });
    await engine.completeUserTask(review!.taskId, { approved: true, comment: 'ok' }, 'architect-1');
    await fx.settle();
    expect((await engine.getInstance(high.instanceId)).status).toBe('completed');
    expect(done.sort()).toEqual(['deploy 2', 'deploy 3', 'issue 1']);
  });

  it('campaign: parallel drafts → approval → launch; a rejection compensates the drafts in reverse order', async () => {
    const { engine } = await open();
    const log: string[] = [];
    const draft = (name: string, out: Record<string, JsonValue>) =>
      engine.registerHandler(name, () => (log.push(name), out));
    draft('content.create_blog', { blog_url: '/blog/1', word_count: 900 });
    draft('social.create_posts', { post_ids: ['p1'] });
    draft('email.create_campaign', { campaign_id: 'e1' });
    for (const undo of ['content.unpublish_blog', 'social.delete_posts', 'email.cancel_campaign'])
      engine.registerHandler(undo, () => void log.push(undo));
    engine.registerHandler('campaign.launch', () => (log.push('launch'), { launched_at: 'now' }));
    const ok = await engine.startInstance('campaign', { variables: { topic: 'Diwali sale' } });
    const no = await engine.startInstance('campaign', { variables: { topic: 'Bad idea' } });
    await fx.settle();
    const tasks = await engine.listUserTasks({ role: 'marketing-manager', status: 'open' });
    expect(tasks.map((t) => t.title).sort()).toEqual([
      'Approve Campaign Launch: Bad idea',
      'Approve Campaign Launch: Diwali sale',
    ]);
    await engine.completeUserTask(
      tasks.find((t) => t.instanceId === ok.instanceId)!.taskId,
      { approved: true },
      'mm',
    );
    await fx.settle();
    expect((await engine.getInstance(ok.instanceId)).status).toBe('completed');
    log.length = 0;
    await engine.completeUserTask(
      tasks.find((t) => t.instanceId === no.instanceId)!.taskId,
      { approved: false, comment: 'off brand' },
      'mm',
    );
    await fx.settle();
    expect((await engine.getInstance(no.instanceId)).status).toBe('compensated');
    expect(log).toEqual(['email.cancel_campaign', 'social.delete_posts', 'content.unpublish_blog']);
  });

  it('campaign: a failed launch also compensates', async () => {
    const { engine } = await open();
    const log: string[] = [];
    for (const t of ['content.create_blog', 'social.create_posts', 'email.create_campaign'])
      engine.registerHandler(t, () => ({}));
    for (const undo of ['content.unpublish_blog', 'social.delete_posts', 'email.cancel_campaign'])
      engine.registerHandler(undo, () => void log.push(undo));
    engine.registerHandler('campaign.launch', () => {
      throw new BpmnError('LAUNCH_REFUSED', 'ad platform refused the campaign');
    });
    const { instanceId } = await engine.startInstance('campaign', { variables: { topic: 't' } });
    await fx.settle();
    const [task] = await engine.listUserTasks({ instanceId, status: 'open' });
    await engine.completeUserTask(task!.taskId, { approved: true }, 'mm');
    await fx.settle();
    expect((await engine.getInstance(instanceId)).status).toBe('compensated');
    expect(log).toEqual(['email.cancel_campaign', 'social.delete_posts', 'content.unpublish_blog']);
  });

  it('daily report: the cron start fires at 09:00 every day, one instance per day even with two workers', async () => {
    const { engine } = await open();
    const other = fx.engine();
    const reports: number[] = [];
    for (const e of [engine, other]) {
      e.registerHandler('report.generate', () => ({
        report: `report ${new Date(fx.clock.now()).toISOString()}`,
      }));
      e.registerHandler('report.send_email', () => void reports.push(fx.clock.now()));
    }
    await other.open();
    await fx.advance(2 * DAY);
    const nine = (day: number) => Date.UTC(2026, 0, 5 + day, 9);
    expect(reports).toEqual([nine(0), nine(1)]);
    const runs = await engine.listInstances({ definitionId: 'daily-report' });
    expect(runs.items.map((r) => r.state)).toEqual(['completed', 'completed']);
  });
});

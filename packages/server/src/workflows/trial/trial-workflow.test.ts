import { afterEach, describe, expect, it } from 'vitest';
import type { Hire, Session, Trial } from '../../contracts/contracts.js';
import type { Engine } from '../../engine/engine.js';
import { createIds } from '../../ids.js';
import { setup } from '../../api/testing/marketplace-harness.js';
import { silentLogger } from '../../components/observability/logger.js';
import { testPostgres } from '../../testing/services.js';
import { workflowTestKit, type WorkflowTestKit } from '../testing/workflow-test-kit.js';
import {
  registerTrialWorkflow,
  TRIAL_OUTCOMES,
  type TrialOutcome,
  type TrialWorkflow,
} from './trial-workflow.js';
import { createTrialTimeline } from './trial-timeline.js';

const probe = await testPostgres();
await probe?.drop();
const kinds = probe ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

/** Per-test state and helpers: a fresh store (SQLite or PostgreSQL), an engine running the trial workflow. */
function useTrialFixture(kind: 'sqlite' | 'postgres') {
  let kit!: WorkflowTestKit;
  let engine!: Engine;
  let flow!: TrialWorkflow;
  afterEach(async () => {
    flow?.stop();
    await kit?.close();
  });

  async function open(): Promise<void> {
    kit = await workflowTestKit({ pg: kind === 'postgres' ? await testPostgres() : undefined });
    engine = kit.engine();
    flow = await attach(engine);
    await engine.open();
  }

  async function attach(e: Engine): Promise<TrialWorkflow> {
    const h = kit.harness;
    // The harness's engine has the trial workflow already; a new worker registers it as the platform does.
    if (e === h.engine) return h.trialFlow;
    const f = await registerTrialWorkflow({
      engine: e,
      timeline: createTrialTimeline({ engine: e, store: h.store }),
      marketplace: h.marketplace.services,
      store: h.store,
      clock: h.clock,
      ids: createIds(() => h.clock.now()),
      logger: silentLogger,
    });
    kit.waitFor(() => f.idle());
    return f;
  }

  async function startTrial(email = 'ana@acme.test'): Promise<{ session: Session; trial: Trial }> {
    const session = await kit.harness.customer(email);
    const res = await kit.harness.call('POST', '/api/v1/trials', {
      token: session.accessToken,
      body: { agentId: 'content-marketing', setup },
    });
    expect(res.statusCode).toBe(201);
    await kit.settle();
    return { session, trial: res.json() as Trial };
  }

  async function mails(userId: string): Promise<Array<{ kind: string; subject: string; at: number }>> {
    const page = await kit.harness.store.mail.list({
      limit: 200,
      where: { userId },
    });
    return page.items.map((d) => ({ kind: d.data.kind, subject: d.data.subject, at: d.createdAt - T0 }));
  }

  // Access tokens last an hour of fake time: sign in again after moving the clock.
  const tokenOf = async (session: Session) => (await kit.harness.login(session.user.email)).accessToken;
  const adminToken = async () => (await kit.harness.staff('admin')).accessToken;
  const reminderTimes = async (userId: string) =>
    (await mails(userId)).filter((m) => m.kind === 'trial-reminder').map((m) => m.at / HOUR);
  const record = async (id: string) => (await kit.harness.store.trials.get(id))!.data;
  const outcomes = async () =>
    (await kit.harness.store.documents.list<TrialOutcome>(TRIAL_OUTCOMES, { limit: 50 })).items.map(
      (d) => d.data,
    );

  return {
    open,
    attach,
    startTrial,
    mails,
    tokenOf,
    adminToken,
    reminderTimes,
    record,
    outcomes,
    get kit() {
      return kit;
    },
    get engine() {
      return engine;
    },
    get flow() {
      return flow;
    },
    set flow(f: TrialWorkflow) {
      flow = f;
    },
  };
}

describe.each(kinds)('marketplace trials as the engine trial workflow (%s)', (kind) => {
  const fx = useTrialFixture(kind);
  it('runs a 7-day trial in its instance: reminders 2 d / 1 d / 6 h before the end, grace notice at the end, expiry 24 h later', async () => {
    await fx.open();
    const { session, trial } = await fx.startTrial();
    expect(trial.workflowInstanceId).toBe(`trial:${trial.id}`);
    const started = await fx.engine.getInstance(trial.workflowInstanceId!);
    expect(started).toMatchObject({ definitionId: 'trial', businessKey: trial.id });
    expect(started.variables).toMatchObject({
      trial_id: trial.id,
      agent_type: 'content-marketing',
      email: 'ana@acme.test',
      trial_ends_at: new Date(T0 + 7 * DAY).toISOString(),
    });

    await fx.kit.advance(8 * DAY + HOUR);
    const all = await fx.mails(session.user.id);
    expect(
      all.filter((m) => m.kind === 'trial-reminder').map((m) => [m.at / HOUR, m.subject.split(' left')[0]]),
    ).toEqual([
      [5 * 24, '2 days'],
      [6 * 24, '1 day'],
      [6 * 24 + 18, '6 hours'],
    ]);
    expect(all.filter((m) => m.kind === 'trial-expired').map((m) => m.at / HOUR)).toEqual([7 * 24]);
    expect(all.filter((m) => m.kind === 'trial-grace-ended').map((m) => m.at / HOUR)).toEqual([8 * 24]);
    expect(await fx.record(trial.id)).toMatchObject({ status: 'EXPIRED', endedAt: T0 + 8 * DAY });
    const done = await fx.engine.getInstance(trial.workflowInstanceId!);
    expect(done.status).toBe('completed');
    // One first deliverable, still waiting for approval: engagement 1 → churn.
    expect(done.variables).toMatchObject({ day_number: 7, engagement_score: 1, converted: false });
    expect(await fx.outcomes()).toEqual([expect.objectContaining({ trialId: trial.id, outcome: 'churned' })]);
    expect(fx.kit.errors).toEqual([]);
  });

  it('hiring during the trial interrupts the instance at once; no reminder follows', async () => {
    await fx.open();
    const { session, trial } = await fx.startTrial();
    await fx.kit.advance(3 * DAY);
    const res = await fx.kit.harness.call('POST', `/api/v1/trials/${trial.id}/convert`, {
      token: await fx.tokenOf(session),
      body: { plan: 'monthly' },
    });
    expect(res.statusCode).toBe(201);
    await fx.kit.settle();
    const view = await fx.engine.getInstance(trial.workflowInstanceId!);
    expect(view).toMatchObject({ status: 'completed', timers: [], activeElements: [] });
    expect(view.variables).toMatchObject({ hire_id: (res.json() as Hire).id, plan: 'monthly' });
    expect(await fx.outcomes()).toEqual([
      expect.objectContaining({ outcome: 'converted', hireId: (res.json() as Hire).id }),
    ]);
    await fx.kit.advance(6 * DAY);
    expect(await fx.reminderTimes(session.user.id)).toEqual([]);
  });

  it('an admin extension moves the end and every timer follows it', async () => {
    await fx.open();
    const { session, trial } = await fx.startTrial();
    await fx.kit.advance(4 * DAY);
    const res = await fx.kit.harness.call('POST', `/api/v1/admin/trials/${trial.id}/extend`, {
      token: await fx.adminToken(),
      body: { days: 2, reason: 'onboarding call moved' },
    });
    expect(res.statusCode).toBe(200);
    await fx.kit.settle();
    const view = await fx.engine.getInstance(trial.workflowInstanceId!);
    expect(view.variables.trial_ends_at).toBe(new Date(T0 + 9 * DAY).toISOString());
    expect(view.timers.find((t) => t.elementId === 'wait_2d_left')?.dueAt).toBe(T0 + 7 * DAY);
    await fx.kit.advance(6 * DAY);
    const all = await fx.mails(session.user.id);
    expect(await fx.reminderTimes(session.user.id)).toEqual([7 * 24, 8 * 24, 8 * 24 + 18]);
    expect(all.filter((m) => m.kind === 'trial-expired').map((m) => m.at / HOUR)).toEqual([9 * 24]);
    expect(all.filter((m) => m.kind === 'trial-grace-ended').map((m) => m.at / HOUR)).toEqual([10 * 24]);
    expect(await fx.record(trial.id)).toMatchObject({
      status: 'EXPIRED',
      endedAt: T0 + 10 * DAY,
      extendedDays: 2,
    });
    expect((await fx.engine.getInstance(trial.workflowInstanceId!)).status).toBe('completed');
  });
});

describe('marketplace trials as the engine trial workflow: cancel, grace, reconcile, crash (sqlite)', () => {
  const fx = useTrialFixture('sqlite');
  it('cancelling the trial cancels its instance', async () => {
    await fx.open();
    const { session, trial } = await fx.startTrial();
    await fx.kit.advance(DAY);
    expect(
      (
        await fx.kit.harness.call('POST', `/api/v1/trials/${trial.id}/cancel`, {
          token: await fx.tokenOf(session),
          body: { reason: 'not for us' },
        })
      ).statusCode,
    ).toBe(200);
    await fx.kit.settle();
    expect((await fx.engine.getInstance(trial.workflowInstanceId!)).status).toBe('cancelled');
    await fx.kit.advance(9 * DAY);
    expect(await fx.reminderTimes(session.user.id)).toEqual([]);
    expect((await fx.record(trial.id)).status).toBe('CANCELLED');
  });

  it('an extension during the grace period reopens the period; one after expiry starts a new instance', async () => {
    await fx.open();
    const { session, trial } = await fx.startTrial();
    await fx.kit.advance(7 * DAY + 2 * HOUR);
    expect((await fx.engine.getInstance(trial.workflowInstanceId!)).activeElements).toEqual(['grace']);
    await fx.kit.harness.call('POST', `/api/v1/admin/trials/${trial.id}/extend`, {
      token: await fx.adminToken(),
      body: { days: 1, reason: 'asked nicely' },
    });
    await fx.kit.advance(2 * DAY + HOUR);
    // Only the 6 h reminder moved back into the future; it goes out again before the new end.
    expect(await fx.reminderTimes(session.user.id)).toEqual([5 * 24, 6 * 24, 6 * 24 + 18, 7 * 24 + 18]);
    expect(await fx.record(trial.id)).toMatchObject({ status: 'EXPIRED', endedAt: T0 + 9 * DAY });
    expect((await fx.engine.getInstance(trial.workflowInstanceId!)).status).toBe('completed');

    await fx.kit.harness.call('POST', `/api/v1/admin/trials/${trial.id}/extend`, {
      token: await fx.adminToken(),
      body: { days: 3, reason: 'second chance' },
    });
    await fx.kit.settle();
    const again = await fx.record(trial.id);
    expect(again.status).toBe('ACTIVE');
    expect(again.workflowInstanceId).toMatch(new RegExp(`^trial:${trial.id}:\\d+$`));
    const restarted = await fx.engine.getInstance(again.workflowInstanceId!);
    expect(restarted.variables.trial_ends_at).toBe(
      new Date(fx.kit.harness.clock.now() + 3 * DAY).toISOString(),
    );
    await fx.kit.advance(5 * DAY);
    expect((await fx.engine.getInstance(again.workflowInstanceId!)).status).toBe('completed');
    expect((await fx.record(trial.id)).status).toBe('EXPIRED');
    expect((await fx.outcomes()).map((o) => o.outcome)).toEqual(['churned', 'churned']);
  });

  it('reconcile delivers a conversion the feed listener missed', async () => {
    await fx.open();
    const { session, trial } = await fx.startTrial();
    fx.flow.stop();
    await fx.kit.harness.call('POST', `/api/v1/trials/${trial.id}/convert`, {
      token: session.accessToken,
      body: { plan: 'annual' },
    });
    await fx.kit.settle();
    expect((await fx.engine.getInstance(trial.workflowInstanceId!)).status).toBe('waiting');
    expect(await fx.flow.reconcile()).toBe(1);
    await fx.kit.settle();
    expect((await fx.engine.getInstance(trial.workflowInstanceId!)).status).toBe('completed');
  });

  it('a reminder step re-executed after a crash sends its mail once', async () => {
    await fx.open();
    const { session, trial } = await fx.startTrial();
    await fx.kit.advance(4 * DAY);
    const crashing = fx.kit.engine({
      faults: {
        afterEffect: (a) => {
          if (a.taskType === 'trial.send_reminder') throw new Error('killed after the reminder');
        },
      },
    });
    // Hand the instance to a worker that dies right after sending the 2-day reminder.
    await fx.engine.close();
    fx.flow.stop();
    fx.flow = await fx.attach(crashing);
    await crashing.open();
    await fx.kit.advance(DAY);
    expect(crashing.isHalted).toBe(true);
    const next = fx.kit.engine();
    fx.flow.stop();
    fx.flow = await fx.attach(next);
    await next.open();
    await fx.kit.advance(HOUR);
    expect(await fx.reminderTimes(session.user.id)).toEqual([5 * 24]);
    const view = await next.getInstance(trial.workflowInstanceId!);
    expect(view.variables).toMatchObject({ last_reminder: '2d' });
  });

  it('a trial instance whose trial does not exist stops with an incident naming the trial', async () => {
    await fx.open();
    const { instanceId } = await fx.engine.startInstance('trial', {
      businessKey: 'trl_missing',
      variables: { customer_id: 'c', agent_type: 'seo-specialist' },
    });
    await fx.kit.settle();
    const view = await fx.engine.getInstance(instanceId);
    expect(view.incidents).toEqual([
      expect.objectContaining({
        elementId: 'provision',
        error: expect.objectContaining({ code: 'NOT_FOUND', message: 'trial trl_missing not found' }),
      }),
    ]);
  });
});

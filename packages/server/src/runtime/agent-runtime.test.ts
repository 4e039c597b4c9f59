import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import { FakeClock } from '../clock.js';
import { costBreakdown } from '../components/cost/cost-breakdown.js';
import { PlatformError, type JsonValue } from '../errors.js';
import { createIds } from '../ids.js';
import { createSqlStore, type SqlStore } from '../store/sql-store.js';
import type { AgentDefinition, WakeInfo } from './agent-definition.js';
import { createTestRuntime, type TestRuntime } from './testing/test-runtime.js';
import { FakeModelProvider, decisionJson } from './testing/fake-model-provider.js';
import { testPrices } from './testing/runtime-harness.js';
import { WAKE_CYCLES } from './runtime-core.js';

const spec = {
  agentType: 'lead-generation',
  role: 'Lead Generation Specialist',
  domain: 'sales',
  expertise: 'finds and scores B2B leads',
  version: '1.0.0',
  capabilities: ['score-leads'],
  constraints: [
    {
      rule: 'Never email a lead directly',
      reason: 'Outreach needs the customer’s approval',
      forbids: ['email:send'],
    },
  ],
};

let store: SqlStore;
let clock: FakeClock;
let runtime: TestRuntime;
let wakes: WakeInfo[];

function definition(extra: Partial<AgentDefinition> = {}): AgentDefinition {
  return {
    specialisation: spec,
    triggers: [
      { kind: 'event', pattern: 'sales.lead.qualified', name: 'qualified' },
      { kind: 'threshold', pattern: 'sales.lead.created', atLeast: 3, maxWaitMs: 300_000, name: 'leads' },
      { kind: 'cron', schedule: '0 9 * * *', name: 'morning' },
    ],
    async onWake(ctx, wake) {
      wakes.push(wake);
      ctx.memory.seen = Number(ctx.memory.seen ?? 0) + 1;
    },
    tasks: {
      async score(ctx, input) {
        const n = Number((input as { count?: number }).count ?? 0);
        if (n < 0)
          throw new PlatformError('VALIDATION', 'count must be ≥ 0', { details: { field: 'count' } });
        ctx.workflow?.set('scored', n);
        const r = await ctx.decide({ kind: 'score', subject: `Score ${n} leads`, facts: { count: n } });
        return { output: { scored: n, approved: r.approved } };
      },
      async outreach(ctx) {
        ctx.assertAllowed('email:send');
      },
    },
    rules: [
      {
        name: 'small-batch',
        evaluate: (r) =>
          Number(r.facts?.count) <= 10
            ? { approved: true, reason: 'Small batches are always fine', confidence: 0.99, citations: [] }
            : undefined,
      },
    ],
    budget: { tokensPerDay: 50_000, requestsPerMinute: 30 },
    ...extra,
  };
}

beforeEach(async () => {
  clock = new FakeClock(Date.UTC(2026, 0, 5, 8, 0)); // Monday 08:00 UTC
  store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' }, { clock });
  await store.migrate();
  wakes = [];
  runtime = createTestRuntime({
    store,
    clock,
    ids: createIds(() => clock.now()),
    prices: testPrices,
    models: new FakeModelProvider({ answer: () => decisionJson(true, 0.9) }),
  });
  runtime.register(definition());
});

afterEach(async () => {
  await runtime.stop();
  await store.close();
});

describe('AgentRuntime: hiring and lifecycle', () => {
  it('hires an instance (created → active) with its budget, and audits it', async () => {
    const a = await runtime.hire({
      agentType: 'lead-generation',
      tenantId: 't1',
      personality: { name: 'Pipeline Pal' },
      by: 'owner@t1',
    });
    expect(a).toMatchObject({
      agentType: 'lead-generation',
      tenantId: 't1',
      lifecycle: 'active',
      wakeCount: 0,
    });
    expect(a.personality.name).toBe('Pipeline Pal');
    expect((await runtime.budgets.status(`agent:${a.id}`))!.limit.tokens).toBe(50_000);
    const audit = await runtime.audit.list();
    expect(audit.items.map((e) => e.action)).toEqual(['agent.hire', 'agent.activate']);
    expect((await runtime.audit.verify()).valid).toBe(true);
    expect(runtime.list({ tenantId: 't1' })).toHaveLength(1);
  });

  it('refuses unknown types, duplicate registrations and duplicate ids', async () => {
    await expect(runtime.hire({ agentType: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(() => runtime.register(definition())).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    await runtime.hire({ agentType: 'lead-generation', instanceId: 'fixed' });
    await expect(runtime.hire({ agentType: 'lead-generation', instanceId: 'fixed' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(() => runtime.get('ghost')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('adopts an instance another process already stored under the same id, type and tenant', async () => {
    const first = await runtime.hire({
      agentType: 'lead-generation',
      instanceId: 'shared',
      tenantId: 't1',
      personality: { name: 'Lead Desk' },
    });
    const second = createTestRuntime({
      store,
      clock,
      ids: createIds(() => clock.now()),
      prices: testPrices,
    });
    second.register(definition());
    const adopted = await second.hire({ agentType: 'lead-generation', instanceId: 'shared', tenantId: 't1' });
    expect(adopted).toMatchObject({ id: 'shared', lifecycle: first.lifecycle, tenantId: 't1' });
    expect(adopted.personality.name).toBe('Lead Desk');
    expect(second.get('shared').id).toBe('shared');
    await expect(
      second.hire({ agentType: 'lead-generation', instanceId: 'shared', tenantId: 't2' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await second.stop();
  });

  it('pauses, resumes and retires, rejecting illegal moves', async () => {
    await runtime.start();
    const a = await runtime.hire({ agentType: 'lead-generation', tenantId: 't1' });
    await runtime.pause(a.id);
    expect(await runtime.dispatch({ type: 'sales.lead.qualified', tenantId: 't1' })).toEqual([]);
    await expect(runtime.wake(a.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(runtime.pause(a.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await runtime.resume(a.id);
    expect(runtime.get(a.id).lifecycle).toBe('sleeping');
    await runtime.retire(a.id);
    await expect(runtime.resume(a.id)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { from: 'retired', action: 'resume' },
    });
    expect((await runtime.health(a.id)).status).toBe('down');
  });
});

describe('AgentRuntime: waking', () => {
  it('wakes matching instances of the event tenant only, and saves a context snapshot per cycle', async () => {
    await runtime.start();
    const a = await runtime.hire({ agentType: 'lead-generation', tenantId: 't1' });
    const b = await runtime.hire({ agentType: 'lead-generation', tenantId: 't2' });
    const results = await runtime.dispatch({
      type: 'sales.lead.qualified',
      tenantId: 't1',
      payload: { lead: 'acme' },
    });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      instanceId: a.id,
      decision: { wake: true, trigger: 'qualified' },
      report: { kind: 'event', state: 'sleeping', snapshotVersion: 1 },
    });
    expect(wakes[0]!.event?.payload).toEqual({ lead: 'acme' });
    await runtime.dispatch({ type: 'sales.lead.qualified', tenantId: 't1' });
    const ctx = await runtime.states.load(`agent:${a.id}:context`);
    expect(ctx).toMatchObject({ version: 2, data: { memory: { seen: 2 }, wakeCount: 2 } });
    expect(runtime.get(a.id)).toMatchObject({ wakeCount: 2, lifecycle: 'sleeping' });
    expect(runtime.get(b.id).wakeCount).toBe(0);
    expect(await runtime.dispatch({ type: 'github.branch.deleted', tenantId: 't1' })).toEqual([
      { instanceId: a.id, decision: { wake: false, reason: 'no matching trigger' } },
    ]);
  });

  it('runs pending tasks each with its own error handling', async () => {
    await runtime.start();
    const a = await runtime.hire({ agentType: 'lead-generation', tenantId: 't1' });
    await runtime.enqueueTask(a.id, 'score', { count: 4 });
    await runtime.enqueueTask(a.id, 'score', { count: -1 });
    await runtime.enqueueTask(a.id, 'unknown-task', {});
    const report = await runtime.wake(a.id, 'operator asked');
    expect(report.items.map((i) => [i.kind, i.type, i.ok, i.error?.code ?? null])).toEqual([
      ['wake', 'on-demand', true, null],
      ['task', 'score', true, null],
      ['task', 'score', false, 'VALIDATION'],
      ['task', 'unknown-task', false, 'NOT_FOUND'],
    ]);
    expect((await runtime.wake(a.id)).items).toHaveLength(1);
    expect((await runtime.health(a.id)).status).toBe('degraded');
  });

  it('counts threshold items and wakes at the count or when the oldest has waited too long', async () => {
    await runtime.start();
    const a = await runtime.hire({ agentType: 'lead-generation', tenantId: 't1' });
    for (let i = 0; i < 2; i++)
      expect((await runtime.dispatch({ type: 'sales.lead.created', tenantId: 't1' }))[0]!.decision.wake).toBe(
        false,
      );
    expect((await runtime.dispatch({ type: 'sales.lead.created', tenantId: 't1' }))[0]).toMatchObject({
      decision: { reason: 'threshold:leads:count' },
      report: { kind: 'threshold' },
    });
    await runtime.dispatch({ type: 'sales.lead.created', tenantId: 't1' });
    await clock.advance(299_999);
    expect(runtime.get(a.id).wakeCount).toBe(1);
    await clock.advance(1);
    expect(runtime.get(a.id).wakeCount).toBe(2);
    expect(wakes.at(-1)).toMatchObject({ kind: 'threshold', reason: 'threshold:leads:age' });
  });

  it('wakes on its cron schedule on the fake clock, skipping times outside working hours', async () => {
    await runtime.start();
    const a = await runtime.hire({ agentType: 'lead-generation', tenantId: 't1' });
    const off = await runtime.hire({
      agentType: 'lead-generation',
      tenantId: 't2',
      personality: { timezone: 'America/New_York', workingHours: { start: '09:00', end: '17:00' } },
    });
    await clock.advance(3_600_000); // 09:00 UTC = 04:00 in New York
    expect(runtime.get(a.id).wakeCount).toBe(1);
    expect(wakes[0]).toMatchObject({ kind: 'cron', trigger: 'morning' });
    expect(runtime.get(off.id).wakeCount).toBe(0);
    await clock.advance(24 * 3_600_000);
    expect(runtime.get(a.id).wakeCount).toBe(2);
    expect(await store.documents.count(WAKE_CYCLES, { where: { instanceId: a.id } })).toBe(2);
  });

  it('hands work to another instance, which wakes and runs it', async () => {
    await runtime.start();
    const a = await runtime.hire({ agentType: 'lead-generation', tenantId: 't1' });
    const b = await runtime.hire({ agentType: 'lead-generation', tenantId: 't1' });
    const other = await runtime.hire({ agentType: 'lead-generation', tenantId: 't2' });
    const h = await runtime.handoff(a.id, b.id, { type: 'score', input: { count: 2 } });
    await clock.advance(0);
    expect(runtime.get(b.id).wakeCount).toBe(1);
    expect(wakes.at(-1)).toMatchObject({ kind: 'handoff' });
    expect((await store.agentHandoffs.get(h.id))!.data.status).toBe('completed');
    await expect(runtime.handoff(a.id, other.id, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('wakes different instances side by side from the bus while one of them is still busy', async () => {
    const bus = new MemoryBus({ clock });
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const woke: string[] = [];
    const parallel = createTestRuntime({ store, clock, ids: createIds(() => clock.now()), bus });
    parallel.register(
      definition({
        async onWake(ctx) {
          woke.push(ctx.instance.id);
          if (woke.length === 1) await gate;
        },
      }),
    );
    const a = await parallel.hire({ agentType: 'lead-generation', tenantId: 't7' });
    const b = await parallel.hire({ agentType: 'lead-generation', tenantId: 't7' });
    await parallel.start();
    for (const target of [a.id, b.id])
      await bus.publish({
        topic: 'sales.lead.qualified',
        payload: {},
        headers: { 'tenant-id': 't7', 'target-instance': target },
      });
    for (let i = 0; i < 20 && parallel.get(b.id).wakeCount === 0; i++) await clock.advance(0);
    // b finished its wake although a's first wake is still waiting on the gate.
    expect(woke).toEqual([a.id, b.id]);
    expect(parallel.get(b.id).wakeCount).toBe(1);
    expect(parallel.get(a.id).wakeCount).toBe(0);
    open();
    for (let i = 0; i < 20 && parallel.get(a.id).wakeCount === 0; i++) await clock.advance(0);
    expect(parallel.get(a.id).wakeCount).toBe(1);
    await parallel.stop();
    await bus.close();
  });

  it('subscribes to the bus on start and wakes from published events', async () => {
    const bus = new MemoryBus({ clock });
    const withBus = createTestRuntime({ store, clock, ids: createIds(() => clock.now()), bus });
    withBus.register(definition());
    const a = await withBus.hire({ agentType: 'lead-generation', tenantId: 't9' });
    await withBus.start();
    await bus.publish({
      topic: 'sales.lead.qualified',
      payload: { lead: 'x' },
      headers: { 'tenant-id': 't9' },
    });
    await bus.publish({ topic: 'sales.lead.qualified', payload: { lead: 'y', tenantId: 'someone-else' } });
    for (let i = 0; i < 20 && withBus.get(a.id).wakeCount === 0; i++) await clock.advance(0);
    expect(withBus.get(a.id).wakeCount).toBe(1);
    await withBus.stop();
    await bus.close();
  });
});

describe('AgentRuntime: decisions, escalations and outputs', () => {
  it('marks the agent escalated while a human is asked, and sleeping again once answered', async () => {
    const noModel = createTestRuntime({ store, clock, ids: createIds(() => clock.now()) });
    noModel.register(definition());
    await noModel.start();
    const a = await noModel.hire({ agentType: 'lead-generation', tenantId: 't1' });
    await noModel.enqueueTask(a.id, 'score', { count: 500 });
    const report = await noModel.wake(a.id);
    expect(report.state).toBe('escalated');
    const [esc] = (await noModel.escalations.list({ agentId: a.id })).items;
    expect(esc).toMatchObject({ status: 'pending', tenantId: 't1' });
    await noModel.escalations.answer(esc!.id, { verdict: 'approve', by: 'owner@t1' });
    expect(noModel.get(a.id).lifecycle).toBe('sleeping');
    expect((await noModel.audit.list()).items.map((e) => e.action)).toContain('escalation.approved');
    await noModel.stop();
  });

  it('runs a task as a workflow service task with duration, cost, method and confidence', async () => {
    const a = await runtime.hire({ agentType: 'lead-generation', tenantId: 't1' });
    const small = await runtime.executeAsServiceTask(a.id, {
      taskType: 'score',
      variables: { count: 5 },
      outputVariables: ['scored'],
      workflowInstanceId: 'wf-1',
    });
    expect(small).toMatchObject({
      success: true,
      output: { scored: 5 },
      metadata: { method: 'deterministic', confidence: 0.99, cost: 0 },
    });
    const big = await runtime.executeAsServiceTask(a.id, { taskType: 'score', variables: { count: 50 } });
    expect(big).toMatchObject({
      success: true,
      output: { scored: 50, approved: true },
      metadata: { method: 'model', confidence: 0.9, cost: 0.001 },
    });
    expect(big.metadata.durationMs).toBeGreaterThanOrEqual(0);
    const bad = await runtime.executeAsServiceTask(a.id, { taskType: 'score', variables: { count: -3 } });
    expect(bad).toMatchObject({ success: false, output: { error: { code: 'VALIDATION' } } });
    expect((await runtime.executeAsServiceTask(a.id, { taskType: 'missing' })).output).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
    const forbidden = await runtime.executeAsServiceTask(a.id, { taskType: 'outreach' });
    expect(forbidden.output).toMatchObject({
      error: {
        code: 'FORBIDDEN',
        message: expect.stringContaining('Outreach needs the customer’s approval') as unknown as string,
      },
    });
    await runtime.pause(a.id);
    expect(
      (await runtime.executeAsServiceTask(a.id, { taskType: 'score', variables: { count: 1 } })).output,
    ).toMatchObject({ error: { code: 'CONFLICT' } });
    await expect(runtime.executeAsServiceTask('ghost', { taskType: 'score' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('writes a daily report with activity, cost by method and quality, and keeps it as a deliverable', async () => {
    await runtime.start();
    const a = await runtime.hire({
      agentType: 'lead-generation',
      tenantId: 't1',
      personality: { name: 'Pipeline Pal' },
    });
    await runtime.enqueueTask(a.id, 'score', { count: 3 });
    await runtime.enqueueTask(a.id, 'score', { count: 40 });
    await runtime.enqueueTask(a.id, 'score', { count: -1 });
    await runtime.wake(a.id);
    const { report, deliverable } = await runtime.publishDailyReport(a.id, '2026-01-05');
    expect(report.title).toBe('📊 Pipeline Pal Daily Report - 2026-01-05');
    expect(report.activity).toEqual({
      wakeCycles: 1,
      tasksCompleted: 2,
      tasksFailed: 1,
      decisions: 2,
      escalationsCreated: 0,
      deliverables: 0,
    });
    expect(report.cost.byMethod).toMatchObject({
      deterministic: { count: 1, cost: 0, share: 0.5 },
      model: { count: 1, cost: 0.001, tokens: 150 },
    });
    expect(report.quality).toMatchObject({ approvals: 2, rejections: 0, escalations: 0 });
    expect(report.quality.averageConfidence).toBeCloseTo(0.945, 5);
    expect(report.markdown).toContain('| model | 1 | 50.0 % | 0.0010 USD | 150 |');
    expect(deliverable).toMatchObject({
      type: 'daily-report',
      mimeType: 'text/markdown',
      producedBy: 'deterministic',
      tenantId: 't1',
    });
    const empty = await runtime.dailyReport(a.id, '2026-01-04');
    expect(empty.quality.averageConfidence).toBeNull();
    await expect(runtime.dailyReport(a.id, '5 Jan')).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'date' },
    });
    const breakdown = await costBreakdown(store, { agentId: a.id, from: 0, to: clock.now() + 1 });
    expect(breakdown.total).toMatchObject({ count: 2, tokens: 150 });
  });

  it('gives handlers a context bound to the instance: deliver, escalate, enqueue, hand off, publish, write', async () => {
    const bus = new MemoryBus({ clock });
    const seen: string[] = [];
    await bus.subscribe({
      pattern: 'sales.#',
      group: 'watch',
      handler: async (d) => void seen.push(`${d.message.topic}:${d.message.headers['tenant-id']}`),
    });
    const rt = createTestRuntime({
      store,
      clock,
      ids: createIds(() => clock.now()),
      bus,
      prices: testPrices,
      models: new FakeModelProvider({ answer: () => 'A crisp intro' }),
    });
    let peer = '';
    rt.register(
      definition({
        triggers: [],
        async onWake(ctx) {
          expect(ctx.displayName).toBe('Lead Generation Specialist');
          const written = await ctx.write('Write an intro');
          await ctx.deliver({
            type: 'lead-list',
            title: 'Leads',
            mimeType: 'text/markdown',
            content: written.text,
            producedBy: 'model',
          });
          await ctx.escalate({ reason: 'Check these leads', context: { n: 3 } });
          await ctx.enqueue('score', { count: 1 });
          await ctx.handoff(peer, { type: 'score', input: { count: 2 } });
          await ctx.publish('sales.leads.ready', { n: 3 });
        },
      }),
    );
    await rt.start();
    const a = await rt.hire({ agentType: 'lead-generation', tenantId: 't5' });
    peer = (await rt.hire({ agentType: 'lead-generation', tenantId: 't5' })).id;
    const report = await rt.wake(a.id);
    expect(report.items.every((i) => i.ok)).toBe(true);
    expect(report.state).toBe('escalated');
    expect((await rt.artifacts.list({ agentId: a.id })).items[0]).toMatchObject({
      type: 'lead-list',
      tenantId: 't5',
      producedBy: 'model',
    });
    expect((await rt.escalations.list({ agentId: a.id })).items[0]).toMatchObject({
      reason: 'Check these leads',
      tenantId: 't5',
    });
    expect((await rt.wake(a.id)).items.map((i) => i.type)).toEqual(['on-demand', 'score']);
    for (let i = 0; i < 20 && (rt.get(peer).wakeCount === 0 || seen.length === 0); i++)
      await clock.advance(0);
    expect(rt.get(peer).wakeCount).toBeGreaterThan(0);
    expect(seen).toContain('sales.leads.ready:t5');
    expect((await rt.budgets.status(`agent:${a.id}`))!.used.tokens).toBeGreaterThan(0);
    await rt.stop();
    await bus.close();
  });

  it('stop waits for the running wake cycle', async () => {
    let release!: () => void;
    const slow = createTestRuntime({ store, clock, ids: createIds(() => clock.now()) });
    slow.register(definition({ onWake: () => new Promise<void>((r) => (release = r)), triggers: [] }));
    await slow.start();
    const a = await slow.hire({ agentType: 'lead-generation' });
    const cycle = slow.wake(a.id);
    await clock.advance(0);
    let stopped = false;
    const stopping = slow.stop().then(() => (stopped = true));
    await clock.advance(0);
    expect(stopped).toBe(false);
    release();
    await cycle;
    await stopping;
    expect(stopped).toBe(true);
    const value: JsonValue = (await slow.states.load(`agent:${a.id}:context`))!.data.wakeCount!;
    expect(value).toBe(1);
  });
});

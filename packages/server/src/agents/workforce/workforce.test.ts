import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../bus/memory-bus.js';
import { PlatformError, type JsonValue } from '../../errors.js';
import { createIds } from '../../ids.js';
import type { DeliverableRecord } from '../../store/marketplace-records.js';
import { coordinatorTestSpecs } from '../coordinators/coordinator-test-specs.js';
import { createAgentRuntime } from '../../runtime/agent-runtime.js';
import { AgentId } from '../../skills/agent-ids.js';
import { skillRegistry } from '../../skills/registry.js';
import type { AgentPlan } from './agent-plan.js';
import { createMarketplaceDeliverableSink, createMarketplaceInstanceSource } from './marketplace-ports.js';
import { TASK_COMPLETED, type TaskCompletion } from './task-queue.js';
import { createWorkforceHarness, type WorkforceHarness } from './testing/workforce-harness.js';
import { createWorkforce } from './workforce.js';
import type { WorkforceDeliverableSink } from './workforce-ports.js';
import { WORK_RUNS, type WorkRecord } from './work-ledger.js';

/** Two hand-made plans over real offline skills (the shipped specs are tested in workforce-specs.test.ts). */
const emailPlan: AgentPlan = {
  agentType: AgentId.email,
  role: 'Email Marketing Agent',
  domain: 'marketing',
  expertise: 'Nurture sequences that land in the inbox',
  version: '1.0.0',
  responsibilities: [],
  skills: ['email.sequence', 'email.subject-check', 'brand.voice-check'],
  constraints: [
    { rule: 'Never send without consent', reason: 'DPDP and CAN-SPAM', forbids: ['send:unconsented'] },
  ],
  wake: [
    {
      name: 'event:marketing.email.*',
      trigger: { kind: 'event', pattern: 'marketing.email.*' },
      skills: ['email.sequence'],
    },
    // Also routed by the coordinators' reaction: that path does the work, once.
    {
      name: 'event:lead.qualified',
      trigger: { kind: 'event', pattern: 'lead.qualified' },
      skills: ['email.sequence'],
    },
    {
      name: 'cron:weekly-subjects',
      trigger: { kind: 'cron', schedule: '0 9 * * 1', timezone: 'UTC' },
      skills: ['email.subject-check'],
    },
  ],
  reviewSkills: new Map(),
  examples: new Map<string, JsonValue>([
    [
      'email.sequence',
      {
        startDate: '{{today}}',
        steps: [
          { name: 'Welcome', delayDays: 0, subject: 'Your guide to healthier meals' },
          { name: 'Follow-up', delayDays: 3, subject: 'Three recipes our patients love' },
        ],
      },
    ],
    [
      'email.subject-check',
      { subjects: ['Your weekly clinic update', 'Five quick diet tips for busy weeks'] },
    ],
    ['brand.voice-check', { text: 'Our clinic helps you eat well. Book a visit today.' }],
  ]),
};

const enablementPlan: AgentPlan = {
  agentType: AgentId.enablement,
  role: 'Sales Enablement Agent',
  domain: 'sales',
  expertise: 'Briefs the deal team',
  version: '1.0.0',
  responsibilities: [],
  skills: ['content.brief-outline', 'brand.voice-check'],
  constraints: [],
  wake: [],
  reviewSkills: new Map([['brand.voice-check', 'claims in sales copy need a manager’s eye']]),
  examples: new Map<string, JsonValue>([
    ['content.brief-outline', { topic: 'Why clinics switch to us', primaryKeyword: 'clinic software' }],
    ['brand.voice-check', { text: 'Our software saves clinics an hour a day. Ask us for a demo.' }],
  ]),
};

const plans = [emailPlan, enablementPlan];
/** Coordinators need all 19 agents; the enablement agent's primary skill is the plan's. */
const coordinatorSpecs = coordinatorTestSpecs.map((s) =>
  s.id === AgentId.enablement ? { ...s, skills: enablementPlan.skills.map((id) => ({ id })) } : s,
);

let h: WorkforceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function deliverables(tenantId: string, skillId?: string): Promise<DeliverableRecord[]> {
  const page = await h!.store.deliverables.list({
    tenantId,
    limit: 1000,
    ...(skillId ? { where: { skillId } } : {}),
  });
  return page.items.map((d) => d.data);
}

/** Polls a condition that depends on bus deliveries (no fixed sleeps). */
async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('workforce wakes', () => {
  it('wakes an instance on its event and keeps a checked, offline deliverable in its tenant’s dashboard', async () => {
    h = await createWorkforceHarness({ plans, coordinatorSpecs });
    const { trialId, principal } = await h.startTrial(AgentId.email);
    const other = await h.startTrial(AgentId.email);
    const [result] = await h.runtime.dispatch({
      type: 'marketing.email.requested',
      tenantId: principal.tenantId,
      id: 'evt-1',
      payload: { leadId: 'L1' },
    });
    expect(result).toMatchObject({
      instanceId: trialId,
      decision: { wake: true },
      report: { items: [{ kind: 'wake', ok: true }] },
    });
    const [d] = await deliverables(principal.tenantId, 'email.sequence');
    expect(d).toMatchObject({
      trialId,
      agentId: AgentId.email,
      instanceName: 'Growth desk',
      method: 'offline',
      status: 'published',
    });
    expect(d!.checks.length).toBeGreaterThan(0);
    expect(d!.checks.every((c) => c.passed)).toBe(true);
    expect(d!.markdown).toContain('Your guide to healthier meals');
    expect(d!.title).toBe(`${skillRegistry.get('email.sequence')!.title} for Acme Health`);
    // The other tenant's instance never saw the event.
    expect(await deliverables(other.principal.tenantId, 'email.sequence')).toEqual([]);
  });

  it('ignores unknown events and does nothing twice for a redelivered event', async () => {
    h = await createWorkforceHarness({ plans, coordinatorSpecs });
    const { principal } = await h.startTrial(AgentId.email);
    const [ignored] = await h.runtime.dispatch({
      type: 'lead.lost',
      tenantId: principal.tenantId,
      id: 'evt-0',
    });
    expect(ignored!.decision).toEqual({ wake: false, reason: 'no matching trigger' });
    for (let i = 0; i < 2; i++)
      await h.runtime.dispatch({
        type: 'marketing.email.requested',
        tenantId: principal.tenantId,
        id: 'evt-same',
        payload: {},
      });
    expect(await deliverables(principal.tenantId, 'email.sequence')).toHaveLength(1);
  });

  it('wakes on bus events carrying the tenant and on its cron schedule', async () => {
    h = await createWorkforceHarness({ plans, coordinatorSpecs });
    const { principal } = await h.startTrial(AgentId.email);
    await h.bus.publish({
      topic: 'marketing.email.requested',
      payload: { leadId: 'L9' },
      headers: { 'tenant-id': principal.tenantId },
    });
    await until(
      async () => (await deliverables(principal.tenantId, 'email.sequence')).length === 1,
      'the event wake',
    );
    // 2026-01-05 08:00 is a Monday: the weekly rule fires at 09:00.
    await h.clock.advance(3600_000);
    await until(
      async () => (await deliverables(principal.tenantId, 'email.subject-check')).length === 1,
      'the scheduled wake',
    );
    const [weekly] = await deliverables(principal.tenantId, 'email.subject-check');
    expect(weekly!.checks.every((c) => c.passed)).toBe(true);
    expect(weekly!.title).toBe(`${skillRegistry.get('email.subject-check')!.title} for Acme Health`);
  });

  it('pauses an instance whose trial ended, so it no longer wakes', async () => {
    h = await createWorkforceHarness({ plans, coordinatorSpecs });
    const { trialId, principal } = await h.startTrial(AgentId.email);
    await h.market.trials.cancel(principal, trialId);
    expect(await h.workforce.sync()).toMatchObject({ paused: [trialId] });
    expect(h.runtime.get(trialId).lifecycle).toBe('paused');
    const [r] = await h.runtime.dispatch({
      type: 'marketing.email.requested',
      tenantId: principal.tenantId,
      id: 'late',
      payload: {},
    });
    expect(r).toBeUndefined();
    expect(
      await h.workforce.perform({
        workKey: 'late-task',
        instanceId: trialId,
        skillId: 'email.sequence',
        source: 'test',
      }),
    ).toMatchObject({
      status: 'skipped',
      reason: `instance ${trialId} is not working`,
    });
  });
});

describe('approvals', () => {
  it('holds work of a review_all instance in the approvals inbox until the customer approves it', async () => {
    h = await createWorkforceHarness({ plans, coordinatorSpecs });
    const { trialId, principal } = await h.startTrial(AgentId.email, { approvalMode: 'review_all' });
    const before = await h.market.approvals.countPending(principal.tenantId);
    await h.runtime.dispatch({
      type: 'marketing.email.requested',
      tenantId: principal.tenantId,
      id: 'evt-2',
      payload: {},
    });
    const [d] = await deliverables(principal.tenantId, 'email.sequence');
    expect(d).toMatchObject({ status: 'pending_approval', trialId });
    expect(await h.market.approvals.countPending(principal.tenantId)).toBe(before + 1);
    const approval = await h.market.approvals.decide(principal, d!.approvalId!, { decision: 'approve' });
    expect(approval.status).toBe('approved');
    expect((await deliverables(principal.tenantId, 'email.sequence'))[0]!.status).toBe('approved');
  });

  it('holds work the spec demands review for, even in auto-publish, with a decision receipt', async () => {
    h = await createWorkforceHarness({ plans, coordinatorSpecs });
    const { trialId } = await h.startTrial(AgentId.enablement);
    const out = await h.workforce.perform({
      workKey: 'manual-1',
      instanceId: trialId,
      skillId: 'brand.voice-check',
      source: 'test',
    });
    expect(out).toMatchObject({ status: 'done', result: { status: 'pending_approval' } });
    const [receipt] = await h.store.runtimeDecisions.listByAgent(trialId);
    expect(receipt).toMatchObject({ kind: 'publish-deliverable', approved: false, method: 'deterministic' });
    expect(receipt!.reason).toContain('manager’s eye');
    // Auto-publish work of the same instance is published.
    expect(
      await h.workforce.perform({
        workKey: 'manual-2',
        instanceId: trialId,
        skillId: 'content.brief-outline',
        source: 'test',
      }),
    ).toMatchObject({
      status: 'done',
      result: { status: 'published', checksPassed: true },
    });
  });
});

/** A second worker process: its own bus client on the harness's backend, its own runtime on the same store. */
async function secondWorker(harness: WorkforceHarness, sink: WorkforceDeliverableSink) {
  const ids = createIds(() => harness.clock.now());
  const bus2 = new MemoryBus({ clock: harness.clock, ids, broker: harness.broker });
  const runtime2 = createAgentRuntime({ store: harness.store, bus: bus2, clock: harness.clock, ids });
  const worker2 = createWorkforce({
    runtime: runtime2,
    specs: [],
    plans,
    skills: skillRegistry,
    bus: bus2,
    store: harness.store,
    clock: harness.clock,
    ids,
    instances: createMarketplaceInstanceSource({ store: harness.store }),
    deliverableSink: sink,
    syncIntervalMs: 0,
  });
  await runtime2.start();
  await worker2.start();
  return { bus2, runtime2, worker2 };
}

describe('requestTask', () => {
  async function completions(harness: WorkforceHarness) {
    return harness.watch(TASK_COMPLETED);
  }

  it('runs a task once per task id however often it is requested, and says so on the bus', async () => {
    h = await createWorkforceHarness({ plans, coordinatorSpecs });
    const { trialId, principal } = await h.startTrial(AgentId.email);
    const done = await completions(h);
    const request = {
      tenantId: principal.tenantId,
      instanceId: trialId,
      skillId: 'email.subject-check',
      input: { subjects: ['Spring menu ideas for diabetics'] },
      taskId: 'task-42',
      priority: 4,
    };
    await h.workforce.requestTask(request);
    const first = (await done.first).payload as unknown as TaskCompletion;
    expect(first).toMatchObject({
      taskId: 'task-42',
      status: 'succeeded',
      duplicate: false,
      method: 'offline',
      checksPassed: true,
      deliverableStatus: 'published',
    });
    expect(done.all[0]!.priority).toBe(4);
    // Requested again later: the same outcome is repeated, nothing runs.
    await h.workforce.requestTask(request);
    await h.workforce.requestTask(request);
    await until(async () => done.all.length === 3, 'the repeated completions');
    expect(done.all.slice(1).map((m) => m.payload)).toEqual([
      { ...first, duplicate: true },
      { ...first, duplicate: true },
    ]);
    // Requested three times at once (while it runs): still one deliverable.
    for (let i = 0; i < 3; i++) await h.workforce.requestTask({ ...request, taskId: 'task-43' });
    await until(
      async () => (await h!.workforce.task(principal.tenantId, 'task-43'))?.status === 'done',
      'task-43',
    );
    expect(await deliverables(principal.tenantId, 'email.subject-check')).toHaveLength(2);
    expect(await h.workforce.task(principal.tenantId, 'task-42')).toMatchObject({
      status: 'done',
      attempts: 1,
    });
  });

  it('shares tasks and schedules between two worker processes, retrying transient failures, each once', async () => {
    let failures = 2;
    h = await createWorkforceHarness({ plans, coordinatorSpecs });
    const { trialId, principal } = await h.startTrial(AgentId.email);
    // A second worker process (its own bus client on the same backend, its own runtime on the same
    // store) whose dashboard is down twice: the bus redelivers, and each task still runs once.
    const flaky: WorkforceDeliverableSink = {
      async record(d) {
        if (failures-- > 0) throw new PlatformError('UNAVAILABLE', 'dashboard down');
        return createMarketplaceDeliverableSink(h!.market.deliverables).record(d);
      },
    };
    const { bus2, runtime2, worker2 } = await secondWorker(h, flaky);
    const done = await completions(h);
    try {
      for (let i = 0; i < 6; i++) {
        await h.workforce.requestTask({
          tenantId: principal.tenantId,
          instanceId: trialId,
          skillId: 'email.subject-check',
          input: { subjects: [`Idea ${i}`] },
          taskId: `t-${i}`,
        });
      }
      await until(
        async () => new Set(done.all.map((m) => (m.payload as unknown as TaskCompletion).taskId)).size === 6,
        'six tasks',
      );
      expect(await deliverables(principal.tenantId, 'email.subject-check')).toHaveLength(6);
      expect(done.all.every((m) => (m.payload as unknown as TaskCompletion).status === 'succeeded')).toBe(
        true,
      );
      const records = await Promise.all(
        [0, 1, 2, 3, 4, 5].map((i) => h!.workforce.task(principal.tenantId, `t-${i}`)),
      );
      // Both processes took work, and the two failed attempts were retried.
      expect(records.reduce((n, r) => n + (r?.attempts ?? 0), 0)).toBe(8);
      expect(runtime2.list().map((i) => i.id)).toEqual([trialId]);
      // Both processes arm the weekly schedule; its 09:00 slot still runs once.
      await h.clock.advance(3600_000);
      await until(
        async () => (await deliverables(principal.tenantId, 'email.subject-check')).length === 7,
        'the scheduled run',
      );
      expect(
        (await h.store.documents.list<WorkRecord>(WORK_RUNS, { limit: 100 })).items.filter((r) =>
          r.data.source.startsWith('cron:'),
        ),
      ).toHaveLength(1);
    } finally {
      await worker2.stop();
      await runtime2.stop();
      await bus2.close();
    }
  });

  it('gives back the claims of work still running when its worker stops, so another runs it at once, once', async () => {
    h = await createWorkforceHarness({ plans, coordinatorSpecs });
    const { trialId, principal } = await h.startTrial(AgentId.email);
    let entered!: () => void;
    const inRecord = new Promise<void>((resolve) => (entered = resolve));
    let unblock!: () => void;
    const blocked = new Promise<void>((resolve) => (unblock = resolve));
    // The stopping worker is stuck handing in its deliverable when its drain deadline passes.
    const stuck: WorkforceDeliverableSink = {
      async record() {
        entered();
        await blocked;
        throw new PlatformError('UNAVAILABLE', 'the process is going away');
      },
    };
    const { bus2, runtime2, worker2 } = await secondWorker(h, stuck);
    try {
      const unit = {
        workKey: 'cron:weekly:2026-01-05',
        tenantId: principal.tenantId,
        instanceId: trialId,
        skillId: 'email.subject-check',
        data: { subjects: ['Spring menu ideas'] },
        source: 'cron:weekly-subjects',
      };
      const abandoned = worker2.perform(unit);
      await inRecord;
      expect(await worker2.abandonRunning()).toBe(1);
      const taken = await h.workforce.perform(unit);
      expect(taken).toMatchObject({ status: 'done', duplicate: false, record: { attempts: 2 } });
      unblock();
      await expect(abandoned).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      expect(await worker2.abandonRunning()).toBe(0);
      const [run] = (await h.store.documents.list<WorkRecord>(WORK_RUNS, { limit: 10 })).items;
      expect(run!.data).toMatchObject({ status: 'done', attempts: 2 });
      expect(await deliverables(principal.tenantId, 'email.subject-check')).toHaveLength(1);
    } finally {
      await worker2.stop();
      await runtime2.stop();
      await bus2.close();
    }
  });

  it('keeps one deliverable when a stopped worker’s late write lands after another worker took the work', async () => {
    h = await createWorkforceHarness({ plans, coordinatorSpecs });
    const { trialId, principal } = await h.startTrial(AgentId.email);
    const real = createMarketplaceDeliverableSink(h.market.deliverables);
    let entered!: () => void;
    const inRecord = new Promise<void>((resolve) => (entered = resolve));
    let unblock!: () => void;
    const blocked = new Promise<void>((resolve) => (unblock = resolve));
    // The stopping worker's write is on its way to the store when the claim is given back: it lands.
    const late: WorkforceDeliverableSink = {
      async record(d) {
        entered();
        await blocked;
        return real.record(d);
      },
    };
    const { bus2, runtime2, worker2 } = await secondWorker(h, late);
    try {
      const unit = {
        workKey: 'cron:weekly:2026-01-12',
        tenantId: principal.tenantId,
        instanceId: trialId,
        skillId: 'email.subject-check',
        data: { subjects: ['Autumn menu ideas'] },
        source: 'cron:weekly-subjects',
      };
      const abandoned = worker2.perform(unit);
      await inRecord;
      expect(await worker2.abandonRunning()).toBe(1);
      const taken = await h.workforce.perform(unit);
      expect(taken).toMatchObject({ status: 'done', duplicate: false });
      unblock();
      await expect(abandoned).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      const kept = await h.store.deliverables.list({
        tenantId: principal.tenantId,
        limit: 10,
        where: { skillId: 'email.subject-check' },
      });
      expect(kept.items.map((d) => d.id)).toEqual([taken.status === 'done' && taken.result.deliverableId]);
    } finally {
      await worker2.stop();
      await runtime2.stop();
      await bus2.close();
    }
  });

  it('refuses bad requests naming the field, and another tenant’s instance looks missing', async () => {
    h = await createWorkforceHarness({ plans, coordinatorSpecs });
    const { trialId } = await h.startTrial(AgentId.email);
    await expect(
      h.workforce.requestTask({
        tenantId: 't',
        instanceId: trialId,
        skillId: 'email.sequence',
        taskId: 'bad id!',
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'taskId' },
    });
    const done = await completions(h);
    await h.workforce.requestTask({
      tenantId: 'someone-else',
      instanceId: trialId,
      skillId: 'email.subject-check',
      input: { subjects: ['x'] },
      taskId: 'cross',
    });
    const m = await done.first;
    expect(m.payload).toMatchObject({ status: 'skipped', reason: `instance ${trialId} is not working` });
  });
  it('keeps task ids apart per tenant', async () => {
    h = await createWorkforceHarness({ plans, coordinatorSpecs });
    const a = await h.startTrial(AgentId.email);
    const b = await h.startTrial(AgentId.email);
    const done = await completions(h);
    for (const t of [a, b]) {
      await h.workforce.requestTask({
        tenantId: t.principal.tenantId,
        instanceId: t.trialId,
        skillId: 'email.subject-check',
        input: { subjects: ['Hello'] },
        taskId: 'same-id',
      });
    }
    await until(async () => done.all.length === 2, 'both tasks');
    expect(done.all.map((m) => (m.payload as unknown as TaskCompletion).duplicate)).toEqual([false, false]);
    expect(await deliverables(a.principal.tenantId, 'email.subject-check')).toHaveLength(1);
    expect(await deliverables(b.principal.tenantId, 'email.subject-check')).toHaveLength(1);
  });
});

describe('cross-domain reactions', () => {
  it('routes lead.qualified through the coordinators to the tenant’s Email and Sales Enablement agents', async () => {
    h = await createWorkforceHarness({ plans, coordinatorSpecs });
    const { principal } = await h.startTrial(AgentId.email);
    await h.startTrial(AgentId.enablement, {}, principal);
    const done = await h.watch(TASK_COMPLETED, (m) =>
      (m.payload as unknown as TaskCompletion).taskId.endsWith(AgentId.enablement),
    );
    await h.bus.publish({
      topic: 'lead.qualified',
      payload: { tenantId: principal.tenantId, leadId: 'L77' },
      idempotencyKey: 'lead-77',
    });
    const completion = (await done.first).payload as unknown as TaskCompletion;
    expect(completion).toMatchObject({
      taskId: `lead-77:${AgentId.enablement}`,
      status: 'succeeded',
      skillId: 'content.brief-outline',
      checksPassed: true,
    });
    await until(
      async () =>
        (await h!.workforce.task(principal.tenantId, `lead-77:${AgentId.email}`))?.status === 'done',
      'the email task',
    );
    expect(await deliverables(principal.tenantId, 'content.brief-outline')).toHaveLength(1);
    // The email agent's own lead.qualified rule leaves the work to the coordinator: one sequence.
    expect(await deliverables(principal.tenantId, 'email.sequence')).toHaveLength(1);
    // The coordinators freed the slots and counted the successes.
    await until(
      async () => (await h!.coordinators.sales.snapshot()).counters.succeeded === 1,
      'the sales coordinator',
    );
    expect((await h.coordinators.marketing.snapshot()).inFlight).toEqual([]);
    expect((await h.reputation.score(AgentId.enablement)).figures).toBeDefined();
  });

  it('withdraws a reaction for a tenant without that agent', async () => {
    h = await createWorkforceHarness({ plans, coordinatorSpecs });
    const { principal } = await h.startTrial(AgentId.email);
    await h.bus.publish({
      topic: 'lead.qualified',
      payload: { tenantId: principal.tenantId },
      idempotencyKey: 'lead-78',
    });
    await until(
      async () => (await h!.coordinators.sales.snapshot()).counters.cancelled === 1,
      'the withdrawn task',
    );
    expect(await deliverables(principal.tenantId, 'content.brief-outline')).toEqual([]);
  });
});

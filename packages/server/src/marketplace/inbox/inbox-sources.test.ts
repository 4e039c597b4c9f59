// Every kind of "waiting on a human" lands in the one inbox and is answered there, on both stores:
// engine user tasks (opened from the engine's bus event, completed with the answer's data), runtime
// escalations of each reason the decision engine raises, and agent-protocol escalations (explicit and
// deadline-passed). Answers reach the source; another tenant's items are a 404; operators see all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentProtocol, type AgentProtocol } from '../../agents/protocol/agent-protocol.js';
import {
  PROTOCOL_ESCALATION_SOURCE,
  openPendingProtocolEscalations,
  protocolEscalationItem,
  protocolEscalationSource,
} from '../../agents/protocol/protocol-inbox-source.js';
import { MemoryBus } from '../../bus/memory-bus.js';
import { FakeClock } from '../../clock.js';
import { workflow } from '../../engine/definitions/builder.js';
import { Engine } from '../../engine/engine.js';
import { createIds } from '../../ids.js';
import { budgetScope } from '../../components/budgets/budget-manager.js';
import type { AgentDefinition } from '../../runtime/agent-definition.js';
import { FakeModelProvider, decisionJson } from '../../runtime/testing/fake-model-provider.js';
import { engineHarness } from '../../runtime/testing/runtime-harness.js';
import { createTestRuntime, type TestRuntime } from '../../runtime/testing/test-runtime.js';
import { createSqlStore, type SqlStore } from '../../store/sql-store.js';
import { eventually } from '../../testing/eventually.js';
import { testPostgres } from '../../testing/services.js';
import type { Principal } from '../principal.js';
import { InboxService } from './inbox-service.js';
import { createInboxWorker } from './inbox-worker.js';
import { runtimeEscalationItem } from './sources/runtime-escalation-source.js';

const pg = await testPostgres();
afterAll(async () => {
  await pg?.drop();
});

const customer = (tenantId: string): Principal => ({
  userId: `usr_${tenantId}`,
  tenantId,
  role: 'customer',
  email: `${tenantId}@example.com`,
  emailVerified: true,
});
const operator: Principal = {
  userId: 'usr_op',
  tenantId: 'ten_internal',
  role: 'operator',
  email: 'op@waooaw.test',
  emailVerified: true,
};

const leadAgent: AgentDefinition = {
  specialisation: {
    agentType: 'lead-generation',
    role: 'Lead Generation Specialist',
    domain: 'sales',
    expertise: 'finds and scores B2B leads',
    version: '1.0.0',
    capabilities: ['score-leads'],
    constraints: [],
  },
  triggers: [],
  tasks: {
    async score(ctx, input) {
      const n = Number((input as { count?: number }).count ?? 0);
      const r = await ctx.decide({ kind: 'score', subject: `Score ${n} leads`, facts: { count: n } });
      return { output: { approved: r.approved } };
    },
  },
  budget: { tokensPerDay: 50_000, requestsPerMinute: 30 },
};

describe.each([
  { kind: 'sqlite', url: undefined as string | undefined },
  ...(pg ? [{ kind: 'postgres', url: pg.url }] : []),
])('inbox sources on $kind', ({ kind, url }) => {
  const clock = new FakeClock(Date.UTC(2026, 0, 5, 9, 0));
  const ids = createIds(() => clock.now());
  let store: SqlStore;
  let bus: MemoryBus;
  let inbox: InboxService;
  let engine: Engine;
  let runtime: TestRuntime;
  let protocol: AgentProtocol;
  let worker: { start(): Promise<void>; stop(): Promise<void> };
  const post = async (e: Parameters<typeof runtimeEscalationItem>[0]) =>
    void (await inbox.open(runtimeEscalationItem(e)));

  beforeAll(async () => {
    store = await createSqlStore(
      kind === 'postgres'
        ? { dialect: 'postgres', url: url! }
        : { dialect: 'sqlite', path: ':memory:', synchronous: 'OFF' },
      { clock },
    );
    await store.migrate();
    bus = new MemoryBus({ clock, ids });
    inbox = new InboxService({ store, clock, ids, bus });
    engine = new Engine({ store: store.engine, bus, clock, ids, pollIntervalMs: 3_600_000, leaseMs: 60_000 });
    await engine.open();
    runtime = createTestRuntime({ store, clock, ids, onEscalation: post });
    runtime.register(leadAgent);
    await runtime.start();
    protocol = createAgentProtocol({
      store,
      clock,
      ids,
      onEscalation: async (i) => void (await inbox.open(protocolEscalationItem(i))),
    });
    inbox.registerSource(PROTOCOL_ESCALATION_SOURCE, protocolEscalationSource(protocol));
    worker = createInboxWorker({
      inbox,
      store,
      bus,
      clock,
      logger: (await import('../../components/observability/logger.js')).silentLogger,
      engine,
      escalations: runtime.escalations,
      stopAgent: (agentId, by) => runtime.pause(agentId, by),
      catchUp: [() => openPendingProtocolEscalations(protocol, inbox)],
      sweepEveryMs: 3_600_000,
    });
    await worker.start();
  });
  afterAll(async () => {
    await worker.stop();
    await runtime.stop();
    await engine.close();
    await bus.close();
    await store.close();
  });

  const itemOf = async (sourceKind: string, ref: string) => {
    const item = await eventually(
      () => store.inboxItems.getBySource(sourceKind, ref),
      (i) => i !== undefined,
      { what: `inbox item of ${sourceKind} ${ref}` },
    );
    return item!;
  };

  it('opens an item for an engine user task and completes the task with the answer', async () => {
    await engine.deploy({
      format: 'json',
      model: workflow('launch-approval')
        .start()
        .user('approve', {
          title: 'Approve the launch of {{topic}}',
          form: {
            fields: [
              { name: 'approved', type: 'boolean', required: true },
              { name: 'comment', type: 'string' },
              { name: 'budget', type: 'number' },
            ],
          },
        })
        .end()
        .build(),
    });
    const { instanceId } = await engine.startInstance('launch-approval', {
      variables: { topic: 'spring sale', tenantId: 'ten_a', instance_id: 'ins_a1' },
    });
    const [task] = await engine.listUserTasks({ status: 'open', instanceId });
    const item = await itemOf('user-task', task!.taskId);
    expect(item).toMatchObject({
      tenantId: 'ten_a',
      data: {
        kind: 'user-task',
        reason: 'workflow-approval',
        status: 'open',
        instanceId: 'ins_a1',
        title: 'Approve the launch of spring sale',
      },
    });
    await expect(inbox.get(customer('ten_b'), item.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(inbox.answer(customer('ten_b'), item.id, { decision: 'approve' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const answered = await inbox.answer(customer('ten_a'), item.id, {
      decision: 'approve',
      comment: 'Go',
      data: { budget: 1200 },
    });
    expect(answered.status).toBe('approved');
    const done = await engine.getInstance(instanceId);
    expect(done.status).toBe('completed');
    expect(done.variables.approve_decision).toMatchObject({
      decision: 'approve',
      approved: true,
      comment: 'Go',
      budget: 1200,
    });
  });

  it('withdraws the item of a user task completed elsewhere, and catches up open ones on start', async () => {
    const { instanceId } = await engine.startInstance('launch-approval', {
      variables: { topic: 'elsewhere', tenantId: 'ten_a' },
    });
    const [task] = await engine.listUserTasks({ status: 'open', instanceId });
    const item = await itemOf('user-task', task!.taskId);
    await engine.completeUserTask(task!.taskId, { approved: false }, 'api');
    await eventually(
      () => store.inboxItems.get(item.id),
      (i) => i?.data.status === 'withdrawn',
      { what: 'withdrawn item' },
    );
    // A user task opened while no inbox worker ran gets its item on the next start.
    await worker.stop();
    const later = await engine.startInstance('launch-approval', {
      variables: { topic: 'while down', tenantId: 'ten_a' },
    });
    const [missed] = await engine.listUserTasks({ status: 'open', instanceId: later.instanceId });
    expect(await store.inboxItems.getBySource('user-task', missed!.taskId)).toBeUndefined();
    await worker.start();
    expect((await itemOf('user-task', missed!.taskId)).data.status).toBe('open');
  });

  it('opens an item for each runtime escalation reason and resumes the agent on the answer', async () => {
    // No model configured: the agent asks a human, and waits escalated.
    const agent = await runtime.hire({ agentType: 'lead-generation', tenantId: 'ten_a' });
    await runtime.enqueueTask(agent.id, 'score', { count: 500 });
    expect((await runtime.wake(agent.id)).state).toBe('escalated');
    const [esc] = (await runtime.escalations.list({ agentId: agent.id })).items;
    const asked = await itemOf('runtime-escalation', esc!.id);
    expect(asked).toMatchObject({
      tenantId: 'ten_a',
      data: { kind: 'escalation', reason: 'agent-question', agentId: agent.id },
    });

    // The decision engine's own reasons: low confidence, an invalid model answer, a spent budget.
    const decide = async (answer: () => string, options: Record<string, unknown> = {}, money?: number) => {
      const h = engineHarness({
        store,
        clock,
        ids,
        models: new FakeModelProvider({ answer, costMoney: 0.002 }),
        onEscalation: post,
      });
      const subject = {
        agentId: `agent-${ids.next('x')}`,
        agentType: 'reviewer',
        role: 'Reviewer',
        tenantId: 'ten_a',
        rules: [],
        options,
      };
      await h.budgets.define(
        budgetScope.agent(subject.agentId),
        money === undefined ? { tokens: 10_000 } : { money },
      );
      let receipt = await h.engine.decide(subject, { kind: 'review', subject: 'first' });
      for (let i = 0; receipt.escalationId === null && i < 3; i++)
        receipt = await h.engine.decide(subject, { kind: 'review', subject: `again ${i}` });
      return receipt.escalationId!;
    };
    const low = await decide(() => decisionJson(true, 0.3));
    const invalid = await decide(() => JSON.stringify({ approved: true, reason: 'ok', confidence: 7 }));
    const spent = await decide(
      () => decisionJson(true),
      { model: 'fake-large', cheaperModel: 'fake-small' },
      0.005,
    );
    expect((await itemOf('runtime-escalation', low)).data.reason).toBe('low-confidence');
    expect((await itemOf('runtime-escalation', invalid)).data.reason).toBe('invalid-model-output');
    const budget = await itemOf('runtime-escalation', spent);
    expect(budget.data.reason).toBe('budget-exhausted');
    // Urgent (high): due in two hours, not the default four.
    expect(budget.data.dueAt - budget.createdAt).toBe(2 * 3_600_000);

    const reasons = (
      await inbox.list(customer('ten_a'), { kind: 'escalation', status: 'open', limit: 100 })
    ).items
      .map((i) => i.reason)
      .sort();
    expect(reasons).toEqual(
      expect.arrayContaining([
        'agent-question',
        'budget-exhausted',
        'invalid-model-output',
        'low-confidence',
      ]),
    );

    // Answered in the inbox: the escalation is answered and the agent goes back to sleep.
    await inbox.answer(customer('ten_a'), asked.id, { decision: 'approve' });
    expect(await runtime.escalations.get(esc!.id)).toMatchObject({
      status: 'approved',
      answer: { verdict: 'approve', by: 'usr_ten_a' },
    });
    expect(runtime.get(agent.id).lifecycle).toBe('sleeping');
    await inbox.answer(customer('ten_a'), (await itemOf('runtime-escalation', low)).id, {
      decision: 'reject',
      comment: 'Score them again with the ICP',
    });
    expect(await runtime.escalations.get(low)).toMatchObject({
      status: 'rejected',
      answer: { note: 'Score them again with the ICP' },
    });
  });

  it('stops an agent whose spent budget a human refused to raise', async () => {
    const agent = await runtime.hire({ agentType: 'lead-generation', tenantId: 'ten_a' });
    const esc = await runtime.escalations.create({
      agentId: agent.id,
      tenantId: 'ten_a',
      reason: `Decision needs a human: budget agent:${agent.id} is exhausted`,
      urgency: 'high',
    });
    const item = await itemOf('runtime-escalation', esc.id);
    expect(item.data.reason).toBe('budget-exhausted');
    await inbox.answer(customer('ten_a'), item.id, {
      decision: 'reject',
      comment: 'No more spend this month',
    });
    expect(runtime.get(agent.id).lifecycle).toBe('paused');
  });

  it('opens items for protocol escalations (explicit and deadline-passed) and resolves them', async () => {
    const explicit = await protocol.escalate('agent-brand', 'human:owner', 'Which voice for the launch?', {
      slaMinutes: 30,
      context: { tenantId: 'ten_a', jobId: 'job_1' },
    });
    const item = await itemOf('protocol-escalation', explicit.id);
    expect(item).toMatchObject({
      tenantId: 'ten_a',
      data: { kind: 'escalation', reason: 'agent-question', jobId: 'job_1', agentId: 'agent-brand' },
    });
    expect(item.data.dueAt).toBe(clock.now() + 30 * 60_000);
    await expect(inbox.get(customer('ten_b'), item.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await inbox.answer(customer('ten_a'), item.id, { decision: 'modify', comment: 'Warmer, less formal' });
    expect(await protocol.get(explicit.id)).toMatchObject({
      status: 'resolved',
      data: { decision: 'modify', comment: 'Warmer, less formal', answeredBy: 'human:usr_ten_a' },
    });

    // A consult nobody answered: the protocol escalates it when its deadline passes.
    const consult = await protocol.consult('agent-email', 'agent-brand', 'Is this on brand?', {
      deadlineMs: 60_000,
      context: { tenantId: 'ten_a' },
    });
    await clock.advance(61_000);
    await protocol.sweep();
    const timedOut = await protocol.get(consult.id);
    const escalationId = (timedOut.data as { escalationId: string }).escalationId;
    const late = await itemOf('protocol-escalation', escalationId);
    expect(late).toMatchObject({ tenantId: 'ten_a', data: { reason: 'deadline-passed' } });
    // An operator sees it among every tenant's items and answers it.
    const all = await inbox.list(operator, { kind: 'escalation', status: 'open', limit: 100 });
    expect(all.items.map((i) => i.id)).toContain(late.id);
    await inbox.answer(operator, late.id, { decision: 'approve' });
    expect((await protocol.get(escalationId)).status).toBe('resolved');
  });

  it('keeps a tenantless escalation for operators only', async () => {
    const e = await protocol.escalate('wowvision', 'human:operator', 'Platform check failed', {
      slaMinutes: 60,
    });
    const item = await itemOf('protocol-escalation', e.id);
    expect(item.tenantId).toBeNull();
    expect((await inbox.list(customer('ten_a'), { limit: 100 })).items.map((i) => i.id)).not.toContain(
      item.id,
    );
    await expect(inbox.answer(customer('ten_a'), item.id, { decision: 'approve' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await inbox.get(operator, item.id)).tenantId).toBeNull();
  });
});

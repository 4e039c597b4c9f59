// Conformance of the agent runtime's typed-table ports: the EntityRepository suite for each, with
// fixtures for tasks, handoffs, escalations and remembered decisions.
import {
  entityRepositoryConformance,
  type EntityFixture,
  type TestStoreFactory,
} from './entity-repository.contract.js';
import type {
  AgentHandoffRecord,
  AgentTaskRecord,
  EscalationRecord,
  RememberedDecisionRecord,
} from './runtime-work-records.js';

const AT = Date.UTC(2026, 2, 1);

/** Runs the EntityRepository suite on every runtime-work port, on one kind of store. */
export function runtimeWorkRepositoriesConformance(store: string, factory: TestStoreFactory): void {
  const suite = <R, F>(name: string, fixture: EntityFixture<R, F>) =>
    entityRepositoryConformance(`${name} (${store})`, factory, fixture);

  suite<AgentTaskRecord, { instanceId: string }>('agentTasks', {
    repo: (s) => s.agentTasks,
    tenantOwned: true,
    record: async (_s, t, i) => ({
      id: `${t}-e${String(i).padStart(3, '0')}`,
      instanceId: `${t}-instance-${i}`,
      tenantId: t,
      type: 'score',
      input: { leads: [1, 2], note: 'ü' },
      status: 'pending',
      createdAt: AT,
      finishedAt: null,
      day: null,
      result: null,
      error: null,
    }),
    change: (r) => ({
      ...r,
      status: 'failed',
      finishedAt: AT + 5,
      day: '2026-03-01',
      error: { code: 'INTERNAL', message: 'boom', retryable: false, details: {} },
    }),
    filter: { field: 'instanceId', of: (r) => r.instanceId },
    keyed: true,
  });

  suite<AgentHandoffRecord, { toInstanceId: string }>('agentHandoffs', {
    repo: (s) => s.agentHandoffs,
    tenantOwned: true,
    record: async (_s, t, i) => ({
      id: `${t}-e${String(i).padStart(3, '0')}`,
      fromInstanceId: `${t}-from`,
      toInstanceId: `${t}-to-${i}`,
      tenantId: t,
      kind: 'context',
      payload: { topic: 'diet' },
      status: 'pending',
      createdAt: AT,
    }),
    change: (r) => ({ ...r, status: 'completed' }),
    filter: { field: 'toInstanceId', of: (r) => r.toInstanceId },
  });

  suite<EscalationRecord, { agentId: string }>('escalations', {
    repo: (s) => s.escalations,
    tenantOwned: true,
    record: async (_s, t, i) => ({
      id: `${t}-e${String(i).padStart(3, '0')}`,
      agentId: `${t}-agent-${i}`,
      tenantId: t,
      reason: 'Budget exhausted',
      context: { spent: 5.5 },
      urgency: 'high',
      status: 'pending',
      decisionId: null,
      createdAt: AT,
      day: '2026-03-01',
      answer: null,
    }),
    change: (r) => ({
      ...r,
      status: 'modified',
      answer: { verdict: 'modify', by: 'ops', note: null, modification: { limit: 10 }, at: AT + 1 },
    }),
    filter: { field: 'agentId', of: (r) => r.agentId },
    keyed: true,
  });

  suite<RememberedDecisionRecord, { agentId: string }>('decisionMemory', {
    repo: (s) => s.decisionMemory,
    tenantOwned: true,
    record: async (_s, t, i) => ({
      decisionId: `${t}-e${String(i).padStart(3, '0')}`,
      agentId: `${t}-agent-${i}`,
      kind: 'review',
      subject: 'Is "cures acne" allowed?',
      outcome: { approved: false, reason: 'Health claim', confidence: 0.9, citations: ['policy:3'] },
      at: AT,
    }),
    change: (r) => ({ ...r, subject: 'changed' }),
    filter: { field: 'agentId', of: (r) => r.agentId },
  });
}

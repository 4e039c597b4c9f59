// Typed tables of the agent runtime's pending work: tasks, handoffs, escalations, decision memory.
import type {
  AgentHandoffRepository,
  AgentTaskRepository,
  DecisionMemoryRepository,
  EscalationRepository,
} from '../runtime-work-repositories.js';
import type {
  AgentHandoffRecord,
  AgentTaskRecord,
  EscalationRecord,
  RememberedDecisionRecord,
} from '../runtime-work-records.js';
import type { SqlContext } from '../sql-context.js';
import {
  SqlEntityTable,
  jsonIn,
  jsonOut,
  num,
  numOrNull,
  str,
  strOrNull,
  type EntityTableSpec,
} from './entity-table.js';

/** An idempotency key column: unique, so a repeated key finds the row that holds it. */
const byKey = (column: string) => ({
  columns: [column],
  of: (_r: unknown, _t: string | null, key: string | null) => (key === null ? undefined : { [column]: key }),
});

type TaskFilter = { instanceId: string; status: AgentTaskRecord['status']; day: string };
const tasks: EntityTableSpec<AgentTaskRecord, TaskFilter> = {
  table: 'agent_tasks',
  noun: 'task',
  tenantOwned: true,
  toRow: (t) => ({
    instance_id: t.instanceId,
    type: t.type,
    input: jsonIn(t.input, 'input'),
    status: t.status,
    enqueued_at: t.createdAt,
    finished_at: t.finishedAt,
    day: t.day,
    result: jsonIn(t.result, 'result'),
    error: t.error === null ? null : jsonIn(t.error, 'error'),
  }),
  fromRow: (r, dialect) => ({
    id: str(r.id),
    instanceId: str(r.instance_id),
    tenantId: strOrNull(r.tenant_id),
    type: str(r.type),
    input: jsonOut(r.input, dialect),
    status: str(r.status) as AgentTaskRecord['status'],
    createdAt: num(r.enqueued_at),
    finishedAt: numOrNull(r.finished_at),
    day: strOrNull(r.day),
    result: jsonOut(r.result, dialect),
    error: r.error === null || r.error === undefined ? null : jsonOut(r.error, dialect),
  }),
  filters: { instanceId: 'instance_id', status: 'status', day: 'day' },
  naturalKey: byKey('task_key'),
  keyColumn: 'task_key',
};

export class SqlAgentTasks
  extends SqlEntityTable<AgentTaskRecord, TaskFilter>
  implements AgentTaskRepository
{
  constructor(ctx: SqlContext) {
    super(ctx, tasks);
  }
}

type HandoffFilter = { toInstanceId: string; fromInstanceId: string; status: AgentHandoffRecord['status'] };
const handoffs: EntityTableSpec<AgentHandoffRecord, HandoffFilter> = {
  table: 'agent_handoffs',
  noun: 'handoff',
  tenantOwned: true,
  toRow: (h) => ({
    from_instance_id: h.fromInstanceId,
    to_instance_id: h.toInstanceId,
    kind: h.kind,
    payload: jsonIn(h.payload, 'payload'),
    status: h.status,
    sent_at: h.createdAt,
  }),
  fromRow: (r, dialect) => ({
    id: str(r.id),
    fromInstanceId: str(r.from_instance_id),
    toInstanceId: str(r.to_instance_id),
    tenantId: strOrNull(r.tenant_id),
    kind: str(r.kind) as AgentHandoffRecord['kind'],
    payload: jsonOut(r.payload, dialect),
    status: str(r.status) as AgentHandoffRecord['status'],
    createdAt: num(r.sent_at),
  }),
  filters: { toInstanceId: 'to_instance_id', fromInstanceId: 'from_instance_id', status: 'status' },
};

export class SqlAgentHandoffs
  extends SqlEntityTable<AgentHandoffRecord, HandoffFilter>
  implements AgentHandoffRepository
{
  constructor(ctx: SqlContext) {
    super(ctx, handoffs);
  }
}

type EscalationFilter = { agentId: string; status: EscalationRecord['status']; day: string };
const escalations: EntityTableSpec<EscalationRecord, EscalationFilter> = {
  table: 'agent_escalations',
  noun: 'escalation',
  tenantOwned: true,
  toRow: (e) => ({
    agent_id: e.agentId,
    reason: e.reason,
    context: jsonIn(e.context, 'context'),
    urgency: e.urgency,
    status: e.status,
    decision_id: e.decisionId,
    raised_at: e.createdAt,
    day: e.day,
    answer: e.answer === null ? null : jsonIn(e.answer, 'answer'),
  }),
  fromRow: (r, dialect) => ({
    id: str(r.id),
    agentId: str(r.agent_id),
    tenantId: strOrNull(r.tenant_id),
    reason: str(r.reason),
    context: jsonOut(r.context, dialect),
    urgency: str(r.urgency) as EscalationRecord['urgency'],
    status: str(r.status) as EscalationRecord['status'],
    decisionId: strOrNull(r.decision_id),
    createdAt: num(r.raised_at),
    day: str(r.day),
    answer: r.answer === null || r.answer === undefined ? null : jsonOut(r.answer, dialect),
  }),
  filters: { agentId: 'agent_id', status: 'status', day: 'day' },
  naturalKey: byKey('escalation_key'),
  keyColumn: 'escalation_key',
};

export class SqlEscalations
  extends SqlEntityTable<EscalationRecord, EscalationFilter>
  implements EscalationRepository
{
  constructor(ctx: SqlContext) {
    super(ctx, escalations);
  }
}

const memory: EntityTableSpec<RememberedDecisionRecord, { agentId: string }> = {
  table: 'agent_decision_memory',
  noun: 'remembered decision',
  tenantOwned: true,
  toRow: (m) => ({
    agent_id: m.agentId,
    kind: m.kind,
    subject: m.subject,
    outcome: jsonIn(m.outcome, 'outcome'),
    decided_at: m.at,
  }),
  fromRow: (r, dialect) => ({
    decisionId: str(r.id),
    agentId: str(r.agent_id),
    kind: str(r.kind),
    subject: str(r.subject),
    outcome: jsonOut(r.outcome, dialect),
    at: num(r.decided_at),
  }),
  filters: { agentId: 'agent_id' },
};

export class SqlDecisionMemory
  extends SqlEntityTable<RememberedDecisionRecord, { agentId: string }>
  implements DecisionMemoryRepository
{
  constructor(ctx: SqlContext) {
    super(ctx, memory);
  }
}

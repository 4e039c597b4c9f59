// The SQL adapter of the inbox's table (inbox_items), for both dialects.
import type { InboxKind, InboxReason, InboxStatus } from '../../contracts/work.js';
import type { Entity } from '../entity-repository.js';
import type { InboxItemFilter, InboxItemRecord, InboxItemRepository } from '../inbox-repository.js';
import type { SqlContext } from '../sql-context.js';
import {
  SqlEntityTable,
  jsonIn,
  jsonOut,
  num,
  str,
  strOrNull,
  type EntityTableSpec,
  type Row,
} from './entity-table.js';

const spec: EntityTableSpec<InboxItemRecord, InboxItemFilter> = {
  table: 'inbox_items',
  noun: 'inbox item',
  tenantOwned: true,
  toRow: (i) => ({
    kind: i.kind,
    reason: i.reason,
    status: i.status,
    instance_id: i.instanceId,
    agent_id: i.agentId,
    task_id: i.taskId,
    job_id: i.jobId,
    deliverable_id: i.deliverableId,
    title: i.title,
    body: i.body,
    actions: jsonIn(i.actions, 'actions'),
    source_kind: i.sourceKind,
    source_ref: i.sourceRef,
    revision: i.revision === null ? null : jsonIn(i.revision, 'revision'),
    due_at: i.dueAt,
    escalation_level: i.escalationLevel,
    answer: i.answer === null ? null : jsonIn(i.answer, 'answer'),
  }),
  fromRow: (r, dialect) => ({
    kind: str(r.kind) as InboxKind,
    reason: str(r.reason) as InboxReason,
    status: str(r.status) as InboxStatus,
    instanceId: strOrNull(r.instance_id),
    agentId: strOrNull(r.agent_id),
    taskId: strOrNull(r.task_id),
    jobId: strOrNull(r.job_id),
    deliverableId: strOrNull(r.deliverable_id),
    title: str(r.title),
    body: str(r.body),
    actions: jsonOut(r.actions, dialect),
    sourceKind: str(r.source_kind),
    sourceRef: str(r.source_ref),
    revision: r.revision === null || r.revision === undefined ? null : jsonOut(r.revision, dialect),
    dueAt: num(r.due_at),
    escalationLevel: num(r.escalation_level),
    answer: r.answer === null || r.answer === undefined ? null : jsonOut(r.answer, dialect),
  }),
  filters: {
    kind: 'kind',
    status: 'status',
    instanceId: 'instance_id',
    taskId: 'task_id',
    sourceKind: 'source_kind',
  },
  naturalKey: {
    columns: ['source_kind', 'source_ref'],
    of: (i) => ({ source_kind: i.sourceKind, source_ref: i.sourceRef }),
  },
};

export class SqlInboxItems
  extends SqlEntityTable<InboxItemRecord, InboxItemFilter>
  implements InboxItemRepository
{
  constructor(ctx: SqlContext) {
    super(ctx, spec);
  }

  getBySource(kind: string, ref: string): Promise<Entity<InboxItemRecord> | undefined> {
    return this.findBy({ source_kind: kind, source_ref: ref });
  }

  async due(now: number, maxLevel: number, limit: number): Promise<Array<Entity<InboxItemRecord>>> {
    const rows = (await this.run(() =>
      this.select()
        .where('status', '=', 'open')
        .where('due_at', '<=', now)
        .where('escalation_level', '<', maxLevel)
        .orderBy('due_at', 'asc')
        .orderBy('id', 'asc')
        .limit(limit)
        .execute(),
    )) as Row[];
    return rows.map((r) => this.toEntity(r));
  }
}

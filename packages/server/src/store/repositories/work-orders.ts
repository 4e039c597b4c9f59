// Typed tables of work orders: agent instances, tasks and uploaded files (decision 0047).
import type { Entity } from '../entity-repository.js';
import type { TaskStatus } from '../../contracts/work.js';
import type { FileRepository, InstanceRepository, TaskRepository } from '../work-repositories.js';
import type { FileRecord, InstanceRecord, TaskRecord } from '../work-records.js';
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
  type Row,
} from './entity-table.js';

type InstanceFilter = { trialId: string; hireId: string; agentId: string };
const instances: EntityTableSpec<InstanceRecord, InstanceFilter> = {
  table: 'work_instances',
  noun: 'instance',
  tenantOwned: true,
  toRow: (i) => ({
    agent_id: i.agentId,
    trial_id: i.trialId,
    hire_id: i.hireId,
    runtime_key: i.runtimeKey,
    working_hours: jsonIn(i.workingHours, 'workingHours'),
  }),
  fromRow: (r, dialect) => ({
    agentId: str(r.agent_id),
    trialId: str(r.trial_id),
    hireId: strOrNull(r.hire_id),
    runtimeKey: str(r.runtime_key),
    workingHours: jsonOut(r.working_hours, dialect),
  }),
  filters: { trialId: 'trial_id', hireId: 'hire_id', agentId: 'agent_id' },
  naturalKey: { columns: ['trial_id'], of: (i) => ({ trial_id: i.trialId }) },
};

export class SqlWorkInstances
  extends SqlEntityTable<InstanceRecord, InstanceFilter>
  implements InstanceRepository
{
  constructor(ctx: SqlContext) {
    super(ctx, instances);
  }

  getByTrial(trialId: string): Promise<Entity<InstanceRecord> | undefined> {
    return this.findBy({ trial_id: trialId });
  }
}

type TaskFilter = { instanceId: string; status: TaskStatus; agentId: string };
const tasks: EntityTableSpec<TaskRecord, TaskFilter> = {
  table: 'work_tasks',
  noun: 'task',
  tenantOwned: true,
  toRow: (t) => ({
    instance_id: t.instanceId,
    agent_id: t.agentId,
    skill: t.skill,
    status: t.status,
    source: t.source,
    input: jsonIn(t.input, 'input'),
    priority: t.priority,
    progress: jsonIn(t.progress, 'progress'),
    summary: t.summary,
    checks: jsonIn(t.checks, 'checks'),
    receipts: jsonIn(t.receipts, 'receipts'),
    deliverable_ids: jsonIn(t.deliverableIds, 'deliverableIds'),
    inbox_item_id: t.inboxItemId,
    error: t.error === null ? null : jsonIn(t.error, 'error'),
    revision_of: t.revisionOf,
    revision_comment: t.revisionComment,
    schedule_id: t.scheduleId,
    webhook_id: t.webhookId,
    job_id: t.jobId,
    idempotency_key: t.idempotencyKey,
    attempts: t.attempts,
    requested_at: t.requestedAt,
    started_at: t.startedAt,
    finished_at: t.finishedAt,
  }),
  fromRow: (r, dialect) => ({
    instanceId: str(r.instance_id),
    agentId: str(r.agent_id),
    skill: str(r.skill),
    status: str(r.status) as TaskStatus,
    source: str(r.source) as TaskRecord['source'],
    input: jsonOut(r.input, dialect),
    priority: num(r.priority),
    progress: jsonOut(r.progress, dialect),
    summary: strOrNull(r.summary),
    checks: jsonOut(r.checks, dialect),
    receipts: jsonOut(r.receipts, dialect),
    deliverableIds: jsonOut(r.deliverable_ids, dialect),
    inboxItemId: strOrNull(r.inbox_item_id),
    error: r.error === null || r.error === undefined ? null : jsonOut(r.error, dialect),
    revisionOf: strOrNull(r.revision_of),
    revisionComment: strOrNull(r.revision_comment),
    scheduleId: strOrNull(r.schedule_id),
    webhookId: strOrNull(r.webhook_id),
    jobId: strOrNull(r.job_id),
    idempotencyKey: strOrNull(r.idempotency_key),
    attempts: num(r.attempts),
    requestedAt: num(r.requested_at),
    startedAt: numOrNull(r.started_at),
    finishedAt: numOrNull(r.finished_at),
  }),
  filters: { instanceId: 'instance_id', status: 'status', agentId: 'agent_id' },
  naturalKey: {
    columns: ['tenant_id', 'instance_id', 'idempotency_key'],
    of: (t, tenantId) =>
      t.idempotencyKey === null
        ? undefined
        : { tenant_id: tenantId, instance_id: t.instanceId, idempotency_key: t.idempotencyKey },
  },
};

export class SqlWorkTasks extends SqlEntityTable<TaskRecord, TaskFilter> implements TaskRepository {
  constructor(ctx: SqlContext) {
    super(ctx, tasks);
  }

  async listStale(
    statuses: readonly TaskStatus[],
    before: number,
    limit: number,
  ): Promise<Array<Entity<TaskRecord>>> {
    if (statuses.length === 0) return [];
    const rows = (await this.run(() =>
      this.select()
        .where('status', 'in', [...statuses])
        .where('requested_at', '<', before)
        .orderBy('requested_at', 'asc')
        .limit(limit)
        .execute(),
    )) as Row[];
    return rows.map((r) => this.toEntity(r));
  }
}

type FileFilter = { kind: FileRecord['kind']; sha256: string };
const files: EntityTableSpec<FileRecord, FileFilter> = {
  table: 'work_files',
  noun: 'file',
  tenantOwned: true,
  toRow: (f) => ({
    name: f.name,
    kind: f.kind,
    media_type: f.mediaType,
    size: f.size,
    sha256: f.sha256,
    columns: f.columns === null ? null : jsonIn(f.columns, 'columns'),
    table_rows: f.rows === null ? null : jsonIn(f.rows, 'rows'),
    row_count: f.rows?.length ?? null,
    text: f.text,
  }),
  fromRow: (r, dialect) => ({
    name: str(r.name),
    kind: str(r.kind) as FileRecord['kind'],
    mediaType: str(r.media_type),
    size: num(r.size),
    sha256: str(r.sha256),
    columns: r.columns === null || r.columns === undefined ? null : jsonOut(r.columns, dialect),
    rows: r.table_rows === null || r.table_rows === undefined ? null : jsonOut(r.table_rows, dialect),
    text: str(r.text),
  }),
  filters: { kind: 'kind', sha256: 'sha256' },
};

export class SqlWorkFiles extends SqlEntityTable<FileRecord, FileFilter> implements FileRepository {
  constructor(ctx: SqlContext) {
    super(ctx, files);
  }
}

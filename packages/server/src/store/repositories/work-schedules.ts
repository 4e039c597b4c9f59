// The schedules table (work_schedules): the entity operations plus the due scan and the fire claim, a
// conditional UPDATE on the fire time that one claimer wins (PostgreSQL re-checks it under the row lock).
import { sql, type Kysely } from 'kysely';
import type { Entity } from '../entity-repository.js';
import type { SqlContext } from '../sql-context.js';
import type { ScheduleRecord, ScheduleRepository, TriggerError } from '../work-trigger-repositories.js';
import {
  SqlEntityTable,
  bool,
  boolIn,
  jsonIn,
  jsonOut,
  numOrNull,
  str,
  strOrNull,
  type EntityTableSpec,
  type Row,
} from './entity-table.js';
import { deleteTenantRow } from './tenant-row-delete.js';

type ScheduleFilter = { instanceId: string; status: ScheduleRecord['status'] };

const spec: EntityTableSpec<ScheduleRecord, ScheduleFilter> = {
  table: 'work_schedules',
  noun: 'schedule',
  tenantOwned: true,
  toRow: (s, dialect) => ({
    instance_id: s.instanceId,
    agent_id: s.agentId,
    skill: s.skill,
    label: s.label,
    input: jsonIn(s.input, 'input'),
    cron: s.cron,
    description: s.description,
    timezone: s.timezone,
    within_working_hours: boolIn(s.withinWorkingHours, dialect),
    working_hours: jsonIn(s.workingHours, 'workingHours'),
    status: s.status,
    next_fire_at: s.nextFireAt,
    last_run_at: s.lastRunAt,
    last_task_id: s.lastTaskId,
    pending_task_id: s.pendingTaskId,
    last_error_code: s.lastError?.code ?? null,
    last_error_message: s.lastError?.message ?? null,
    created_by: s.createdBy,
  }),
  fromRow: (r, dialect) => ({
    instanceId: str(r.instance_id),
    agentId: str(r.agent_id),
    skill: str(r.skill),
    label: strOrNull(r.label),
    input: jsonOut(r.input, dialect),
    cron: str(r.cron),
    description: str(r.description),
    timezone: str(r.timezone),
    withinWorkingHours: bool(r.within_working_hours),
    workingHours: jsonOut(r.working_hours, dialect),
    status: str(r.status) as ScheduleRecord['status'],
    nextFireAt: numOrNull(r.next_fire_at),
    lastRunAt: numOrNull(r.last_run_at),
    lastTaskId: strOrNull(r.last_task_id),
    pendingTaskId: strOrNull(r.pending_task_id),
    lastError:
      r.last_error_code === null || r.last_error_code === undefined
        ? null
        : { code: str(r.last_error_code), message: str(r.last_error_message ?? '') },
    createdBy: str(r.created_by),
  }),
  filters: { instanceId: 'instance_id', status: 'status' },
};

export class SqlSchedules
  extends SqlEntityTable<ScheduleRecord, ScheduleFilter>
  implements ScheduleRepository
{
  constructor(ctx: SqlContext) {
    super(ctx, spec);
  }

  private get table(): Kysely<{ work_schedules: Row }> {
    return this.ctx.db as Kysely<{ work_schedules: Row }>;
  }

  async due(now: number, limit: number): Promise<Array<Entity<ScheduleRecord>>> {
    const rows = await this.run(() =>
      this.select()
        .where('status', '=', 'active')
        .where('next_fire_at', '<=', now)
        .orderBy('next_fire_at')
        .limit(limit)
        .execute(),
    );
    return (rows as Row[]).map((r) => this.toEntity(r));
  }

  async claimFire(id: string, fireAt: number, next: number | null, taskId: string): Promise<boolean> {
    const result = await this.run(() =>
      this.table
        .updateTable('work_schedules')
        .set({
          next_fire_at: next,
          last_run_at: fireAt,
          pending_task_id: taskId,
          version: sql`version + 1`,
          updated_at: this.ctx.clock.now(),
        })
        .where('id', '=', id)
        .where('status', '=', 'active')
        .where('next_fire_at', '=', fireAt)
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows) === 1;
  }

  async settleFire(id: string, taskId: string, error: TriggerError | null): Promise<void> {
    await this.run(() =>
      this.table
        .updateTable('work_schedules')
        .set({
          pending_task_id: null,
          last_task_id: taskId,
          last_error_code: error?.code ?? null,
          last_error_message: error?.message ?? null,
          version: sql`version + 1`,
          updated_at: this.ctx.clock.now(),
        })
        .where('id', '=', id)
        .where('pending_task_id', '=', taskId)
        .execute(),
    );
  }

  async stalePending(before: number, limit: number): Promise<Array<Entity<ScheduleRecord>>> {
    const rows = await this.run(() =>
      this.select()
        .where('pending_task_id', 'is not', null)
        .where('updated_at', '<=', before)
        .orderBy('updated_at')
        .limit(limit)
        .execute(),
    );
    return (rows as Row[]).map((r) => this.toEntity(r));
  }

  remove(id: string, tenantId: string): Promise<boolean> {
    return deleteTenantRow(this.ctx, 'work_schedules', id, tenantId);
  }
}

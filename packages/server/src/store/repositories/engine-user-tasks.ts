// The user-task inbox over SQL (rows are written by the engine's commit, read here).
import type { UserTaskRecord, UserTaskRepository, UserTaskStatus } from '../../engine/engine-store.js';
import type { SqlContext } from '../sql-context.js';
import { withStoreErrors } from '../sql-errors.js';
import { engineDb, parseJson, toNum, toNumOrNull, type EngineTables } from './engine-tables.js';

function task(r: EngineTables['engine_user_tasks']): UserTaskRecord {
  return {
    taskId: r.task_id,
    instanceId: r.instance_id,
    definitionId: r.definition_id,
    elementId: r.element_id,
    title: r.title,
    body: r.body,
    assignee: r.assignee,
    role: r.role,
    status: r.status as UserTaskStatus,
    form: parseJson(r.form),
    escalated: toNum(r.escalated) === 1,
    createdAt: toNum(r.created_at),
    dueAt: toNumOrNull(r.due_at),
    completedAt: toNumOrNull(r.completed_at),
    completedBy: r.completed_by,
    data: parseJson(r.data),
  };
}

export class EngineUserTasksRepository implements UserTaskRepository {
  constructor(private readonly ctx: SqlContext) {}

  get(taskId: string): Promise<UserTaskRecord | undefined> {
    return withStoreErrors(async () => {
      const row = await engineDb(this.ctx)
        .selectFrom('engine_user_tasks')
        .selectAll()
        .where('task_id', '=', taskId)
        .executeTakeFirst();
      return row ? task(row) : undefined;
    }, this.ctx.errorContext);
  }

  list(
    filter: {
      status?: UserTaskStatus;
      assignee?: string;
      role?: string;
      instanceId?: string;
      limit?: number;
    } = {},
  ): Promise<UserTaskRecord[]> {
    return withStoreErrors(async () => {
      let q = engineDb(this.ctx).selectFrom('engine_user_tasks').selectAll();
      if (filter.status !== undefined) q = q.where('status', '=', filter.status);
      if (filter.assignee !== undefined) q = q.where('assignee', '=', filter.assignee);
      if (filter.role !== undefined) q = q.where('role', '=', filter.role);
      if (filter.instanceId !== undefined) q = q.where('instance_id', '=', filter.instanceId);
      const rows = await q
        .orderBy('created_at')
        .orderBy('task_id')
        .limit(Math.min(Math.max(filter.limit ?? 100, 1), 1000))
        .execute();
      return rows.map(task);
    }, this.ctx.errorContext);
  }
}

// Pending work an instance picks up when it wakes: tasks assigned to it and handoffs from other
// agents, in their typed tables (store.agentTasks, store.agentHandoffs); each item is claimed, then
// completed or failed, exactly once.
import type { Clock } from '../clock.js';
import { PlatformError, type JsonValue, type SerializedError } from '../errors.js';
import type { AgentHandoffRecord, AgentTaskRecord, WorkStatus } from '../store/runtime-work-records.js';
import type { Ids } from '../ids.js';
import type { Store } from '../store/store.js';
import { utcDay } from './escalations.js';

export type { WorkStatus } from '../store/runtime-work-records.js';
export type AgentTask = AgentTaskRecord;
export type AgentHandoff = AgentHandoffRecord;

export class WorkQueue {
  constructor(private readonly deps: { store: Store; clock: Clock; ids: Ids }) {}

  async enqueueTask(input: {
    instanceId: string;
    tenantId: string | null;
    type: string;
    input?: JsonValue;
    key?: string;
  }): Promise<AgentTask> {
    if (!input.type)
      throw new PlatformError('VALIDATION', 'task type is required', { details: { field: 'type' } });
    const task: AgentTask = {
      id: this.deps.ids.next('task'),
      instanceId: input.instanceId,
      tenantId: input.tenantId,
      type: input.type,
      input: input.input ?? null,
      status: 'pending',
      createdAt: this.deps.clock.now(),
      finishedAt: null,
      day: null,
      result: null,
      error: null,
    };
    const { entity } = await this.deps.store.agentTasks.insert({
      id: task.id,
      tenantId: task.tenantId,
      key: input.key ?? null,
      data: task,
    });
    return entity.data;
  }

  /** Oldest first. */
  async pendingTasks(instanceId: string, limit = 50): Promise<AgentTask[]> {
    return (
      await this.deps.store.agentTasks.list({ where: { instanceId, status: 'pending' }, limit })
    ).items.map((d) => d.data);
  }

  /** Moves a pending task to running; false when someone else already took it. */
  async claimTask(id: string): Promise<boolean> {
    let claimed = false;
    await this.deps.store.agentTasks.modify(id, (t) => {
      claimed = t.status === 'pending';
      return claimed ? { ...t, status: 'running' } : t;
    });
    return claimed;
  }

  async finishTask(
    id: string,
    outcome: { ok: true; result: JsonValue } | { ok: false; error: SerializedError },
  ): Promise<AgentTask> {
    const now = this.deps.clock.now();
    const doc = await this.deps.store.agentTasks.modify(id, (t) => ({
      ...t,
      status: outcome.ok ? 'done' : 'failed',
      finishedAt: now,
      day: utcDay(now),
      result: outcome.ok ? outcome.result : null,
      error: outcome.ok ? null : outcome.error,
    }));
    return doc.data;
  }

  countTasks(instanceId: string, status: WorkStatus, day?: string): Promise<number> {
    return this.deps.store.agentTasks.count({
      where: { instanceId, status, ...(day === undefined ? {} : { day }) },
    });
  }

  async createHandoff(input: {
    fromInstanceId: string;
    toInstanceId: string;
    tenantId: string | null;
    kind?: AgentHandoff['kind'];
    payload?: JsonValue;
  }): Promise<AgentHandoff> {
    const handoff: AgentHandoff = {
      id: this.deps.ids.next('hof'),
      fromInstanceId: input.fromInstanceId,
      toInstanceId: input.toInstanceId,
      tenantId: input.tenantId,
      kind: input.kind ?? 'task',
      payload: input.payload ?? null,
      status: 'pending',
      createdAt: this.deps.clock.now(),
    };
    await this.deps.store.agentHandoffs.insert({ id: handoff.id, tenantId: handoff.tenantId, data: handoff });
    return handoff;
  }

  async pendingHandoffs(instanceId: string, limit = 50): Promise<AgentHandoff[]> {
    return (
      await this.deps.store.agentHandoffs.list({
        where: { toInstanceId: instanceId, status: 'pending' },
        limit,
      })
    ).items.map((d) => d.data);
  }

  async setHandoffStatus(id: string, status: AgentHandoff['status']): Promise<void> {
    await this.deps.store.agentHandoffs.modify(id, (h) => ({ ...h, status }));
  }
}

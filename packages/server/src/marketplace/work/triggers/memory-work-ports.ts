// Small in-memory InstanceLookup and TaskCreator for the triggers' tests (and a platform built before
// the instance directory and task service are wired): instances by id, tasks by id, every call kept.
import { PlatformError } from '../../../errors.js';
import type { InstanceLookup, InstanceRef, NewTask, TaskCreator } from '../work-ports.js';

export class MemoryInstances implements InstanceLookup {
  readonly byId = new Map<string, InstanceRef>();

  add(instance: InstanceRef): InstanceRef {
    this.byId.set(instance.id, instance);
    return instance;
  }

  async get(instanceId: string, tenantId?: string): Promise<InstanceRef | undefined> {
    const instance = this.byId.get(instanceId);
    return instance && (tenantId === undefined || instance.tenantId === tenantId) ? instance : undefined;
  }
}

export class MemoryTasks implements TaskCreator {
  /** Every call, in order (duplicates included). */
  readonly calls: NewTask[] = [];
  /** Tasks created, by id. */
  readonly tasks = new Map<string, NewTask>();
  /** Makes the next calls fail with this error (e.g. a paused instance's CONFLICT). */
  failWith: PlatformError | undefined;
  private n = 0;

  constructor(private readonly instances?: InstanceLookup) {}

  async create(task: NewTask): Promise<{ taskId: string; status: 'queued'; created: boolean }> {
    this.calls.push(task);
    if (this.failWith) throw this.failWith;
    const instance = await this.instances?.get(task.instanceId, task.tenantId);
    if (this.instances && !instance)
      throw new PlatformError('NOT_FOUND', `instance ${task.instanceId} does not exist`);
    if (instance && instance.status !== 'active')
      throw new PlatformError('CONFLICT', `instance ${instance.id} is ${instance.status}`, {
        details: { reason: `instance-${instance.status}` },
      });
    const taskId = task.taskId ?? `tsk_${++this.n}`;
    if (this.tasks.has(taskId)) return { taskId, status: 'queued', created: false };
    this.tasks.set(taskId, { ...task, taskId });
    return { taskId, status: 'queued', created: true };
  }
}

export const defaultHours = {
  timezone: 'Asia/Kolkata',
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '18:00',
};

/** An active instance of `tenantId` with Indian weekday office hours. */
export function testInstance(id: string, tenantId: string, over: Partial<InstanceRef> = {}): InstanceRef {
  return {
    id,
    tenantId,
    agentId: 'content-marketing',
    status: 'active',
    trialId: null,
    hireId: null,
    workingHours: defaultHours,
    ...over,
  };
}

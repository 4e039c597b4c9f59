// An in-memory TaskCreator (and task reader) for job tests: the real task service is another part of
// work orders (decision 0047). Validates input against the skill's schema like the real one, keeps the
// tasks it was given, and lets a test finish them.
import type { TaskStatus } from '../../../contracts/work.js';
import { PlatformError } from '../../../errors.js';
import { getSkill, parseSkillInput } from '../../../skills/registry.js';
import type { NewTask, TaskCreator } from '../../work/work-ports.js';
import type { JobTaskReader, JobTaskView, TenantInstances } from '../job-ports.js';

export interface MemoryTask extends NewTask {
  id: string;
  agentId: string;
  view: JobTaskView;
}

export class MemoryTasks implements TaskCreator, JobTaskReader {
  readonly tasks = new Map<string, MemoryTask>();
  private seq = 0;
  constructor(
    private readonly instances: TenantInstances,
    private readonly now: () => number,
  ) {}

  async create(task: NewTask): Promise<{ taskId: string; status: TaskStatus; created: boolean }> {
    const existing = task.taskId ? this.tasks.get(task.taskId) : undefined;
    if (existing) return { taskId: existing.id, status: existing.view.status, created: false };
    const instance = (await this.instances.list(task.tenantId)).find((i) => i.id === task.instanceId);
    if (!instance) throw new PlatformError('NOT_FOUND', `instance ${task.instanceId} not found`);
    if (instance.status !== 'active')
      throw new PlatformError('CONFLICT', `instance ${task.instanceId} is ${instance.status}`);
    if (!getSkill(task.skill).agentIds.includes(instance.agentId))
      throw new PlatformError('NOT_FOUND', `${instance.agentId} has no skill ${task.skill}`);
    parseSkillInput(task.skill, task.input);
    const id = task.taskId ?? `tsk_${++this.seq}`;
    const view: JobTaskView = {
      id,
      agentId: instance.agentId,
      skill: task.skill,
      status: 'queued',
      summary: null,
      deliverableIds: [],
      createdAt: this.now(),
      startedAt: null,
      finishedAt: null,
    };
    this.tasks.set(id, { ...task, id, agentId: instance.agentId, view });
    return { taskId: id, status: 'queued', created: true };
  }

  async get(taskId: string, tenantId: string): Promise<JobTaskView | undefined> {
    const task = this.tasks.get(taskId);
    return task && task.tenantId === tenantId ? task.view : undefined;
  }

  /** Marks a task finished, as the worker would. */
  finish(taskId: string, status: 'done' | 'failed', summary: string): MemoryTask {
    const task = this.tasks.get(taskId);
    if (!task) throw new PlatformError('NOT_FOUND', `task ${taskId} not found`);
    const at = this.now();
    task.view = { ...task.view, status, summary, startedAt: task.view.startedAt ?? at, finishedAt: at };
    return task;
  }
}

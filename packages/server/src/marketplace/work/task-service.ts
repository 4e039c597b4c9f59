// Tasks on the customer's own input (issue 13, decision 0047): checked against the skill's schema after
// file references are resolved, committed before the 202, then run by the workforce through the agent
// runtime under the task id (work key `task:<tenant>:<taskId>`, so it runs once). The row follows the run
// (queued → running → awaiting-approval → done | failed | cancelled); a sweeper re-requests queued tasks
// whose request is older than a lease and settles rows whose run finished while nobody listened.
import type { z } from 'zod';
import type { Page } from '../../contracts/contracts.js';
import type { CreateTaskRequest, Task, TaskAccepted, TaskStatus } from '../../contracts/work.js';
import type { Clock, TimerHandle } from '../../clock.js';
import { PlatformError, isPlatformError } from '../../errors.js';
import type { Ids } from '../../ids.js';
import type { Logger } from '../../components/observability/logger.js';
import { describeZodIssues } from '../../components/validation/validator.js';
import type { Entity } from '../../store/entity-repository.js';
import type { Store } from '../../store/store.js';
import type { TaskRecord } from '../../store/work-records.js';
import type { Principal } from '../principal.js';
import type {
  AgentSkillInfo,
  AgentSkills,
  TaskRunListener,
  TaskRunner,
  TaskRunState,
} from './agent-work-ports.js';
import type { InstanceDirectory } from './instance-directory.js';
import { receiptOf, taskView } from './task-views.js';
import type { InboxPoster, NewTask, TaskCreator } from './work-ports.js';
import { budgetSpentItem, budgetSpentMessage } from './budget-policy.js';
import { APPROVAL_SOURCE } from '../approvals/approval-service.js';

/** Turns `{"$file": id}` values into what the field takes (rows or text); VALIDATION naming the field. */
export interface TaskInputResolver {
  resolve(
    tenantId: string,
    input: Record<string, unknown>,
    schema: z.ZodType,
  ): Promise<Record<string, unknown>>;
}

export interface TaskServiceOptions {
  store: Store;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  instances: InstanceDirectory;
  skills: AgentSkills;
  runner: TaskRunner;
  files?: TaskInputResolver;
  /** Where a task stopped by a spent budget asks a human whether to go on (issue 13's budget policy). */
  inbox?: InboxPoster;
  /** A queued task whose request is older than this is requested again (default 2 min). */
  leaseMs?: number;
  /** How often the sweeper looks (default every lease / 2; 0 turns the timer off). */
  sweepEveryMs?: number;
}

const TERMINAL = new Set<TaskStatus>(['done', 'failed', 'cancelled']);
const SWEEP_BATCH = 100;

export class TaskService implements TaskCreator, TaskRunListener {
  private readonly leaseMs: number;
  private timer: TimerHandle | undefined;
  private started = false;
  private sweeping: Promise<void> = Promise.resolve();

  constructor(private readonly o: TaskServiceOptions) {
    this.leaseMs = o.leaseMs ?? 120_000;
  }

  private get tasks() {
    return this.o.store.workTasks;
  }

  /** POST /instances/:id/tasks: the caller's tenant only (another tenant's instance is NOT_FOUND). */
  async createFor(principal: Principal, instanceId: string, body: CreateTaskRequest): Promise<TaskAccepted> {
    const r = await this.createTask({
      tenantId: principal.tenantId,
      instanceId,
      skill: body.skill,
      input: body.input,
      source: 'api',
      ...(body.priority === undefined ? {} : { priority: body.priority }),
      ...(body.idempotencyKey === undefined ? {} : { idempotencyKey: body.idempotencyKey }),
    });
    return { taskId: r.taskId, status: r.status };
  }

  create(task: NewTask): Promise<{ taskId: string; status: TaskStatus; created: boolean }> {
    return this.createTask(task);
  }

  private async createTask(
    task: NewTask & { idempotencyKey?: string },
  ): Promise<{ taskId: string; status: TaskStatus; created: boolean }> {
    const instance = await this.o.instances.resolve(task.instanceId, task.tenantId);
    if (!instance)
      throw new PlatformError('NOT_FOUND', `instance ${task.instanceId} does not exist`, {
        details: { instanceId: task.instanceId },
      });
    if (task.taskId !== undefined) {
      const existing = await this.tasks.get(task.taskId, { tenantId: task.tenantId });
      if (existing) return { taskId: existing.id, status: existing.data.status, created: false };
    }
    const agentId = instance.entity.data.agentId;
    const skill = this.skill(agentId, task.skill);
    if (instance.status !== 'active')
      throw new PlatformError(
        'CONFLICT',
        `instance ${instance.entity.id} takes no work: ${instance.reason ?? ''}`,
        {
          details: { instanceId: instance.entity.id, status: instance.status, reason: instance.reason },
        },
      );
    const input = await this.validInput(task.tenantId, skill, task.input);
    const now = this.o.clock.now();
    const data: TaskRecord = {
      instanceId: instance.entity.id,
      agentId,
      skill: skill.id,
      status: 'queued',
      source: task.source,
      input: task.input,
      priority: task.priority ?? 3,
      progress: { fraction: 0, step: 'queued' },
      summary: null,
      checks: [],
      receipts: [],
      deliverableIds: [],
      inboxItemId: null,
      error: null,
      revisionOf: task.revisionOf ?? null,
      revisionComment: task.revisionComment ?? null,
      scheduleId: task.scheduleId ?? null,
      webhookId: task.webhookId ?? null,
      jobId: task.jobId ?? null,
      idempotencyKey: task.idempotencyKey ?? null,
      attempts: 1,
      requestedAt: now,
      startedAt: null,
      finishedAt: null,
    };
    let inserted: { entity: Entity<TaskRecord>; created: boolean };
    try {
      inserted = await this.tasks.insert({
        id: task.taskId ?? this.o.ids.next('tsk'),
        tenantId: task.tenantId,
        data,
      });
    } catch (err) {
      // The same deterministic id created concurrently: answer the task that won.
      const existing =
        task.taskId !== undefined && isPlatformError(err, 'CONFLICT')
          ? await this.tasks.get(task.taskId, { tenantId: task.tenantId })
          : undefined;
      if (!existing) throw err;
      inserted = { entity: existing, created: false };
    }
    const { entity, created } = inserted;
    if (!created) return { taskId: entity.id, status: entity.data.status, created: false };
    await this.request(entity, input, instance.entity.data.runtimeKey);
    return { taskId: entity.id, status: 'queued', created: true };
  }

  /** The skill of the agent; NOT_FOUND naming it otherwise. */
  private skill(agentId: string, skillId: string): AgentSkillInfo {
    const skill = this.o.skills.skillsOf(agentId).find((s) => s.id === skillId);
    if (!skill)
      throw new PlatformError('NOT_FOUND', `skill "${skillId}" is not a skill of ${agentId}`, {
        details: { field: 'skill', skill: skillId, agentId },
      });
    return skill;
  }

  /** File references resolved, then checked against the skill's schema: VALIDATION naming each bad field. */
  private async validInput(
    tenantId: string,
    skill: AgentSkillInfo,
    raw: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const input = this.o.files ? await this.o.files.resolve(tenantId, raw, skill.inputSchema) : raw;
    const parsed = skill.inputSchema.safeParse(input);
    if (parsed.success) return input;
    const issues = describeZodIssues(parsed.error, input).map((i) => ({
      field: i.field === '(root)' ? 'input' : `input.${i.field}`,
      message: i.message,
    }));
    throw new PlatformError(
      'VALIDATION',
      `Invalid input for ${skill.id}: ${issues.map((i) => i.message).join('; ')}`,
      { details: { field: issues[0]?.field ?? 'input', issues } },
    );
  }

  /** Asks the workforce to run it; a lost request is sent again by the sweeper, so a failure here is logged. */
  private async request(
    task: Entity<TaskRecord>,
    input: Record<string, unknown>,
    runtimeKey: string,
  ): Promise<void> {
    try {
      await this.o.runner.request({
        tenantId: task.tenantId ?? '',
        runtimeKey,
        skill: task.data.skill,
        input,
        taskId: task.id,
        priority: task.data.priority,
        source: `work:${task.data.source}`,
      });
    } catch (err) {
      this.o.logger.warn({ err, taskId: task.id }, 'task request not sent; the sweeper sends it again');
    }
  }

  async get(principal: Principal, taskId: string): Promise<Task> {
    return this.view(await this.reconcile(await this.owned(principal, taskId)));
  }

  async list(
    principal: Principal,
    instanceId: string,
    query: { status?: TaskStatus; cursor?: string; limit: number },
  ): Promise<Page<Task>> {
    const instance = await this.o.instances.owned(principal, instanceId);
    const page = await this.tasks.list({
      tenantId: principal.tenantId,
      where: { instanceId: instance.entity.id, ...(query.status ? { status: query.status } : {}) },
      order: 'desc',
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    // A listed task awaiting approval is settled like a read one: its deliverable may have been decided.
    const items = await Promise.all(page.items.map(async (t) => this.view(await this.reconcile(t))));
    return {
      items,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  /**
   * Cancels a task that has not started: CONFLICT once it runs or finished. The workforce's ledger is
   * marked too, so a request already on the bus (or sent again) never runs it.
   */
  async cancel(principal: Principal, taskId: string): Promise<Task> {
    const doc = await this.owned(principal, taskId);
    const instance = await this.o.instances.resolve(doc.data.instanceId, principal.tenantId);
    const updated = await this.tasks.modify(doc.id, (t) => {
      if (t.status !== 'queued')
        throw new PlatformError(
          'CONFLICT',
          `task ${doc.id} is ${t.status}; only a queued task can be cancelled`,
          {
            details: { taskId: doc.id, status: t.status },
          },
        );
      const now = this.o.clock.now();
      return { ...t, status: 'cancelled', progress: { fraction: 1, step: 'cancelled' }, finishedAt: now };
    });
    if (instance)
      await this.o.runner.cancel({
        tenantId: principal.tenantId,
        taskId: doc.id,
        runtimeKey: instance.entity.data.runtimeKey,
        agentId: doc.data.agentId,
        skill: doc.data.skill,
      });
    return this.view(updated);
  }

  /** A new task with the same skill and input (file references resolved again). */
  async rerun(principal: Principal, taskId: string): Promise<TaskAccepted> {
    return this.retry(principal.tenantId, taskId);
  }

  /** `rerun` for a tenant's task without a caller (an inbox answer): NOT_FOUND when the task is gone. */
  async retry(tenantId: string, taskId: string): Promise<TaskAccepted> {
    const doc = await this.tasks.get(taskId, { tenantId });
    if (!doc) throw new PlatformError('NOT_FOUND', `task ${taskId} does not exist`, { details: { taskId } });
    const t = doc.data;
    const r = await this.createTask({
      tenantId,
      instanceId: t.instanceId,
      skill: t.skill,
      input: t.input,
      source: 'api',
      priority: t.priority,
    });
    return { taskId: r.taskId, status: r.status };
  }

  async starting(tenantId: string, taskId: string): Promise<boolean> {
    const doc = await this.tasks.get(taskId, { tenantId });
    if (!doc) return true;
    if (doc.data.status === 'cancelled') return false;
    if (doc.data.status !== 'queued') return true;
    await this.tasks.modify(doc.id, (t) =>
      t.status === 'queued'
        ? {
            ...t,
            status: 'running',
            startedAt: this.o.clock.now(),
            progress: { fraction: 0.3, step: 'running' },
          }
        : t,
    );
    return true;
  }

  async settled(tenantId: string, taskId: string): Promise<void> {
    const doc = await this.tasks.get(taskId, { tenantId });
    if (!doc || TERMINAL.has(doc.data.status)) return;
    const state = await this.o.runner.state(tenantId, taskId);
    if (state) await this.apply(doc, state);
  }

  /**
   * Re-requests queued tasks whose request is older than the lease (a request lost between the commit
   * and the bus, or a bus that lost it) and settles rows whose run ended unheard. Returns how many it
   * requested again.
   */
  async sweep(): Promise<number> {
    const now = this.o.clock.now();
    const stale = await this.tasks.listStale(
      ['queued', 'running', 'awaiting-approval'],
      now - this.leaseMs,
      SWEEP_BATCH,
    );
    let requested = 0;
    for (const doc of stale) {
      try {
        if (doc.data.status === 'awaiting-approval') {
          await this.reconcile(doc, true);
          continue;
        }
        const state = await this.o.runner.state(doc.tenantId ?? '', doc.id);
        if (state) {
          await this.apply(doc, state, true);
          continue;
        }
        const instance = await this.o.instances.resolve(doc.data.instanceId, doc.tenantId ?? undefined);
        if (!instance) continue;
        const input = await this.validInput(
          doc.tenantId ?? '',
          this.skill(doc.data.agentId, doc.data.skill),
          doc.data.input,
        );
        const bumped = await this.tasks.modify(doc.id, (t) => ({
          ...t,
          attempts: t.attempts + 1,
          requestedAt: now,
        }));
        await this.request(bumped, input, instance.entity.data.runtimeKey);
        requested++;
      } catch (err) {
        this.o.logger.warn({ err, taskId: doc.id }, 'task sweep failed for one task');
      }
    }
    return requested;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule();
  }

  /** Stops the timer and waits for a sweep in progress. */
  async stop(): Promise<void> {
    this.started = false;
    this.timer?.cancel();
    this.timer = undefined;
    await this.sweeping;
  }

  /**
   * One tick per period, the next armed before this one's sweep runs, so a slow store never stretches
   * the period; sweeps run one after another, each reading the clock when it starts.
   */
  private schedule(): void {
    const every = this.o.sweepEveryMs ?? this.leaseMs / 2;
    if (!this.started || every <= 0) return;
    this.timer = this.o.clock.setTimeout(() => {
      this.schedule();
      this.sweeping = this.sweeping
        .then(() => this.sweep())
        .then(
          () => undefined,
          (err: unknown) => this.o.logger.warn({ err }, 'task sweep failed'),
        );
    }, every);
  }

  private async owned(principal: Principal, taskId: string): Promise<Entity<TaskRecord>> {
    const doc = await this.tasks.get(taskId, { tenantId: principal.tenantId });
    if (!doc) throw new PlatformError('NOT_FOUND', `task ${taskId} does not exist`, { details: { taskId } });
    return doc;
  }

  /** A task awaiting approval is done once its deliverable was decided (published or rejected). */
  private async reconcile(doc: Entity<TaskRecord>, touch = false): Promise<Entity<TaskRecord>> {
    const id = doc.data.deliverableIds[0];
    if (doc.data.status !== 'awaiting-approval' || !id) return doc;
    const deliverable = await this.o.store.deliverables.get(id);
    const decided = deliverable !== undefined && deliverable.data.status !== 'pending_approval';
    if (!decided && !touch) return doc;
    const now = this.o.clock.now();
    return this.tasks.modify(doc.id, (t) =>
      t.status !== 'awaiting-approval'
        ? t
        : decided
          ? {
              ...t,
              status: 'done',
              progress: { fraction: 1, step: `deliverable ${deliverable.data.status}` },
              // Nothing waits on a human any more.
              inboxItemId: null,
              finishedAt: now,
            }
          : { ...t, requestedAt: now },
    );
  }

  private async apply(doc: Entity<TaskRecord>, state: TaskRunState, touch = false): Promise<void> {
    const now = this.o.clock.now();
    let patch: Partial<TaskRecord>;
    if (state.state === 'running') {
      patch = { status: 'running', startedAt: state.startedAt, progress: { fraction: 0.3, step: 'running' } };
      if (touch) patch.requestedAt = now;
    } else if (state.state === 'done') {
      const [deliverable, decision] = await Promise.all([
        this.o.store.deliverables.get(state.deliverableId),
        state.decisionId ? this.o.store.runtimeDecisions.get(state.decisionId) : undefined,
      ]);
      const waiting = state.pendingApproval && deliverable?.data.status === 'pending_approval';
      // The inbox item the approval opened (in the same transaction as the deliverable).
      const item =
        waiting && state.approvalId
          ? await this.o.store.inboxItems.getBySource(APPROVAL_SOURCE, state.approvalId)
          : undefined;
      patch = {
        status: waiting ? 'awaiting-approval' : 'done',
        progress: waiting
          ? { fraction: 0.9, step: 'waiting for approval' }
          : { fraction: 1, step: 'delivered' },
        summary: state.summary,
        checks: deliverable?.data.checks ?? [],
        receipts: decision ? [receiptOf(decision)] : [],
        deliverableIds: [state.deliverableId],
        inboxItemId: item?.id ?? null,
        startedAt: state.startedAt,
        finishedAt: waiting ? null : state.finishedAt,
        requestedAt: now,
      };
    } else if (state.state === 'skipped' && state.code === 'BUDGET_EXHAUSTED') {
      // The budget policy: never overspend, ask a human, stop until they answer.
      patch = {
        status: 'failed',
        progress: { fraction: 1, step: 'budget spent: waiting for a person' },
        error: { code: 'BUDGET_EXHAUSTED', message: budgetSpentMessage(state.details) },
        startedAt: state.startedAt,
        finishedAt: state.finishedAt,
      };
    } else {
      patch = {
        status: 'failed',
        progress: { fraction: 1, step: 'failed' },
        error:
          state.state === 'failed'
            ? { code: state.code, message: state.message }
            : { code: 'SKIPPED', message: state.reason },
        startedAt: state.startedAt,
        finishedAt: state.finishedAt,
      };
    }
    const updated = await this.tasks.modify(doc.id, (t) => (TERMINAL.has(t.status) ? t : { ...t, ...patch }));
    if (patch.error?.code === 'BUDGET_EXHAUSTED' && this.o.inbox)
      await this.o.inbox.open(budgetSpentItem(updated, patch.error.message));
  }

  private view(doc: Entity<TaskRecord>): Task {
    const title = this.o.skills.skillsOf(doc.data.agentId).find((s) => s.id === doc.data.skill)?.title;
    return taskView(doc, title ?? doc.data.skill);
  }
}

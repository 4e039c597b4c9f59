// Work requested for a tenant's instance travels on the bus: `workforce.task.requested` (with the
// request's priority) is consumed by the `workforce` consumer group — competing consumers, so worker
// processes share the work — and each task id runs once (the ledger), then `workforce.task.completed`
// says how it went. Transient failures are redelivered; after the bus's limit they are dead-lettered.
import { z } from 'zod';
import type { Bus, BusMessage, Priority, PublishInput, Subscription } from '../../bus/bus.js';
import { PlatformError, type JsonValue, type SerializedError } from '../../errors.js';
import type { Logger } from '../../components/observability/logger.js';
import { parseOrThrow } from '../../components/validation/validator.js';
import type { WorkOutcome, WorkUnit } from './work-runner.js';

export const TASK_REQUESTED = 'workforce.task.requested';
export const TASK_COMPLETED = 'workforce.task.completed';
/** The consumer group every worker process joins. */
export const WORKFORCE_GROUP = 'workforce';

const idPattern = /^[A-Za-z0-9._:@#/-]+$/;

export const taskRequestSchema = z.object({
  tenantId: z.string().min(1).max(200),
  /** The trial or hire id. */
  instanceId: z.string().min(1).max(200),
  skillId: z.string().min(1).max(100),
  /** Skill input (complete, or partial: the spec's example and the setup fill the rest). */
  input: z.json().optional(),
  /** Idempotency: a task id runs at most once, however often it is requested or delivered. */
  taskId: z.string().min(1).max(200).regex(idPattern, 'letters, digits and . _ : @ # / - only'),
  /** 1 (lowest) … 5 (critical), default 3. */
  priority: z.int().min(1).max(5).optional(),
  /** Where it came from, e.g. `api`, `coordinator:marketing`. */
  source: z.string().min(1).max(200).optional(),
  /** Set when a domain coordinator routed it: the task is completed there afterwards. */
  coordinator: z.string().min(1).max(60).optional(),
});
export type TaskRequest = z.input<typeof taskRequestSchema>;
export type ParsedTaskRequest = z.output<typeof taskRequestSchema>;

/** The payload of `workforce.task.completed`. */
export interface TaskCompletion {
  taskId: string;
  tenantId: string;
  instanceId: string;
  skillId: string;
  status: 'succeeded' | 'failed' | 'skipped';
  /** True when the task had already run and this only repeats its outcome. */
  duplicate: boolean;
  deliverableId: string | null;
  /** `pending_approval` while it waits in the approvals inbox. */
  deliverableStatus: 'pending_approval' | 'published' | null;
  approvalId: string | null;
  method: 'offline' | 'model' | null;
  checksPassed: boolean | null;
  summary: string | null;
  reason: string | null;
  error: SerializedError | null;
}

/** The ledger key of a task: task ids are the requester's, unique only within its tenant. */
export function taskWorkKey(tenantId: string, taskId: string): string {
  return `task:${tenantId}:${taskId}`;
}

/** Validates and publishes a request; VALIDATION naming the field on bad input. */
/** The bus message of a task request (VALIDATION naming the field on bad input). */
export function taskRequestMessage(raw: TaskRequest): PublishInput {
  const req = parseOrThrow(taskRequestSchema, raw, 'task request');
  return {
    topic: TASK_REQUESTED,
    payload: req as unknown as JsonValue,
    priority: (req.priority ?? 3) as Priority,
    from: req.source ?? 'workforce',
    idempotencyKey: `workforce.task:${req.tenantId}:${req.taskId}`,
    headers: { 'tenant-id': req.tenantId },
  };
}

export async function publishTaskRequest(bus: Pick<Bus, 'publish'>, raw: TaskRequest): Promise<BusMessage> {
  return bus.publish(taskRequestMessage(raw));
}

/** Requests many tasks with one durable write (each still runs, and is acknowledged, on its own). */
export async function publishTaskRequests(
  bus: Pick<Bus, 'publishBatch'>,
  raws: readonly TaskRequest[],
): Promise<BusMessage[]> {
  return bus.publishBatch(raws.map(taskRequestMessage));
}

export function completionOf(req: ParsedTaskRequest, outcome: WorkOutcome): TaskCompletion {
  const base: TaskCompletion = {
    taskId: req.taskId,
    tenantId: req.tenantId,
    instanceId: req.instanceId,
    skillId: req.skillId,
    status: 'failed',
    duplicate: 'duplicate' in outcome ? outcome.duplicate : true,
    deliverableId: null,
    deliverableStatus: null,
    approvalId: null,
    method: null,
    checksPassed: null,
    summary: null,
    reason: null,
    error: null,
  };
  switch (outcome.status) {
    case 'done':
      return {
        ...base,
        status: 'succeeded',
        deliverableId: outcome.result.deliverableId,
        deliverableStatus: outcome.result.status,
        approvalId: outcome.result.approvalId,
        method: outcome.result.method,
        checksPassed: outcome.result.checksPassed,
        summary: outcome.result.summary,
      };
    case 'skipped':
      return { ...base, status: 'skipped', reason: outcome.reason };
    case 'failed':
      return { ...base, error: outcome.error.toJSON(), reason: outcome.error.message };
    default:
      throw new PlatformError('INTERNAL', `task ${req.taskId} has no outcome yet`);
  }
}

export interface TaskConsumerOptions {
  bus: Bus;
  /** Runs one unit of work (the WorkRunner, with the workforce's bookkeeping around it). */
  perform(unit: WorkUnit): Promise<WorkOutcome>;
  logger: Logger;
  /** Tasks one process runs at once (default 4). */
  concurrency?: number;
  /** Told about every finished task (coordinator completion, metrics). */
  onCompleted?: (req: ParsedTaskRequest, completion: TaskCompletion) => Promise<void>;
  /** Told before a task runs; false skips it (e.g. the customer cancelled it meanwhile). */
  onStarting?: (req: ParsedTaskRequest) => Promise<boolean>;
}

/** Joins the `workforce` group and runs requested tasks until closed. */
export async function consumeTasks(options: TaskConsumerOptions): Promise<Subscription> {
  const { bus, logger } = options;
  return bus.subscribe({
    pattern: TASK_REQUESTED,
    group: WORKFORCE_GROUP,
    concurrency: options.concurrency ?? 4,
    handler: async ({ message, attempt }) => {
      // A malformed request is dead-lettered with this error after the bus's delivery limit.
      const req = parseOrThrow(taskRequestSchema, message.payload, 'task request');
      if (options.onStarting && !(await options.onStarting(req))) return;
      const outcome = await options.perform({
        workKey: taskWorkKey(req.tenantId, req.taskId),
        tenantId: req.tenantId,
        instanceId: req.instanceId,
        skillId: req.skillId,
        data: req.input,
        source: req.source ?? 'task',
        owner: message.id,
      });
      // Another delivery (a repeated request) is running it and will publish the completion; if that
      // worker dies, the bus redelivers its message, which takes the claim over.
      if (outcome.status === 'running-elsewhere') return;
      const completion = completionOf(req, outcome);
      await bus.publish({
        topic: TASK_COMPLETED,
        payload: completion as unknown as JsonValue,
        priority: (req.priority ?? 3) as Priority,
        from: WORKFORCE_GROUP,
        correlationId: req.taskId,
        idempotencyKey: `workforce.task.completed:${req.tenantId}:${req.taskId}`,
        headers: { 'tenant-id': req.tenantId },
      });
      await options.onCompleted?.(req, completion);
      logger.debug({ taskId: req.taskId, status: completion.status, attempt }, 'workforce task finished');
    },
  });
}

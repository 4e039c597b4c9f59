// Public types of the engine API: handlers and their context, options, fault hooks and the views
// returned to callers (CLI, HTTP, console).
import type { Bus } from '../bus/bus.js';
import type { Clock } from '../clock.js';
import type { Metrics } from '../components/observability/metrics.js';
import type { JsonValue, SerializedError } from '../errors.js';
import type { Ids } from '../ids.js';
import type { EngineRepositories, InstanceWrite, Job } from './engine-store.js';
import type { InstanceStatus } from './instance-state.js';

/** What a service-task handler receives. */
export interface TaskContext {
  readonly instanceId: string;
  readonly definitionId: string;
  readonly version: number;
  readonly elementId: string;
  readonly activityId: string;
  readonly taskType: string;
  /**
   * Stable across retries, re-executions after a crash and incident retries of this activity:
   * side effects keyed on it happen exactly once.
   */
  readonly idempotencyKey: string;
  /** 1 on the first attempt. */
  readonly attempt: number;
  /** The mapped input (all instance variables when the task has no input mapping). */
  readonly input: Record<string, JsonValue>;
  /** Instance variables when the activity was scheduled (read-only). */
  readonly variables: Readonly<Record<string, JsonValue>>;
  readonly businessKey: string | null;
  /** The task's static `config`. */
  readonly config: Readonly<Record<string, JsonValue>>;
  /** Aborted on timeout, when the activity is cancelled (boundary event, cancel) and on shutdown. */
  readonly signal: AbortSignal;
  /** Set when this is a compensation handler: the activity being undone. */
  readonly compensationOf?: string;
}

/**
 * Runs one service task. Returns the result (a JSON object's keys become variables unless the task
 * maps its output) or throws: a PlatformError keeps its `retryable` flag, anything else is retried
 * under the task's retry policy, and a `BpmnError` takes a modelled error path.
 */
export type TaskHandler = (ctx: TaskContext) => Promise<JsonValue | void> | JsonValue | void;

/** Points where a test can make the engine "crash" (throw from the hook): the engine halts at once. */
export interface EngineFaults {
  /** A handler returned; its result is not yet committed. */
  afterEffect?(activity: {
    instanceId: string;
    activityId: string;
    elementId: string;
    taskType: string;
  }): void;
  /** A transaction is about to start with these writes. */
  beforeCommit?(writes: InstanceWrite[]): void;
  /** A job (timer, input, start timer) was claimed; it is not yet applied. */
  afterClaim?(job: Job): void;
}

export interface EngineOptions {
  /** The engine's repositories (`store.engine`). */
  store: EngineRepositories;
  /** Where `workflow.<id>.*` events go; only `publish` is used. */
  bus?: Pick<Bus, 'publish'>;
  clock?: Clock;
  ids?: Ids;
  /** Identity of this worker in leases; stable across restarts of the same process lets it resume at once. */
  workerId?: string;
  /** How long an instance lease lasts without renewal (default 30 s). */
  leaseMs?: number;
  /** Longest wait between polls for work created elsewhere (default 1 s). */
  pollIntervalMs?: number;
  /** Jobs claimed per poll (default 100). */
  claimBatch?: number;
  /** Default service-task timeout (ISO duration, default PT5M). */
  defaultTaskTimeout?: string;
  /** How long an uncorrelated message waits in the buffer (default 1 h). */
  messageTtlMs?: number;
  /** Publish `task.assigned` / `task.completed` for service tasks (default true; high-volume). */
  publishTaskEvents?: boolean;
  /** Most instance writes per transaction (default 512). */
  maxBatch?: number;
  /** How long workflow/global variables are cached for expressions (default 1 s). */
  sharedVariablesTtlMs?: number;
  faults?: EngineFaults;
  /** Errors that have no caller to go to (a failed publish, a failed poll). */
  onError?: (err: unknown, context: string) => void;
  /** Step, instance, incident and task-duration metrics (none when absent). */
  metrics?: Metrics;
}

export interface StartOptions {
  variables?: Record<string, JsonValue>;
  businessKey?: string;
  /** A specific version; the latest by default. */
  version?: number;
  /** Who started it (default `api`). */
  actor?: string;
  /** Choose the instance id (idempotent start: a second start with the same id is CONFLICT). */
  instanceId?: string;
}

export interface CorrelateOptions {
  /** Key the waiting instance subscribed with (its business key unless modelled otherwise). */
  correlationKey?: string;
  businessKey?: string;
  payload?: JsonValue;
  /** Deduplicates retries of the same message while it is buffered or pending. */
  messageId?: string;
  /** How long to buffer the message when nobody waits yet (default: the engine's `messageTtlMs`). */
  ttlMs?: number;
}

export type CorrelateResult =
  | { status: 'delivered'; instanceId: string; messageId: string }
  | { status: 'started'; instanceId: string; messageId: string }
  | { status: 'buffered'; messageId: string; expiresAt: number };

export interface DeployResult {
  definitionId: string;
  version: number;
  /** False when the content was identical to the latest version (nothing new deployed). */
  created: boolean;
  name: string | null;
  versionTag: string | null;
}

export interface ControlResult {
  /** The instance after the command, or undefined when another worker holds it and will apply the queued command. */
  instance?: InstanceView;
  queued: boolean;
}

export interface InstanceView {
  instanceId: string;
  definitionId: string;
  version: number;
  businessKey: string | null;
  status: InstanceStatus;
  compensating: boolean;
  parentInstanceId: string | null;
  startedAt: number;
  startedBy: string;
  endedAt: number | null;
  error: SerializedError | null;
  variables: Record<string, JsonValue>;
  /** Elements holding tokens now (for the diagram). */
  activeElements: string[];
  incidents: Array<{
    incidentId: string;
    elementId: string;
    activityId?: string;
    error: SerializedError;
    at: number;
  }>;
  activities: Array<{
    activityId: string;
    elementId: string;
    taskType: string;
    attempt: number;
    status: string;
    lastError?: SerializedError;
  }>;
  userTasks: Array<{
    taskId: string;
    elementId: string;
    title: string;
    assignee?: string;
    role?: string;
    dueAt?: number;
    escalated: boolean;
  }>;
  timers: Array<{ timerId: string; elementId: string; purpose: string; dueAt: number }>;
  subscriptions: Array<{
    subscriptionId: string;
    name: string;
    correlationKey: string | null;
    elementId: string;
  }>;
  children: string[];
  historyLength: number;
}

export interface VariableChangeView {
  name: string;
  value: JsonValue;
  version: number;
  actor: string;
  at: number;
  elementId?: string;
}

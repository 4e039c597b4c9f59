// The engine's persistence port: small repositories for definitions, instances (with their history),
// durable work (timers, inputs and leases), the message buffer, user tasks and shared variables, plus
// one `commit` that writes many instances' steps in a single transaction (group commit).
// Implemented over SQL in store/repositories/engine-*.ts; guarantees are stated per member.
import type { JsonValue, PlatformError, SerializedError } from '../errors.js';
import type { DefinitionFormat } from './definitions/parse-definition.js';
import type { HistoryEvent } from './history-events.js';
import type { InstanceStatus } from './instance-state.js';
import type { ProcessDefinition } from './model/types.js';

export type DefinitionStatus = 'active' | 'deprecated' | 'retired';

export interface DefinitionRecord {
  definitionId: string;
  version: number;
  name: string | null;
  versionTag: string | null;
  format: DefinitionFormat;
  /** The text as deployed (YAML, BPMN XML or JSON). */
  source: string;
  model: ProcessDefinition;
  /** Content hash of the model: deploying the same content again creates no new version. */
  hash: string;
  status: DefinitionStatus;
  createdAt: number;
  createdBy: string;
}

export type DefinitionInfo = Omit<DefinitionRecord, 'source' | 'model'>;

/** A message name a definition version waits for (`isStart`: it starts a new instance). */
export interface MessageRef {
  messageName: string;
  definitionId: string;
  version: number;
  elementId: string;
  isStart: boolean;
}

export type JobKind = 'timer' | 'input' | 'control' | 'start-timer' | 'signal-start';

/** A unit of durable work: a timer due at `dueAt`, an input waiting for its instance, or a start (timer, signal). */
export interface Job {
  /** Deterministic ids make enqueueing idempotent (`<instance>:<timer>`, `task:<taskId>`…). */
  jobId: string;
  /** Null for definition-level start timers. */
  instanceId: string | null;
  kind: JobKind;
  dueAt: number;
  payload: JsonValue;
}

export interface DefinitionRepository {
  /**
   * Stores the model as version latest+1 — unless the latest version has the same hash, which is
   * returned with `created: false`. Message references and start-timer jobs of the definition are
   * replaced atomically with those of the new version. Safe under concurrent deploys.
   */
  deploy(
    input: Omit<DefinitionRecord, 'version' | 'status'>,
    refs: Omit<MessageRef, 'version'>[],
    startJobs: (version: number) => Job[],
  ): Promise<{ record: DefinitionRecord; created: boolean }>;
  /** A version, or the latest active one when `version` is omitted; undefined when absent. */
  get(definitionId: string, version?: number): Promise<DefinitionRecord | undefined>;
  /** Latest version of every definition. */
  list(): Promise<DefinitionInfo[]>;
  versions(definitionId: string): Promise<DefinitionInfo[]>;
  /** NOT_FOUND when the version does not exist. */
  setStatus(definitionId: string, version: number, status: DefinitionStatus): Promise<void>;
  /** References to `messageName` from the latest version of each definition. */
  messageRefs(messageName: string): Promise<MessageRef[]>;
}

export interface InstanceRecord {
  instanceId: string;
  definitionId: string;
  version: number;
  businessKey: string | null;
  state: InstanceStatus;
  /** True while the engine has activities to run (used to resume after a crash). */
  runnable: boolean;
  parentInstanceId: string | null;
  createdAt: number;
  updatedAt: number;
  endedAt: number | null;
  /** Length of the history. */
  seq: number;
  owner: string | null;
  leaseUntil: number | null;
  /** Open incident or terminal error, for listings. */
  error: SerializedError | null;
}

export interface InstanceFilter {
  definitionId?: string;
  state?: InstanceStatus | InstanceStatus[];
  businessKey?: string;
  parentInstanceId?: string;
  /** Opaque cursor from a previous page. */
  cursor?: string;
  /** 1..500, default 50. */
  limit?: number;
}

export interface InstanceRepository {
  get(instanceId: string): Promise<InstanceRecord | undefined>;
  /** Newest first. */
  list(filter?: InstanceFilter): Promise<{ items: InstanceRecord[]; nextCursor?: string }>;
  /** History in order, from `afterSeq` + 1. */
  history(instanceId: string, options?: { afterSeq?: number; limit?: number }): Promise<HistoryEvent[]>;
  /** Instance counts per state (for metrics and the console). */
  countByState(definitionId?: string): Promise<Record<string, number>>;
}

export interface ClaimOptions {
  worker: string;
  now: number;
  leaseUntil: number;
  limit: number;
}

/** A claimed job plus what the claim learnt about its instance. */
export interface ClaimedJob extends Job {
  /** History length of the instance when claimed (to reuse a cached state). */
  instanceSeq: number | null;
}

export interface WorkRepository {
  /**
   * Locks up to `limit` due jobs (SKIP LOCKED on PostgreSQL) whose instance is free, owned by
   * `worker` or whose lease expired, leases those instances to `worker` and returns the jobs. Jobs of
   * suspended instances are skipped except `control` jobs. A job stays locked until `leaseUntil`; it
   * is deleted by the commit that applies it, so a crash makes it claimable again.
   */
  claim(options: ClaimOptions): Promise<ClaimedJob[]>;
  /** Leases runnable instances whose lease expired (or, with `includeOwn`, that `worker` owned before a restart). */
  recover(
    options: ClaimOptions & { includeOwn: boolean },
  ): Promise<Array<{ instanceId: string; seq: number }>>;
  /** Leases one instance if it is free; returns its seq, or undefined when another worker holds it. NOT_FOUND if absent. */
  acquire(instanceId: string, options: Omit<ClaimOptions, 'limit'>): Promise<{ seq: number } | undefined>;
  /** Inserts jobs; CONFLICT when a job id exists already. */
  enqueue(jobs: Job[]): Promise<void>;
  /**
   * When there is next something to do: a job falls due or its lock expires, or a runnable instance
   * held by another worker loses its lease. Undefined when nothing is pending.
   */
  nextDueAt(worker: string): Promise<number | undefined>;
  /** Extends leases still held by `worker`; returns the instance ids it still owns. */
  renew(worker: string, instanceIds: string[], leaseUntil: number): Promise<string[]>;
  /** Gives up leases held by `worker`. */
  release(worker: string, instanceIds: string[]): Promise<void>;
}

export interface BufferedMessage {
  messageId: string;
  name: string;
  correlationKey: string | null;
  payload: JsonValue;
  createdAt: number;
  expiresAt: number;
}

export type CorrelationOutcome =
  | { delivered: { instanceId: string; subscriptionId: string; jobId: string } }
  | { buffered: BufferedMessage };

/** A signal to broadcast: to every subscription of its name, and as a start of each definition with a signal start. */
export interface SignalBroadcast {
  /** Unique per broadcast: input and start job ids derive from it, so a retried broadcast delivers once. */
  signalId: string;
  name: string;
  payload: JsonValue;
}

/** The payload of a `signal-start` job. */
export interface SignalStartPayload {
  definitionId: string;
  version: number;
  elementId: string;
  signalId: string;
  payload: JsonValue;
}

export interface MessageRepository {
  /**
   * Delivers a signal to every instance subscribed to it (an input job each) and enqueues a
   * `signal-start` job per definition whose latest version starts on it, in one transaction.
   */
  broadcast(signal: SignalBroadcast, now: number): Promise<{ delivered: number; started: number }>;
  /**
   * Atomically hands the message to the oldest subscription with this name and key (deleting it and
   * enqueueing an input job), or, when `buffer` is set and none waits, keeps it until `expiresAt`.
   * Returns undefined when nobody waits and `buffer` is false.
   */
  correlate(message: BufferedMessage, options: { buffer: boolean }): Promise<CorrelationOutcome | undefined>;
  /** Delivers buffered messages to subscriptions that appeared meanwhile and drops expired ones; returns deliveries. */
  sweep(now: number, limit: number): Promise<number>;
  /** Buffered messages not yet expired, oldest first. */
  buffered(options?: { name?: string; limit?: number }): Promise<BufferedMessage[]>;
}

export type UserTaskStatus = 'open' | 'completed' | 'expired' | 'cancelled';

export interface UserTaskRecord {
  taskId: string;
  instanceId: string;
  definitionId: string;
  elementId: string;
  title: string;
  body: string | null;
  assignee: string | null;
  role: string | null;
  status: UserTaskStatus;
  form: JsonValue;
  escalated: boolean;
  createdAt: number;
  dueAt: number | null;
  completedAt: number | null;
  completedBy: string | null;
  data: JsonValue;
}

export interface UserTaskRepository {
  get(taskId: string): Promise<UserTaskRecord | undefined>;
  /** Oldest first. */
  list(filter?: {
    status?: UserTaskStatus;
    assignee?: string;
    role?: string;
    instanceId?: string;
    limit?: number;
  }): Promise<UserTaskRecord[]>;
}

export type SharedScope = 'workflow' | 'global';

export interface SharedVariable {
  scope: SharedScope;
  /** Definition id for `workflow`, empty for `global`. */
  owner: string;
  name: string;
  value: JsonValue;
  type: string;
  version: number;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  updatedBy: string;
}

export interface VariableChange {
  name: string;
  version: number;
  value: JsonValue;
  type: string;
  actor: string;
  at: number;
}

export interface SharedVariableRepository {
  list(scope: SharedScope, owner: string): Promise<SharedVariable[]>;
  /** Sets a value (version +1) and records the change; returns the new variable. */
  set(
    scope: SharedScope,
    owner: string,
    name: string,
    value: JsonValue,
    type: string,
    actor: string,
    at: number,
  ): Promise<SharedVariable>;
  history(scope: SharedScope, owner: string, name: string): Promise<VariableChange[]>;
}

export interface SubscriptionRow {
  instanceId: string;
  subscriptionId: string;
  name: string;
  correlationKey: string | null;
  createdAt: number;
}

export type UserTaskWrite = Omit<UserTaskRecord, 'completedAt' | 'completedBy' | 'data'> & {
  completedAt?: number | null;
  completedBy?: string | null;
  data?: JsonValue;
};

export type ExternalJobState = 'open' | 'completed' | 'failed' | 'cancelled';

/** A service-task activity handed to external job workers (HTTP). */
export interface ExternalJob {
  /** The job's id for workers: `<instance>:<activity>:<seq of the hand-off>`. */
  jobKey: string;
  type: string;
  instanceId: string;
  activityId: string;
  elementId: string;
  definitionId: string;
  /** The task's mapped input (all instance variables when it has no input mapping). */
  variables: Record<string, JsonValue>;
  /** Attempts left; a failure with 0 left raises an incident. */
  retries: number;
  state: ExternalJobState;
  /** The worker holding (or that last held) the lock. */
  worker: string | null;
  lockUntil: number | null;
  /** Not activatable before (a failure's back-off). */
  dueAt: number;
  errorMessage: string | null;
  createdAt: number;
  settledAt: number | null;
}

/** How a worker settled a job: the instance input it produced, and a fingerprint for idempotent repeats. */
export interface JobSettlement {
  worker: string;
  now: number;
  state: 'completed' | 'failed';
  /** Same worker, same fingerprint: a repeat of a settlement already applied (no second input). */
  fingerprint: string;
  input: Job;
}

export interface ExternalJobRepository {
  /**
   * Locks up to `max` open, due jobs of `type` not locked by anyone (an expired lock counts as free),
   * oldest first, for `worker` until `lockUntil` (SKIP LOCKED on PostgreSQL), and returns them.
   */
  activate(options: {
    type: string;
    worker: string;
    max: number;
    now: number;
    lockUntil: number;
    /** Only these jobs (still checked open, due and unlocked); all of the type when absent. */
    jobKeys?: readonly string[];
  }): Promise<ExternalJob[]>;
  get(jobKey: string): Promise<ExternalJob | undefined>;
  /** Jobs by type, instance or state, oldest first (for operators). */
  list(filter?: {
    type?: string;
    instanceId?: string;
    state?: ExternalJobState;
    limit?: number;
  }): Promise<ExternalJob[]>;
  /**
   * Settles a job the worker holds and enqueues the instance input, atomically. A repeat by the same
   * worker with the same fingerprint returns `repeated: true` and writes nothing. NOT_FOUND when
   * absent; CONFLICT when another worker holds the lock, the job was cancelled or settled otherwise.
   */
  settle(jobKey: string, settlement: JobSettlement): Promise<{ job: ExternalJob; repeated: boolean }>;
  /** A failure with retries left: back in the pool at `dueAt`, unlocked. Same CONFLICT/NOT_FOUND rules. */
  retry(
    jobKey: string,
    options: { worker: string; now: number; retries: number; dueAt: number; errorMessage: string },
  ): Promise<ExternalJob>;
  /** Extends the worker's lock. Same CONFLICT/NOT_FOUND rules. */
  extend(jobKey: string, options: { worker: string; now: number; lockUntil: number }): Promise<ExternalJob>;
  /** When the next open job of `type` becomes activatable (due, or its lock expires); undefined if none. */
  nextActivatableAt(type: string): Promise<number | undefined>;
}

/** Everything one instance's step writes. */
export interface InstanceWrite {
  instanceId: string;
  /** Present when the instance is new: the row is inserted, leased to the committing worker. */
  create?: {
    definitionId: string;
    version: number;
    businessKey: string | null;
    parentInstanceId: string | null;
    createdAt: number;
  };
  /** History to append; seq must continue the stored history (CONFLICT otherwise). */
  events: HistoryEvent[];
  /** Seq after the write (the last event's, or the current one when there are none). */
  seq: number;
  /** The row's visible state, written when it changed (and always for new instances). */
  summary?: {
    state: InstanceStatus;
    runnable: boolean;
    version: number;
    error: SerializedError | null;
    endedAt: number | null;
  };
  /** Gives up the lease in the same transaction. */
  release?: boolean;
  addJobs: Job[];
  deleteJobs: string[];
  addSubscriptions: SubscriptionRow[];
  /** Subscription ids (of this instance) to delete. */
  deleteSubscriptions: string[];
  userTasks: UserTaskWrite[];
  /** Activities handed to external job workers. */
  externalJobs?: ExternalJob[];
  /** Activity ids (of this instance) whose open external jobs are cancelled. */
  cancelExternalJobs?: string[];
  /** Signals this step threw, broadcast in the same transaction. */
  signals?: SignalBroadcast[];
}

export interface CommitBatch {
  worker: string;
  now: number;
  leaseUntil: number;
  writes: InstanceWrite[];
}

export interface CommitResult {
  /** Instances whose write was refused (lease lost, history conflict); their writes are not applied. */
  failed: Map<string, PlatformError>;
  /** Buffered messages matched by new subscriptions: already locked input jobs for the committing worker. */
  matched: Job[];
}

/** The engine's view of the store. */
export interface EngineRepositories {
  readonly definitions: DefinitionRepository;
  readonly instances: InstanceRepository;
  readonly work: WorkRepository;
  readonly messages: MessageRepository;
  readonly userTasks: UserTaskRepository;
  readonly variables: SharedVariableRepository;
  /** Jobs for external workers (service tasks no handler in the engine runs). */
  readonly externalJobs: ExternalJobRepository;
  /** How many `commit` calls may usefully run at once (1 for a single-writer database). */
  readonly commitConcurrency: number;
  /**
   * Applies many instances' writes in one transaction. Every write is fenced: an instance not leased
   * to `worker` (or whose history moved on) is refused and reported in `failed` while the others
   * commit. UNAVAILABLE when the database is down (nothing applied).
   */
  commit(batch: CommitBatch): Promise<CommitResult>;
}

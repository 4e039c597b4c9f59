// The seams between the parts of work orders (decision 0047), so that each part is built and tested on
// its own and wired in platform.ts: triggers (schedules, webhooks), the inbox and jobs create tasks and
// look up instances through these ports; the task service and the instance directory implement them.
import type { InboxKind, InboxReason, TaskSource, TaskStatus, WorkingHours } from '../../contracts/work.js';

/** What other parts need to know of an agent instance. */
export interface InstanceRef {
  id: string;
  tenantId: string;
  agentId: string;
  status: 'active' | 'paused' | 'ended';
  trialId: string | null;
  hireId: string | null;
  workingHours: WorkingHours;
}

export interface InstanceLookup {
  /** The instance; undefined when absent or (with `tenantId`) another tenant's. */
  get(instanceId: string, tenantId?: string): Promise<InstanceRef | undefined>;
}

export interface NewTask {
  tenantId: string;
  instanceId: string;
  skill: string;
  input: Record<string, unknown>;
  source: TaskSource;
  /**
   * A deterministic task id (`sch_<schedule>_<fire>`, `whk_<hook>_<event>`): creating the same id twice
   * answers the first task with `created: false` and requests no second run.
   */
  taskId?: string;
  priority?: number;
  scheduleId?: string;
  webhookId?: string;
  jobId?: string;
  /** A MODIFY answer: the task revised and the human's comment, which the revision carries. */
  revisionOf?: string;
  revisionComment?: string;
}

export interface TaskCreator {
  /**
   * Validates `input` against the skill's schema (VALIDATION naming each bad field), refuses work on an
   * instance that is not active (CONFLICT with the reason), commits the task and requests its run.
   */
  create(task: NewTask): Promise<{ taskId: string; status: TaskStatus; created: boolean }>;
}

export interface NewInboxItem {
  kind: InboxKind;
  reason: InboxReason;
  /** Null for work of a platform agent that serves no customer: operators only. */
  tenantId: string | null;
  instanceId?: string;
  agentId?: string;
  taskId?: string;
  jobId?: string;
  deliverableId?: string;
  title: string;
  body: string;
  actions: Array<'approve' | 'reject' | 'modify'>;
  /** Which registered source is called back with the answer, and its own reference. */
  source: { kind: string; ref: string };
  /** Defaults to the inbox's SLA for the kind. */
  dueAt?: number;
  /** For an item tied to a task: what a MODIFY re-runs as the revision task (with the comment). */
  revision?: { skill: string; input: Record<string, unknown> };
}

export interface InboxPoster {
  /** Opens an item (idempotent on `source`: the same source and ref answer the open item). */
  open(item: NewInboxItem): Promise<{ itemId: string }>;
  /** Withdraws the open item of a source that no longer waits (a cancelled task, an ended trial). */
  withdraw(source: { kind: string; ref: string }): Promise<void>;
}

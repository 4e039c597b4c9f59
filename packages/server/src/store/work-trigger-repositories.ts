// Typed tables of the work-order triggers (decision 0047): recurring schedules and signed inbound
// webhooks of an agent instance, each a task template, plus the per-tenant event rate windows.
import type { WorkingHours } from '../contracts/work.js';
import type { Entity, EntityRepository } from './entity-repository.js';

export interface TriggerError {
  code: string;
  message: string;
}

export interface ScheduleRecord {
  instanceId: string;
  agentId: string;
  skill: string;
  label: string | null;
  input: Record<string, unknown>;
  /** Normalised 5-field cron (phrases are stored as theirs). */
  cron: string;
  description: string;
  /** The instance's zone and working hours when the schedule was made. */
  timezone: string;
  withinWorkingHours: boolean;
  workingHours: WorkingHours;
  status: 'active' | 'paused';
  /** The next fire time (epoch ms); null while paused or when the cron never runs again. */
  nextFireAt: number | null;
  lastRunAt: number | null;
  lastTaskId: string | null;
  /** A fire claimed whose task is not yet confirmed created (retried after a lease). */
  pendingTaskId: string | null;
  /** Why the last fire created no task (instance paused, input no longer valid…). */
  lastError: TriggerError | null;
  createdBy: string;
}

/** Schedules. Beyond the entity operations: the due ones across tenants and the atomic fire claim. */
export interface ScheduleRepository extends EntityRepository<
  ScheduleRecord,
  { instanceId: string; status: ScheduleRecord['status'] }
> {
  /** Active schedules whose next fire time is at or before `now`, earliest first. */
  due(now: number, limit: number): Promise<Array<Entity<ScheduleRecord>>>;
  /**
   * Claims the fire at `fireAt`: moves the schedule to `next` and marks `taskId` pending, only if the
   * schedule is active and still due at exactly `fireAt`. True for exactly one of concurrent claimers.
   */
  claimFire(id: string, fireAt: number, next: number | null, taskId: string): Promise<boolean>;
  /** Settles a claimed fire: no longer pending, `taskId` recorded as the last task, with its error. */
  settleFire(id: string, taskId: string, error: TriggerError | null): Promise<void>;
  /** Schedules whose claimed fire has been pending since `before` or earlier (a claimer died). */
  stalePending(before: number, limit: number): Promise<Array<Entity<ScheduleRecord>>>;
  /** Removes it; false when absent or another tenant's. */
  remove(id: string, tenantId: string): Promise<boolean>;
}

export type WebhookOutcome = 'accepted' | 'duplicate' | 'bad-signature';

export interface WebhookRecord {
  instanceId: string;
  agentId: string;
  skill: string;
  label: string | null;
  /** Fixed input every event's task starts from. */
  input: Record<string, unknown>;
  /** Task input field → dotted path into the event body; null: the body's own fields are the input. */
  mapping: Record<string, string> | null;
  status: 'active' | 'disabled';
  /** The secret's last four characters (the secret itself is in the secrets store). */
  secretHint: string;
  secretRotatedAt: number;
  accepted: number;
  duplicates: number;
  badSignature: number;
  lastEventAt: number | null;
  createdBy: string;
}

export interface WebhookRepository extends EntityRepository<
  WebhookRecord,
  { instanceId: string; status: WebhookRecord['status'] }
> {
  /** Adds one to the outcome's count (atomically) and, for events taken, sets the last event time. */
  countEvent(id: string, outcome: WebhookOutcome, at: number): Promise<void>;
  /** Removes it; false when absent or another tenant's. */
  remove(id: string, tenantId: string): Promise<boolean>;
  /**
   * Counts one event in the tenant's window starting at `windowStart` and answers the window's count
   * (shared by every process on the store).
   */
  hitRateWindow(tenantId: string, windowStart: number): Promise<number>;
}

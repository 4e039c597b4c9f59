// Job workers over HTTP: the executor beside activity-executor.ts for service tasks no handler in the
// engine runs. Such an activity is handed off (`activity.external`) and becomes a job in the store;
// workers in any process or language fetch-and-lock jobs of a type (long polling), then complete,
// fail (with retries and back-off) or throw a BPMN error; an expired lock returns the job to the pool.
// Settling a job enqueues the instance's input in the same transaction, so a worker's completion is
// applied exactly once even across restarts, and repeating it is harmless. Settling calls may name the
// worker (safe against a lock that expired and went to another worker) or act for the current holder.
import { PlatformError, type JsonValue } from '../errors.js';
import { BpmnError } from './bpmn-error.js';
import type { EngineCore } from './engine-core.js';
import type { ExternalJob, ExternalJobState, Job, JobSettlement } from './engine-store.js';
import type { Input } from './interpreter.js';
import type { Wake } from './scheduler.js';
import { stableHash } from './stable-hash.js';

export interface ActivateJobsOptions {
  type: string;
  workerId: string;
  /** 1..100, default 10. */
  maxJobs?: number;
  /** How long the jobs stay locked to this worker: 1 s..24 h, default 5 min. */
  lockMs?: number;
  /** Long polling: how long to wait for a job when none is ready, 0..60 s (default 0). */
  waitMs?: number;
  /**
   * Only jobs of instances this accepts are locked (an API key's organisation); others are left as they
   * are for other workers. The oldest 500 ready jobs of the type are considered per attempt.
   */
  instanceAllowed?: (instanceId: string) => Promise<boolean>;
}

/** A job as a worker sees it. */
export interface ActivatedJob {
  id: string;
  type: string;
  instanceId: string;
  elementId: string;
  variables: Record<string, JsonValue>;
  retries: number;
  lockUntil: number;
}

export interface JobOutcome {
  id: string;
  state: ExternalJobState;
  /** True when this call repeated a settlement already applied (nothing changed). */
  repeated: boolean;
}

const LIMITS = { maxJobs: [1, 100], lockMs: [1000, 86_400_000], waitMs: [0, 60_000] } as const;

function bounded(name: keyof typeof LIMITS, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  const [min, max] = LIMITS[name];
  if (!Number.isInteger(v) || v < min || v > max)
    throw new PlatformError('VALIDATION', `${name} must be an integer from ${min} to ${max}`, {
      details: { field: name },
    });
  return v;
}

function required(value: string, field: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new PlatformError('VALIDATION', `${field} is required`, { details: { field } });
  return value;
}

function notActivated(id: string): never {
  throw new PlatformError('CONFLICT', `Job ${id} is not activated; activate it first`, {
    details: { jobKey: id, reason: 'not-activated' },
  });
}

function view(j: ExternalJob): ActivatedJob {
  return {
    id: j.jobKey,
    type: j.type,
    instanceId: j.instanceId,
    elementId: j.elementId,
    variables: j.variables,
    retries: j.retries,
    lockUntil: j.lockUntil ?? 0,
  };
}

export class JobWorkers {
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(
    private readonly core: EngineCore,
    private readonly wake: Pick<Wake, 'kick'>,
  ) {}

  /** Jobs of these types were just committed here: wake the long polls waiting for them. */
  notify(types: Iterable<string>): void {
    for (const t of types) for (const w of [...(this.waiters.get(t) ?? [])]) w();
  }

  /**
   * Locks up to `maxJobs` jobs of `type` for `workerId`. With `waitMs`, waits (woken by jobs committed
   * in this process, else polling the store every poll interval) until one is ready or the time is up.
   */
  async activate(o: ActivateJobsOptions): Promise<ActivatedJob[]> {
    this.core.assertRunning();
    const type = required(o.type, 'type');
    const worker = required(o.workerId, 'workerId');
    const max = bounded('maxJobs', o.maxJobs, 10);
    const lockMs = bounded('lockMs', o.lockMs, 300_000);
    const waitMs = bounded('waitMs', o.waitMs, 0);
    const { clock, repos } = this.core;
    const deadline = clock.now() + waitMs;
    for (;;) {
      const now = clock.now();
      const jobKeys = o.instanceAllowed
        ? await this.allowedKeys(type, now, max, o.instanceAllowed)
        : undefined;
      const jobs = await repos.externalJobs.activate({
        type,
        worker,
        max,
        now,
        lockUntil: now + lockMs,
        ...(jobKeys ? { jobKeys } : {}),
      });
      if (jobs.length || now >= deadline || this.core.halted) return jobs.map(view);
      const next = await repos.externalJobs.nextActivatableAt(type);
      const until = Math.min(deadline, next ?? deadline, now + this.core.pollIntervalMs);
      await this.waitFor(type, Math.max(1, until - now));
    }
  }

  /** Keys of the oldest ready jobs of `type` whose instance `allowed` accepts, at most `max`. */
  private async allowedKeys(
    type: string,
    now: number,
    max: number,
    allowed: (instanceId: string) => Promise<boolean>,
  ): Promise<string[]> {
    const open = await this.core.repos.externalJobs.list({ type, state: 'open', limit: 500 });
    const verdicts = new Map<string, boolean>();
    const keys: string[] = [];
    for (const job of open) {
      if (keys.length >= max) break;
      if (job.dueAt > now || (job.lockUntil !== null && job.lockUntil > now)) continue;
      let ok = verdicts.get(job.instanceId);
      if (ok === undefined) verdicts.set(job.instanceId, (ok = await allowed(job.instanceId)));
      if (ok) keys.push(job.jobKey);
    }
    return keys;
  }

  private waitFor(type: string, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const set = this.waiters.get(type) ?? new Set<() => void>();
      this.waiters.set(type, set);
      const done = (): void => {
        timer.cancel();
        set.delete(done);
        if (set.size === 0) this.waiters.delete(type);
        resolve();
      };
      const timer = this.core.clock.setTimeout(done, ms);
      set.add(done);
    });
  }

  /** Completes a job: `variables` are the task's result (mapped by its output mapping, or all set). */
  complete(
    id: string,
    workerId: string | undefined,
    variables: Record<string, JsonValue> = {},
  ): Promise<JobOutcome> {
    return this.settle(id, workerId, 'completed', { variables }, (job) => ({
      kind: 'activityCompleted',
      activityId: job.activityId,
      result: variables,
    }));
  }

  /**
   * Reports a failure. With `retries` left the job returns to the pool after `retryBackoffMs`;
   * with none, the task gets an incident (or its catch-all error boundary) naming `message`.
   */
  async fail(
    id: string,
    workerId: string | undefined,
    o: { message: string; retries: number; retryBackoffMs?: number },
  ): Promise<JobOutcome> {
    if (!Number.isInteger(o.retries) || o.retries < 0)
      throw new PlatformError('VALIDATION', 'retries must be a whole number ≥ 0', {
        details: { field: 'retries' },
      });
    const backoff = o.retryBackoffMs ?? 0;
    if (!Number.isInteger(backoff) || backoff < 0 || backoff > 86_400_000)
      throw new PlatformError('VALIDATION', 'retryBackoffMs must be an integer from 0 to 86400000', {
        details: { field: 'retryBackoffMs' },
      });
    if (o.retries > 0) {
      const now = this.core.clock.now();
      const job = await this.core.repos.externalJobs.retry(required(id, 'id'), {
        worker: await this.holder(id, workerId),
        now,
        retries: o.retries,
        dueAt: now + backoff,
        errorMessage: o.message,
      });
      return { id: job.jobKey, state: job.state, repeated: false };
    }
    return this.settle(id, workerId, 'failed', { fail: o.message }, (job) => ({
      kind: 'activityFailed',
      activityId: job.activityId,
      error: new PlatformError('INCIDENT', `Job ${id} (${job.type}) failed: ${o.message}`, {
        retryable: false,
        details: { jobKey: id, taskType: job.type },
      }).toJSON(),
    }));
  }

  /** Throws a BPMN error from the task: caught by a matching error boundary (its variables with it). */
  throwError(
    id: string,
    workerId: string | undefined,
    o: { code: string; message?: string; variables?: Record<string, JsonValue> },
  ): Promise<JobOutcome> {
    const code = required(o.code, 'code');
    return this.settle(
      id,
      workerId,
      'failed',
      { error: code, message: o.message ?? null, variables: o.variables ?? {} },
      (job) => ({
        kind: 'activityFailed',
        activityId: job.activityId,
        error: new BpmnError(code, o.message, { variables: o.variables ?? {}, jobKey: id }).toJSON(),
      }),
    );
  }

  /** Extends the worker's lock on a job to `lockMs` from now. */
  async extend(id: string, workerId: string | undefined, lockMs: number): Promise<ActivatedJob> {
    const ms = bounded('lockMs', lockMs, 300_000);
    const now = this.core.clock.now();
    return view(
      await this.core.repos.externalJobs.extend(required(id, 'id'), {
        worker: await this.holder(id, workerId),
        now,
        lockUntil: now + ms,
      }),
    );
  }

  /** The worker a call acts for: the one named, else the job's current holder. */
  private async holder(id: string, workerId: string | undefined): Promise<string> {
    if (workerId !== undefined) return required(workerId, 'workerId');
    const job = await this.core.repos.externalJobs.get(required(id, 'id'));
    if (!job) throw new PlatformError('NOT_FOUND', `Job ${id} does not exist`, { details: { jobKey: id } });
    return job.worker ?? notActivated(id);
  }

  get(id: string): Promise<ExternalJob | undefined> {
    return this.core.repos.externalJobs.get(id);
  }

  list(
    filter: { type?: string; instanceId?: string; state?: ExternalJobState; limit?: number } = {},
  ): Promise<ExternalJob[]> {
    return this.core.repos.externalJobs.list(filter);
  }

  private async settle(
    id: string,
    workerId: string | undefined,
    state: JobSettlement['state'],
    fingerprinted: JsonValue,
    input: (job: ExternalJob) => Input,
  ): Promise<JobOutcome> {
    this.core.assertRunning();
    const repos = this.core.repos.externalJobs;
    const job = await repos.get(required(id, 'id'));
    if (!job) throw new PlatformError('NOT_FOUND', `Job ${id} does not exist`, { details: { jobKey: id } });
    const now = this.core.clock.now();
    const inputJob: Job = {
      jobId: `ext:${job.jobKey}`,
      instanceId: job.instanceId,
      kind: 'input',
      dueAt: now,
      payload: input(job) as unknown as JsonValue,
    };
    const r = await repos.settle(job.jobKey, {
      worker: workerId ?? job.worker ?? notActivated(id),
      now,
      state,
      fingerprint: stableHash(fingerprinted),
      input: inputJob,
    });
    if (!r.repeated) this.wake.kick();
    return { id: r.job.jobKey, state: r.job.state, repeated: r.repeated };
  }
}

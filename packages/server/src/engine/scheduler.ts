// When the engine looks for work: it polls the store for due jobs (timers, queued inputs, start timers)
// and for runnable instances whose lease expired, sweeps buffered messages, and sleeps until the next
// due job or the poll interval, whichever comes first; steps that arm a timer wake it earlier. It also
// keeps the leases of the instances this worker holds alive (heartbeat). What it finds goes to the runner.
import type { TimerHandle } from '../clock.js';
import type { EngineCore } from './engine-core.js';
import type { ClaimedJob } from './engine-store.js';

/** How the rest of the engine asks the scheduler to look for work. */
export interface Wake {
  /** Looks for due work now (or once more right after the poll in progress). */
  kick(): void;
  /** Makes sure the engine looks for work at `at` at the latest. */
  wakeAt(at: number): void;
  /** A commit failed (not a conflict): look again soon. */
  retrySoon(): void;
  /** This worker holds instances: keep their leases renewed. */
  ensureHeartbeat(): void;
}

/** Where the scheduler hands what it finds (the runner). */
export interface WorkSink {
  /** A runnable instance whose lease this worker just took over (expired, or its own before a restart). */
  resume(instanceId: string, seq: number): Promise<void>;
  /** A due job this worker claimed. */
  apply(job: ClaimedJob): Promise<void>;
  /** Whether the instance is already running here. */
  isLive(instanceId: string): boolean;
  /** Whether any instance is running here (the heartbeat runs while one is). */
  hasLive(): boolean;
  /** Instances whose lease this worker holds and must renew. */
  leased(): HeldLease[];
}

/** An instance lease held by this worker. */
export interface HeldLease {
  readonly instanceId: string;
  /** The lease could not be renewed: another worker owns the instance now. */
  lost(): void;
}

export class Scheduler implements Wake {
  private polling = false;
  private pollAgain = false;
  private firstPoll = true;
  private pollTimer: { handle: TimerHandle; at: number } | undefined;
  private heartbeat: TimerHandle | undefined;
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly core: EngineCore,
    private readonly work: WorkSink,
  ) {
    core.addBusyCheck(() => this.polling);
  }

  /** When the engine will next look for due work on its own (for tests driving a fake clock). */
  get nextWakeAt(): number | undefined {
    return this.pollTimer?.at;
  }

  /** Stops the poll timer and the heartbeat (on close and halt). */
  stop(): void {
    this.pollTimer?.handle.cancel();
    this.pollTimer = undefined;
    this.heartbeat?.cancel();
    this.heartbeat = undefined;
  }

  /** Polls now and resolves once what it found is applied (handlers excluded). */
  async pollNow(): Promise<void> {
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.core.track(this.poll());
    await this.core.idle({ includeHandlers: false });
  }

  kick(): void {
    if (!this.core.opened || this.core.halted) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.core.track(this.poll());
  }

  wakeAt(at: number): void {
    if (!this.core.opened) return;
    if (at <= this.core.clock.now()) this.kick();
    else this.schedulePoll(at);
  }

  retrySoon(): void {
    this.wakeAt(this.core.clock.now() + Math.min(this.core.pollIntervalMs, 1000));
  }

  ensureHeartbeat(): void {
    if (this.heartbeat || this.core.halted || !this.work.hasLive()) return;
    this.heartbeat = this.core.clock.setTimeout(
      () => {
        this.heartbeat = undefined;
        this.core.track(this.renewLeases());
      },
      Math.max(1, Math.floor(this.core.leaseMs / 3)),
    );
  }

  private async poll(): Promise<void> {
    const { core } = this;
    if (this.polling || !core.opened || core.halted) return;
    this.polling = true;
    try {
      do {
        this.pollAgain = false;
        const now = core.clock.now();
        const leaseUntil = now + core.leaseMs;
        const recovered = await core.repos.work.recover({
          worker: core.workerId,
          now,
          leaseUntil,
          limit: core.claimBatch,
          includeOwn: this.firstPoll,
        });
        this.firstPoll = false;
        for (const r of recovered) {
          if (this.work.isLive(r.instanceId)) continue;
          core.track(
            this.work
              .resume(r.instanceId, r.seq)
              .catch((err: unknown) => core.onError(err, `resume ${r.instanceId}`)),
          );
        }
        const jobs = await core.repos.work.claim({
          worker: core.workerId,
          now,
          leaseUntil,
          limit: core.claimBatch,
        });
        for (const job of jobs)
          core.track(this.work.apply(job).catch((err: unknown) => core.onError(err, `job ${job.jobId}`)));
        if (jobs.length >= core.claimBatch || recovered.length >= core.claimBatch) this.pollAgain = true;
        if (now - this.lastSweep >= core.pollIntervalMs) {
          this.lastSweep = now;
          if ((await core.repos.messages.sweep(now, 100)) > 0) this.pollAgain = true;
        }
      } while (this.pollAgain && core.opened && !core.halted);
      const next = await core.repos.work.nextDueAt(core.workerId);
      const now = core.clock.now();
      this.schedulePoll(
        next !== undefined && next > now
          ? Math.min(next, now + core.pollIntervalMs)
          : now + core.pollIntervalMs,
      );
    } catch (err) {
      if (!core.halted) {
        core.onError(err, 'poll');
        this.schedulePoll(core.clock.now() + core.pollIntervalMs);
      }
    } finally {
      this.polling = false;
    }
  }

  private schedulePoll(at: number): void {
    const { core } = this;
    if (!core.opened || core.halted) return;
    if (this.pollTimer && this.pollTimer.at <= at && this.pollTimer.at > core.clock.now()) return;
    this.pollTimer?.handle.cancel();
    const handle = core.clock.setTimeout(
      () => {
        this.pollTimer = undefined;
        this.kick();
      },
      Math.max(0, at - core.clock.now()),
    );
    this.pollTimer = { handle, at };
  }

  private async renewLeases(): Promise<void> {
    const held = this.work.leased();
    if (held.length === 0 || this.core.halted) return;
    try {
      const kept = new Set(
        await this.core.repos.work.renew(
          this.core.workerId,
          held.map((h) => h.instanceId),
          this.core.clock.now() + this.core.leaseMs,
        ),
      );
      for (const h of held) if (!kept.has(h.instanceId)) h.lost();
    } catch (err) {
      this.core.onError(err, 'lease renewal');
    }
    this.ensureHeartbeat();
  }
}

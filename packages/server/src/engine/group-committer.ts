// Group commit: writes submitted while transactions are in flight are collected and committed together
// in the next one, so a step costs a share of a commit instead of a commit of its own. Up to
// `concurrency` commits overlap (PostgreSQL); each submitter learns whether its own write was applied.
import { PlatformError } from '../errors.js';
import type { CommitResult, EngineRepositories, InstanceWrite, Job } from './engine-store.js';

interface Pending {
  write: InstanceWrite;
  resolve: () => void;
  reject: (err: PlatformError) => void;
}

export interface GroupCommitterOptions {
  repos: Pick<EngineRepositories, 'commit'>;
  worker: string;
  now: () => number;
  leaseMs: number;
  /** Commits in flight at once (default 1). */
  concurrency?: number;
  /** Most writes per transaction (default 512). */
  maxBatch?: number;
  /** Called before each transaction; throwing aborts it (used to simulate crashes). */
  beforeCommit?: (writes: InstanceWrite[]) => void;
  /** Buffered messages matched by new subscriptions, to apply next. */
  onMatched: (jobs: Job[]) => void;
  /** A whole transaction failed (e.g. UNAVAILABLE). */
  onError: (err: PlatformError) => void;
}

export class GroupCommitter {
  private pending: Pending[] = [];
  private inflight = 0;
  private scheduled = false;
  private stopped: PlatformError | undefined;
  /** Transactions and writes committed, for metrics. */
  readonly stats = { transactions: 0, writes: 0 };

  constructor(private readonly options: GroupCommitterOptions) {}

  get busy(): boolean {
    return this.inflight > 0 || this.pending.length > 0 || this.scheduled;
  }

  /** Resolves once every write is durable; rejects (per the first refused write) otherwise. */
  submit(writes: InstanceWrite[]): Promise<void> {
    if (this.stopped) return Promise.reject(this.stopped);
    const done = writes.map(
      (write) =>
        new Promise<void>((resolve, reject) => {
          this.pending.push({ write, resolve, reject });
        }),
    );
    this.schedule();
    return Promise.all(done).then(() => undefined);
  }

  /** Fails pending and future writes (the engine halted); nothing more is written. */
  stop(reason: PlatformError): void {
    this.stopped = reason;
    const pending = this.pending;
    this.pending = [];
    for (const p of pending) p.reject(reason);
  }

  private schedule(): void {
    if (this.scheduled || this.stopped || this.inflight >= (this.options.concurrency ?? 1)) return;
    this.scheduled = true;
    // One macrotask of delay lets every step ready in this turn join the same transaction.
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const lanes = this.options.concurrency ?? 1;
    while (this.pending.length && !this.stopped && this.inflight < lanes) {
      // Spread what is pending over the free lanes so that overlapping commits share the work.
      const size = Math.min(
        this.options.maxBatch ?? 512,
        Math.ceil(this.pending.length / (lanes - this.inflight)),
      );
      const batch = this.pending.splice(0, size);
      this.inflight++;
      void this.flush(batch).finally(() => {
        this.inflight--;
        if (this.pending.length) this.schedule();
      });
    }
  }

  private async flush(batch: Pending[]): Promise<void> {
    const writes = batch.map((p) => p.write);
    let result: CommitResult;
    try {
      this.options.beforeCommit?.(writes);
      if (this.stopped) throw this.stopped;
      const now = this.options.now();
      result = await this.options.repos.commit({
        worker: this.options.worker,
        now,
        leaseUntil: now + this.options.leaseMs,
        writes,
      });
    } catch (err) {
      const e =
        err instanceof PlatformError
          ? err
          : new PlatformError('UNAVAILABLE', `Commit failed: ${(err as Error).message}`, { cause: err });
      for (const p of batch) p.reject(e);
      if (!this.stopped) this.options.onError(e);
      return;
    }
    this.stats.transactions++;
    this.stats.writes += writes.length;
    for (const p of batch) {
      const failure = result.failed.get(p.write.instanceId);
      if (failure) p.reject(failure);
      else p.resolve();
    }
    if (result.matched.length) this.options.onMatched(result.matched);
  }
}

// Keyed one-shot timers at absolute times on the injected Clock. Long waits are split into chunks so
// a timer never exceeds Node's 24.8-day limit and a changed schedule is picked up within one chunk.
import type { Clock, TimerHandle } from '../clock.js';
import type { Logger } from '../components/observability/logger.js';

const MAX_CHUNK_MS = 6 * 60 * 60 * 1000;

export class DueTimers {
  private readonly timers = new Map<string, TimerHandle>();
  /** Jobs fired and not yet settled: their work (often real I/O) outlives the timer callback. */
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Runs `fn` at `at` (now when already past), replacing any timer with the same key. */
  schedule(key: string, at: number, fn: () => Promise<void>): void {
    this.cancel(key);
    if (this.stopped) return;
    const wait = at - this.clock.now();
    const handle = this.clock.setTimeout(
      () => {
        this.timers.delete(key);
        if (this.stopped) return;
        if (at > this.clock.now()) {
          this.schedule(key, at, fn);
          return;
        }
        const job: Promise<void> = fn()
          .catch((err: unknown) => this.logger.error({ err, key }, 'scheduled marketplace job failed'))
          .finally(() => this.running.delete(job));
        this.running.add(job);
      },
      Math.min(Math.max(0, wait), MAX_CHUNK_MS),
    );
    this.timers.set(key, handle);
  }

  cancel(key: string): void {
    this.timers.get(key)?.cancel();
    this.timers.delete(key);
  }

  /** Whether a timer is waiting under `key`. */
  has(key: string): boolean {
    return this.timers.has(key);
  }

  /** Whether any fired job is still running. */
  get busy(): boolean {
    return this.running.size > 0;
  }

  /** Resolves once every fired job has settled, including jobs they fired in turn. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  /** Accepts timers again after `stop()`. */
  start(): void {
    this.stopped = false;
  }

  /** Cancels everything; `schedule` calls do nothing until `start()`. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
  }
}

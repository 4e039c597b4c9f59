// A per-call deadline on the injected Clock, merged with the caller's AbortSignal. Providers pass
// `signal` to their SDK and race each await against it, so even a stuck socket cannot outlive it.
import type { Clock, TimerHandle } from '../clock.js';
import { PlatformError } from '../errors.js';

export type DeadlineEnd = 'timeout' | 'aborted';

/**
 * Ends a call after `timeoutMs` on the given clock, or when the caller's signal aborts, whichever comes
 * first. `race` turns either into a PlatformError TIMEOUT: retryable after a timeout, not after an abort.
 * Always `dispose()` when the call settles.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: TimerHandle;
  private readonly expired: Promise<never>;
  private rejectExpired!: (err: PlatformError) => void;
  private ended: DeadlineEnd | undefined;
  private endError: PlatformError | undefined;
  private readonly onCallerAbort = (): void => this.end('aborted');

  /**
   * @param what Names the operation in the error message (e.g. `openai chat completion`).
   * @param details Added to the TIMEOUT error's details (e.g. `{ provider }`).
   */
  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    private readonly caller: AbortSignal | undefined,
    private readonly what: string,
    private readonly details: Record<string, string> = {},
  ) {
    this.expired = new Promise<never>((_, reject) => {
      this.rejectExpired = reject;
    });
    // The race promise may never be awaited (call finished first); keep it from being "unhandled".
    this.expired.catch(() => undefined);
    // Node fires timers longer than 2^31-1 ms at once, so cap them (about 24.8 days).
    this.timer = this.clock.setTimeout(() => this.end('timeout'), Math.min(timeoutMs, 2_147_483_647));
    if (caller?.aborted) this.end('aborted');
    else caller?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  /** Aborted when the deadline passes, the caller aborts, or `dispose` runs. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the deadline ended, or undefined while it runs. */
  get endedBy(): DeadlineEnd | undefined {
    return this.ended;
  }

  /** The TIMEOUT error for how the deadline ended, or undefined while it runs. */
  get error(): PlatformError | undefined {
    return this.endError;
  }

  private makeError(why: DeadlineEnd): PlatformError {
    return why === 'timeout'
      ? new PlatformError('TIMEOUT', `${this.what} timed out after ${this.timeoutMs} ms`, {
          retryable: true,
          details: { ...this.details, reason: 'timeout', timeoutMs: this.timeoutMs },
        })
      : new PlatformError('TIMEOUT', `${this.what} was aborted by the caller`, {
          retryable: false,
          details: { ...this.details, reason: 'aborted' },
        });
  }

  /** Settles like `work`, unless the deadline ends first: then rejects with TIMEOUT. */
  race<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.expired]);
  }

  /** Stops the timer and releases the request (aborting a finished request is harmless). */
  dispose(): void {
    this.timer.cancel();
    this.caller?.removeEventListener('abort', this.onCallerAbort);
    if (!this.controller.signal.aborted) this.controller.abort();
  }

  private end(why: DeadlineEnd): void {
    if (this.ended !== undefined || this.controller.signal.aborted) return;
    this.ended = why;
    this.endError = this.makeError(why);
    this.timer.cancel();
    // Reject first: whoever races this deadline must see our TIMEOUT, not the abort it causes downstream.
    this.rejectExpired(this.endError);
    this.controller.abort(this.endError);
  }
}

// Exponential back-off after repeated failures of one key (an account, an address): after
// `freeFailures` failures in a row the key waits `baseDelayMs`, and each further failure doubles the
// wait, up to `maxDelayMs`. Quiet keys are forgotten. State lives behind a small ThrottleStore port,
// so API processes that share a database share the count.
import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { PlatformError } from '../../errors.js';

export interface ThrottleState {
  /** Failures in a row (since the last success, or since the key was forgotten). */
  failures: number;
  lastFailureAt: number;
  /** No attempt is allowed before this time (ms since the epoch); 0 when not blocked. */
  blockedUntil: number;
}

/**
 * Where throttle state is kept. Keys are opaque digests (never an email or address in clear).
 * Implementations: `MemoryThrottleStore` (one process) and `DocumentThrottleStore` (the Store).
 */
export interface ThrottleStore {
  /** The state under `key`; undefined when there is none. */
  get(key: string): Promise<ThrottleState | undefined>;
  /**
   * Replaces the state under `key` with `fn(current)` atomically: concurrent updates of one key
   * are applied one after the other, none is lost. Resolves with the state written.
   */
  update(key: string, fn: (current: ThrottleState | undefined) => ThrottleState): Promise<ThrottleState>;
  /** Forgets `key` (no error when absent). */
  delete(key: string): Promise<void>;
}

export interface ThrottlePolicy {
  /** Failures in a row before the first wait. */
  freeFailures: number;
  /** Block after the first failure beyond the free ones; doubles with each further failure. */
  baseDelayMs: number;
  /** Longest block. */
  maxDelayMs: number;
  /** A key with no failure for this long starts again from zero. */
  forgetAfterMs: number;
}

export interface AttemptThrottleOptions {
  store: ThrottleStore;
  clock: Clock;
  policy: ThrottlePolicy;
  /** Namespace of the keys (`login-account`, `login-address`); also named in RATE_LIMITED details. */
  scope: string;
}

export class AttemptThrottle {
  constructor(private readonly o: AttemptThrottleOptions) {}

  /** Throws RATE_LIMITED (details: scope, retryAfterSeconds) while `key` is blocked. */
  async check(key: string): Promise<void> {
    const state = await this.o.store.get(this.digest(key));
    const wait = state ? state.blockedUntil - this.o.clock.now() : 0;
    if (wait > 0) {
      const retryAfterSeconds = Math.ceil(wait / 1000);
      throw new PlatformError(
        'RATE_LIMITED',
        `Too many failed attempts; try again in ${retryAfterSeconds} s`,
        { details: { reason: 'backoff', scope: this.o.scope, retryAfterSeconds } },
      );
    }
  }

  /** Counts a failure of `key` and, beyond the free ones, blocks it. */
  async recordFailure(key: string): Promise<ThrottleState> {
    const now = this.o.clock.now();
    const { freeFailures, baseDelayMs, maxDelayMs, forgetAfterMs } = this.o.policy;
    return this.o.store.update(this.digest(key), (current) => {
      const fresh = !current || now - current.lastFailureAt > forgetAfterMs;
      const failures = (fresh ? 0 : current.failures) + 1;
      // The free-th failure blocks for the base delay, each further one for twice the last (the
      // exponent is capped only so the number stays finite; maxDelayMs applies long before).
      const beyond = failures - freeFailures;
      const delay = beyond >= 0 ? Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(beyond, 40)) : 0;
      return { failures, lastFailureAt: now, blockedUntil: delay ? now + delay : 0 };
    });
  }

  /** Forgets the failures of `key` (after a success). */
  async reset(key: string): Promise<void> {
    await this.o.store.delete(this.digest(key));
  }

  private digest(key: string): string {
    return `${this.o.scope}:${createHash('sha256').update(`${this.o.scope}\u0000${key}`).digest('base64url')}`;
  }
}

// Sliding-window rate limits (per minute by default): a log of recent timestamps per key, exact at
// the window edge, on the injected clock. In-process: each process enforces its own share.
import type { Clock } from '../../clock.js';
import { PlatformError } from '../../errors.js';
import type { KillSwitch } from '../kill-switch/kill-switch.js';

export interface RateDecision {
  allowed: boolean;
  /** Requests counted in the window after this call. */
  count: number;
  limit: number;
  /** When refused: how long until one more request would fit. */
  retryAfterMs: number;
}

export interface SlidingWindowRateLimiterOptions {
  clock: Clock;
  /** Default 60 000 (per minute). */
  windowMs?: number;
  killSwitch?: KillSwitch;
}

export class SlidingWindowRateLimiter {
  private readonly windowMs: number;
  private readonly limits = new Map<string, number>();
  private readonly logs = new Map<string, number[]>();

  constructor(private readonly options: SlidingWindowRateLimiterOptions) {
    this.windowMs = options.windowMs ?? 60_000;
  }

  /** Sets the requests allowed per window for `key`; keys without a limit are never limited. */
  setLimit(key: string, limit: number): void {
    if (!Number.isInteger(limit) || limit < 0)
      throw new PlatformError('VALIDATION', 'limit must be a whole number ≥ 0', {
        details: { field: 'limit' },
      });
    this.limits.set(key, limit);
  }

  /** Counts one request if it fits; never throws. */
  tryAcquire(key: string): RateDecision {
    const limit = this.limits.get(key);
    if (limit === undefined || this.options.killSwitch?.isDisabled('ratelimit'))
      return { allowed: true, count: 0, limit: limit ?? Infinity, retryAfterMs: 0 };
    const now = this.options.clock.now();
    const log = this.prune(key, now);
    if (log.length >= limit) {
      const oldest = log[log.length - limit] ?? now;
      return {
        allowed: false,
        count: log.length,
        limit,
        retryAfterMs: Math.max(1, oldest + this.windowMs - now),
      };
    }
    log.push(now);
    return { allowed: true, count: log.length, limit, retryAfterMs: 0 };
  }

  /** Like `tryAcquire` but RATE_LIMITED (details: key, retryAfterMs) when refused. */
  acquire(key: string): RateDecision {
    const d = this.tryAcquire(key);
    if (!d.allowed) {
      throw new PlatformError(
        'RATE_LIMITED',
        `Rate limit of ${d.limit} per ${this.windowMs} ms reached for ${key}`,
        {
          details: { key, limit: d.limit, retryAfterMs: d.retryAfterMs },
        },
      );
    }
    return d;
  }

  /** Requests in the current window. */
  count(key: string): number {
    return this.prune(key, this.options.clock.now()).length;
  }

  private prune(key: string, now: number): number[] {
    let log = this.logs.get(key);
    if (!log) {
      log = [];
      this.logs.set(key, log);
    }
    let drop = 0;
    while (drop < log.length && log[drop]! <= now - this.windowMs) drop++;
    if (drop > 0) log.splice(0, drop);
    return log;
  }
}

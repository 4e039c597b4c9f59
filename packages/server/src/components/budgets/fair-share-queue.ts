// Fair share by priority under contention: at most `capacity` holders at once; when callers wait,
// slots go to the priority class furthest below its weighted share (60/30/10 by default), so a
// flood of low-priority work cannot starve high-priority work and vice versa.
import { PlatformError } from '../../errors.js';

export type SharePriority = 'high' | 'medium' | 'low';

export interface FairShareQueueOptions {
  capacity: number;
  /** Relative shares; default high 60, medium 30, low 10. */
  weights?: Partial<Record<SharePriority, number>>;
  /** Waiting callers beyond this fail with RATE_LIMITED (default unbounded). */
  maxWaiting?: number;
}

interface Waiter {
  resolve: (release: () => void) => void;
}

const ORDER: SharePriority[] = ['high', 'medium', 'low'];

export class FairShareQueue {
  private readonly weights: Record<SharePriority, number>;
  private readonly waiting: Record<SharePriority, Waiter[]> = { high: [], medium: [], low: [] };
  private readonly granted: Record<SharePriority, number> = { high: 0, medium: 0, low: 0 };
  /** Grants per class during the current stretch of contention; the share is measured on these. */
  private readonly contended: Record<SharePriority, number> = { high: 0, medium: 0, low: 0 };
  private active = 0;

  constructor(private readonly options: FairShareQueueOptions) {
    if (!Number.isInteger(options.capacity) || options.capacity < 1) {
      throw new PlatformError('VALIDATION', 'capacity must be a whole number ≥ 1', {
        details: { field: 'capacity' },
      });
    }
    this.weights = { high: 60, medium: 30, low: 10, ...options.weights };
  }

  /** Resolves with a release function once a slot is granted; call it exactly once when done. */
  acquire(priority: SharePriority = 'medium'): Promise<() => void> {
    if (this.active < this.options.capacity && this.waitingCount() === 0)
      return Promise.resolve(this.grant(priority));
    if (this.options.maxWaiting !== undefined && this.waitingCount() >= this.options.maxWaiting) {
      return Promise.reject(
        new PlatformError('RATE_LIMITED', 'Too many callers waiting for a slot', {
          details: { priority, waiting: this.waitingCount() },
        }),
      );
    }
    return new Promise((resolve) => this.waiting[priority].push({ resolve }));
  }

  /** Slots granted per class since creation. */
  stats(): {
    active: number;
    waiting: Record<SharePriority, number>;
    granted: Record<SharePriority, number>;
  } {
    return {
      active: this.active,
      waiting: {
        high: this.waiting.high.length,
        medium: this.waiting.medium.length,
        low: this.waiting.low.length,
      },
      granted: { ...this.granted },
    };
  }

  private waitingCount(): number {
    return this.waiting.high.length + this.waiting.medium.length + this.waiting.low.length;
  }

  private grant(priority: SharePriority): () => void {
    this.active += 1;
    this.granted[priority] += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.dispatch();
    };
  }

  private dispatch(): void {
    while (this.active < this.options.capacity) {
      const next = this.pick();
      if (!next) return;
      const waiter = this.waiting[next].shift()!;
      this.contended[next] += 1;
      waiter.resolve(this.grant(next));
    }
    if (this.waitingCount() === 0) {
      // Contention is over: the next stretch starts level, so past grants do not count against anyone.
      for (const p of ORDER) this.contended[p] = 0;
    }
  }

  /** The waiting class with the lowest contended-grants/weight ratio; ties go to the higher priority. */
  private pick(): SharePriority | undefined {
    let best: SharePriority | undefined;
    let bestRatio = Infinity;
    for (const p of ORDER) {
      if (this.waiting[p].length === 0) continue;
      const ratio = this.contended[p] / Math.max(this.weights[p], 1e-9);
      if (ratio < bestRatio) {
        best = p;
        bestRatio = ratio;
      }
    }
    return best;
  }
}

// Bounded, expiring set of seen idempotency keys for the in-process bus (the Redis adapter uses
// SET NX PX instead). Time comes from the injected clock so tests control expiry.
import type { Clock } from '../clock.js';

export class DedupeCache {
  /** key → expiry (epoch ms); Map keeps insertion order, so the first entry is the oldest. */
  private readonly entries = new Map<string, { expiresAt: number; token: string }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  /** Marks `key` as seen by `token`; true when it was already seen (and not expired). */
  markSeen(key: string, token: string): boolean {
    const now = this.clock.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return true;
    this.entries.delete(key);
    this.entries.set(key, { expiresAt: now + this.ttlMs, token });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return false;
  }

  /** Forgets `key` if `token` marked it (a failed handler must not make its retry look like a duplicate). */
  release(key: string, token: string): void {
    if (this.entries.get(key)?.token === token) this.entries.delete(key);
  }
}

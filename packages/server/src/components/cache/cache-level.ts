// The CacheLevel port: one level under CacheHierarchy (L1 memory, L2 Redis, L3 the store). Every
// entry carries its own expiry on the hierarchy's clock, so TTLs are testable; levels only store.
import type { JsonValue } from '../../errors.js';

export interface CacheEntry {
  value: JsonValue;
  /** Epoch ms on the cache's clock. */
  expiresAt: number;
}

/**
 * A key-value level. Keys are any strings (long ones and any characters included); values are JSON
 * and come back equal. Failures are PlatformErrors (UNAVAILABLE when the backend cannot be reached),
 * which the hierarchy absorbs by skipping the level for a while. Conformance: `cache-level.contract.ts`.
 */
export interface CacheLevel {
  readonly name: 'l1' | 'l2' | 'l3';
  /**
   * The entry, or undefined when absent. Expired entries may still be returned: `expiresAt` is
   * authoritative and the caller ignores them.
   */
  get(key: string): Promise<CacheEntry | undefined>;
  /**
   * Stores the entry, replacing any earlier one (concurrent writers: one of them wins, neither fails).
   * `ttlMs` is how long the backend should keep it (housekeeping; `expiresAt` is authoritative).
   */
  set(key: string, entry: CacheEntry, ttlMs: number): Promise<void>;
  /** Removes the entry; a missing key is not an error. */
  delete(key: string): Promise<void>;
}

// The three levels under CacheHierarchy: L1 in-process LRU (lru-cache), L2 Redis (ioredis), L3 the
// store's documents. Every entry carries its own expiry on the injected clock, so TTLs are testable.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { PlatformError, isPlatformError, type JsonValue } from '../../errors.js';
import type { Store } from '../../store/store.js';

export interface CacheEntry {
  value: JsonValue;
  /** Epoch ms on the cache's clock. */
  expiresAt: number;
}

export interface CacheLevel {
  readonly name: 'l1' | 'l2' | 'l3';
  /** The entry, or undefined when absent; expired entries are the caller's to ignore. */
  get(key: string): Promise<CacheEntry | undefined>;
  /** `ttlMs` is how long the backend should keep it (housekeeping; `expiresAt` is authoritative). */
  set(key: string, entry: CacheEntry, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** L1: bounded in-process LRU; evicts the least recently used entry when full. */
export class MemoryCacheLevel implements CacheLevel {
  readonly name = 'l1' as const;
  private readonly lru: LRUCache<string, CacheEntry>;

  constructor(maxEntries: number) {
    this.lru = new LRUCache<string, CacheEntry>({ max: maxEntries });
  }

  get size(): number {
    return this.lru.size;
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    return this.lru.get(key);
  }

  /** Synchronous write, so a `set` is visible to the next `get` at once. */
  setNow(key: string, entry: CacheEntry): void {
    this.lru.set(key, entry);
  }

  async set(key: string, entry: CacheEntry): Promise<void> {
    this.lru.set(key, entry);
  }

  async delete(key: string): Promise<void> {
    this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }
}

/** L2: Redis strings `<prefix><key>` holding `{v, e}` JSON, with PX expiry for housekeeping. */
export class RedisCacheLevel implements CacheLevel {
  readonly name = 'l2' as const;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(key: string): Promise<CacheEntry | undefined> {
    const raw = await this.call(() => this.redis.get(this.prefix + key));
    if (raw === null) return undefined;
    const parsed = JSON.parse(raw) as { v: JsonValue; e: number };
    return { value: parsed.v, expiresAt: parsed.e };
  }

  async set(key: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    await this.call(() =>
      this.redis.set(
        this.prefix + key,
        JSON.stringify({ v: entry.value, e: entry.expiresAt }),
        'PX',
        Math.max(1, Math.ceil(ttlMs)),
      ),
    );
  }

  async delete(key: string): Promise<void> {
    await this.call(() => this.redis.del(this.prefix + key));
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (cause) {
      throw new PlatformError('UNAVAILABLE', `Redis cache is unavailable: ${(cause as Error).message}`, {
        cause,
      });
    }
  }
}

const COLLECTION = 'runtime_cache';

/** L3: documents in the store, id = a hash of the key (keys may be longer than an id may be). */
export class StoreCacheLevel implements CacheLevel {
  readonly name = 'l3' as const;

  constructor(
    private readonly store: Store,
    private readonly namespace: string,
  ) {}

  private id(key: string): string {
    return createHash('sha256').update(`${this.namespace}\u0000${key}`).digest('hex').slice(0, 40);
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    const doc = await this.store.documents.get<{ key: string; value: JsonValue; expiresAt: number }>(
      COLLECTION,
      this.id(key),
    );
    if (!doc || doc.data.key !== key) return undefined;
    return { value: doc.data.value, expiresAt: doc.data.expiresAt };
  }

  async set(key: string, entry: CacheEntry): Promise<void> {
    const id = this.id(key);
    const data = { key, value: entry.value, expiresAt: entry.expiresAt };
    try {
      await this.store.documents.update(COLLECTION, id, data);
    } catch (err) {
      if (!isPlatformError(err, 'NOT_FOUND')) throw err;
      try {
        await this.store.documents.insert({ collection: COLLECTION, id, data });
      } catch (insertErr) {
        // Another writer created it between our update and insert: last writer wins.
        if (!isPlatformError(insertErr, 'CONFLICT')) throw insertErr;
        await this.store.documents.update(COLLECTION, id, data);
      }
    }
  }

  async delete(key: string): Promise<void> {
    await this.store.documents.delete(COLLECTION, this.id(key));
  }
}

/**
 * A Redis client for L2 that fails fast while disconnected (no offline queue, one attempt per
 * command) and keeps reconnecting in the background, so a Redis outage costs a skipped level, not a stall.
 */
export function createCacheRedisClient(url: string): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // Without a listener ioredis reports every failed reconnect as an unhandled 'error' event.
  client.on('error', () => undefined);
  return client;
}

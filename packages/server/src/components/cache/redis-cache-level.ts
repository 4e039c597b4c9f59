// L2: the shared Redis level under CacheHierarchy (ioredis), and the fail-fast client it runs on.
// The composition root builds both; a Redis outage costs a skipped level, not a stalled caller.
import { Redis } from 'ioredis';
import { waitReady } from '../../bus/redis-client.js';
import { PlatformError, type JsonValue } from '../../errors.js';
import type { CacheEntry, CacheLevel } from './cache-level.js';

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

/**
 * `createCacheRedisClient`, returned once connected or after `waitMs`, whichever comes first (never
 * rejects): a client still connecting fails every command, which would mark the level down.
 */
export async function connectCacheRedisClient(url: string, waitMs = 2000): Promise<Redis> {
  const client = createCacheRedisClient(url);
  await waitReady(client, waitMs);
  return client;
}

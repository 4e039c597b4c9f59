import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { createSqlStore, type SqlStore } from '../../store/sql-store.js';
import { findRedisServer, startRedis } from '../../testing/local-services.js';
import { testRedis } from '../../testing/services.js';
import { createKillSwitch } from '../kill-switch/kill-switch.js';
import { CacheHierarchy } from './cache-hierarchy.js';
import type { CacheLevel } from './cache-level.js';
import { RedisCacheLevel, createCacheRedisClient } from './redis-cache-level.js';
import { StoreCacheLevel } from './store-cache-level.js';

const redisService = await testRedis();

/** Counts calls through to a real level (the level itself is real; only the count is added). */
function counted(level: CacheLevel): CacheLevel & { gets: number } {
  const wrapper = {
    name: level.name,
    gets: 0,
    get: (key: string) => {
      wrapper.gets += 1;
      return level.get(key);
    },
    set: level.set.bind(level),
    delete: level.delete.bind(level),
  };
  return wrapper;
}

async function ready(client: Redis): Promise<void> {
  if (client.status === 'ready') return;
  await new Promise<void>((resolve) => client.once('ready', () => resolve()));
}

describe('CacheHierarchy (L1 only)', () => {
  it('evicts the least recently used entry and expires entries on the clock', async () => {
    const clock = new FakeClock();
    const cache = new CacheHierarchy({ clock, l1MaxEntries: 3 });
    for (const k of ['a', 'b', 'c']) await cache.set(k, k);
    expect(await cache.get('a')).toBe('a');
    await cache.set('d', 'd');
    expect(await cache.get('b')).toBeUndefined();
    await cache.set('t', 1, 100);
    await clock.advance(99);
    expect(await cache.get('t')).toBe(1);
    await clock.advance(1);
    expect(await cache.get('t')).toBeUndefined();
  });

  it('reports hit rate 0.5 after one hit and one miss', async () => {
    const cache = new CacheHierarchy({ clock: new FakeClock() });
    await cache.set('k', { x: 1 });
    await cache.get('k');
    await cache.get('nope');
    expect(cache.stats()).toMatchObject({ l1: { hits: 1 }, misses: 1, hitRate: 0.5, l2: null, l3: null });
  });

  it('getOrCompute runs the computation once for concurrent callers', async () => {
    const cache = new CacheHierarchy({ clock: new FakeClock() });
    let runs = 0;
    const compute = async () => {
      runs += 1;
      await Promise.resolve();
      return 42;
    };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => cache.getOrCompute('answer', compute)),
    );
    expect(results).toEqual(Array(10).fill(42));
    expect(await cache.getOrCompute('answer', compute)).toBe(42);
    expect(runs).toBe(1);
  });

  it('does not cache a failed computation', async () => {
    const cache = new CacheHierarchy({ clock: new FakeClock() });
    await expect(cache.getOrCompute('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.getOrCompute('k', async () => 'ok')).toBe('ok');
  });

  it('computes directly and stores nothing when the cache kill switch is on', async () => {
    const ks = createKillSwitch({ disabled: ['cache'] });
    const cache = new CacheHierarchy({ clock: new FakeClock(), killSwitch: ks });
    let runs = 0;
    await cache.getOrCompute('k', async () => ++runs);
    await cache.getOrCompute('k', async () => ++runs);
    await cache.set('x', 1);
    expect(runs).toBe(2);
    expect(await cache.get('x')).toBeUndefined();
  });
});

describe('CacheHierarchy with L3 (store)', () => {
  let store: SqlStore;
  const clock = new FakeClock();
  beforeAll(async () => {
    store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' }, { clock });
    await store.migrate();
  });
  afterAll(async () => store.close());

  it('finds an entry in L3 after L1 lost it and promotes it to L1', async () => {
    const l3 = counted(new StoreCacheLevel(store, 'test'));
    const writer = new CacheHierarchy({ clock, l3 });
    await writer.set('decision:1', { approved: true });
    await writer.flush();
    const reader = new CacheHierarchy({ clock, l3 });
    expect(await reader.get('decision:1')).toEqual({ approved: true });
    expect(await reader.get('decision:1')).toEqual({ approved: true });
    expect(l3.gets).toBe(1);
    expect(reader.stats()).toMatchObject({ l1: { hits: 1 }, l3: { hits: 1, errors: 0, available: true } });
    await writer.set('decision:1', { approved: false });
    await writer.flush();
    expect(await new CacheHierarchy({ clock, l3 }).get('decision:1')).toEqual({ approved: false });
    await reader.delete('decision:1');
    expect(await new CacheHierarchy({ clock, l3 }).get('decision:1')).toBeUndefined();
  });
});

describe.skipIf(!redisService)('CacheHierarchy with L2 (Redis)', () => {
  let client: Redis;
  beforeAll(async () => {
    client = new Redis(redisService!.url);
  });
  afterAll(async () => {
    await redisService!.flush();
    client.disconnect();
  });

  it('hits L2 once and then serves from L1 (promotion, no second Redis call)', async () => {
    const clock = new FakeClock();
    const l2 = counted(new RedisCacheLevel(client, redisService!.prefix));
    await new CacheHierarchy({ clock, l2 }).set('k', 'v').then(() => undefined);
    const reader = new CacheHierarchy({ clock, l2 });
    expect(await reader.get('k')).toBe('v');
    expect(await reader.get('k')).toBe('v');
    expect(l2.gets).toBe(1);
    expect(reader.stats()).toMatchObject({ l1: { hits: 1 }, l2: { hits: 1, available: true } });
    expect(await client.pttl(`${redisService!.prefix}k`)).toBeGreaterThan(0);
  });
});

describe.skipIf(!findRedisServer())('CacheHierarchy chaos: Redis goes down', () => {
  it('falls back to L1 (and L3) without failing callers, and tries Redis again after the back-off', async () => {
    const redis = await startRedis();
    const client = createCacheRedisClient(redis.url);
    try {
      await ready(client);
      const clock = new FakeClock();
      const errors: string[] = [];
      const cache = new CacheHierarchy({
        clock,
        l2: new RedisCacheLevel(client, 'chaos:'),
        levelRetryAfterMs: 1000,
        onLevelError: (level) => errors.push(level),
      });
      await cache.set('warm', 1);
      await redis.stop();
      // A fresh key misses L1 and finds Redis down: a miss, not an error.
      expect(await cache.get('cold')).toBeUndefined();
      expect(errors).toEqual(['l2']);
      expect(cache.stats().l2).toMatchObject({ available: false, errors: 1 });
      // While down, L2 is skipped entirely and L1 keeps serving.
      expect(await cache.get('warm')).toBe(1);
      expect(await cache.getOrCompute('computed', async () => 'fresh')).toBe('fresh');
      expect(await cache.get('computed')).toBe('fresh');
      expect(errors).toEqual(['l2']);
      await clock.advance(1000);
      expect(cache.stats().l2!.available).toBe(true);
    } finally {
      client.disconnect();
      await redis.stop();
    }
  });
});

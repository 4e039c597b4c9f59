// Runs the CacheLevel conformance suite on every level: memory (L1), Redis (L2, on the test run's
// Redis) and the store (L3) on SQLite and on PostgreSQL.
import { describe } from 'vitest';
import { createSqlStore, type SqlStore } from '../../store/sql-store.js';
import { testPostgres, testRedis } from '../../testing/services.js';
import { cacheLevelContract } from './cache-level.contract.js';
import { MemoryCacheLevel } from './memory-cache-level.js';
import { RedisCacheLevel, connectCacheRedisClient } from './redis-cache-level.js';
import { StoreCacheLevel } from './store-cache-level.js';

const redis = await testRedis();
const postgres = await testPostgres();

cacheLevelContract('MemoryCacheLevel', async () => ({
  shared: false,
  level: () => new MemoryCacheLevel(1_000),
  close: async () => undefined,
}));

describe.skipIf(!redis)('Redis', () => {
  cacheLevelContract('RedisCacheLevel', async () => {
    const client = await connectCacheRedisClient(redis!.url);
    return {
      shared: true,
      level: (namespace) => new RedisCacheLevel(client, `${redis!.prefix}${namespace}:`),
      breakBackend: async () => client.disconnect(),
      close: async () => {
        client.disconnect();
        await redis!.flush();
      },
    };
  });
});

/** The store level over an open store; closing the store is how its backend goes away. */
function overStore(store: SqlStore) {
  let closed = false;
  return {
    shared: true,
    level: (namespace: string) => new StoreCacheLevel(store, namespace),
    breakBackend: async () => {
      closed = true;
      await store.close();
    },
    close: async () => {
      if (!closed) await store.close();
    },
  };
}

cacheLevelContract('StoreCacheLevel (SQLite)', async () => {
  const store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' });
  await store.migrate();
  return overStore(store);
});

describe.skipIf(!postgres)('PostgreSQL', () => {
  cacheLevelContract('StoreCacheLevel (PostgreSQL)', async () => {
    const db = (await testPostgres())!;
    const store = await createSqlStore({ dialect: 'postgres', url: db.url, poolSize: 4 });
    await store.migrate();
    const level = overStore(store);
    return {
      ...level,
      close: async () => {
        await level.close();
        await db.drop();
      },
    };
  });
});

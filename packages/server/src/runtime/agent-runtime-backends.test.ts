// The agent runtime on every backend pair it is deployed on — SQLite or PostgreSQL, the in-process
// bus or Redis Streams, with the Redis cache level when Redis is there — built the way the
// composition root builds it: a bus event wakes an instance, a decision is cached and shared with a
// second worker process, which loads the instance from the store and wakes on the next event.
import { describe, expect, it } from 'vitest';
import type { Bus } from '../bus/bus.js';
import { MemoryBroker } from '../bus/memory-broker.js';
import { MemoryBus } from '../bus/memory-bus.js';
import { RedisStreamsBus } from '../bus/redis-streams-bus.js';
import { systemClock } from '../clock.js';
import type { CacheLevel } from '../components/cache/cache-level.js';
import { RedisCacheLevel, connectCacheRedisClient } from '../components/cache/redis-cache-level.js';
import { StoreCacheLevel } from '../components/cache/store-cache-level.js';
import { createIds } from '../ids.js';
import { createSqlStore, type SqlStore } from '../store/sql-store.js';
import { eventually } from '../testing/eventually.js';
import { testPostgres, testRedis } from '../testing/services.js';
import type { AgentDefinition } from './agent-definition.js';
import { FakeModelProvider, decisionJson } from './testing/fake-model-provider.js';
import { testPrices } from './testing/runtime-harness.js';
import { createTestRuntime, type TestRuntime } from './testing/test-runtime.js';

const redis = await testRedis();
const postgres = await testPostgres();

/** What one worker process gets from the composition root. */
interface Worker {
  bus: Bus;
  cacheLevels: { l2?: CacheLevel; l3: CacheLevel };
  close(): Promise<void>;
}

interface Backends {
  store: SqlStore;
  /** A worker's own bus client and cache clients on the shared backends. */
  worker(): Promise<Worker>;
  close(): Promise<void>;
}

async function openStore(kind: 'sqlite' | 'postgres'): Promise<{ store: SqlStore; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' });
    await store.migrate();
    return { store, drop: async () => undefined };
  }
  const db = (await testPostgres())!;
  const store = await createSqlStore({ dialect: 'postgres', url: db.url, poolSize: 4 });
  await store.migrate();
  return { store, drop: () => db.drop() };
}

async function openBackends(
  storeKind: 'sqlite' | 'postgres',
  busKind: 'memory' | 'redis',
): Promise<Backends> {
  const { store, drop } = await openStore(storeKind);
  // Two in-process buses share one broker, as two processes share one Redis.
  const broker = new MemoryBroker({ clock: systemClock, ids: createIds() });
  return {
    store,
    async worker() {
      const l3 = new StoreCacheLevel(store, 'runtime');
      if (busKind === 'memory') {
        const bus = new MemoryBus({ broker });
        return { bus, cacheLevels: { l3 }, close: () => bus.close() };
      }
      const bus = await RedisStreamsBus.connect({ url: redis!.url, prefix: `${redis!.prefix}bus` });
      const client = await connectCacheRedisClient(redis!.url);
      return {
        bus,
        cacheLevels: { l2: new RedisCacheLevel(client, `${redis!.prefix}cache:`), l3 },
        async close() {
          await bus.close();
          client.disconnect();
        },
      };
    },
    async close() {
      await broker.close();
      await store.close();
      await drop();
      if (busKind === 'redis') await redis!.flush();
    },
  };
}

const definition: AgentDefinition = {
  specialisation: {
    agentType: 'deal-desk',
    role: 'Deal Desk Analyst',
    domain: 'sales',
    expertise: 'reviews discounts',
    version: '1.0.0',
    capabilities: ['review-deals'],
  },
  triggers: [{ kind: 'event', pattern: 'sales.deal.submitted', name: 'submitted' }],
};

const review = { kind: 'review', subject: 'Deal 7 at 12 % off', facts: { amount: 900, discount: 0.12 } };

const matrix = [
  { store: 'sqlite', bus: 'memory', available: true },
  { store: 'sqlite', bus: 'redis', available: redis !== undefined },
  { store: 'postgres', bus: 'memory', available: postgres !== undefined },
  { store: 'postgres', bus: 'redis', available: postgres !== undefined && redis !== undefined },
] as const;

for (const pair of matrix) {
  describe.skipIf(!pair.available)(`AgentRuntime on ${pair.store} with the ${pair.bus} bus`, () => {
    it('wakes from the bus, caches a decision for a second worker, which loads the instance and wakes too', async () => {
      const backends = await openBackends(pair.store, pair.bus);
      const model = new FakeModelProvider({ answer: () => decisionJson(true, 0.9) });
      const workers: Worker[] = [];
      const runtimes: TestRuntime[] = [];
      const startWorker = async () => {
        const w = await backends.worker();
        workers.push(w);
        const rt = createTestRuntime({
          store: backends.store,
          bus: w.bus,
          clock: systemClock,
          ids: createIds(),
          models: model,
          prices: testPrices,
          cacheLevels: w.cacheLevels,
        });
        runtimes.push(rt);
        rt.register(definition);
        await rt.start();
        return rt;
      };
      const submit = () =>
        workers[0]!.bus.publish({
          topic: 'sales.deal.submitted',
          payload: { deal: 7 },
          headers: { 'tenant-id': 't1' },
        });
      try {
        const first = await startWorker();
        const a = await first.hire({ agentType: 'deal-desk', tenantId: 't1', instanceId: 'deal-desk-t1' });
        await submit();
        await eventually(
          () => first.get(a.id).wakeCount,
          (n) => n === 1,
          { what: 'the first wake' },
        );
        expect((await first.decide(a.id, review)).method).toBe('model');
        expect((await first.decide(a.id, review)).method).toBe('cache');
        await first.stop();

        const second = await startWorker();
        expect(second.get(a.id)).toMatchObject({ tenantId: 't1', wakeCount: 1, lifecycle: 'sleeping' });
        // A new process has an empty L1: the decision comes from the shared levels, not the model.
        expect((await second.decide(a.id, review)).method).toBe('cache');
        expect(model.calls).toBe(1);
        const levels = second.cache.stats();
        expect(pair.bus === 'redis' ? levels.l2?.hits : levels.l3?.hits).toBe(1);
        await submit();
        await eventually(
          () => second.get(a.id).wakeCount,
          (n) => n === 2,
          { what: 'the second wake' },
        );
      } finally {
        for (const rt of runtimes) await rt.stop();
        for (const w of workers) await w.close();
        await backends.close();
      }
    });
  });
}

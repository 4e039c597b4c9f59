// Our bus as a QueueSystem: the in-process bus, the Redis Streams bus and the durable in-process bus
// over the SQLite outbox (the embedded default: WAL, synchronous=FULL) — the "durable-SQL path".
import { join } from 'node:path';
import type { Bus } from '@waooaw/server/bus';
import { MemoryBus } from '@waooaw/server/bus';
import { RedisStreamsBus } from '@waooaw/server/bus';
import { createSqlStore, type SqlStore } from '@waooaw/server/store';
import type { BenchContext } from '../context.js';
import type { QueueFactory, QueueSystem } from './queue-system.js';

let seq = 0;

function busQueue(name: string, bus: Bus, extraClose: () => Promise<void> = async () => {}): QueueSystem {
  const topic = `bench.q${++seq}`;
  const group = `g${seq}`;
  return {
    name,
    async prepare() {
      // A group outlives its consumers: create it now so that messages published before `consume` wait.
      const sub = await bus.subscribe({ pattern: topic, group, handler: async () => {} });
      await sub.close();
    },
    async consume(concurrency, onItem) {
      await bus.subscribe({
        pattern: topic,
        group,
        concurrency,
        handler: async (d) => onItem((d.message.payload as { i: number }).i),
      });
    },
    async send(i) {
      await bus.publish({ topic, payload: { i } });
    },
    async sendMany(from, count) {
      // The bus's bulk API, as the peers use theirs (BullMQ addBulk, graphile-worker add_jobs, pg-boss
      // insert): one durable write (one outbox transaction / one Redis script) for the whole chunk,
      // after which each message is delivered, acked and dead-lettered on its own.
      await bus.publishBatch(Array.from({ length: count }, (_, j) => ({ topic, payload: { i: from + j } })));
    },
    async close() {
      await bus.close();
      await extraClose();
    },
  };
}

export const inProcessQueue: QueueFactory = async () => busQueue('ours in-process', new MemoryBus());

export function redisQueue(ctx: BenchContext): QueueFactory {
  return async () => {
    const bus = await RedisStreamsBus.connect({ url: ctx.redisUrl, prefix: `bench${++seq}` });
    return busQueue('ours Redis Streams', bus);
  };
}

/** The embedded default: durable in-process bus whose publishes commit to the SQLite outbox first. */
export async function openSqliteStore(
  ctx: BenchContext,
  synchronous: 'FULL' | 'NORMAL' = 'FULL',
): Promise<SqlStore> {
  const store = await createSqlStore({
    dialect: 'sqlite',
    path: join(ctx.tmpDir(), 'bench.db'),
    synchronous,
  });
  await store.migrate();
  return store;
}

export function durableSqliteQueue(ctx: BenchContext): QueueFactory {
  return async () => {
    const store = await openSqliteStore(ctx);
    const bus = await MemoryBus.open({ outbox: store.busOutbox });
    return busQueue('ours durable SQLite', bus, () => store.close());
  };
}

// Queue throughput: enqueue N items (each system's bulk API), then drain them at
// concurrency 100 — ours (Redis Streams bus; durable in-process bus on SQLite) next to BullMQ,
// graphile-worker (default and batched jobs) and pg-boss on the same Redis and PostgreSQL.
import type { BenchContext } from '../context.js';
import type { CellSpec, Runner } from '../harness.js';
import { bullmqQueue } from '../queues/bullmq-queue.js';
import { graphileWorkerQueue } from '../queues/graphile-worker-queue.js';
import { durableSqliteQueue, redisQueue } from '../queues/ours-queues.js';
import { pgBossQueue } from '../queues/pg-boss-queue.js';
import { completion, type QueueFactory } from '../queues/queue-system.js';

const CONCURRENCY = 100;
const CHUNK = 1000;

/**
 * Enqueue phase, then drain phase; the headline is items / (enqueue + drain) seconds. A system that
 * cannot drain within `capMs` is measured on what it drained so far (noted as `drained`).
 */
export function throughputRunner(factory: QueueFactory, total: number, capMs: number): Runner {
  return async () => {
    const q = await factory();
    try {
      await q.prepare();
      const t0 = performance.now();
      for (let i = 0; i < total; i += CHUNK) await q.sendMany(i, Math.min(CHUNK, total - i));
      const t1 = performance.now();
      const c = completion(total, capMs);
      await q.consume(CONCURRENCY, c.onItem);
      const drained = await c.wait();
      const t2 = performance.now();
      return {
        value: (drained / total) * (total / ((t2 - t0) / 1000)),
        extra: { enqueuePerS: total / ((t1 - t0) / 1000), drainPerS: drained / ((t2 - t1) / 1000), drained },
      };
    } finally {
      await q.close();
    }
  };
}

export function queueCells(ctx: BenchContext): CellSpec[] {
  const total = ctx.quick ? 5000 : 20_000;
  const cap = ctx.quick ? 8000 : 30_000;
  const pgDb = (name: string) => () => ctx.sharedDatabase(name);
  const sqlPeers = {
    'graphile-worker': throughputRunner(graphileWorkerQueue(pgDb('graphile'), false), total, cap),
    'graphile-worker batched': throughputRunner(graphileWorkerQueue(pgDb('graphile'), true), total, cap),
    'pg-boss': throughputRunner(pgBossQueue(pgDb('pgboss')), total, cap),
  };
  const note = `${total} items enqueued with each system's bulk API in chunks of ${CHUNK} (BullMQ addBulk, graphile-worker add_jobs, pg-boss insert, our bus publishBatch: one durable write per chunk), then drained at concurrency ${CONCURRENCY}; drain capped at ${cap / 1000} s. graphile-worker batched carries 100 items per job. pg-boss polls at most every 0.5 s.`;
  const sqlNote = `${note} Like with like: graphile-worker batched and our publishBatch both write a chunk in one statement batch / one commit, but graphile-worker batched stores, locks and completes one job per 100 items (a failing item retries its job's batch), while each of our messages keeps its own row, delivery, ack, retries and dead letter. Ours runs on SQLite (the embedded default), the peers on PostgreSQL.`;
  return [
    {
      id: 'queue.throughput-redis',
      suite: 'queue',
      metric: `Queue throughput, ${total} items, Redis: our Streams bus vs BullMQ`,
      unit: 'items/s',
      higherIsBetter: true,
      ours: throughputRunner(redisQueue(ctx), total, cap),
      peers: { bullmq: throughputRunner(bullmqQueue(ctx), total, cap) },
      goal: { ratio: 1.5, text: '≥ 1.5× BullMQ' },
      notes: note,
    },
    {
      id: 'queue.throughput-durable-sql',
      suite: 'queue',
      metric: `Queue throughput, ${total} items, durable SQL: our bus on SQLite (FULL) vs PostgreSQL job queues`,
      unit: 'items/s',
      higherIsBetter: true,
      ours: throughputRunner(durableSqliteQueue(ctx), total, cap),
      peers: sqlPeers,
      goal: { ratio: 1, versus: 'graphile-worker batched', text: '≥ 1× graphile-worker batched' },
      notes: sqlNote,
    },
  ];
}

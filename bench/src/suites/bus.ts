// Bus: publish→handler wake latency at fixed arrival rates (in-process, Redis Streams, BullMQ) and
// Redis publish→ack throughput (enqueue 20K, drain at concurrency 100) next to BullMQ on the same Redis.
import { Queue, Worker } from 'bullmq';
import { createBus } from '../../../packages/server/src/bus/create-bus.js';
import type { Bus } from '../../../packages/server/src/bus/bus.js';
import { loadConfig } from '../../../packages/server/src/config.js';
import { openLoop } from '../arrival.js';
import type { BenchContext } from '../context.js';
import type { CellSpec, Runner } from '../harness.js';

let seq = 0;

async function ourBus(ctx: BenchContext, kind: 'memory' | 'redis'): Promise<Bus> {
  const env: Record<string, string> = { WAOOAW_BUS_DURABLE: 'false', WAOOAW_BUS_PREFIX: `bench${++seq}` };
  if (kind === 'redis') env.REDIS_URL = ctx.redisUrl;
  return createBus(loadConfig({ env }), {});
}

function bullConnection(ctx: BenchContext) {
  const u = new URL(ctx.redisUrl);
  return { host: u.hostname, port: Number(u.port), maxRetriesPerRequest: null };
}

function ourLatency(ctx: BenchContext, kind: 'memory' | 'redis', rate: number, durationMs: number): Runner {
  return async () => {
    const bus = await ourBus(ctx, kind);
    try {
      let done!: (i: number) => void;
      const topic = `bench.wake.r${rate}`;
      await bus.subscribe({ pattern: topic, group: `wake-${seq}`, concurrency: 64, handler: async (d) => done((d.message.payload as { i: number }).i) });
      const r = await openLoop({ ratePerSecond: rate, durationMs, send: (i) => bus.publish({ topic, payload: { i } }).then(() => undefined) }, (fn) => (done = fn));
      return { value: r.p99, extra: { p50: r.p50, p99: r.p99, p999: r.p999, max: r.max, lost: r.lost } };
    } finally {
      await bus.close();
    }
  };
}

function bullLatency(ctx: BenchContext, rate: number, durationMs: number): Runner {
  return async () => {
    const name = `bench-wake-${++seq}`;
    const queue = new Queue(name, { connection: bullConnection(ctx) });
    let done!: (i: number) => void;
    const worker = new Worker(name, async (job) => done((job.data as { i: number }).i), { connection: bullConnection(ctx), concurrency: 64 });
    await worker.waitUntilReady();
    try {
      const r = await openLoop({ ratePerSecond: rate, durationMs, send: (i) => queue.add('w', { i }, { removeOnComplete: true }).then(() => undefined) }, (fn) => (done = fn));
      return { value: r.p99, extra: { p50: r.p50, p99: r.p99, p999: r.p999, max: r.max, lost: r.lost } };
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  };
}

function ourThroughput(ctx: BenchContext, total: number): Runner {
  return async () => {
    const bus = await ourBus(ctx, 'redis');
    try {
      const topic = 'bench.tp';
      let acked = 0;
      let resolve!: () => void;
      const finished = new Promise<void>((r) => (resolve = r));
      const sub = await bus.subscribe({ pattern: topic, group: `tp-${seq}`, concurrency: 100, handler: async () => {
        if (++acked === total) resolve();
      } });
      const started = performance.now();
      const batch = 500;
      for (let i = 0; i < total; i += batch) {
        await Promise.all(Array.from({ length: Math.min(batch, total - i) }, (_, j) => bus.publish({ topic, payload: { i: i + j } })));
      }
      await finished;
      const rate = total / ((performance.now() - started) / 1000);
      await sub.close();
      return { value: rate };
    } finally {
      await bus.close();
    }
  };
}

function bullThroughput(ctx: BenchContext, total: number): Runner {
  return async () => {
    const name = `bench-tp-${++seq}`;
    const queue = new Queue(name, { connection: bullConnection(ctx) });
    let processed = 0;
    let resolve!: () => void;
    const finished = new Promise<void>((r) => (resolve = r));
    const worker = new Worker(name, async () => {
      if (++processed === total) resolve();
    }, { connection: bullConnection(ctx), concurrency: 100, autorun: true });
    await worker.waitUntilReady();
    try {
      const started = performance.now();
      const batch = 500;
      for (let i = 0; i < total; i += batch) {
        await queue.addBulk(Array.from({ length: Math.min(batch, total - i) }, (_, j) => ({ name: 'j', data: { i: i + j }, opts: { removeOnComplete: true } })));
      }
      await finished;
      return { value: total / ((performance.now() - started) / 1000) };
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  };
}

export function busCells(ctx: BenchContext): CellSpec[] {
  const dur = ctx.quick ? 2000 : 5000;
  const rates = ctx.quick ? [1000] : [100, 1000, 10000];
  const cells: CellSpec[] = [];
  for (const rate of rates) {
    cells.push({
      id: `bus.wake-memory-${rate}`,
      suite: 'bus',
      metric: `Wake latency p99, in-process bus, ${rate}/s open loop`,
      unit: 'ms',
      higherIsBetter: false,
      ours: ourLatency(ctx, 'memory', rate, dur),
      goal: { absolute: 1, text: 'p99 ≤ 1 ms' },
    });
    cells.push({
      id: `bus.wake-redis-${rate}`,
      suite: 'bus',
      metric: `Wake latency p99, Redis Streams bus vs BullMQ, ${rate}/s open loop`,
      unit: 'ms',
      higherIsBetter: false,
      ours: ourLatency(ctx, 'redis', rate, dur),
      peers: { bullmq: bullLatency(ctx, rate, dur) },
      goal: { absolute: 3, text: 'p99 ≤ 3 ms' },
    });
  }
  const total = ctx.quick ? 10000 : 20000;
  cells.push({
    id: 'bus.redis-throughput',
    suite: 'bus',
    metric: `Redis publish→ack throughput, ${total} messages, drain at concurrency 100`,
    unit: 'msgs/s',
    higherIsBetter: true,
    ours: ourThroughput(ctx, total),
    peers: { bullmq: bullThroughput(ctx, total) },
    goal: { ratio: 1.5, text: '≥ 1.5× BullMQ' },
  });
  return cells;
}

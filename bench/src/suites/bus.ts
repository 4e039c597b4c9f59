// Wake latency: publish→handler at fixed arrival rates (open loop, measured from the intended send
// time, HDR histogram) for our in-process, Redis Streams and durable-SQL paths, each next to the
// peers of its kind on the same servers: BullMQ (Redis), graphile-worker and pg-boss (PostgreSQL).
import { openLoop } from '../arrival.js';
import type { BenchContext } from '../context.js';
import type { CellSpec, Runner } from '../harness.js';
import { bullmqQueue } from '../queues/bullmq-queue.js';
import { graphileWorkerQueue } from '../queues/graphile-worker-queue.js';
import { durableSqliteQueue, inProcessQueue, redisQueue } from '../queues/ours-queues.js';
import { pgBossQueue } from '../queues/pg-boss-queue.js';
import type { QueueFactory } from '../queues/queue-system.js';

/** Consumer concurrency for the latency runs: enough that the rate, not the consumer, is the limit. */
const CONCURRENCY = 64;
/** Messages sent unmeasured before an in-process run (see latencyRunner). */
const PRIME = 20_000;

export function latencyRunner(
  factory: QueueFactory,
  rate: number,
  durationMs: number,
  drainMs: number,
  primeCount = 0,
): Runner {
  return async () => {
    const q = await factory();
    try {
      let done!: (i: number) => void;
      await q.consume(CONCURRENCY, (i) => done(i));
      if (primeCount > 0) {
        // Unmeasured: at 100/s a 5 s run calls the handler path too rarely for V8 to optimise it,
        // so the run would measure the interpreter, not the bus a long-running process has.
        let left = primeCount;
        const primed = new Promise<void>((resolve) => (done = () => void (--left === 0 && resolve())));
        for (let i = 0; i < primeCount; i++) await q.send(-1 - i);
        await primed;
      }
      const r = await openLoop(
        { ratePerSecond: rate, durationMs, drainMs, send: (i) => q.send(i) },
        (fn) => (done = fn),
      );
      return {
        value: r.p99,
        extra: {
          p50: r.p50,
          p99: r.p99,
          p999: r.p999,
          max: r.max,
          sent: r.total,
          late: r.late,
          sendErrors: r.sendErrors,
        },
      };
    } finally {
      await q.close();
    }
  };
}

export function busCells(ctx: BenchContext): CellSpec[] {
  const dur = ctx.quick ? 1000 : 5000;
  const drain = ctx.quick ? 2000 : 10_000;
  const pgDb = (name: string) => () => ctx.sharedDatabase(name);
  const cells: CellSpec[] = [];
  const note = `open loop for ${dur / 1000} s, latency from the intended send time; items not handled within ${drain / 1000} s after the last send count as late at that bound. Consumer concurrency ${CONCURRENCY}.`;
  for (const rate of [100, 1000, 10_000]) {
    cells.push(
      {
        id: `bus.wake-inprocess-${rate}`,
        suite: 'bus',
        metric: `Wake latency p99, in-process bus, ${rate}/s`,
        unit: 'ms',
        higherIsBetter: false,
        ours: latencyRunner(inProcessQueue, rate, dur, drain, PRIME),
        goal: { absolute: 1, text: 'p99 ≤ 1 ms' },
        notes: `${note} Before each run ${PRIME.toLocaleString('en-US')} messages go through unmeasured, so the handler path runs optimised code as in a long-running process.`,
      },
      {
        id: `bus.wake-redis-${rate}`,
        suite: 'bus',
        metric: `Wake latency p99, Redis: our Streams bus vs BullMQ, ${rate}/s`,
        unit: 'ms',
        higherIsBetter: false,
        ours: latencyRunner(redisQueue(ctx), rate, dur, drain),
        peers: { bullmq: latencyRunner(bullmqQueue(ctx), rate, dur, drain) },
        goal: { absolute: 3, text: 'p99 ≤ 3 ms' },
        notes: note,
      },
      {
        id: `bus.wake-durable-sql-${rate}`,
        suite: 'bus',
        metric: `Wake latency p99, durable SQL: our bus on SQLite (FULL) vs graphile-worker, pg-boss, ${rate}/s`,
        unit: 'ms',
        higherIsBetter: false,
        ours: latencyRunner(durableSqliteQueue(ctx), rate, dur, drain),
        peers: {
          'graphile-worker': latencyRunner(graphileWorkerQueue(pgDb('graphile'), false), rate, dur, drain),
          'pg-boss': latencyRunner(pgBossQueue(pgDb('pgboss')), rate, dur, drain),
        },
        notes: note,
      },
    );
  }
  return cells;
}

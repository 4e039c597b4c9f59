// Calibration, first in every run: what this machine's storage and Redis can do raw, so every other
// figure can be read against it (absolute numbers vary by machine; ratios are what we gate on).
// Each measurement is time-boxed, because on a shared machine fsync rates swing by 10×.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { BenchContext } from '../context.js';
import { createLatencyRecorder, type CellSpec, type Sample } from '../harness.js';

/** Runs `op` from `workers` loops for `ms`; returns ops/s with the per-op latency p50/p99. */
export async function timed(
  ms: number,
  workers: number,
  op: (i: number) => Promise<void> | void,
): Promise<Sample> {
  const rec = createLatencyRecorder();
  let i = 0;
  const started = performance.now();
  const end = started + ms;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await op(i++);
        rec.recordMs(performance.now() - t);
      }
    }),
  );
  const s = rec.summaryMs();
  return { value: i / ((performance.now() - started) / 1000), extra: { p50: s.p50, p99: s.p99 } };
}

export function calibrationCells(ctx: BenchContext): CellSpec[] {
  const ms = ctx.quick ? 1000 : 3000;
  const pgRate = (clients: number): CellSpec => ({
    id: `calibrate.pg-commit-${clients}`,
    suite: 'calibrate',
    metric: `PostgreSQL single-row commit rate, ${clients} client(s) (commit latency p50/p99 in details)`,
    unit: 'commits/s',
    higherIsBetter: true,
    async ours() {
      const pool = new pg.Pool({ connectionString: await ctx.sharedDatabase('calibrate'), max: clients });
      try {
        const table = `t${Date.now()}`;
        await pool.query(`create table ${table} (id bigserial primary key, v int)`);
        return await timed(ms, clients, async (i) => {
          await pool.query(`insert into ${table} (v) values ($1)`, [i]);
        });
      } finally {
        await pool.end();
      }
    },
  });
  const sqliteRate = (sync: 'FULL' | 'NORMAL'): CellSpec => ({
    id: `calibrate.sqlite-commit-${sync.toLowerCase()}`,
    suite: 'calibrate',
    metric: `SQLite WAL single-row commit rate, synchronous=${sync} (commit latency p50/p99 in details)`,
    unit: 'commits/s',
    higherIsBetter: true,
    async ours() {
      const db = new Database(join(ctx.tmpDir(), `cal-${sync}.db`));
      try {
        db.pragma('journal_mode = WAL');
        db.pragma(`synchronous = ${sync}`);
        db.exec('create table t (id integer primary key, v int)');
        const insert = db.prepare('insert into t (v) values (?)');
        return await timed(ms, 1, (i) => void insert.run(i)); // autocommit: one transaction per row
      } finally {
        db.close();
      }
    },
  });
  return [
    pgRate(1),
    pgRate(64),
    sqliteRate('FULL'),
    sqliteRate('NORMAL'),
    {
      id: 'calibrate.redis-xadd',
      suite: 'calibrate',
      metric: 'Redis XADD rate, one at a time (await each)',
      unit: 'ops/s',
      higherIsBetter: true,
      async ours() {
        const r = new Redis(ctx.redisUrl);
        try {
          const key = `cal:${Date.now()}`;
          const s = await timed(ms, 1, async (i) => {
            await r.xadd(key, '*', 'v', String(i));
          });
          await r.del(key);
          return s;
        } finally {
          r.disconnect();
        }
      },
    },
    {
      id: 'calibrate.redis-xadd-pipelined',
      suite: 'calibrate',
      metric: 'Redis XADD rate, pipelined batches of 100',
      unit: 'ops/s',
      higherIsBetter: true,
      async ours() {
        const r = new Redis(ctx.redisUrl);
        try {
          const key = `calp:${Date.now()}`;
          const s = await timed(ms, 1, async (i) => {
            const p = r.pipeline();
            for (let j = 0; j < 100; j++) p.xadd(key, '*', 'v', String(i * 100 + j));
            await p.exec();
          });
          await r.del(key);
          return { value: s.value * 100 };
        } finally {
          r.disconnect();
        }
      },
    },
    {
      id: 'calibrate.event-loop-hop',
      suite: 'calibrate',
      metric: 'Event-loop hop (setImmediate) p99',
      unit: 'ms',
      higherIsBetter: false,
      async ours() {
        const rec = createLatencyRecorder();
        const end = performance.now() + ms / 2;
        while (performance.now() < end) {
          const t0 = performance.now();
          await new Promise<void>((r) => setImmediate(r));
          rec.recordMs(performance.now() - t0);
        }
        const s = rec.summaryMs();
        return { value: s.p99, extra: { p50: s.p50, p999: s.p999, max: s.max } };
      },
    },
  ];
}

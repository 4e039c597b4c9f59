// Calibration, first in every run: what this machine's storage and Redis can do raw, so every other
// figure can be read against it (absolute numbers vary by machine; ratios are what we gate on).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { BenchContext } from '../context.js';
import { createLatencyRecorder, throughput, type CellSpec } from '../harness.js';

export function calibrationCells(ctx: BenchContext): CellSpec[] {
  const n = ctx.quick ? 2000 : 10000;
  const pgRate = (clients: number): CellSpec => ({
    id: `calibrate.pg-commit-${clients}`,
    suite: 'calibrate',
    metric: `PostgreSQL single-row commit rate, ${clients} client(s)`,
    unit: 'commits/s',
    higherIsBetter: true,
    async ours() {
      const pool = new pg.Pool({ connectionString: await ctx.freshDatabase(), max: clients });
      try {
        await pool.query('create table t (id bigserial primary key, v int)');
        const rate = await throughput(clients === 1 ? n / 2 : n, clients, async (i) => {
          await pool.query('insert into t (v) values ($1)', [i]);
        });
        return { value: rate };
      } finally {
        await pool.end();
      }
    },
  });
  const sqliteRate = (sync: 'FULL' | 'NORMAL'): CellSpec => ({
    id: `calibrate.sqlite-commit-${sync.toLowerCase()}`,
    suite: 'calibrate',
    metric: `SQLite WAL single-row commit rate, synchronous=${sync}`,
    unit: 'commits/s',
    higherIsBetter: true,
    async ours() {
      const db = new Database(join(ctx.tmpDir(), `cal-${sync}-${Date.now()}.db`));
      try {
        db.pragma('journal_mode = WAL');
        db.pragma(`synchronous = ${sync}`);
        db.exec('create table t (id integer primary key, v int)');
        const insert = db.prepare('insert into t (v) values (?)');
        const count = sync === 'FULL' ? n : n * 5;
        const started = performance.now();
        for (let i = 0; i < count; i++) insert.run(i); // autocommit: one transaction per row
        return { value: count / ((performance.now() - started) / 1000) };
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
          const rate = await throughput(n, 1, async (i) => {
            await r.xadd(key, '*', 'v', String(i));
          });
          await r.del(key);
          return { value: rate };
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
          const total = n * 10;
          const started = performance.now();
          for (let i = 0; i < total; i += 100) {
            const p = r.pipeline();
            for (let j = 0; j < 100; j++) p.xadd(key, '*', 'v', String(i + j));
            await p.exec();
          }
          const rate = total / ((performance.now() - started) / 1000);
          await r.del(key);
          return { value: rate };
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
        for (let i = 0; i < n * 5; i++) {
          const t0 = performance.now();
          await new Promise<void>((r) => setImmediate(r));
          rec.recordMs(performance.now() - t0);
        }
        const s = rec.summaryMs();
        return { value: s.p99, extra: s };
      },
    },
  ];
}

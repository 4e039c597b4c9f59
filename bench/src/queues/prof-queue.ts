// A profiling aid, not a bench cell: the durable-SQL queue cell's path (durable in-process bus on the
// SQLite outbox, publishBatch in chunks of 1000, drain at concurrency 100) without PostgreSQL start-up.
// One store for all rounds (a fresh bus, topic and group each), so later rounds run no migrations.
//   N=20000 ROUNDS=5 node --import tsx --conditions=@waooaw/source bench/src/queues/prof-queue.ts
//   PROFILE=queue.cpuprofile … (a CPU profile of the rounds after the first)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MemoryBus } from '@waooaw/server/bus';
import { createSqlStore } from '@waooaw/server/store';

const n = Number(process.env.N ?? 20_000);
const rounds = Number(process.env.ROUNDS ?? 5);
const CHUNK = 1000;
// SQLCPU=1: CPU time spent inside better-sqlite3 statements, by statement kind.
const sqlCpu = new Map<string, { n: number; us: number }>();
if (process.env.SQLCPU) {
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
  probe.close();
  for (const method of ['run', 'all']) {
    const original = proto[method] as (...args: unknown[]) => unknown;
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      const c0 = process.cpuUsage();
      try {
        return original.apply(this, args);
      } finally {
        const c = process.cpuUsage(c0);
        const key = this.source.slice(0, 30);
        const e = sqlCpu.get(key) ?? { n: 0, us: 0 };
        e.n++;
        e.us += c.user + c.system;
        sqlCpu.set(key, e);
      }
    };
  }
}
const { Session } = await import('node:inspector/promises');
const session = process.env.PROFILE ? new Session() : undefined;
session?.connect();

const dir = mkdtempSync(join(tmpdir(), 'prof-queue-'));
// CHECKPOINT=inline: SQLite's own checkpoints inside COMMITs instead of the store's worker thread.
const store = await createSqlStore({
  dialect: 'sqlite',
  path: join(dir, 'bench.db'),
  synchronous: 'FULL',
  ...(process.env.CHECKPOINT === 'inline' ? { backgroundCheckpoint: false } : {}),
});
await store.migrate();
const us = (c: NodeJS.CpuUsage) => c.user + c.system;

async function round(r: number): Promise<void> {
  const bus = await MemoryBus.open({ outbox: store.busOutbox });
  const topic = `bench.q${r}`;
  const group = `g${r}`;
  const sub0 = await bus.subscribe({ pattern: topic, group, handler: async () => {} });
  await sub0.close();
  sqlCpu.clear();
  const commits0 = store.commitStats()?.commits ?? 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i += CHUNK)
    await bus.publishBatch(Array.from({ length: CHUNK }, (_, j) => ({ topic, payload: { i: i + j } })));
  const t1 = performance.now();
  const cpu1 = process.cpuUsage(cpu0);
  let seen = 0;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  await bus.subscribe({
    pattern: topic,
    group,
    concurrency: 100,
    handler: async () => {
      if (++seen === n) done();
    },
  });
  await all;
  const t2 = performance.now();
  const cpu2 = process.cpuUsage(cpu0);
  await bus.close();
  console.log(
    `round ${r}: total ${Math.round(n / ((t2 - t0) / 1000))}/s  enqueue ${Math.round(n / ((t1 - t0) / 1000))}/s ` +
      `(${(us(cpu1) / n).toFixed(1)} µs CPU/msg)  drain ${Math.round(n / ((t2 - t1) / 1000))}/s ` +
      `(${((us(cpu2) - us(cpu1)) / n).toFixed(1)} µs CPU/msg)  commits ${(store.commitStats()?.commits ?? 0) - commits0}`,
  );
  for (const [key, e] of sqlCpu) console.log(`  ${key.padEnd(30)} ×${e.n}  ${(e.us / n).toFixed(2)} µs/msg`);
}

for (let r = 0; r < rounds; r++) {
  if (r === 1) {
    await session?.post('Profiler.enable');
    await session?.post('Profiler.start');
  }
  await round(r);
}
if (session) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(process.env.PROFILE!, JSON.stringify(profile));
}
await store.close();
rmSync(dir, { recursive: true, force: true });

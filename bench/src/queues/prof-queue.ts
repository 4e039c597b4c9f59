// A profiling aid, not a bench cell: the durable-SQL queue cell's path (durable in-process bus on the
// SQLite outbox, publishBatch in chunks of 1000, drain at concurrency 100) without PostgreSQL start-up.
//   N=20000 ROUNDS=3 node --import tsx --conditions=@waooaw/source bench/src/queues/prof-queue.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryBus } from '@waooaw/server/bus';
import { createSqlStore } from '@waooaw/server/store';

const n = Number(process.env.N ?? 20_000);
const rounds = Number(process.env.ROUNDS ?? 3);
const CHUNK = 1000;

async function round(r: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'prof-queue-'));
  const store = await createSqlStore({ dialect: 'sqlite', path: join(dir, 'bench.db'), synchronous: 'FULL' });
  await store.migrate();
  const bus = await MemoryBus.open({ outbox: store.busOutbox });
  const topic = 'bench.q';
  const sub0 = await bus.subscribe({ pattern: topic, group: 'g', handler: async () => {} });
  await sub0.close();
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
    group: 'g',
    concurrency: 100,
    handler: async () => {
      if (++seen === n) done();
    },
  });
  await all;
  await bus.close();
  const t2 = performance.now();
  const cpu2 = process.cpuUsage(cpu0);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const us = (c: NodeJS.CpuUsage) => c.user + c.system;
  console.log(
    `round ${r}: total ${Math.round(n / ((t2 - t0) / 1000))}/s  enqueue ${Math.round(n / ((t1 - t0) / 1000))}/s ` +
      `(${(us(cpu1) / n).toFixed(1)} µs CPU/msg)  drain ${Math.round(n / ((t2 - t1) / 1000))}/s ` +
      `(${((us(cpu2) - us(cpu1)) / n).toFixed(1)} µs CPU/msg)`,
  );
}

for (let r = 0; r < rounds; r++) await round(r);

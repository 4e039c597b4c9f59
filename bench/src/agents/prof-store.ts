// A profiling aid, not a bench cell: the load path's store statements alone (pending tasks and
// handoffs, an escalation count, document insert/get/update in and out of a transaction), printing
// CPU µs per round on SQLite with synchronous=OFF so that the WAL flush does not drown the JavaScript.
//   ITER=4000 node --import tsx --conditions=@waooaw/source bench/src/agents/prof-store.ts
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqlStore, type SqlStore } from '@waooaw/server/store';

const iterations = Number(process.env.ITER ?? 4000);
const store = await createSqlStore({
  dialect: 'sqlite',
  path: join(mkdtempSync(join(tmpdir(), 'prof-store-')), 'db.sqlite'),
  synchronous: 'OFF',
});
await store.migrate();
const data = { text: 'x'.repeat(200), items: Array.from({ length: 20 }, (_, i) => ({ i, s: `v${i}` })) };

async function round(i: number): Promise<void> {
  const instanceId = `inst${i % 50}`;
  await store.agentTasks.list({ where: { instanceId, status: 'pending' }, limit: 10 });
  await store.agentHandoffs.list({ where: { toInstanceId: instanceId, status: 'pending' } });
  await store.escalations.count({ where: { agentId: instanceId, status: 'pending' } });
  await store.transaction(async (tx: SqlStore) => {
    await tx.documents.insert({ collection: 'c1', id: `d${i}`, tenantId: 't1', data });
    const doc = await tx.documents.get<typeof data>('c1', `d${i}`);
    await tx.documents.update('c1', `d${i}`, { ...doc!.data, n: i }, { expectedVersion: doc!.version });
  });
  await store.documents.insert({ collection: 'c2', id: `e${i}`, tenantId: 't1', data });
  void (await store.documents.get('c2', `e${i}`))?.data;
}

for (let i = 0; i < 500; i++) await round(1e6 + i);
const cpu0 = process.cpuUsage();
for (let i = 0; i < iterations; i++) await round(i);
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    rounds: iterations,
    cpuUsPerRound: Math.round((cpu.user + cpu.system) / iterations),
  }),
);
await store.close();

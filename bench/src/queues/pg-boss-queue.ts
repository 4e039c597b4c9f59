// Peer: pg-boss 10 (jobs in PostgreSQL, polled). Its workers poll at most every 0.5 s and fetch a
// batch per poll, so concurrency 100 is one worker fetching batches of 100 handled in parallel.
import PgBoss from 'pg-boss';
import type { QueueFactory } from './queue-system.js';

let seq = 0;

export function pgBossQueue(databaseUrl: () => Promise<string>): QueueFactory {
  return async () => {
    const connectionString = await databaseUrl();
    const boss = new PgBoss({ connectionString, max: 10, schedule: false, supervise: false });
    boss.on('error', () => undefined);
    await boss.start();
    const name = `bench_${process.pid}_${++seq}`;
    await boss.createQueue(name);
    return {
      name: 'pg-boss',
      async prepare() {},
      async consume(concurrency, onItem) {
        await boss.work<{ i: number }>(
          name,
          { batchSize: concurrency, pollingIntervalSeconds: 0.5 },
          async (jobs) => {
            await Promise.all(jobs.map(async (job) => onItem(job.data.i)));
          },
        );
      },
      async send(i) {
        await boss.send(name, { i });
      },
      async sendMany(from, count) {
        await boss.insert(Array.from({ length: count }, (_, j) => ({ name, data: { i: from + j } })));
      },
      async close() {
        await boss.offWork(name);
        await boss.deleteQueue(name).catch(() => undefined);
        await boss.stop({ graceful: false, wait: true });
      },
    };
  };
}

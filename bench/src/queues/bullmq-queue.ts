// Peer: BullMQ (jobs on Redis), on the run's Redis.
import { Queue, Worker } from 'bullmq';
import type { BenchContext } from '../context.js';
import type { QueueFactory } from './queue-system.js';

let seq = 0;

export function bullConnection(redisUrl: string) {
  const u = new URL(redisUrl);
  return { host: u.hostname, port: Number(u.port), maxRetriesPerRequest: null };
}

export function bullmqQueue(ctx: BenchContext): QueueFactory {
  return async () => {
    const name = `bench-q-${process.pid}-${++seq}`;
    const queue = new Queue(name, { connection: bullConnection(ctx.redisUrl) });
    let worker: Worker | undefined;
    return {
      name: 'bullmq',
      async prepare() {},
      async consume(concurrency, onItem) {
        worker = new Worker(name, async (job) => onItem((job.data as { i: number }).i), {
          connection: bullConnection(ctx.redisUrl),
          concurrency,
        });
        await worker.waitUntilReady();
      },
      async send(i) {
        await queue.add('j', { i }, { removeOnComplete: true });
      },
      async sendMany(from, count) {
        await queue.addBulk(
          Array.from({ length: count }, (_, j) => ({
            name: 'j',
            data: { i: from + j },
            opts: { removeOnComplete: true },
          })),
        );
      },
      async close() {
        await worker?.close(true);
        await queue.obliterate({ force: true });
        await queue.close();
      },
    };
  };
}

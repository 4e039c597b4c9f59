// Peer: BullMQ flows (FlowProducer) — the Redis-backed way to run dependent jobs. A 10-task chain is
// a flow nested 10 deep (children run before their parent); the 1+10 fan-out is a parent with 10
// children (the parent runs once all children are done, i.e. the join).
import { FlowProducer, Worker, type FlowJob } from 'bullmq';
import { bullConnection } from '../queues/bullmq-queue.js';

let seq = 0;

function chain(queueName: string, depth: number, instance: number): FlowJob {
  let job: FlowJob = { name: `t1`, queueName, data: { instance }, opts: { removeOnComplete: true } };
  for (let i = 2; i <= depth; i++)
    job = { name: `t${i}`, queueName, data: { instance }, children: [job], opts: { removeOnComplete: true } };
  return job;
}

function fanOut(queueName: string, branches: number, instance: number): FlowJob {
  return {
    name: 'join',
    queueName,
    data: { instance },
    opts: { removeOnComplete: true },
    children: Array.from({ length: branches }, (_, i) => ({
      name: `b${i + 1}`,
      queueName,
      data: { instance },
      opts: { removeOnComplete: true },
    })),
  };
}

/** Runs `instances` flows of `shape` with a worker at `concurrency`; returns flows/s (a flow is done when its root job is). */
export async function bullmqFlowsPerSecond(
  redisUrl: string,
  shape: 'chain' | 'fanout',
  instances: number,
  concurrency: number,
): Promise<number> {
  const queueName = `bench-flow-${process.pid}-${++seq}`;
  const root = shape === 'chain' ? 't10' : 'join';
  let done = 0;
  let resolve!: () => void;
  const finished = new Promise<void>((r) => (resolve = r));
  const worker = new Worker(
    queueName,
    async (job) => {
      if (job.name === root && ++done === instances) resolve();
    },
    { connection: bullConnection(redisUrl), concurrency },
  );
  const producer = new FlowProducer({ connection: bullConnection(redisUrl) });
  await worker.waitUntilReady();
  try {
    const started = performance.now();
    for (let i = 0; i < instances; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, instances - i) }, (_, j) =>
          producer.add(shape === 'chain' ? chain(queueName, 10, i + j) : fanOut(queueName, 10, i + j)),
        ),
      );
    }
    await finished;
    return instances / ((performance.now() - started) / 1000);
  } finally {
    await worker.close(true);
    await producer.close();
  }
}

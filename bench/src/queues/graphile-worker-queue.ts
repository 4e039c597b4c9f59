// Peer: graphile-worker 0.16 (jobs in PostgreSQL, LISTEN/NOTIFY wake-ups), default and batched jobs.
// "Batched" is graphile-worker's batch-job feature: a job whose payload is an array of items.
// Each run gets its own task identifier and runner, so nothing of one run reaches the next.
import { Logger, makeWorkerUtils, run, type Runner, type WorkerUtils } from 'graphile-worker';
import pg from 'pg';
import type { QueueFactory } from './queue-system.js';

let seq = 0;
const silent = new Logger(() => () => {});

/** Items per job in the batched variant. */
export const GRAPHILE_BATCH = 100;

export function graphileWorkerQueue(databaseUrl: () => Promise<string>, batched: boolean): QueueFactory {
  return async () => {
    const connectionString = await databaseUrl();
    const task = `bench_${process.pid}_${++seq}`;
    const utils: WorkerUtils = await makeWorkerUtils({ connectionString, logger: silent });
    await utils.migrate();
    const pool = new pg.Pool({ connectionString, max: 2 });
    let runner: Runner | undefined;
    // Bulk enqueue through graphile-worker's own add_jobs() SQL function (one statement per batch).
    const addJobs = async (payloads: unknown[]) => {
      await pool.query(
        `select graphile_worker.add_jobs(array(select row($1::text, p, null, null, null, null, null, null)::graphile_worker.job_spec from json_array_elements($2::json) p))`,
        [task, JSON.stringify(payloads)],
      );
    };
    return {
      name: batched ? 'graphile-worker batched' : 'graphile-worker',
      async prepare() {},
      async consume(concurrency, onItem) {
        runner = await run({
          connectionString,
          concurrency,
          maxPoolSize: Math.min(concurrency + 2, 40),
          noHandleSignals: true,
          pollInterval: 1000,
          logger: silent,
          taskList: {
            [task]: async (payload) => {
              if (Array.isArray(payload)) for (const item of payload) onItem((item as { i: number }).i);
              else onItem((payload as { i: number }).i);
            },
          },
        });
      },
      async send(i) {
        await utils.addJob(task, batched ? [{ i }] : { i });
      },
      async sendMany(from, count) {
        const items = Array.from({ length: count }, (_, j) => ({ i: from + j }));
        if (!batched) return addJobs(items);
        const jobs: unknown[] = [];
        for (let k = 0; k < items.length; k += GRAPHILE_BATCH) jobs.push(items.slice(k, k + GRAPHILE_BATCH));
        return addJobs(jobs);
      },
      async close() {
        await runner?.stop();
        await pool
          .query(
            'delete from graphile_worker._private_jobs where task_id = (select id from graphile_worker._private_tasks where identifier = $1)',
            [task],
          )
          .catch(() => undefined);
        await pool.end();
        await utils.release();
      },
    };
  };
}

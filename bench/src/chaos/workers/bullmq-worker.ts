// Chaos worker for the peer: a BullMQ worker applying the same PostgreSQL effect. Lock and stall
// check are set to 1 s to match our bus's visibility timeout; other settings are BullMQ's defaults
// (maxStalledCount 1: a job that stalls twice fails).
import { Worker } from 'bullmq';
import pg from 'pg';
import { applyPgEffect } from '../effects.js';

// Without its supervisor (the IPC channel closed) a worker must not linger.
process.on('disconnect', () => process.exit(0));

const pool = new pg.Pool({ connectionString: process.env.CHAOS_PG_URL, max: 10 });
pool.on('error', () => undefined);
const u = new URL(process.env.CHAOS_REDIS_URL!);
const workMs = Number(process.env.CHAOS_WORK_MS ?? 2);
const worker = new Worker(
  process.env.CHAOS_QUEUE!,
  async (job) => {
    const key = (job.data as { key: string }).key;
    if (workMs) await new Promise((r) => setTimeout(r, workMs));
    const applied = await applyPgEffect(pool, key);
    process.send?.({ t: 'effect', key, applied });
  },
  {
    connection: { host: u.hostname, port: Number(u.port), maxRetriesPerRequest: null },
    concurrency: Number(process.env.CHAOS_CONCURRENCY ?? 8),
    lockDuration: 1000,
    stalledInterval: 1000,
  },
);
worker.on('error', () => undefined);
await worker.waitUntilReady();
process.send?.({ t: 'ready' });

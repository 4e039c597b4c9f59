// Chaos worker: a Redis Streams bus consumer whose handler applies a PostgreSQL effect exactly once
// (unique idempotency key in the effect's transaction). Killed at random or at a fault point; a
// message in flight in a dead worker is redelivered once the worker's heartbeat lapses. The bus runs
// with the platform's defaults except the delivery limit (kills are not the handler's failures).
import pg from 'pg';
import { RedisStreamsBus } from '@waooaw/server/bus';
import { applyPgEffect } from '../effects.js';

// Without its supervisor (the IPC channel closed) a worker must not linger.
process.on('disconnect', () => process.exit(0));

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};

const pool = new pg.Pool({ connectionString: env('CHAOS_PG_URL'), max: 10 });
pool.on('error', () => undefined); // a PostgreSQL crash surfaces on the next query instead
const bus = await RedisStreamsBus.connect({
  url: env('CHAOS_REDIS_URL'),
  prefix: env('CHAOS_PREFIX'),
  maxDeliveries: Number(process.env.CHAOS_MAX_DELIVERIES ?? 1000),
});
const workMs = Number(process.env.CHAOS_WORK_MS ?? 2);
await bus.subscribe({
  pattern: env('CHAOS_TOPIC'),
  group: 'chaos',
  concurrency: Number(process.env.CHAOS_CONCURRENCY ?? 8),
  handler: async (d, ctx) => {
    const key = (d.message.payload as { key: string }).key;
    // CHAOS_DEDUPE=bus: also skip messages the bus says were seen (ctx.isDuplicate marks the key in
    // Redis before the effect runs) — the variant that shows what that mark does under kill -9.
    if (process.env.CHAOS_DEDUPE === 'bus' && (await ctx.isDuplicate())) return;
    if (workMs) await new Promise((r) => setTimeout(r, workMs));
    try {
      const applied = await applyPgEffect(pool, key);
      process.send?.({ t: 'effect', key, applied });
    } catch (err) {
      // The store is down: wait a little before the nack so redeliveries do not spin.
      await new Promise((r) => setTimeout(r, 250));
      throw err;
    }
  },
});
process.send?.({ t: 'ready' });

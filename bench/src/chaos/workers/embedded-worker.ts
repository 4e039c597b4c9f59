// Chaos worker for the embedded platform: one process with the durable in-process bus over its
// SQLite outbox (WAL, synchronous=FULL), publishing work and consuming it. After each acknowledged
// publish it records the key; a restarted process re-queues what the outbox still holds and resumes
// publishing where the records end (a publish acknowledged but not yet recorded is sent again).
import { existsSync } from 'node:fs';
import { MemoryBus } from '@waooaw/server/bus';
import { createSqlStore } from '@waooaw/server/store';
import { sqliteEffects } from '../effects.js';
import { faultPoint } from '../fault-point.js';

// Without its supervisor (the IPC channel closed) a worker must not linger.
process.on('disconnect', () => process.exit(0));

const path = process.env.CHAOS_DB!;
const target = Number(process.env.CHAOS_TARGET ?? 500);
const ratePerSecond = Number(process.env.CHAOS_RATE ?? 300);
/** The supervisor creates this file when the kills are over: publishing stops, draining goes on. */
const stopFile = process.env.CHAOS_STOP_FILE;
const store = await createSqlStore({ dialect: 'sqlite', path, synchronous: 'FULL' });
await store.migrate();
const effects = sqliteEffects(path);
const bus = await MemoryBus.open({
  outbox: store.busOutbox,
  visibilityTimeoutMs: Number(process.env.CHAOS_VISIBILITY_MS ?? 1000),
  maxDeliveries: 1000,
});
await bus.subscribe({
  pattern: 'chaos.work',
  group: 'chaos',
  concurrency: 8,
  handler: async (d) => {
    const key = (d.message.payload as { key: string }).key;
    await new Promise((r) => setTimeout(r, 2));
    effects.apply(key);
  },
});
process.send?.({ t: 'ready' });
let next = effects.lastPublished();
const started = performance.now();
const first = next;
while (next < target && !(stopFile && existsSync(stopFile))) {
  const key = `k${next}`;
  await bus.publish({ topic: 'chaos.work', payload: { key }, idempotencyKey: key });
  faultPoint('after-publish-before-record');
  effects.published(key);
  next++;
  const ahead = started + ((next - first) * 1000) / ratePerSecond - performance.now();
  if (ahead > 1) await new Promise((r) => setTimeout(r, ahead));
}
process.send?.({ t: 'published', count: next });
// Stay up after publishing stops: the durable bus keeps draining (and its timers alone may not hold the loop).
setInterval(() => undefined, 60_000);

import { describe, expect, it } from 'vitest';
import { FakeClock, systemClock } from '../clock.js';
import { createIds } from '../ids.js';
import type { Delivery } from './bus.js';
import { busConformance } from './bus.contract.js';
import { memoryBusHarness } from './bus-contract-helpers.js';
import { MemoryBroker } from './memory-broker.js';
import { MemoryBus } from './memory-bus.js';
import { runsOnBus } from '../testing/backends.js';

// BUSES (see testing/backends.ts) may leave the in-process bus out.
describe.skipIf(!runsOnBus('memory'))('in-process bus', () => {
  busConformance('MemoryBus', async () =>
    memoryBusHarness(new MemoryBroker({ clock: systemClock, ids: createIds() })),
  );
});

describe('MemoryBus with a fake clock', () => {
  it('redelivers exactly when the visibility timeout of the lease expires', async () => {
    const clock = new FakeClock();
    const bus = new MemoryBus({ clock, visibilityTimeoutMs: 1000 });
    const hang = new Promise<void>(() => {});
    const attempts: number[] = [];
    const sub = await bus.subscribe({
      pattern: 'lease.job',
      group: 'lease',
      concurrency: 2,
      handler: async (d) => {
        attempts.push(d.attempt);
        if (d.attempt === 1) await hang;
      },
    });
    await bus.publish({ topic: 'lease.job', payload: null });
    await clock.advance(999);
    expect(attempts).toEqual([1]);
    expect((await bus.stats()).groups[0]).toMatchObject({ pending: 1, depth: 0 });
    await clock.advance(1);
    expect(attempts).toEqual([1, 2]);
    expect(await bus.stats()).toMatchObject({ delivered: 2, acked: 1, groups: [{ pending: 0, depth: 0 }] });
    await sub.close({ graceMs: 0 });
    await bus.close();
  });

  it('forgets idempotency keys after the dedupe TTL', async () => {
    const clock = new FakeClock();
    const bus = new MemoryBus({ clock, dedupeTtlMs: 60_000 });
    const seen: boolean[] = [];
    await bus.subscribe({
      pattern: 'ttl.#',
      group: 'ttl',
      handler: async (_d, ctx) => void seen.push(await ctx.isDuplicate()),
    });
    await bus.publish({ topic: 'ttl.a', payload: 1, idempotencyKey: 'k' });
    await bus.publish({ topic: 'ttl.a', payload: 2, idempotencyKey: 'k' });
    await clock.advance(60_001);
    await bus.publish({ topic: 'ttl.a', payload: 3, idempotencyKey: 'k' });
    await clock.advance(0);
    expect(seen).toEqual([false, true, false]);
    await bus.close();
  });

  it('fails pending requests and later calls with UNAVAILABLE once closed', async () => {
    const clock = new FakeClock();
    const bus = new MemoryBus({ clock });
    const pending = bus.request({ topic: 'nobody.home', payload: null }, { timeoutMs: 5000 });
    const outcome = pending.catch((err: unknown) => err);
    await clock.advance(0);
    await bus.close();
    expect(await outcome).toMatchObject({ code: 'UNAVAILABLE' });
    await expect(bus.publish({ topic: 'a', payload: 1 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(bus.ping()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('gives handlers frozen copies so one group cannot change what another receives', async () => {
    const bus = new MemoryBus({ clock: new FakeClock() });
    const payload = { items: [1, 2] };
    const got: Delivery[] = [];
    let mutation: unknown;
    await bus.subscribe({
      pattern: 'm.#',
      group: 'writer',
      handler: async (d) => {
        try {
          (d.message.payload as { items: number[] }).items.push(3);
        } catch (err) {
          mutation = err;
        }
      },
    });
    await bus.subscribe({ pattern: 'm.#', group: 'reader', handler: async (d) => void got.push(d) });
    await bus.publish({ topic: 'm.x', payload });
    await flush();
    expect(mutation).toBeInstanceOf(TypeError);
    expect(got[0]!.message.payload).toEqual({ items: [1, 2] });
    payload.items.push(9); // the publisher's object stays its own
    expect(got[0]!.message.payload).toEqual({ items: [1, 2] });
    await bus.close();
  });
});

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

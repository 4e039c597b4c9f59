import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqlStore, type SqlStore } from '../store/sql-store.js';
import { systemClock } from '../clock.js';
import { createIds } from '../ids.js';
import { runsOnBus, storeTargets } from '../testing/backends.js';
import { testPostgres } from '../testing/services.js';
import type { BusMessage, Delivery } from './bus.js';
import { busConformance } from './bus.contract.js';
import { memoryBusHarness } from './bus-contract-helpers.js';
import { MemoryBroker } from './memory-broker.js';
import { MemoryBus } from './memory-bus.js';

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

// The durable in-process bus is an adapter of its own: the conformance suite runs on it over every
// store STORES selects, with the buses of one test sharing one broker over one outbox.
for (const target of storeTargets()) {
  describe.skipIf(!target.open || !runsOnBus('memory'))(`in-process bus durable on ${target.kind}`, () => {
    busConformance(`MemoryBus over the ${target.kind} outbox`, async () => {
      const opened = await target.open!();
      await opened.store.migrate();
      const broker = await MemoryBroker.open({
        clock: systemClock,
        ids: createIds(),
        outbox: opened.store.busOutbox,
      });
      return memoryBusHarness(broker, () => opened.cleanup());
    });
  });
}

describe('MemoryBus durable through the SQLite outbox', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function openStore(path: string): Promise<SqlStore> {
    const store = await createSqlStore({ dialect: 'sqlite', path, synchronous: 'OFF' });
    await store.migrate();
    return store;
  }

  function tempDb(): string {
    const dir = mkdtempSync(join(tmpdir(), 'waooaw-bus-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return join(dir, 'bus.db');
  }

  it('loses no acknowledged publish across a restart and keeps groups and dead letters', async () => {
    const path = tempDb();
    const store1 = await openStore(path);
    const bus1 = await MemoryBus.open({ outbox: store1.busOutbox, maxDeliveries: 1 });
    expect(bus1.isDurable).toBe(true);
    const handled: unknown[] = [];
    const sub = await bus1.subscribe({
      pattern: 'orders.#',
      group: 'orders',
      handler: async (d) => void handled.push(d.message.payload),
    });
    await bus1.subscribe({
      pattern: 'fragile.#',
      group: 'fragile',
      handler: async () => {
        throw new Error('fragile handler broke');
      },
    });
    await bus1.publish({ topic: 'orders.created', payload: 'consumed before the restart' });
    await until(() => handled.length === 1, 'the first delivery');
    await sub.close();
    await bus1.publish({ topic: 'orders.created', payload: 'normal' });
    await bus1.publish({ topic: 'orders.created', payload: 'urgent', priority: 5 });
    const doomed = await bus1.publish({ topic: 'fragile.op', payload: 'will fail' });
    await until(async () => (await bus1.dlq.count()) === 1, 'the dead letter');
    await bus1.close();
    await store1.close();

    const store2 = await openStore(path);
    const bus2 = await MemoryBus.open({ outbox: store2.busOutbox });
    cleanups.push(
      () => store2.close(),
      () => bus2.close(),
    );
    const before = await bus2.stats();
    expect(before.groups.map((g) => [g.group, g.pattern, g.depth])).toEqual([
      ['fragile', 'fragile.#', 0],
      ['orders', 'orders.#', 2],
    ]);
    const [dead] = (await bus2.dlq.list()).items;
    expect(dead).toMatchObject({
      group: 'fragile',
      reason: 'max-deliveries',
      deliveries: 1,
      message: { id: doomed.id },
    });
    expect(dead!.errors.map((e) => e.message)).toEqual(['fragile handler broke']);

    // The group registry survived: a publish before anyone subscribes is kept for the group.
    await bus2.publish({ topic: 'orders.created', payload: 'after the restart' });
    const got: Delivery[] = [];
    await bus2.subscribe({ pattern: 'orders.#', group: 'orders', handler: async (d) => void got.push(d) });
    await until(() => got.length === 3, 'the restored deliveries');
    expect(got.map((d) => d.message.payload)).toEqual(['urgent', 'normal', 'after the restart']);

    await bus2.dlq.discard(dead!.id, 'known bad input');
    const db = store2.db as Kysely<{
      bus_outbox: { id: string; status: string; discard_reason: string | null };
    }>;
    await until(
      async () =>
        (await db.selectFrom('bus_outbox').select('id').where('status', '=', 'pending').execute()).length ===
        0,
      'acks written',
    );
    const rows = await db.selectFrom('bus_outbox').select(['id', 'status', 'discard_reason']).execute();
    expect(rows).toEqual([{ id: dead!.id, status: 'discarded', discard_reason: 'known bad input' }]);
  });

  it('keeps a retried dead letter pending across a restart', async () => {
    const path = tempDb();
    const store1 = await openStore(path);
    const bus1 = await MemoryBus.open({ outbox: store1.busOutbox, maxDeliveries: 1 });
    const sub = await bus1.subscribe({
      pattern: 'r.#',
      group: 'r',
      handler: async () => {
        throw new Error('nope');
      },
    });
    const sent = await bus1.publish({ topic: 'r.x', payload: 1 });
    await until(async () => (await bus1.dlq.count()) === 1, 'the dead letter');
    await sub.close();
    const [dl] = (await bus1.dlq.list()).items;
    await bus1.dlq.retry(dl!.id);
    await bus1.close();
    await store1.close();

    const store2 = await openStore(path);
    const bus2 = await MemoryBus.open({ outbox: store2.busOutbox });
    cleanups.push(
      () => store2.close(),
      () => bus2.close(),
    );
    expect(await bus2.dlq.count()).toBe(0);
    const got: Delivery[] = [];
    await bus2.subscribe({ pattern: 'r.#', group: 'r', handler: async (d) => void got.push(d) });
    await until(() => got.length === 1, 'the retried message');
    expect(got[0]).toMatchObject({ attempt: 1, message: { id: sent.id } });
  });

  it('fails only the publish the outbox refuses when publishes share a batch', async () => {
    const store = await openStore(tempDb());
    const bus = await MemoryBus.open({ outbox: store.busOutbox });
    cleanups.push(
      () => store.close(),
      () => bus.close(),
    );
    const got: unknown[] = [];
    await bus.subscribe({
      pattern: 'b.#',
      group: 'b',
      handler: async (d) => void got.push(d.message.payload),
    });
    const [good, bad] = await Promise.allSettled([
      bus.publish({ topic: 'b.x', payload: 'fine' }),
      bus.publish({ topic: 'b.x', payload: 'nul \u0000 inside' }),
    ]);
    expect(good.status).toBe('fulfilled');
    expect(bad).toMatchObject({ status: 'rejected', reason: { code: 'VALIDATION' } });
    await until(() => got.length === 1, 'the good message');
    expect(got).toEqual(['fine']);
  });

  it('rejects a publish with UNAVAILABLE and delivers nothing when the outbox cannot be written', async () => {
    const store = await openStore(tempDb());
    const bus = await MemoryBus.open({ outbox: store.busOutbox });
    cleanups.push(() => bus.close());
    const got: BusMessage[] = [];
    await bus.subscribe({ pattern: 'x.#', group: 'x', handler: async (d) => void got.push(d.message) });
    await store.close();
    await expect(bus.publish({ topic: 'x.y', payload: 1 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(got).toEqual([]);
    expect((await bus.stats()).groups[0]).toMatchObject({ depth: 0, pending: 0 });
  });
});

const pg = await testPostgres();

describe.skipIf(!pg)('MemoryBus durable through the PostgreSQL outbox', () => {
  it('re-queues pending entries and dead letters after a restart', async () => {
    const open = async () => {
      const store = await createSqlStore({ dialect: 'postgres', url: pg!.url, poolSize: 2 });
      await store.migrate();
      return store;
    };
    const store1 = await open();
    const bus1 = await MemoryBus.open({ outbox: store1.busOutbox, maxDeliveries: 1 });
    const sub = await bus1.subscribe({
      pattern: 'pg.#',
      group: 'pg',
      handler: async (d) => {
        if (d.message.payload === 'bad') throw new Error('bad payload');
      },
    });
    await bus1.publish({ topic: 'pg.x', payload: 'bad' });
    await until(async () => (await bus1.dlq.count()) === 1, 'the dead letter');
    await sub.close();
    const kept = await bus1.publish({ topic: 'pg.x', payload: { nested: ['kept', 1] } });
    await bus1.close();
    await store1.close();

    const store2 = await open();
    const bus2 = await MemoryBus.open({ outbox: store2.busOutbox });
    try {
      expect((await bus2.dlq.list()).items.map((d) => [d.message.payload, d.errors[0]?.message])).toEqual([
        ['bad', 'bad payload'],
      ]);
      const got: Delivery[] = [];
      await bus2.subscribe({ pattern: 'pg.#', group: 'pg', handler: async (d) => void got.push(d) });
      await until(() => got.length === 1, 'the restored message');
      expect(got[0]!.message).toEqual(kept);
    } finally {
      await bus2.close();
      await store2.close();
      await pg!.drop();
    }
  });
});

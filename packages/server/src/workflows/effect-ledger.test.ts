import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { PlatformError } from '../errors.js';
import { createIds } from '../ids.js';
import { createSqlStore, type SqlStore } from '../store/sql-store.js';
import type { Store } from '../store/store.js';
import { EFFECTS, EffectLedger, type EffectRecord } from './effect-ledger.js';

describe('EffectLedger', () => {
  let store: SqlStore;
  let clock: FakeClock;
  let ledger: EffectLedger;
  beforeEach(async () => {
    clock = new FakeClock(Date.UTC(2026, 0, 5));
    store = await createSqlStore({ dialect: 'sqlite', path: ':memory:', synchronous: 'OFF' }, { clock });
    await store.migrate();
    ledger = new EffectLedger({ store, clock, ids: createIds(() => clock.now()) });
  });
  afterEach(async () => {
    await store.close();
  });

  const count = async (collection: string) => store.documents.count(collection);

  it('runs a store effect once per key, in the transaction of its record', async () => {
    let n = 0;
    const write = async (tx: Store) =>
      (await tx.documents.insert({ collection: 'things', id: `t${++n}`, data: { n } })).document.id;
    const first = await ledger.inTransaction('k1', write);
    expect(await ledger.inTransaction('k1', write)).toBe(first);
    expect(await count('things')).toBe(1);
    // A failing effect leaves neither the effect nor the record: the retry runs it.
    await expect(
      ledger.inTransaction('k2', async (tx) => {
        await write(tx);
        throw new PlatformError('UNAVAILABLE', 'down');
      }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(await count('things')).toBe(1);
    await ledger.inTransaction('k2', write);
    expect(await count('things')).toBe(2);
  });

  it('runs an outside effect once; after a stop between acting and recording, `find` recognises it', async () => {
    let runs = 0;
    const effect = { run: async () => ++runs, find: async () => (runs > 0 ? runs : undefined) };
    expect(await ledger.once('k', effect)).toBe(1);
    expect(await ledger.once('k', effect)).toBe(1);
    expect(await ledger.result('k')).toBe(1);
    // Simulate a crash after acting: the record says started.
    await store.documents.insert<EffectRecord>({
      collection: EFFECTS,
      id: 'e-crash',
      key: 'crashed',
      data: { key: 'crashed', state: 'started', result: null, startedAt: clock.now(), doneAt: null },
    });
    expect(await ledger.once('crashed', effect)).toBe(1);
    expect(runs).toBe(1);
    // Nothing recognisable: it runs again (at least once).
    await store.documents.insert<EffectRecord>({
      collection: EFFECTS,
      id: 'e-blind',
      key: 'blind',
      data: { key: 'blind', state: 'started', result: null, startedAt: clock.now(), doneAt: null },
    });
    expect(await ledger.once('blind', { run: async () => ++runs })).toBe(2);
  });
});

// Prepared queries: compiled once per dialect, each call only swapping in its values.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { testStoreBackends } from '../components/testing/test-stores.js';
import { preparedInsert, preparedQuery } from './prepared-query.js';
import type { SqlStore } from './sql-store.js';

interface Row {
  id: string;
  n: number;
  note: string | null;
}
type Db = Kysely<{ prepared_items: Row }>;

const insertItem = preparedInsert<Row>('prepared_items', ['id', 'n', 'note'], (q) => q.returningAll());
const addTo = preparedQuery<[delta: number, id: string]>(2, (db, delta, id) =>
  (db as Db)
    .updateTable('prepared_items')
    .set({ n: sql<number>`n + ${delta}` })
    .where('id', '=', id)
    .where('note', '=', 'fixed constant'),
);

const backends = await testStoreBackends();

describe.each(backends)('prepared queries on $name', (backend) => {
  let store: SqlStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await backend.open(new FakeClock()));
    await sql`create table prepared_items (id text primary key, n integer not null, note text)`.execute(
      store.db,
    );
  });
  afterAll(() => cleanup());

  it('runs with each call’s values, constants of the query kept, inside and outside transactions', async () => {
    const inserted = await insertItem.execute<Row>(store, { id: 'a', n: 1, note: 'fixed constant' });
    expect(inserted.rows).toEqual([{ id: 'a', n: 1, note: 'fixed constant' }]);
    await store.transaction(async (tx) => {
      await insertItem.execute(tx, { id: 'b', n: 5, note: null });
      const r = await addTo.execute(tx, 10, 'a');
      expect(r.numAffectedRows).toBe(1n);
    });
    expect((await addTo.execute(store, 3, 'b')).numAffectedRows).toBe(0n); // note is not the constant
    const rows = await sql<Row>`select * from prepared_items order by id`.execute(store.db);
    expect(rows.rows).toEqual([
      { id: 'a', n: 11, note: 'fixed constant' },
      { id: 'b', n: 5, note: null },
    ]);
  });

  it('compiles once: every call shares the SQL text, only the parameters differ', () => {
    const one = addTo.compile(store, 1, 'x');
    const two = addTo.compile(store, 2, 'y');
    expect(two.sql).toBe(one.sql);
    expect(one.parameters).toEqual([1, 'x', 'fixed constant']);
    expect(two.parameters).toEqual([2, 'y', 'fixed constant']);
    // The same statement Kysely builds for these values.
    const built = (store.db as Db)
      .updateTable('prepared_items')
      .set({ n: sql<number>`n + ${2}` })
      .where('id', '=', 'y')
      .where('note', '=', 'fixed constant')
      .compile();
    expect(two.sql).toBe(built.sql);
    expect(two.parameters).toEqual(built.parameters);
  });

  it('refuses a query that does not use an argument as a value', () => {
    const bad = preparedQuery<[table: string]>(1, (db, _table) =>
      db.selectFrom('prepared_items').selectAll(),
    );
    expect(() => bad.compile(store, 'x')).toThrow(/does not use argument\(s\) 0 as values/);
  });
});

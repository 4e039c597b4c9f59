// Prepared queries: compiled once per dialect, each call only swapping in its values.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { testStoreBackends } from '../components/testing/test-stores.js';
import { isPlatformError } from '../errors.js';
import { preparedByShape, preparedInsert, preparedQuery } from './prepared-query.js';
import { withStoreErrors } from './sql-errors.js';
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

  it('runs on the transaction’s connection: sees its writes, interleaves with built queries in order, rolls back with it', async () => {
    const getItem = preparedQuery<[id: string]>(1, (db, id) =>
      (db as Db).selectFrom('prepared_items').selectAll().where('id', '=', id),
    );
    await expect(
      store.transaction(async (tx) => {
        await insertItem.execute(tx, { id: 'r1', n: 1, note: null });
        // A statement built by Kysely, then prepared ones issued without waiting: issue order holds.
        const built = (tx.db as Db)
          .updateTable('prepared_items')
          .set({ n: 2 })
          .where('id', '=', 'r1')
          .execute();
        const [seen] = await Promise.all([getItem.execute<Row>(tx, 'r1'), built]);
        expect(seen.rows).toEqual([{ id: 'r1', n: 2, note: null }]);
        expect((await addTo.execute(tx, 1, 'r1')).numAffectedRows).toBe(0n);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await getItem.execute(store, 'r1')).rows).toEqual([]);
    // Outside a transaction, concurrent prepared writes each take their turn on the connection.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => insertItem.execute(store, { id: `c${i}`, n: i, note: null })),
    );
    const byShape = preparedByShape();
    const count = (prefix: string) =>
      byShape('count like', 1, (db, p) =>
        (db as Db)
          .selectFrom('prepared_items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('id', 'like', p as string),
      ).execute<{ n: number | string }>(store, prefix);
    expect(Number((await count('c%')).rows[0]!.n)).toBe(20);
  });

  it('a duplicate key fails as the store’s CONFLICT, in and out of transactions', async () => {
    await insertItem.execute(store, { id: 'dup', n: 1, note: null });
    const again = () =>
      withStoreErrors(() => insertItem.execute(store, { id: 'dup', n: 2, note: null }), store.errorContext);
    await expect(again()).rejects.toSatisfy((e) => isPlatformError(e, 'CONFLICT'));
    await expect(
      store.transaction((tx) =>
        withStoreErrors(() => insertItem.execute(tx, { id: 'dup', n: 3, note: null }), tx.errorContext),
      ),
    ).rejects.toSatisfy((e) => isPlatformError(e, 'CONFLICT'));
  });

  it('refuses a query that does not use an argument as a value', () => {
    const bad = preparedQuery<[table: string]>(1, (db, _table) =>
      db.selectFrom('prepared_items').selectAll(),
    );
    expect(() => bad.compile(store, 'x')).toThrow(/does not use argument\(s\) 0 as values/);
  });
});

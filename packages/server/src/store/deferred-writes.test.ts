// Deferred durability (decision 0089) on both stores: a deferred transaction is answered once applied,
// later reads see it, the closing durable transaction makes it durable, and a commit lost in between
// fails the closing transaction so its unit of work is redone instead of confirmed.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../testing/eventually.js';
import { storeTargets, type OpenedStore } from '../testing/backends.js';
import { testPostgres } from '../testing/services.js';
import { createDeferredForeignKey, transactionFailingAtCommit } from '../testing/failing-commit.js';
import { BetterSqliteDriver, DEFERRED_COMMIT_SQL } from './sqlite-driver.js';
import { createSqlStore, type SqlStore } from './sql-store.js';

const dir = mkdtempSync(join(tmpdir(), 'waooaw-deferred-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const insert = (db: SqlStore['db'], k: string) => sql`insert into items (k) values (${k})`.execute(db);
const keysOf = async (store: SqlStore) =>
  (await sql<{ k: string }>`select k from items order by k`.execute(store.db)).rows.map((r) => r.k);

describe.each(storeTargets())('deferred writes on $kind', ({ open }) => {
  let opened: OpenedStore;
  let store: SqlStore;
  beforeEach(async () => {
    if (!open) return;
    opened = await open();
    store = opened.store;
    await sql`create table items (k text primary key)`.execute(store.db);
  });
  afterEach(async () => {
    if (open) await opened.cleanup();
  });

  it.skipIf(!open)(
    'a deferred transaction is visible to later reads and transactions; the closing one commits',
    async () => {
      const writes = store.deferWrites();
      await store.transaction((tx) => insert(tx.db, 'a'), { defer: writes });
      expect(await keysOf(store)).toEqual(['a']);
      await store.transaction(
        async (tx) => {
          expect(await keysOf(tx)).toEqual(['a']);
          await insert(tx.db, 'b');
        },
        { closes: writes },
      );
      expect(await keysOf(store)).toEqual(['a', 'b']);
    },
  );

  it.skipIf(!open)('a deferred transaction that throws is rolled back like any other', async () => {
    const writes = store.deferWrites();
    await expect(
      store.transaction(
        async (tx) => {
          await insert(tx.db, 'x');
          throw new Error('changed my mind');
        },
        { defer: writes },
      ),
    ).rejects.toThrow('changed my mind');
    await store.transaction((tx) => insert(tx.db, 'a'), { defer: writes });
    await store.transaction((tx) => insert(tx.db, 'y'), { closes: writes });
    expect(await keysOf(store)).toEqual(['a', 'y']);
  });
});

describe('SQLite deferred writes', () => {
  let n = 0;
  let path: string;
  let store: SqlStore;
  let reader: Database.Database;
  const committed = () =>
    (reader.prepare('select k from items order by k').all() as Array<{ k: string }>).map((r) => r.k);

  beforeEach(async () => {
    path = join(dir, `d${n++}.db`);
    // No time cap: a group commits when the connection is idle (one macrotask), never mid-test by the clock.
    store = await createSqlStore({ dialect: 'sqlite', path, groupCommit: { maxDelayMs: 60_000 } });
    await sql`create table items (k text primary key)`.execute(store.db);
    await createDeferredForeignKey(store);
    reader = new Database(path, { readonly: true });
  });
  afterEach(async () => {
    reader.close();
    await store.close();
  });

  it('is answered before its COMMIT and counted; the closing transaction waits for a durable one', async () => {
    const before = store.commitStats()!;
    const writes = store.deferWrites();
    await store.transaction((tx) => insert(tx.db, 'a'), { defer: writes });
    // Answered, visible on the store's own connection, not yet committed for another connection.
    expect(committed()).toEqual([]);
    expect(await keysOf(store)).toEqual(['a']);
    await store.transaction((tx) => insert(tx.db, 'b'), { closes: writes });
    expect(committed()).toEqual(['a', 'b']);
    const after = store.commitStats()!;
    expect(after.deferred - before.deferred).toBe(1);
    expect(after.units - before.units).toBe(2);
    expect(after.commits - before.commits).toBe(1);
  });

  it('a crash before the closing commit loses every deferred write; after it, none', async () => {
    const image = (name: string) => {
      // What a power cut leaves: the database and its WAL as they are on disk at this instant.
      const copy = join(dir, name);
      copyFileSync(path, copy);
      if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
      const db = new Database(copy);
      try {
        return (db.prepare('select k from items order by k').all() as Array<{ k: string }>).map((r) => r.k);
      } finally {
        db.close();
      }
    };
    const writes = store.deferWrites();
    await store.transaction((tx) => insert(tx.db, 'a'), { defer: writes });
    await store.transaction((tx) => insert(tx.db, 'b'), { defer: writes });
    expect(image(`crash-before-${n}.db`)).toEqual([]);
    await store.transaction((tx) => insert(tx.db, 'c'), { closes: writes });
    expect(image(`crash-after-${n}.db`)).toEqual(['a', 'b', 'c']);
  });

  it('a lost group fails the closing transaction of a unit of work that began before it', async () => {
    const writes = store.deferWrites();
    // A deferred foreign key is checked at COMMIT: the bad unit makes the whole group's COMMIT fail,
    // after the deferred transaction in it was answered.
    const [deferred, bad] = await Promise.allSettled([
      store.transaction((tx) => insert(tx.db, 'x'), { defer: writes }),
      transactionFailingAtCommit(store),
    ]);
    expect(deferred.status).toBe('fulfilled');
    expect(bad.status).toBe('rejected');
    expect(await keysOf(store)).toEqual([]);
    await expect(store.transaction((tx) => insert(tx.db, 'y'), { closes: writes })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
    });
    // Nothing of the unit of work was confirmed; a unit of work begun afterwards goes through.
    await expect(store.transaction((tx) => insert(tx.db, 'z'), { defer: writes })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    const next = store.deferWrites();
    await store.transaction((tx) => insert(tx.db, 'p'), { defer: next });
    await store.transaction((tx) => insert(tx.db, 'q'), { closes: next });
    expect(committed()).toEqual(['p', 'q']);
  });

  it('a failed WAL flush counts as a failure for deferred writes', async () => {
    const flushPath = join(dir, `f${n}.db`);
    const raw = new Database(flushPath);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.exec('create table items (k text primary key)');
    let fail!: (err: Error) => void;
    const driver = new BetterSqliteDriver(
      raw,
      1000,
      {},
      {
        walPath: `${flushPath}-wal`,
        flush: () => new Promise<void>((_, reject) => (fail = reject)),
      },
    );
    const db = new Kysely<{ items: { k: string } }>({
      dialect: {
        createAdapter: () => new SqliteAdapter(),
        createDriver: () => driver,
        createIntrospector: (k) => new SqliteIntrospector(k),
        createQueryCompiler: () => new SqliteQueryCompiler(),
      },
    });
    try {
      await db.transaction().execute(async (tx) => {
        await tx.executeQuery(CompiledQuery.raw(DEFERRED_COMMIT_SQL));
        await tx.insertInto('items').values({ k: 'a' }).execute();
      });
      expect(driver.failures).toBe(0);
      await eventually(
        () => fail,
        (f) => f !== undefined,
        { what: 'the WAL flush' },
      );
      fail(new Error('EIO: i/o error, fdatasync'));
      await eventually(
        () => driver.failures,
        (f) => f === 1,
        { what: 'the failure count' },
      );
      expect(driver.stats.deferred).toBe(1);
    } finally {
      await db.destroy();
    }
  });
});

describe.skipIf(!storeTargets().some((t) => t.kind === 'postgres' && t.open))(
  'PostgreSQL deferred writes',
  () => {
    it('only the deferred transaction commits asynchronously', async () => {
      const database = (await testPostgres())!;
      // The test server may run with asynchronous commits throughout: this database commits synchronously.
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin.query(
        `alter database "${new URL(database.url).pathname.slice(1)}" set synchronous_commit = on`,
      );
      await admin.end();
      const store = await createSqlStore({ dialect: 'postgres', url: database.url, poolSize: 1 });
      try {
        const setting = (tx: SqlStore) =>
          sql<{ synchronous_commit: string }>`show synchronous_commit`
            .execute(tx.db)
            .then((r) => r.rows[0]!.synchronous_commit);
        const writes = store.deferWrites();
        expect(await store.transaction(setting, { defer: writes })).toBe('off');
        expect(await store.transaction(setting, { closes: writes })).toBe('on');
        expect(await store.transaction(setting)).toBe('on');
      } finally {
        await store.close();
        await database.drop();
      }
    });

    it('a lost connection fails the closing transaction: the server may have lost asynchronous commits', async () => {
      const database = (await testPostgres())!;
      const store = await createSqlStore({ dialect: 'postgres', url: database.url, poolSize: 2 });
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      try {
        await sql`create table items (k text primary key)`.execute(store.db);
        const writes = store.deferWrites();
        await store.transaction((tx) => insert(tx.db, 'a'), { defer: writes });
        // As a crash does to every connection open at that moment.
        await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
        );
        await eventually(
          () => store.deferWrites().failuresAtStart,
          (failures) => failures > writes.failuresAtStart,
          { what: 'the lost connections to be noticed' },
        );
        await expect(store.transaction((tx) => insert(tx.db, 'b'), { closes: writes })).rejects.toMatchObject(
          { code: 'UNAVAILABLE', retryable: true },
        );
        // A unit of work begun after the loss goes through.
        const next = store.deferWrites();
        await store.transaction((tx) => insert(tx.db, 'c'), { defer: next });
        await store.transaction((tx) => insert(tx.db, 'd'), { closes: next });
        expect(await keysOf(store)).toEqual(['a', 'c', 'd']);
      } finally {
        await admin.end();
        await store.close();
        await database.drop();
      }
    });
  },
);

// Group commit in the SQLite driver: concurrent transactions and single writes share one COMMIT,
// each is answered only once that COMMIT is durable, and a failure stays with its own unit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqlStore, type SqlStore } from './sql-store.js';

const dir = mkdtempSync(join(tmpdir(), 'waooaw-group-commit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
let path: string;
let store: SqlStore;
/** A second connection, as another process would have: it sees committed data only. */
let reader: Database.Database;

const keys = () =>
  (reader.prepare('select k from items order by k').all() as Array<{ k: string }>).map((r) => r.k);
const insert = (db: SqlStore['db'], k: string) => sql`insert into items (k) values (${k})`.execute(db);

beforeEach(async () => {
  path = join(dir, `g${n++}.db`);
  // No time cap here, so how units group depends only on when they come (not on the machine's speed).
  store = await createSqlStore({ dialect: 'sqlite', path, groupCommit: { maxDelayMs: 60_000 } });
  await sql`create table items (k text primary key)`.execute(store.db);
  await sql`create table parents (id text primary key)`.execute(store.db);
  await sql`create table children (id text primary key, parent text references parents (id) deferrable initially deferred)`.execute(
    store.db,
  );
  reader = new Database(path, { readonly: true });
});

afterEach(async () => {
  reader.close();
  await store.close();
});

describe('SQLite group commit', () => {
  it('answers a transaction only after its COMMIT, which concurrent transactions share', async () => {
    const before = store.commitStats()!;
    let answered = 0;
    const all = Array.from({ length: 20 }, (_, i) =>
      store
        .transaction(async (tx) => {
          await insert(tx.db, `t${i}`);
          await insert(tx.db, `u${i}`);
        })
        .then(() => {
          // Durable when answered: another connection sees this transaction's rows.
          expect(keys()).toEqual(expect.arrayContaining([`t${i}`, `u${i}`]));
          answered++;
        }),
    );
    for (let i = 0; i < 50; i++) await Promise.resolve();
    expect(answered).toBe(0);
    expect(keys()).toEqual([]);
    await Promise.all(all);
    expect(answered).toBe(20);
    const after = store.commitStats()!;
    expect(after.units - before.units).toBe(20);
    expect(after.commits - before.commits).toBe(1);
  });

  it('single writes outside a transaction join the group too', async () => {
    const before = store.commitStats()!;
    await Promise.all(Array.from({ length: 10 }, (_, i) => insert(store.db, `w${i}`)));
    expect(keys()).toHaveLength(10);
    expect(store.commitStats()!.commits - before.commits).toBe(1);
  });

  it('a failed transaction rolls back only its own writes; the others in its group commit', async () => {
    const results = await Promise.allSettled([
      store.transaction(async (tx) => insert(tx.db, 'a')),
      store.transaction(async (tx) => {
        await insert(tx.db, 'b');
        throw new Error('changed my mind');
      }),
      store.transaction(async (tx) => insert(tx.db, 'c')),
      // A duplicate key fails the statement; its transaction and single write are undone alone.
      store.transaction(async (tx) => {
        await insert(tx.db, 'd');
        await insert(tx.db, 'a');
      }),
      insert(store.db, 'c'),
      insert(store.db, 'e'),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'changed my mind' });
    expect((results[3] as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    expect(keys()).toEqual(['a', 'c', 'e']);
  });

  it('a COMMIT that fails fails every member of its group, and the next group works', async () => {
    // A deferred foreign key is only checked at COMMIT: one bad unit makes the COMMIT itself fail.
    const results = await Promise.allSettled([
      store.transaction(async (tx) => insert(tx.db, 'x')),
      store.transaction(async (tx) => {
        await sql`insert into children (id, parent) values ('c1', 'nobody')`.execute(tx.db);
      }),
      insert(store.db, 'y'),
    ]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(keys()).toEqual([]);
    await store.transaction(async (tx) => insert(tx.db, 'z'));
    expect(keys()).toEqual(['z']);
  });

  it('waits for another connection that holds the write lock, without blocking the event loop', async () => {
    const other = await createSqlStore({ dialect: 'sqlite', path });
    try {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const holding = other.transaction(async (tx) => {
        await insert(tx.db, 'first');
        await held;
      });
      for (let i = 0; i < 50; i++) await Promise.resolve();
      const waiting = store.transaction(async (tx) => insert(tx.db, 'second'));
      // The event loop runs meanwhile: a timer fires while the write lock is held elsewhere.
      await new Promise((r) => setTimeout(r, 20));
      expect(keys()).toEqual([]);
      release();
      await Promise.all([holding, waiting]);
      expect(keys()).toEqual(['first', 'second']);
    } finally {
      await other.close();
    }
  });

  it('closing the store during a transaction rolls its group back and tells every member; nothing half done is committed', async () => {
    const done = store.transaction(async (tx) => insert(tx.db, 'finished'));
    // Rejected while close() is still stopping the checkpoint worker: handled before it is awaited.
    void done.catch(() => undefined);
    let inside!: () => void;
    const entered = new Promise<void>((r) => (inside = r));
    const running = store.transaction(async (tx) => {
      await insert(tx.db, 'half');
      inside();
      await new Promise(() => undefined); // never finishes
    });
    void running.catch(() => undefined);
    await entered;
    await store.close();
    await expect(done).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(keys()).toEqual([]);
    // Without a running transaction, closing commits what is waiting.
    store = await createSqlStore({ dialect: 'sqlite', path });
    const waiting = insert(store.db, 'waiting');
    for (let i = 0; i < 50; i++) await Promise.resolve(); // written, waiting for its COMMIT
    await store.close();
    await waiting;
    expect(keys()).toEqual(['waiting']);
    store = await createSqlStore({ dialect: 'sqlite', path });
  });

  it('callers waiting behind one transaction for longer than the busy timeout fail; the transaction and the store go on', async () => {
    const slow = await createSqlStore({
      dialect: 'sqlite',
      path: join(dir, `slow${n++}.db`),
      busyTimeoutMs: 50,
    });
    try {
      await sql`create table items (k text primary key)`.execute(slow.db);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let inside!: () => void;
      const entered = new Promise<void>((r) => (inside = r));
      const long = slow.transaction(async (tx) => {
        await insert(tx.db, 'long');
        inside();
        await held;
      });
      await entered;
      const waiting = insert(slow.db, 'waiting');
      await expect(waiting).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: true });
      release();
      await long;
      await insert(slow.db, 'after');
      const rows = await sql<{ k: string }>`select k from items order by k`.execute(slow.db);
      expect(rows.rows.map((r) => r.k)).toEqual(['after', 'long']);
    } finally {
      await slow.close();
    }
  });

  it('a group commits once it holds maxUnits', async () => {
    const capped = await createSqlStore({
      dialect: 'sqlite',
      path: join(dir, `capped${n++}.db`),
      groupCommit: { maxUnits: 8, maxDelayMs: 60_000 },
    });
    try {
      await sql`create table items (k text primary key)`.execute(capped.db);
      const before = capped.commitStats()!;
      await Promise.all(Array.from({ length: 20 }, (_, i) => insert(capped.db, `c${i}`)));
      const after = capped.commitStats()!;
      expect([after.commits - before.commits, after.units - before.units]).toEqual([3, 20]);
    } finally {
      await capped.close();
    }
  });

  it('groupCommit: false commits every unit on its own', async () => {
    const single = await createSqlStore({
      dialect: 'sqlite',
      path: join(dir, `single${n++}.db`),
      groupCommit: false,
    });
    try {
      await sql`create table items (k text primary key)`.execute(single.db);
      const before = single.commitStats()!;
      await Promise.all(Array.from({ length: 5 }, (_, i) => insert(single.db, `s${i}`)));
      expect(single.commitStats()!.commits - before.commits).toBe(5);
    } finally {
      await single.close();
    }
  });
});

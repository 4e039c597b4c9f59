// Durable commits with the fsync off the event loop: under synchronous=FULL the SQLite driver runs
// the connection at NORMAL and flushes the WAL itself, answering callers only once the flush that
// covers their COMMIT is done — one flush at a time, shared by every group committed meanwhile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BetterSqliteDriver } from './sqlite-driver.js';
import { createSqlStore } from './sql-store.js';

const dir = mkdtempSync(join(tmpdir(), 'waooaw-wal-sync-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A flush the test completes by hand. */
class ManualFlush {
  calls = 0;
  private pending: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  private waiting: Array<() => void> = [];
  private auto = false;
  readonly flush = (fd: number) => {
    expect(fd).toBeGreaterThan(0);
    this.calls++;
    for (const w of this.waiting.splice(0)) w();
    if (this.auto) return Promise.resolve();
    return new Promise<void>((resolve, reject) => this.pending.push({ resolve, reject }));
  };
  /** Completes what is pending and every flush from now on. */
  release(): void {
    this.auto = true;
    for (const p of this.pending.splice(0)) p.resolve();
  }
  /** Resolves once `count` flushes have been asked for. */
  async called(count: number): Promise<void> {
    while (this.calls < count) await new Promise<void>((r) => this.waiting.push(r));
  }
  /** Completes the oldest pending flush (or the `index`-th). */
  complete(index = 0): void {
    this.pending.splice(index, 1)[0]!.resolve();
  }
  fail(err: Error): void {
    this.pending.shift()!.reject(err);
  }
}

let n = 0;
let flush: ManualFlush;
let db: Kysely<{ items: { k: string } }>;
let driver: BetterSqliteDriver;
let reader: Database.Database;
let open: boolean;
const keys = () =>
  (reader.prepare('select k from items order by k').all() as Array<{ k: string }>).map((r) => r.k);
const insert = (k: string) =>
  db.transaction().execute((tx) => tx.insertInto('items').values({ k }).execute());
/** Lets the loop turn a few times (a group commits one macrotask after its last unit). */
const turns = async (count = 5) => {
  for (let i = 0; i < count; i++) await new Promise((r) => setImmediate(r));
};

beforeEach(async () => {
  const path = join(dir, `w${n++}.db`);
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec('create table items (k text primary key)');
  flush = new ManualFlush();
  driver = new BetterSqliteDriver(
    raw,
    1000,
    {},
    { walPath: `${path}-wal`, flush: flush.flush, maxInFlight: 2 },
  );
  db = new Kysely({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => driver,
      createIntrospector: (k) => new SqliteIntrospector(k),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
  reader = new Database(path, { readonly: true });
  open = true;
});

afterEach(async () => {
  reader.close();
  // A test may leave a flush pending: complete it so that close() can finish.
  flush.release();
  if (open) await db.destroy();
});

describe('SQLite WAL flush off the event loop (synchronous=FULL)', () => {
  it('answers a transaction only after the flush that covers its COMMIT', async () => {
    let answered = false;
    const done = insert('a').then(() => (answered = true));
    await flush.called(1);
    // Committed (another connection sees it) but not yet durable, so not yet answered.
    expect(keys()).toEqual(['a']);
    await turns();
    expect(answered).toBe(false);
    flush.complete();
    await done;
    expect(answered).toBe(true);
    expect(driver.stats).toMatchObject({ commits: 1, units: 1, syncs: 1 });
  });

  it('a second group flushes without waiting for the first; a later flush answers earlier groups too', async () => {
    let firstDone = false;
    const first = insert('a').then(() => (firstDone = true));
    await flush.called(1);
    const second = insert('b');
    await flush.called(2);
    // The second flush started after the first group's COMMIT, so it covers both.
    flush.complete(1);
    await second;
    await turns();
    expect(firstDone).toBe(true);
    await first;
    flush.complete(0);
    await turns();
    expect(driver.stats.syncs).toBe(2);
  });

  it('beyond maxInFlight, groups that commit while flushes run share the next one', async () => {
    const first = insert('a');
    await flush.called(1);
    const second = insert('b');
    await flush.called(2);
    // Both flushes are busy: two more groups commit and wait.
    const third = insert('c');
    await turns();
    const fourth = insert('d');
    await turns();
    expect(driver.stats.commits).toBe(4);
    expect(flush.calls).toBe(2);
    flush.complete();
    await first;
    await flush.called(3);
    flush.complete();
    flush.complete();
    await Promise.all([second, third, fourth]);
    expect(flush.calls).toBe(3);
  });

  it('a failed flush fails its callers and every later write: nothing more is promised durable', async () => {
    const first = insert('a');
    await flush.called(1);
    flush.fail(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    await expect(first).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: false });
    await expect(insert('b')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/could not be flushed to disk.*restart/),
    });
  });

  it('after a failed flush, a later flush that succeeds does not make its groups durable', async () => {
    const first = insert('a');
    await flush.called(1);
    const second = insert('b');
    await flush.called(2);
    flush.fail(new Error('EIO: i/o error, fdatasync'));
    await expect(first).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    flush.complete();
    await expect(second).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: false });
  });

  it('close waits for the flush of what was committed', async () => {
    const first = insert('a');
    await flush.called(1);
    let closed = false;
    const closing = db.destroy().then(() => (closed = true));
    await turns();
    expect(closed).toBe(false);
    flush.complete();
    await Promise.all([first, closing]);
    expect(closed).toBe(true);
    open = false;
  });
});

describe('createSqlStore synchronous modes', () => {
  it('FULL (the default) runs SQLite at NORMAL and flushes the WAL after commits itself', async () => {
    const store = await createSqlStore({ dialect: 'sqlite', path: join(dir, 'full.db') });
    try {
      const mode = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db);
      expect(mode.rows[0]?.synchronous).toBe(1);
      await sql`create table t (x integer)`.execute(store.db);
      await Promise.all([1, 2, 3].map((x) => sql`insert into t values (${x})`.execute(store.db)));
      const stats = store.commitStats()!;
      expect(stats.syncs).toBeGreaterThanOrEqual(1);
      expect(stats.syncs).toBeLessThanOrEqual(stats.commits);
    } finally {
      await store.close();
    }
  });

  it('NORMAL and OFF leave syncing to SQLite (no WAL flushes of its own)', async () => {
    for (const synchronous of ['NORMAL', 'OFF'] as const) {
      const store = await createSqlStore({
        dialect: 'sqlite',
        path: join(dir, `${synchronous}.db`),
        synchronous,
      });
      try {
        await sql`create table t (x integer)`.execute(store.db);
        expect(store.commitStats()).toMatchObject({ syncs: 0 });
        expect(store.commitStats()!.commits).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
    }
  });
});

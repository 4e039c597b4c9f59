// WAL checkpoints on a worker thread: the platform's connection never checkpoints inside a COMMIT,
// the worker folds the log into the database file, and the log still restarts from its beginning
// once it has grown past `restartPages` — so it stays bounded under writes that never pause.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { BackgroundCheckpointer } from './sqlite-background-checkpoint.js';
import { createSqlStore, type SqlStore } from './sql-store.js';

const dir = mkdtempSync(join(tmpdir(), 'waooaw-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** Polls `condition` until it holds; fails after a deadline generous enough for a busy machine. */
async function eventually(condition: () => boolean, what: string, deadlineMs = 30_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function openStore(options: Record<string, unknown> = {}): Promise<{ store: SqlStore; path: string }> {
  const path = join(dir, `db${n++}.sqlite`);
  const store = await createSqlStore({ dialect: 'sqlite', path, ...options });
  await sql`create table items (k integer primary key, v text not null)`.execute(store.db);
  return { store, path };
}

const pragma = async (store: SqlStore, name: string) =>
  Object.values((await sql.raw(`pragma ${name}`).execute(store.db)).rows[0] as object)[0] as number;

/** `count` rows of ~1 KiB each, in transactions of `per` rows (each its own group here). */
async function write(store: SqlStore, from: number, count: number, per = 10): Promise<void> {
  const payload = 'x'.repeat(1000);
  for (let i = from; i < from + count; i += per) {
    await store.transaction(async (tx) => {
      for (let k = i; k < i + per; k++)
        await sql`insert into items (k, v) values (${k}, ${payload})`.execute(tx.db);
    });
  }
}

describe('SQLite WAL checkpoints on a worker thread', () => {
  it("is the default for a file: the connection's own automatic checkpoint is off and the worker folds the log in", async () => {
    const { store, path } = await openStore();
    try {
      expect(await pragma(store, 'wal_autocheckpoint')).toBe(0);
      await write(store, 0, 500);
      await eventually(() => store.commitStats()!.checkpoints > 0, 'the worker has checkpointed');
      // Every frame is in the database file: a checkpoint from another connection finds nothing left.
      await eventually(() => {
        const other = new Database(path);
        try {
          const [r] = other.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>;
          return r!.log === r!.checkpointed;
        } finally {
          other.close();
        }
      }, 'the log is folded in');
    } finally {
      await store.close();
    }
    // Closed cleanly: every row is there, read from the file alone.
    const reader = new Database(path, { readonly: true });
    expect(reader.prepare('select count(*) as c from items').get()).toEqual({ c: 500 });
    reader.close();
  });

  it('keeps the log bounded under writes that never pause: past restartPages the next transaction waits for the worker, and the log starts over', async () => {
    const restartPages = 64;
    const { store, path } = await openStore({
      backgroundCheckpoint: { restartPages, gatherMs: 5, catchUpTimeoutMs: 30_000 },
    });
    try {
      // ~2,000 pages of rows in back-to-back transactions: without restarts the log would hold them all.
      await write(store, 0, 8000, 20);
      const stats = store.commitStats()!;
      expect(stats.walRestarts).toBeGreaterThan(0);
      const walPages = statSync(`${path}-wal`).size / (await pragma(store, 'page_size'));
      expect(walPages).toBeLessThan(1000);
      expect(await pragma(store, 'wal_autocheckpoint')).toBe(0);
      const rows = await sql<{ c: number }>`select count(*) as c from items`.execute(store.db);
      expect(rows.rows[0]!.c).toBe(8000);
    } finally {
      await store.close();
    }
  });

  it('backgroundCheckpoint: false leaves checkpoints to SQLite inside the COMMIT', async () => {
    const { store } = await openStore({ backgroundCheckpoint: false });
    try {
      expect(await pragma(store, 'wal_autocheckpoint')).toBe(1000);
      await write(store, 0, 50);
      expect(store.commitStats()!.checkpoints).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('an in-memory database has no log and no worker', async () => {
    const store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' });
    try {
      await sql`create table items (k integer primary key)`.execute(store.db);
      await sql`insert into items (k) values (1)`.execute(store.db);
      expect(store.commitStats()!.checkpoints).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('a worker that cannot open the database stops; catching up then resolves at once', async () => {
    const checkpointer = new BackgroundCheckpointer(join(dir, 'missing', 'nothing.sqlite'));
    await eventually(() => !checkpointer.running, 'the worker has stopped');
    expect(checkpointer.failure?.message).toMatch(/unable to open|directory does not exist/i);
    expect(checkpointer.wantsRestart).toBe(false);
    await checkpointer.catchUp();
    await checkpointer.stop();
  });
});

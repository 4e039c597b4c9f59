import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { isPlatformError } from '../errors.js';
import { DocumentsRepository } from './repositories/documents-repository.js';
import { createSqlStore, type SqlStore } from './sql-store.js';

const dir = mkdtempSync(join(tmpdir(), 'waooaw-sqlstore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pragma(store: SqlStore, name: string): Promise<unknown> {
  const { rows } = await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(store.db);
  return Object.values(rows[0] ?? {})[0];
}

describe('createSqlStore (sqlite)', () => {
  it('creates the parent directory and opens the file in WAL mode with the requested pragmas', async () => {
    const store = await createSqlStore({
      dialect: 'sqlite',
      path: join(dir, 'a', 'b', 'x.db'),
      synchronous: 'NORMAL',
    });
    try {
      expect(store.dialect).toBe('sqlite');
      expect(await pragma(store, 'journal_mode')).toBe('wal');
      expect(await pragma(store, 'synchronous')).toBe(1); // NORMAL
      expect(await pragma(store, 'foreign_keys')).toBe(1);
      await store.ping();
    } finally {
      await store.close();
    }
  });

  it('fails with UNAVAILABLE naming the path when the file cannot be opened', async () => {
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    const err = await createSqlStore({ dialect: 'sqlite', path: join(file, 'db.sqlite') }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'UNAVAILABLE', details: { path: join(file, 'db.sqlite') } });
  });

  it('fails with UNAVAILABLE when the file is not a database', async () => {
    const file = join(dir, 'garbage.db');
    writeFileSync(
      file,
      'this is not an sqlite database, just some text that is long enough to have a header',
    );
    const err = await createSqlStore({ dialect: 'sqlite', path: file }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('rejects bad options with VALIDATION', async () => {
    await expect(
      createSqlStore({ dialect: 'sqlite', path: ':memory:', synchronous: 'SOMETIMES' as 'FULL' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'synchronous' },
    });
    await expect(createSqlStore({ dialect: 'mysql' } as never)).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'dialect' },
    });
  });
});

describe('SqlStore', () => {
  it('builds each repository once per executor; a transaction gets its own, bound to it', async () => {
    const store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' });
    await store.migrate();
    expect(store.documents).toBe(store.documents);
    expect(store.repository(DocumentsRepository)).toBe(store.documents);
    await store.transaction(async (tx) => {
      expect(tx.documents).not.toBe(store.documents);
      expect(tx.documents).toBe(tx.documents);
      expect(tx.inTransaction).toBe(true);
      expect(tx.db).not.toBe(store.db);
      await tx.transaction(async (inner) => expect(inner).toBe(tx));
    });
    await store.close();
  });

  it('fails loudly instead of deadlocking when the root store is used inside its own transaction', async () => {
    const store = await createSqlStore({ dialect: 'sqlite', path: ':memory:', busyTimeoutMs: 100 });
    await store.migrate();
    const err = await store
      .transaction(async (tx) => {
        await tx.documents.insert({ collection: 'c', id: '1', data: {} });
        await store.documents.count('c');
      })
      .catch((e: unknown) => e);
    expect(isPlatformError(err, 'UNAVAILABLE')).toBe(true);
    expect((err as Error).message).toMatch(/use the `tx` store/);
    // The transaction rolled back and the store is still usable.
    expect(await store.documents.count('c')).toBe(0);
    await store.close();
  });

  it('refuses close() and migrate() inside a transaction', async () => {
    const store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' });
    await store.transaction(async (tx) => {
      await expect(tx.close()).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(tx.migrate()).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });
    await store.close();
  });

  it('reports migration status without changing anything', async () => {
    const store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' });
    const before = await store.migrationStatus();
    expect(before.applied).toEqual([]);
    expect(before.pending).toContain('0001-core-documents');
    expect((await store.migrationStatus()).pending).toEqual(before.pending);
    await store.migrate();
    expect(await store.migrationStatus()).toEqual({ applied: before.pending, pending: [] });
    await store.close();
  });

  it('a second connection waits for the writer asynchronously instead of failing or blocking it', async () => {
    const path = join(dir, 'two.db');
    const a = await createSqlStore({ dialect: 'sqlite', path });
    const b = await createSqlStore({ dialect: 'sqlite', path });
    await a.migrate();
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const writer = a.transaction(async (tx) => {
      await tx.documents.insert({ collection: 'c', id: 'a', data: {} });
      entered();
      await held;
    });
    await inside;
    const waiting = b.documents.insert({ collection: 'c', id: 'b', data: {} });
    // The event loop is free while b waits: a finishes its transaction, then b's insert goes through.
    release();
    await writer;
    await waiting;
    expect(await b.documents.count('c')).toBe(2);
    await Promise.all([a.close(), b.close()]);
  });

  it('a writer that waits longer than busyTimeoutMs fails with UNAVAILABLE, retryable', async () => {
    const path = join(dir, 'busy.db');
    const a = await createSqlStore({ dialect: 'sqlite', path });
    const b = await createSqlStore({ dialect: 'sqlite', path, busyTimeoutMs: 0 });
    await a.migrate();
    const err = await a
      .transaction(async (tx) => {
        await tx.documents.insert({ collection: 'c', id: 'a', data: {} });
        return b.documents.insert({ collection: 'c', id: 'b', data: {} }).catch((e: unknown) => e);
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
      details: { driverCode: 'SQLITE_BUSY' },
    });
    await Promise.all([a.close(), b.close()]);
  });
});

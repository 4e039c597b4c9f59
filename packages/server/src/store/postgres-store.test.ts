// Runs the Store conformance suite on PostgreSQL (a fresh database per factory call), plus what is
// specific to pg: reachability errors, BIGINT as numbers, jsonb, and server-side failures translated.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import type { PlatformError } from '../errors.js';
import { testPostgres, type TestPostgres } from '../testing/services.js';
import { runsOnStore } from '../testing/backends.js';
import { storeConformance } from './store.contract.js';
import { createSqlStore, type SqlStore } from './sql-store.js';

// STORES (see testing/backends.ts) selects PostgreSQL by default; CI fails when it is missing.
const available = runsOnStore('postgres');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe.skipIf(!available)('PostgreSQL store', () => {
  storeConformance('postgres', async ({ clock }) => {
    const db = (await testPostgres())!;
    const opened: Array<{ close(): Promise<void> }> = [];
    const open = async () => {
      const s = await createSqlStore({ dialect: 'postgres', url: db.url, poolSize: 10 }, { clock });
      opened.push(s);
      return s;
    };
    const store = await open();
    return {
      store,
      connect: open,
      async cleanup() {
        for (const s of opened) await s.close();
        await db.drop();
      },
    };
  });

  describe('pg specifics', () => {
    let db: TestPostgres;
    let store: SqlStore;
    let admin: pg.Client;

    beforeAll(async () => {
      db = (await testPostgres())!;
      store = await createSqlStore({ dialect: 'postgres', url: db.url, poolSize: 4 });
      await store.migrate();
      admin = new pg.Client({ connectionString: db.url });
      await admin.connect();
    });
    afterAll(async () => {
      await admin?.end();
      await store?.close();
      await db?.drop();
    });

    it('ping against a port nobody listens on rejects with UNAVAILABLE naming the target, not the password', async () => {
      const port = await freePort();
      const down = await createSqlStore({
        dialect: 'postgres',
        url: `postgres://app:s3cret@127.0.0.1:${port}/app`,
      });
      const err = (await down.ping().catch((e: unknown) => e)) as PlatformError;
      expect(err).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
      expect(err.message).toContain(`127.0.0.1:${port}/app`);
      expect(err.message).toMatch(/ECONNREFUSED/);
      expect(JSON.stringify(err)).not.toContain('s3cret');
      await expect(down.documents.get('c', 'x')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      await down.close();
    });

    it('a database that does not exist is UNAVAILABLE and not retryable', async () => {
      const url = new URL(db.url);
      url.pathname = '/no_such_database';
      const missing = await createSqlStore({ dialect: 'postgres', url: url.toString() });
      await expect(missing.ping()).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        retryable: false,
        details: { sqlState: '3D000' },
      });
      await missing.close();
    });

    it('rejects a malformed URL with VALIDATION', async () => {
      await expect(createSqlStore({ dialect: 'postgres', url: 'not a url' })).rejects.toMatchObject({
        code: 'VALIDATION',
        details: { field: 'url' },
      });
      await expect(createSqlStore({ dialect: 'postgres', url: 'mysql://x/y' })).rejects.toMatchObject({
        code: 'VALIDATION',
      });
    });

    it('returns BIGINT as numbers and stores data as jsonb', async () => {
      const { rows } = await sql<{
        big: unknown;
        n: unknown;
      }>`select 9007199254740991::bigint as big, count(*) as n from documents`.execute(store.db);
      expect(rows[0]).toEqual({ big: 9007199254740991, n: 0 });
      const col = await sql<{
        data_type: string;
      }>`select data_type from information_schema.columns where table_name = 'documents' and column_name = 'data'`.execute(
        store.db,
      );
      expect(col.rows[0]?.data_type).toBe('jsonb');
      const { document } = await store.documents.insert({ collection: 'big', id: '1', data: { n: 1 } });
      expect(typeof document.createdAt).toBe('number');
    });

    it('a connection killed by the server mid-transaction surfaces as UNAVAILABLE and the store recovers', async () => {
      const pid = deferred<number>();
      const running = store.transaction(async (tx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx.db);
        pid.resolve(rows[0]!.pid);
        await sql`select pg_sleep(10)`.execute(tx.db);
      });
      // Handled from the start: the transaction may fail before the admin query below returns.
      const outcome = running.then(
        () => undefined,
        (e: unknown) => e,
      );
      await admin.query('select pg_terminate_backend($1)', [await pid.promise]);
      expect(await outcome).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
      await store.ping();
      expect(await store.documents.count('big')).toBe(1);
    });

    it('a serialization failure is a retryable CONFLICT', async () => {
      await store.documents.insert({ collection: 'ser', id: 'row', data: { n: 0 } });
      const read = deferred<void>();
      const written = deferred<void>();
      const first = store.transaction(async (tx) => {
        await sql`set transaction isolation level repeatable read`.execute(tx.db);
        await tx.documents.get('ser', 'row');
        read.resolve();
        await written.promise;
        await tx.documents.update('ser', 'row', { n: 1 });
      });
      await read.promise;
      await store.documents.update('ser', 'row', { n: 2 });
      written.resolve();
      await expect(first).rejects.toMatchObject({
        code: 'CONFLICT',
        retryable: true,
        details: { sqlState: '40001' },
      });
      expect((await store.documents.get('ser', 'row'))?.data).toEqual({ n: 2 });
    });

    it('a deadlock is a retryable CONFLICT and the other transaction commits', async () => {
      for (const id of ['a', 'b']) await store.documents.insert({ collection: 'dl', id, data: { n: 0 } });
      const locked = [deferred<void>(), deferred<void>()] as const;
      const tx = (mine: 'a' | 'b', other: 'a' | 'b', i: 0 | 1) =>
        store.transaction(async (t) => {
          await sql`set local deadlock_timeout = '20ms'`.execute(t.db);
          await t.documents.update('dl', mine, { n: i });
          locked[i].resolve();
          await locked[1 - i]!.promise;
          await t.documents.update('dl', other, { n: i });
        });
      const outcomes = await Promise.allSettled([tx('a', 'b', 0), tx('b', 'a', 1)]);
      const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(failed).toHaveLength(1);
      expect(failed[0]!.reason).toMatchObject({
        code: 'CONFLICT',
        retryable: true,
        details: { sqlState: '40P01' },
      });
    });
  });
});

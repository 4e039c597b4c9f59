// The Store conformance suite: every adapter (SQLite file, SQLite :memory:, PostgreSQL) runs it.
// Each test works in its own collection, so one migrated store serves the whole suite; tests that
// need an untouched database (migrations, close) ask the factory for a fresh one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { FakeClock, type Clock } from '../clock.js';
import { isPlatformError, type PlatformError } from '../errors.js';
import { SqlStore } from './sql-store.js';
import type { Store, StoredDocument } from './store.js';

export interface StoreUnderTest {
  /** A store on a fresh database, not yet migrated. */
  store: Store;
  /** Closes the store (if still open) and removes its database. */
  cleanup(): Promise<void>;
  /** A second, independent store on the same database (another process, in effect), when possible. */
  connect?(): Promise<Store>;
}

export type StoreFactory = (deps: { clock: Clock }) => Promise<StoreUnderTest>;

/** The PlatformError `promise` rejects with; fails the test when it resolves or rejects otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<PlatformError> {
  try {
    await promise;
  } catch (err) {
    if (!isPlatformError(err))
      throw new Error(`expected a PlatformError, got ${String(err)}`, { cause: err });
    return err;
  }
  throw new Error('expected a rejection');
}

export function storeConformance(name: string, factory: StoreFactory): void {
  describe(`Store conformance: ${name}`, () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    let sut: StoreUnderTest;
    let store: Store;
    let n = 0;
    const collection = () => `c${++n}`;

    beforeAll(async () => {
      sut = await factory({ clock });
      store = sut.store;
      await store.migrate();
    });
    afterAll(async () => {
      await sut?.cleanup();
    });

    describe('CRUD', () => {
      it('inserts a document at version 1 with clock timestamps and reads it back intact', async () => {
        const c = collection();
        const data = {
          name: 'Ada',
          tags: ['x', 'ü', '日本'],
          nested: { n: 1.5, ok: true, none: null },
          big: 2 ** 40,
        };
        const { document, created } = await store.documents.insert({
          collection: c,
          id: 'a1',
          tenantId: 't1',
          data,
        });
        expect(created).toBe(true);
        expect(document).toEqual({
          collection: c,
          id: 'a1',
          tenantId: 't1',
          key: null,
          version: 1,
          data,
          createdAt: clock.now(),
          updatedAt: clock.now(),
        });
        expect(await store.documents.get(c, 'a1')).toEqual(document);
        expect(await store.documents.get(c, 'missing')).toBeUndefined();
      });

      it('stores top-level scalars and arrays as data', async () => {
        const c = collection();
        for (const [id, data] of [
          ['s', 'text'],
          ['n', 42],
          ['b', false],
          ['z', null],
          ['arr', [1, 'two']],
        ] as const) {
          await store.documents.insert({ collection: c, id, data });
          expect((await store.documents.get(c, id))?.data).toEqual(data);
        }
      });

      it('update replaces data, bumps the version and updatedAt, keeps createdAt', async () => {
        const c = collection();
        const { document } = await store.documents.insert({ collection: c, id: 'u', data: { a: 1 } });
        await clock.advance(1000);
        const updated = await store.documents.update(c, 'u', { b: 2 });
        expect(updated).toMatchObject({
          version: 2,
          data: { b: 2 },
          createdAt: document.createdAt,
          updatedAt: document.createdAt + 1000,
        });
        expect(await store.documents.get(c, 'u')).toEqual(updated);
      });

      it('update of a missing document fails with NOT_FOUND', async () => {
        const err = await rejection(store.documents.update(collection(), 'nope', {}));
        expect(err.code).toBe('NOT_FOUND');
      });

      it('delete removes the document and reports whether it existed', async () => {
        const c = collection();
        await store.documents.insert({ collection: c, id: 'd', data: {} });
        expect(await store.documents.delete(c, 'd')).toBe(true);
        expect(await store.documents.get(c, 'd')).toBeUndefined();
        expect(await store.documents.delete(c, 'd')).toBe(false);
      });

      it('rejects bad input with VALIDATION naming the field', async () => {
        const c = collection();
        expect(await rejection(store.documents.insert({ collection: '', id: 'x', data: {} }))).toMatchObject({
          code: 'VALIDATION',
          details: { field: 'collection' },
        });
        expect(
          await rejection(store.documents.insert({ collection: c, id: 'x', data: undefined })),
        ).toMatchObject({ code: 'VALIDATION', details: { field: 'data' } });
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        expect(
          await rejection(store.documents.insert({ collection: c, id: 'x', data: cyclic })),
        ).toMatchObject({ code: 'VALIDATION', details: { field: 'data' } });
        expect(
          await rejection(store.documents.insert({ collection: c, id: 'x', data: { s: 'a\u0000b' } })),
        ).toMatchObject({ code: 'VALIDATION' });
        expect(await rejection(store.documents.list(c, { limit: 0 }))).toMatchObject({
          code: 'VALIDATION',
          details: { field: 'limit' },
        });
        expect(await rejection(store.documents.update(c, 'x', {}, { expectedVersion: 0 }))).toMatchObject({
          code: 'VALIDATION',
          details: { field: 'expectedVersion' },
        });
        expect(await rejection(store.documents.list(c, { where: { 'a.b': 1 } }))).toMatchObject({
          code: 'VALIDATION',
        });
        expect(await store.documents.count(c)).toBe(0);
      });
    });

    describe('optimistic concurrency', () => {
      it('update with a stale expectedVersion fails with CONFLICT and changes nothing', async () => {
        const c = collection();
        await store.documents.insert({ collection: c, id: 'v', data: { n: 1 } });
        const v2 = await store.documents.update(c, 'v', { n: 2 }, { expectedVersion: 1 });
        expect(v2.version).toBe(2);
        const err = await rejection(store.documents.update(c, 'v', { n: 99 }, { expectedVersion: 1 }));
        expect(err).toMatchObject({ code: 'CONFLICT', details: { expectedVersion: 1, actualVersion: 2 } });
        expect(await store.documents.get(c, 'v')).toEqual(v2);
      });

      it('delete with a stale expectedVersion fails with CONFLICT and keeps the document', async () => {
        const c = collection();
        await store.documents.insert({ collection: c, id: 'v', data: {} });
        await store.documents.update(c, 'v', { x: 1 });
        expect((await rejection(store.documents.delete(c, 'v', { expectedVersion: 1 }))).code).toBe(
          'CONFLICT',
        );
        expect(await store.documents.get(c, 'v')).toBeDefined();
        expect(await store.documents.delete(c, 'v', { expectedVersion: 2 })).toBe(true);
        expect(await store.documents.delete(c, 'v', { expectedVersion: 2 })).toBe(false);
      });

      it('modify applies fn to the current data; a throwing fn changes nothing', async () => {
        const c = collection();
        await store.documents.insert({ collection: c, id: 'm', data: { n: 1 } });
        const doc = await store.documents.modify<{ n: number }>(c, 'm', (d) => ({ n: d.n + 10 }));
        expect(doc).toMatchObject({ version: 2, data: { n: 11 } });
        const boom = new Error('boom');
        await expect(
          store.documents.modify(c, 'm', () => {
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect((await store.documents.get(c, 'm'))?.version).toBe(2);
        expect((await rejection(store.documents.modify(c, 'absent', (d) => d))).code).toBe('NOT_FOUND');
      });
    });

    describe('idempotent insert by key', () => {
      it('returns the existing document with created:false for a key already used', async () => {
        const c = collection();
        const first = await store.documents.insert({
          collection: c,
          id: 'k1',
          key: 'order-7',
          data: { v: 1 },
        });
        const again = await store.documents.insert({
          collection: c,
          id: 'k2',
          key: 'order-7',
          data: { v: 2 },
        });
        expect(first.created).toBe(true);
        expect(again).toEqual({ document: first.document, created: false });
        expect(await store.documents.getByKey(c, 'order-7')).toEqual(first.document);
        expect(await store.documents.get(c, 'k2')).toBeUndefined();
        expect(await store.documents.count(c)).toBe(1);
      });

      it('replaying the same insert (same id and key) is a no-op', async () => {
        const c = collection();
        const first = await store.documents.insert({ collection: c, id: 'r', key: 'k', data: { v: 1 } });
        expect(await store.documents.insert({ collection: c, id: 'r', key: 'k', data: { v: 1 } })).toEqual({
          document: first.document,
          created: false,
        });
      });

      it('keys are unique per collection, not across collections', async () => {
        const a = collection();
        const b = collection();
        await store.documents.insert({ collection: a, id: '1', key: 'same', data: {} });
        expect(
          (await store.documents.insert({ collection: b, id: '1', key: 'same', data: {} })).created,
        ).toBe(true);
      });

      it('a duplicate id without a key fails with CONFLICT and keeps the original', async () => {
        const c = collection();
        const first = await store.documents.insert({ collection: c, id: 'dup', data: { v: 1 } });
        const err = await rejection(store.documents.insert({ collection: c, id: 'dup', data: { v: 2 } }));
        expect(err.code).toBe('CONFLICT');
        expect(await store.documents.get(c, 'dup')).toEqual(first.document);
      });

      it('concurrent inserts of the same key create exactly one document', async () => {
        const c = collection();
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.documents.insert({ collection: c, id: `id${i}`, key: 'once', data: { i } }),
          ),
        );
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(new Set(results.map((r) => r.document.id)).size).toBe(1);
        expect(await store.documents.count(c)).toBe(1);
      });
    });

    describe('cursor pagination', () => {
      async function seed(c: string, count: number): Promise<string[]> {
        const ids = Array.from({ length: count }, (_, i) => `id${String(i).padStart(3, '0')}`);
        await store.transaction(async (tx) => {
          for (const id of [...ids].reverse()) await tx.documents.insert({ collection: c, id, data: { id } });
        });
        return ids;
      }

      async function readAll(c: string, order: 'asc' | 'desc', limit: number): Promise<string[]> {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.documents.list(c, {
            order,
            limit,
            ...(cursor === undefined ? {} : { cursor }),
          });
          expect(page.items.length).toBeLessThanOrEqual(limit);
          seen.push(...page.items.map((d) => d.id));
          cursor = page.nextCursor;
        } while (cursor !== undefined);
        return seen;
      }

      it('pages ascending and descending by id, without a cursor on the last page', async () => {
        const c = collection();
        const ids = await seed(c, 10);
        expect(await readAll(c, 'asc', 3)).toEqual(ids);
        expect(await readAll(c, 'desc', 4)).toEqual([...ids].reverse());
        const exact = await store.documents.list(c, { limit: 10 });
        expect(exact.items).toHaveLength(10);
        expect(exact.nextCursor).toBeUndefined();
      });

      it('stays stable when documents are inserted between pages', async () => {
        const c = collection();
        const ids = await seed(c, 6);
        const first = await store.documents.list(c, { limit: 3 });
        await store.documents.insert({ collection: c, id: 'id000a', data: {} }); // before the cursor
        await store.documents.insert({ collection: c, id: 'id999', data: {} }); // after it
        const rest: string[] = [];
        let cursor = first.nextCursor;
        while (cursor !== undefined) {
          const page = await store.documents.list(c, { limit: 3, cursor });
          rest.push(...page.items.map((d) => d.id));
          cursor = page.nextCursor;
        }
        expect([...first.items.map((d) => d.id), ...rest]).toEqual([...ids, 'id999']);
      });

      it('rejects a malformed or foreign cursor with BAD_REQUEST', async () => {
        const c = collection();
        await seed(c, 3);
        const page = await store.documents.list(c, { limit: 1 });
        const foreign = Buffer.from('{"x":1}').toString('base64url');
        for (const cursor of ['!!!', 'bm90IGpzb24', foreign, '']) {
          expect((await rejection(store.documents.list(c, { cursor }))).code).toBe('BAD_REQUEST');
        }
        expect(
          (await rejection(store.documents.list(c, { cursor: page.nextCursor!, order: 'desc' }))).code,
        ).toBe('BAD_REQUEST');
        expect((await rejection(store.documents.list(collection(), { cursor: page.nextCursor! }))).code).toBe(
          'BAD_REQUEST',
        );
      });
    });

    describe('transactions', () => {
      it('commits when fn resolves; the transaction sees its own writes', async () => {
        const c = collection();
        const result = await store.transaction(async (tx) => {
          await tx.documents.insert({ collection: c, id: 'a', data: { v: 1 } });
          await tx.documents.update(c, 'a', { v: 2 });
          return (await tx.documents.get<{ v: number }>(c, 'a'))?.data.v;
        });
        expect(result).toBe(2);
        expect((await store.documents.get(c, 'a'))?.version).toBe(2);
      });

      it('rolls back everything when fn throws and rethrows the same error', async () => {
        const c = collection();
        await store.documents.insert({ collection: c, id: 'keep', data: { v: 1 } });
        const boom = new Error('boom');
        await expect(
          store.transaction(async (tx) => {
            await tx.documents.insert({ collection: c, id: 'gone', data: {} });
            await tx.documents.update(c, 'keep', { v: 2 });
            await tx.documents.delete(c, 'keep');
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(await store.documents.get(c, 'gone')).toBeUndefined();
        expect(await store.documents.get(c, 'keep')).toMatchObject({ version: 1, data: { v: 1 } });
      });

      it('nested transactions join the outer one: an outer failure undoes inner writes', async () => {
        const c = collection();
        await expect(
          store.transaction(async (tx) => {
            await tx.documents.insert({ collection: c, id: 'outer', data: {} });
            const inner = await tx.transaction(async (tx2) => {
              await tx2.documents.insert({ collection: c, id: 'inner', data: {} });
              return tx2.documents.count(c);
            });
            expect(inner).toBe(2);
            throw new Error('outer fails');
          }),
        ).rejects.toThrow('outer fails');
        expect(await store.documents.count(c)).toBe(0);
      });

      it('a failing nested transaction aborts the outer one when the error propagates', async () => {
        const c = collection();
        await expect(
          store.transaction(async (tx) => {
            await tx.documents.insert({ collection: c, id: 'a', data: {} });
            await tx.transaction(async (tx2) => {
              await tx2.documents.insert({ collection: c, id: 'b', data: {} });
              throw new Error('inner fails');
            });
          }),
        ).rejects.toThrow('inner fails');
        expect(await store.documents.count(c)).toBe(0);
      });

      it('keeps concurrent transactions isolated from each other’s rollbacks', async () => {
        const c = collection();
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) =>
            store.transaction(async (tx) => {
              await tx.documents.insert({ collection: c, id: `t${i}`, data: { i } });
              if (i % 2 === 1) throw new Error(`fail ${i}`);
            }),
          ),
        );
        expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(5);
        const page = await store.documents.list(c);
        expect(page.items.map((d) => d.id)).toEqual(['t0', 't2', 't4', 't6', 't8']);
      });
    });

    describe('concurrent writers', () => {
      it('50 concurrent modify increments of one counter add up to exactly 50', async () => {
        const c = collection();
        await store.documents.insert({ collection: c, id: 'counter', data: { n: 0 } });
        await Promise.all(
          Array.from({ length: 50 }, () =>
            store.documents.modify<{ n: number }>(c, 'counter', (d) => ({ n: d.n + 1 })),
          ),
        );
        expect(await store.documents.get(c, 'counter')).toMatchObject({ version: 51, data: { n: 50 } });
      });

      it('racing versioned updates: exactly one wins per version', async () => {
        const c = collection();
        await store.documents.insert({ collection: c, id: 'race', data: { w: null } });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) =>
            store.documents.update(c, 'race', { w: i }, { expectedVersion: 1 }),
          ),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        expect(won).toHaveLength(1);
        for (const o of outcomes)
          if (o.status === 'rejected') expect((o.reason as PlatformError).code).toBe('CONFLICT');
        expect((await store.documents.get(c, 'race'))?.version).toBe(2);
      });

      it('concurrent transactional writers lose nothing', async () => {
        const c = collection();
        await Promise.all(
          Array.from({ length: 8 }, (_, w) =>
            store.transaction(async (tx) => {
              for (let i = 0; i < 10; i++)
                await tx.documents.insert({ collection: c, id: `w${w}-${i}`, data: { w, i } });
            }),
          ),
        );
        expect(await store.documents.count(c)).toBe(80);
      });
    });

    describe('tenant and where filters', () => {
      it('filters get, list and count by tenant; null means platform-wide', async () => {
        const c = collection();
        await store.documents.insert({ collection: c, id: '1', tenantId: 'acme', data: {} });
        await store.documents.insert({ collection: c, id: '2', tenantId: 'globex', data: {} });
        await store.documents.insert({ collection: c, id: '3', tenantId: 'acme', data: {} });
        await store.documents.insert({ collection: c, id: '4', data: {} });
        expect((await store.documents.list(c, { tenantId: 'acme' })).items.map((d) => d.id)).toEqual([
          '1',
          '3',
        ]);
        expect((await store.documents.list(c, { tenantId: null })).items.map((d) => d.id)).toEqual(['4']);
        expect(await store.documents.count(c, { tenantId: 'globex' })).toBe(1);
        expect(await store.documents.count(c)).toBe(4);
        expect(await store.documents.get(c, '2', { tenantId: 'acme' })).toBeUndefined();
        expect((await store.documents.get(c, '2', { tenantId: 'globex' }))?.id).toBe('2');
        expect(await store.documents.get(c, '2', { tenantId: null })).toBeUndefined();
      });

      it('compares where-filters by JSON type: "1" ≠ 1, true ≠ 1, null matches null or absent', async () => {
        const c = collection();
        const rows: Array<[string, Record<string, unknown>]> = [
          ['a', { v: 1, s: 'x' }],
          ['b', { v: '1', s: 'x' }],
          ['c', { v: true, s: 'y' }],
          ['d', { v: null, s: 'x' }],
          ['e', { s: 'x' }],
          ['f', { v: 1.0, s: 'y' }],
          ['g', { v: false }],
          ['h', { v: 0 }],
        ];
        for (const [id, data] of rows)
          await store.documents.insert({ collection: c, id, tenantId: id === 'f' ? 't' : null, data });
        const ids = async (where: Record<string, string | number | boolean | null>, tenantId?: string) =>
          (
            await store.documents.list(c, { where, ...(tenantId === undefined ? {} : { tenantId }) })
          ).items.map((d: StoredDocument) => d.id);
        expect(await ids({ v: 1 })).toEqual(['a', 'f']);
        expect(await ids({ v: '1' })).toEqual(['b']);
        expect(await ids({ v: true })).toEqual(['c']);
        expect(await ids({ v: false })).toEqual(['g']);
        expect(await ids({ v: 0 })).toEqual(['h']);
        expect(await ids({ v: null })).toEqual(['d', 'e']);
        expect(await ids({ v: 1, s: 'y' })).toEqual(['f']);
        expect(await ids({ v: 1 }, 't')).toEqual(['f']);
        expect(await store.documents.count(c, { where: { s: 'x' } })).toBe(4);
      });
    });

    describe('migrations', () => {
      it('migrating again is a no-op', async () => {
        const before = await store.migrate();
        expect(before.applied).toEqual([]);
        expect(before.current.length).toBeGreaterThan(0);
        expect(before.current).toContain('0001-core-documents');
      });

      it('concurrent migrations of a fresh database apply each migration exactly once', async () => {
        const fresh = await factory({ clock });
        const other = fresh.connect ? await fresh.connect() : fresh.store;
        try {
          const [a, b, c] = await Promise.all([
            fresh.store.migrate(),
            other.migrate(),
            fresh.store.migrate(),
          ]);
          const applied = [...a.applied, ...b.applied, ...c.applied].sort();
          expect(applied).toEqual([...a.current].sort());
          expect(a.current).toEqual(b.current);
          await fresh.store.documents.insert({ collection: 'm', id: '1', data: {} });
          expect(await other.documents.count('m')).toBe(1);
        } finally {
          if (other !== fresh.store) await other.close();
          await fresh.cleanup();
        }
      });
    });

    describe('driver errors', () => {
      it('a raw unique violation surfaces as CONFLICT naming the constraint, not the values', async () => {
        if (!(store instanceof SqlStore)) return;
        const c = collection();
        await store.documents.insert({ collection: c, id: 'secret-value', data: {} });
        const raw = {
          collection: c,
          id: 'secret-value',
          version: 1,
          data: '{}',
          created_at: 0,
          updated_at: 0,
        };
        const err = await rejection(
          store.transaction((tx) => (tx as SqlStore).db.insertInto('documents').values(raw).execute()),
        );
        expect(err.code).toBe('CONFLICT');
        expect(err.details).toHaveProperty('table', 'documents');
        expect(JSON.stringify(err.details)).not.toContain('secret-value');
        expect(err.message).not.toContain('secret-value');
      });

      it('a syntax error surfaces as INTERNAL with the driver error as cause', async () => {
        if (!(store instanceof SqlStore)) return;
        const err = await rejection(
          store.transaction((tx) => sql`selec nonsense`.execute((tx as SqlStore).db)),
        );
        expect(err.code).toBe('INTERNAL');
        expect(err.cause).toBeDefined();
      });

      it('a closed store rejects with UNAVAILABLE', async () => {
        const fresh = await factory({ clock });
        try {
          await fresh.store.migrate();
          await fresh.store.close();
          await fresh.store.close();
          expect((await rejection(fresh.store.ping())).code).toBe('UNAVAILABLE');
          expect((await rejection(fresh.store.documents.get('c', 'x'))).code).toBe('UNAVAILABLE');
          expect((await rejection(fresh.store.transaction(async () => 1))).code).toBe('UNAVAILABLE');
        } finally {
          await fresh.cleanup();
        }
      });

      it('ping resolves on an open store', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });
  });
}

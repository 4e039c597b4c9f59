// The conformance suite of an EntityRepository port: every typed-table repository runs it on every
// selected store (see testing/backends.ts). A fixture says how to make valid records (creating the
// rows they refer to), how to change one, which filter finds it and what its natural key is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock, type Clock } from '../clock.js';
import type { Entity, EntityRepository } from './entity-repository.js';
import type { Store } from './store.js';
import { rejection } from './store.contract.js';

export interface OpenedTestStore {
  /** Fresh and not migrated. */
  store: Store;
  cleanup(): Promise<void>;
}

export type TestStoreFactory = (deps: { clock: Clock }) => Promise<OpenedTestStore>;

export interface EntityFixture<R, F> {
  repo(store: Store): EntityRepository<R, F>;
  /** Whether rows carry a tenant (every table but the tenants'). */
  tenantOwned: boolean;
  /**
   * A valid record number `i` of tenant `tenantId` (the tenant row exists), after creating the rows
   * it refers to. Records of different `i` differ in their natural key.
   */
  record(store: Store, tenantId: string, i: number): Promise<R>;
  /** Another valid state of the same record (natural key unchanged). */
  change(record: R): R;
  /** A filter field and its value for a record; it must tell records of different `i` apart. */
  filter: { field: keyof F & string; of(record: R): F[keyof F] };
  /** Present when a repeated natural key returns the first row: looks the record up by that key. */
  naturalKey?: (repo: EntityRepository<R, F>, record: R) => Promise<Entity<R> | undefined>;
  /** The record with one of its references pointing at nothing (a CONFLICT on insert). */
  broken?(record: R): R;
  /** Whether the table keeps idempotency keys (`insert({ key })`). */
  keyed?: boolean;
}

export function entityRepositoryConformance<R, F>(
  name: string,
  factory: TestStoreFactory,
  fixture: EntityFixture<R, F>,
): void {
  describe(`${name} repository conformance`, () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 1));
    let opened: OpenedTestStore;
    let store: Store;
    let n = 0;
    /** A new tenant row for each test, so tests never see each other's rows. */
    const tenant = async () => {
      const id = `ten-${name.replace(/\W/g, '')}-${String(++n).padStart(3, '0')}`;
      await store.tenants.insert({ id, data: { name: `Tenant ${n}`, publicActivity: false, plan: 'free' } });
      return id;
    };
    const idOf = (tenantId: string, i: number) => `${tenantId}-e${String(i).padStart(3, '0')}`;
    const owner = (tenantId: string) => (fixture.tenantOwned ? tenantId : null);
    const repo = () => fixture.repo(store);
    const insert = async (tenantId: string, i: number) => {
      const data = await fixture.record(store, tenantId, i);
      const { entity } = await repo().insert({ id: idOf(tenantId, i), tenantId: owner(tenantId), data });
      return entity;
    };

    beforeAll(async () => {
      opened = await factory({ clock });
      store = opened.store;
      await store.migrate();
    });
    afterAll(async () => {
      await opened?.cleanup();
    });

    it('inserts at version 1 with clock timestamps and reads the record back intact', async () => {
      const t = await tenant();
      const data = await fixture.record(store, t, 1);
      const { entity, created } = await repo().insert({ id: idOf(t, 1), tenantId: owner(t), data });
      const expected = {
        id: idOf(t, 1),
        tenantId: owner(t),
        version: 1,
        data,
        createdAt: clock.now(),
        updatedAt: clock.now(),
      };
      expect(created).toBe(true);
      expect(entity).toEqual(expected);
      expect(await repo().get(idOf(t, 1))).toEqual(expected);
      expect(await repo().get(`${idOf(t, 1)}-missing`)).toBeUndefined();
    });

    it('refuses a second row with the same id (CONFLICT) and keeps the first', async () => {
      const t = await tenant();
      const first = await insert(t, 1);
      const other = await fixture.record(store, t, 2);
      const err = await rejection(repo().insert({ id: first.id, tenantId: owner(t), data: other }));
      expect(err.code).toBe('CONFLICT');
      expect(await repo().get(first.id)).toEqual(first);
    });

    // Tests of what a port does not have (a natural key, a tenant, a reference) are not registered.
    const itIf = (applies: boolean) => (applies ? it : () => undefined);

    itIf(fixture.naturalKey !== undefined)(
      'returns the row holding a repeated natural key, writing nothing',
      async () => {
        const t = await tenant();
        const first = await insert(t, 1);
        const again = await repo().insert({ id: `${first.id}-again`, tenantId: owner(t), data: first.data });
        expect(again).toEqual({ entity: first, created: false });
        expect(await repo().get(`${first.id}-again`)).toBeUndefined();
        expect(await fixture.naturalKey!(repo(), first.data)).toEqual(first);
      },
    );

    it('updates at the expected version; a stale version is a CONFLICT that changes nothing', async () => {
      const t = await tenant();
      const first = await insert(t, 1);
      await clock.advance(1000);
      const changed = fixture.change(first.data);
      const updated = await repo().update(first.id, changed, { expectedVersion: 1 });
      expect(updated).toEqual({ ...first, version: 2, data: changed, updatedAt: first.createdAt + 1000 });
      const stale = await rejection(repo().update(first.id, first.data, { expectedVersion: 1 }));
      expect(stale).toMatchObject({ code: 'CONFLICT', details: { expectedVersion: 1, actualVersion: 2 } });
      expect(await repo().get(first.id)).toEqual(updated);
      expect((await repo().update(first.id, first.data)).version).toBe(3);
      expect((await rejection(repo().update(`${first.id}-missing`, first.data))).code).toBe('NOT_FOUND');
      expect((await rejection(repo().update(first.id, first.data, { expectedVersion: 0 }))).code).toBe(
        'VALIDATION',
      );
    });

    it('modifies atomically: concurrent modifies all apply; an error thrown by fn writes nothing', async () => {
      const t = await tenant();
      const first = await insert(t, 1);
      const changed = fixture.change(first.data);
      await Promise.all([1, 2, 3].map(() => repo().modify(first.id, () => changed)));
      expect(await repo().get(first.id)).toMatchObject({ version: 4, data: changed });
      const boom = new Error('boom');
      await expect(
        repo().modify(first.id, () => {
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect((await repo().get(first.id))?.version).toBe(4);
      expect((await rejection(repo().modify(`${first.id}-missing`, (r) => r))).code).toBe('NOT_FOUND');
    });

    it('pages by id with cursors in both orders; a cursor of another order is BAD_REQUEST', async () => {
      const t = await tenant();
      const all: Array<Entity<R>> = [];
      for (let i = 1; i <= 5; i++) all.push(await insert(t, i));
      const scope = fixture.tenantOwned ? { tenantId: t } : {};
      const pages = async (order: 'asc' | 'desc') => {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await repo().list({ ...scope, order, limit: 2, ...(cursor ? { cursor } : {}) });
          seen.push(...page.items.map((e) => e.id));
          cursor = page.nextCursor;
        } while (cursor);
        return seen.filter((id) => id.startsWith(`${t}-e`));
      };
      const ids = all.map((e) => e.id);
      expect(await pages('asc')).toEqual(ids);
      expect(await pages('desc')).toEqual([...ids].reverse());
      const first = await repo().list({ ...scope, limit: 2 });
      expect(
        (await rejection(repo().list({ ...scope, order: 'desc', cursor: first.nextCursor! }))).code,
      ).toBe('BAD_REQUEST');
      expect((await rejection(repo().list({ cursor: 'not a cursor!' }))).code).toBe('BAD_REQUEST');
      expect((await rejection(repo().list({ limit: 0 }))).code).toBe('VALIDATION');
    });

    itIf(fixture.keyed === true)('returns the row holding a repeated idempotency key', async () => {
      const t = await tenant();
      const data = await fixture.record(store, t, 1);
      const first = await repo().insert({ id: idOf(t, 1), tenantId: owner(t), key: `${t}-key`, data });
      const other = await fixture.record(store, t, 2);
      const again = await repo().insert({ id: idOf(t, 2), tenantId: owner(t), key: `${t}-key`, data: other });
      expect(again).toEqual({ entity: first.entity, created: false });
      expect(await repo().get(idOf(t, 2))).toBeUndefined();
      const unkeyed = await repo().insert({ id: idOf(t, 3), tenantId: owner(t), key: null, data: other });
      expect(unkeyed.created).toBe(true);
    });

    itIf(fixture.tenantOwned)('never shows one tenant the rows of another', async () => {
      const [a, b] = [await tenant(), await tenant()];
      const mine = await insert(a, 1);
      await insert(b, 1);
      expect(await repo().get(mine.id, { tenantId: b })).toBeUndefined();
      expect(await repo().get(mine.id, { tenantId: a })).toEqual(mine);
      expect((await repo().list({ tenantId: a })).items.map((e) => e.id)).toEqual([mine.id]);
      expect(await repo().count({ tenantId: b })).toBe(1);
      expect(await repo().count({ tenantId: null })).toBe(0);
    });

    it('filters on an indexed column; an unknown field is VALIDATION', async () => {
      const t = await tenant();
      const one = await insert(t, 1);
      await insert(t, 2);
      const where = { [fixture.filter.field]: fixture.filter.of(one.data) } as Partial<F>;
      const scope = fixture.tenantOwned ? { tenantId: t } : {};
      const found = await repo().list({ ...scope, where, limit: 1000 });
      expect(found.items.filter((e) => e.id.startsWith(`${t}-e`)).map((e) => e.id)).toEqual([one.id]);
      expect(await repo().count({ ...scope, where })).toBeGreaterThanOrEqual(1);
      const bad = { nonsense: 'x' } as unknown as Partial<F>;
      expect((await rejection(repo().list({ where: bad }))).code).toBe('VALIDATION');
    });

    it('rolls back what a failed store.transaction wrote', async () => {
      const t = await tenant();
      const kept = await insert(t, 1);
      const fresh = await fixture.record(store, t, 2);
      await expect(
        store.transaction(async (tx) => {
          await fixture.repo(tx).insert({ id: idOf(t, 2), tenantId: owner(t), data: fresh });
          await fixture.repo(tx).update(kept.id, fixture.change(kept.data));
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await repo().get(idOf(t, 2))).toBeUndefined();
      expect(await repo().get(kept.id)).toEqual(kept);
    });

    itIf(fixture.broken !== undefined)(
      'refuses a record whose reference points at nothing (CONFLICT)',
      async () => {
        const t = await tenant();
        const data = fixture.broken!(await fixture.record(store, t, 1));
        const err = await rejection(repo().insert({ id: idOf(t, 1), tenantId: owner(t), data }));
        expect(err).toMatchObject({
          code: 'CONFLICT',
          details: { constraint: expect.stringMatching(/foreign|fkey/) },
        });
        expect(await repo().get(idOf(t, 1))).toBeUndefined();
      },
    );
  });
}

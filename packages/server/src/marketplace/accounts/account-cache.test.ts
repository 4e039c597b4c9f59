// AccountCache on every store STORES selects: a change told to the cache is seen at once, a change it
// was not told of (another process's) within the TTL, a read that overlapped a change is not kept, and
// a user is only found in its own organisation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { storeTargets } from '../../testing/backends.js';
import type { Store } from '../../store/store.js';
import { AccountCache } from './account-cache.js';

const user = {
  email: 'ann@acme.test',
  name: 'Ann',
  role: 'customer' as const,
  passwordHash: 'x',
  emailVerifiedAt: null,
  tokensValidAfter: 0,
  disabledAt: null,
};

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`AccountCache on ${target.kind}`, () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1));
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await target.open!({ clock }));
      await store.migrate();
      for (const id of ['ten_a', 'ten_b'])
        await store.tenants.insert({ id, data: { name: id, publicActivity: false, plan: 'free' } });
      await store.accounts.insert({ id: 'usr_ann', tenantId: 'ten_a', data: user });
    });
    afterAll(async () => cleanup?.());

    const disabledAt = async (cache: AccountCache) =>
      (await cache.user('usr_ann', 'ten_a'))?.data.disabledAt ?? null;
    const disable = (at: number | null) =>
      store.accounts.modify('usr_ann', (u) => ({ ...u, disabledAt: at }));

    it('peeks (no read) only at what a read left fresh, in its own organisation', async () => {
      const cache = new AccountCache(store, clock, 5000);
      expect(cache.freshUser('usr_ann', 'ten_a')).toBeUndefined();
      await cache.user('usr_ann', 'ten_a');
      expect(cache.freshUser('usr_ann', 'ten_a')?.id).toBe('usr_ann');
      expect(cache.freshUser('usr_ann', 'ten_b')).toBeUndefined();
      cache.userChanged('usr_ann');
      expect(cache.freshUser('usr_ann', 'ten_a')).toBeUndefined();
      await cache.user('usr_ann', 'ten_a');
      await cache.tenant('ten_a');
      expect(cache.freshTenant('ten_a')?.id).toBe('ten_a');
      await clock.advance(5000);
      expect(cache.freshUser('usr_ann', 'ten_a')).toBeUndefined();
      expect(cache.freshTenant('ten_a')).toBeUndefined();
    });

    it('sees a change it is told of at once and one made elsewhere after the TTL', async () => {
      const cache = new AccountCache(store, clock, 5000);
      expect(await disabledAt(cache)).toBeNull();
      await disable(1);
      cache.userChanged('usr_ann');
      expect(await disabledAt(cache)).toBe(1);

      // Another process re-enables the user: this one does not know until its copy is 5 s old.
      await disable(null);
      expect(await disabledAt(cache)).toBe(1);
      await clock.advance(5000);
      expect(await disabledAt(cache)).toBeNull();

      expect((await cache.tenant('ten_a'))?.data.plan).toBe('free');
      await store.tenants.modify('ten_a', (t) => ({ ...t, plan: 'business' }));
      expect((await cache.tenant('ten_a'))?.data.plan).toBe('free');
      cache.tenantChanged('ten_a');
      expect((await cache.tenant('ten_a'))?.data.plan).toBe('business');
    });

    it('does not keep a read that a change overlapped', async () => {
      // The read answers with what the row held before the change, after the change was told.
      const before = await store.accounts.get('usr_ann');
      let reads = 0;
      let answer = (): void => undefined;
      const slowStore = {
        ...store,
        accounts: {
          get: () => {
            reads++;
            return new Promise((resolve) => (answer = () => resolve(before)));
          },
        },
      } as unknown as Store;
      const cache = new AccountCache(slowStore, clock, 5000);
      const inFlight = cache.user('usr_ann', 'ten_a');
      cache.userChanged('usr_ann');
      answer();
      await inFlight;
      const again = cache.user('usr_ann', 'ten_a');
      answer();
      await again;
      expect(reads).toBe(2);
      // Without a change in between, the second request is answered from the cache.
      const third = cache.user('usr_ann', 'ten_a');
      answer();
      await third;
      expect(reads).toBe(2);
    });

    it('finds a user only in its own organisation, and reads every time with a TTL of 0', async () => {
      const cache = new AccountCache(store, clock, 5000);
      expect(await cache.user('usr_ann', 'ten_b')).toBeUndefined();
      expect(await cache.user('usr_nobody', 'ten_a')).toBeUndefined();
      const uncached = new AccountCache(store, clock, 0);
      expect(await disabledAt(uncached)).toBeNull();
      await disable(3);
      expect(await disabledAt(uncached)).toBe(3);
      await disable(null);
    });
  });
}

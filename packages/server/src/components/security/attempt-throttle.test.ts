import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { isPlatformError } from '../../errors.js';
import { createSqlStore, type SqlStore } from '../../store/sql-store.js';
import { testPostgres, type TestPostgres } from '../../testing/services.js';
import { AttemptThrottle, type ThrottleStore } from './attempt-throttle.js';
import { LoginGuard } from './login-guard.js';
import { DocumentThrottleStore, MemoryThrottleStore, THROTTLE_COLLECTION } from './throttle-stores.js';

const pg = await testPostgres();
const opened: SqlStore[] = [];
const databases: TestPostgres[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await Promise.all(databases.map((d) => d.drop()));
  await pg?.drop();
});

async function sqlStore(url?: string): Promise<SqlStore> {
  const store = await createSqlStore(
    url
      ? { dialect: 'postgres', url }
      : { dialect: 'sqlite', path: join(mkdtempSync(join(tmpdir(), 'throttle-')), 't.db') },
  );
  await store.migrate();
  opened.push(store);
  return store;
}

const adapters: Array<[string, (() => Promise<{ throttle: ThrottleStore; store?: SqlStore }>) | undefined]> =
  [
    ['memory', async () => ({ throttle: new MemoryThrottleStore() })],
    [
      'SQLite documents',
      async () => {
        const store = await sqlStore();
        return { throttle: new DocumentThrottleStore(store.documents), store };
      },
    ],
    [
      'PostgreSQL documents',
      pg
        ? async () => {
            const db = (await testPostgres())!;
            databases.push(db);
            const store = await sqlStore(db.url);
            return { throttle: new DocumentThrottleStore(store.documents), store };
          }
        : undefined,
    ],
  ];

const policy = { freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 60_000, forgetAfterMs: 3_600_000 };

async function blockedFor(throttle: AttemptThrottle, key: string): Promise<number | undefined> {
  try {
    await throttle.check(key);
    return undefined;
  } catch (err) {
    if (!isPlatformError(err, 'RATE_LIMITED')) throw err;
    return err.details.retryAfterSeconds as number;
  }
}

for (const [name, make] of adapters) {
  describe.skipIf(!make)(`AttemptThrottle over the ${name} store`, () => {
    it('lets the free failures through, then doubles the wait up to the cap', async () => {
      const { throttle: store } = await make!();
      const clock = new FakeClock(1_000_000);
      const t = new AttemptThrottle({ store, clock, policy, scope: 'test' });
      for (let i = 0; i < 2; i++) {
        await t.recordFailure('k');
        expect(await blockedFor(t, 'k')).toBeUndefined();
      }
      const waits: number[] = [];
      for (let i = 0; i < 8; i++) {
        await t.recordFailure('k');
        const wait = (await blockedFor(t, 'k'))!;
        waits.push(wait);
        await clock.advance(wait * 1000 - 1);
        expect(await blockedFor(t, 'k')).toBe(1);
        await clock.advance(1);
        expect(await blockedFor(t, 'k')).toBeUndefined();
      }
      expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
      expect(await blockedFor(t, 'other')).toBeUndefined();
    });

    it('forgets a key after a success, and after a quiet hour', async () => {
      const { throttle: store } = await make!();
      const clock = new FakeClock(0);
      const t = new AttemptThrottle({ store, clock, policy, scope: 'test' });
      for (let i = 0; i < 3; i++) await t.recordFailure('a');
      expect(await blockedFor(t, 'a')).toBe(1);
      await t.reset('a');
      expect(await blockedFor(t, 'a')).toBeUndefined();
      for (let i = 0; i < 5; i++) await t.recordFailure('b');
      await clock.advance(3_600_001);
      expect((await t.recordFailure('b')).failures).toBe(1);
    });

    it('loses no failure when many are recorded at once', async () => {
      const { throttle: store } = await make!();
      const t = new AttemptThrottle({ store, clock: new FakeClock(0), policy, scope: 'test' });
      await Promise.all(Array.from({ length: 20 }, () => t.recordFailure('burst')));
      expect((await t.recordFailure('burst')).failures).toBe(21);
    });

    it('keeps digests, never the account or address in clear', async () => {
      const { throttle: store, store: sql } = await make!();
      const guard = new LoginGuard({
        store,
        clock: new FakeClock(0),
        accountFreeFailures: 5,
        addressFreeFailures: 20,
        maxDelayMs: 900_000,
      });
      await guard.failed({ account: 'Secret.Person@Example.com', address: '203.0.113.9' });
      if (!sql) return;
      const page = await sql.documents.list(THROTTLE_COLLECTION);
      const text = JSON.stringify(page.items);
      expect(page.items).toHaveLength(2);
      expect(text).not.toMatch(/secret\.person|example\.com|203\.0\.113\.9/i);
    });
  });
}

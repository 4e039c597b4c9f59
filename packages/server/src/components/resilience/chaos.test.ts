// Chaos: a slow or briefly unavailable store, behind the resilience policy, still answers; an
// operation that keeps failing ends in the store-backed dead-letter sink.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../clock.js';
import { PlatformError } from '../../errors.js';
import { createIds } from '../../ids.js';
import { createSqlStore, type SqlStore } from '../../store/sql-store.js';
import { createStoreDeadLetterSink } from './dead-letter-sink.js';
import { createResiliencePolicy } from './resilience-policy.js';

describe('chaos: slow store', () => {
  let store: SqlStore;
  beforeAll(async () => {
    store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' });
    await store.migrate();
    await store.documents.insert({ collection: 'c', id: 'x', data: { ok: true } });
  });
  afterAll(async () => store.close());
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('times out a read that hangs and succeeds on the retry', async () => {
    const policy = createResiliencePolicy({
      name: 'store-read',
      timeoutMs: 1000,
      retry: { maxRetries: 2, initialDelayMs: 50, jitter: false },
    });
    let attempts = 0;
    const read = policy.execute(async () => {
      attempts += 1;
      // The first attempt stalls like a database stuck on a lock; later ones answer.
      if (attempts === 1) await new Promise((r) => setTimeout(r, 10_000));
      return store.documents.get<{ ok: boolean }>('c', 'x');
    });
    await vi.advanceTimersByTimeAsync(1050);
    expect((await read)!.data).toEqual({ ok: true });
    expect(attempts).toBe(2);
    expect(policy.stats()).toMatchObject({ timeouts: 1, retries: 1, successes: 1 });
  });

  it('rides out a store that refuses connections twice', async () => {
    const policy = createResiliencePolicy({
      name: 'store-write',
      retry: { maxRetries: 3, initialDelayMs: 10, jitter: false },
    });
    let attempts = 0;
    const write = policy.execute(async () => {
      attempts += 1;
      if (attempts <= 2) throw new PlatformError('UNAVAILABLE', 'Database is unreachable: ECONNREFUSED');
      return store.documents.insert({ collection: 'c', id: 'y', data: { n: attempts } });
    });
    await vi.advanceTimersByTimeAsync(100);
    expect((await write).document.data).toEqual({ n: 3 });
  });
});

describe('dead-letter hand-off to the store', () => {
  it('records the failed operation with its error and attempts, listable per source', async () => {
    const clock = new FakeClock();
    const store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' }, { clock });
    await store.migrate();
    try {
      const sink = createStoreDeadLetterSink({ store, clock, ids: createIds(() => clock.now()) });
      const policy = createResiliencePolicy({ name: 'notify', retry: false, deadLetters: sink });
      await expect(
        policy.execute(async () => Promise.reject(new PlatformError('UNAVAILABLE', 'smtp down')), {
          deadLetter: { payload: { to: 'a@b.co' }, tenantId: 't1' },
        }),
      ).rejects.toMatchObject({
        code: 'UNAVAILABLE',
      });
      const page = await sink.list({ source: 'notify' });
      expect(page.items).toEqual([
        expect.objectContaining({
          source: 'notify',
          payload: { to: 'a@b.co' },
          attempts: 1,
          tenantId: 't1',
          error: expect.objectContaining({ code: 'UNAVAILABLE', message: 'smtp down' }),
        }),
      ]);
      expect(await sink.count({ source: 'notify' })).toBe(1);
      expect(await sink.count({ source: 'other' })).toBe(0);
    } finally {
      await store.close();
    }
  });
});

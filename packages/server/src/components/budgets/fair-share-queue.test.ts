import { describe, expect, it } from 'vitest';
import { flushMicrotasks } from '../../clock.js';
import { FairShareQueue, type SharePriority } from './fair-share-queue.js';

describe('FairShareQueue', () => {
  it('grants at once without contention', async () => {
    const q = new FairShareQueue({ capacity: 2 });
    const a = await q.acquire('low');
    const b = await q.acquire('high');
    expect(q.stats().active).toBe(2);
    a();
    a();
    b();
    expect(q.stats().active).toBe(0);
  });

  it('splits slots 60/30/10 by priority under contention', async () => {
    const q = new FairShareQueue({ capacity: 1 });
    const hold = await q.acquire('low');
    const order: SharePriority[] = [];
    const releases: Array<Promise<void>> = [];
    for (const p of ['high', 'medium', 'low'] as const) {
      for (let i = 0; i < 100; i++) {
        releases.push(
          q.acquire(p).then((release) => {
            order.push(p);
            release();
          }),
        );
      }
    }
    hold();
    await flushMicrotasks(200);
    const first100 = order.slice(0, 100);
    const count = (p: SharePriority) => first100.filter((x) => x === p).length;
    expect([count('high'), count('medium'), count('low')]).toEqual([60, 30, 10]);
    await Promise.all(releases);
    expect(order).toHaveLength(300);
  });

  it('does not hold earlier uncontended grants against a class', async () => {
    const q = new FairShareQueue({ capacity: 1 });
    for (let i = 0; i < 50; i++) (await q.acquire('high'))();
    const hold = await q.acquire('high');
    const got: SharePriority[] = [];
    const waits = [q.acquire('low'), q.acquire('high')].map((p, i) =>
      p.then((r) => (got.push(i === 0 ? 'low' : 'high'), r())),
    );
    hold();
    await Promise.all(waits);
    expect(got[0]).toBe('high');
  });

  it('refuses waiters beyond maxWaiting and validates capacity', async () => {
    const q = new FairShareQueue({ capacity: 1, maxWaiting: 1 });
    const hold = await q.acquire();
    const waiting = q.acquire();
    await expect(q.acquire()).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    hold();
    (await waiting)();
    expect(() => new FairShareQueue({ capacity: 0 })).toThrow(/capacity/);
  });
});

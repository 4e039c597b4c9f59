import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { MicroBatcher } from './micro-batcher.js';

function doubler(clock: FakeClock, options: { maxWaitMs?: number; maxSize?: number } = {}) {
  const runs: Array<{ group: string; items: number[] }> = [];
  const batcher = new MicroBatcher<number, number>({
    clock,
    maxWaitMs: options.maxWaitMs ?? 5,
    maxSize: options.maxSize ?? 10,
    run: async (group, items) => {
      runs.push({ group, items });
      return items.map((i) => i * 2);
    },
  });
  return { batcher, runs };
}

describe('MicroBatcher', () => {
  it('holds items of a group until the wait ends, then runs them as one batch', async () => {
    const clock = new FakeClock();
    const { batcher, runs } = doubler(clock);
    const results = [1, 2, 3].map((i) => batcher.add('g', i));
    await clock.advance(4);
    expect(runs).toEqual([]);
    await clock.advance(1);
    expect(await Promise.all(results)).toEqual([2, 4, 6]);
    expect(runs).toEqual([{ group: 'g', items: [1, 2, 3] }]);
    expect(batcher.stats).toEqual({ batches: 1, items: 3 });
  });

  it('sends a full batch at once, and its timer does not flush the next one early', async () => {
    const clock = new FakeClock();
    const { batcher, runs } = doubler(clock, { maxSize: 2 });
    const a = [batcher.add('g', 1), batcher.add('g', 2)];
    expect(await Promise.all(a)).toEqual([2, 4]);
    await clock.advance(3);
    const b = batcher.add('g', 3);
    await clock.advance(2);
    // The first batch's timer fell due here; the second batch waits its own 5 ms.
    expect(runs).toHaveLength(1);
    await clock.advance(3);
    expect(await b).toBe(6);
    expect(runs.map((r) => r.items)).toEqual([[1, 2], [3]]);
  });

  it('keeps groups apart', async () => {
    const clock = new FakeClock();
    const { batcher, runs } = doubler(clock);
    const results = [batcher.add('a', 1), batcher.add('b', 2), batcher.add('a', 3)];
    await clock.advance(5);
    expect(await Promise.all(results)).toEqual([2, 4, 6]);
    expect(runs).toEqual([
      { group: 'a', items: [1, 3] },
      { group: 'b', items: [2] },
    ]);
  });

  it('with no wait, batches what arrives in one turn of the event loop', async () => {
    const clock = new FakeClock();
    const { batcher, runs } = doubler(clock, { maxWaitMs: 0 });
    expect(await Promise.all([batcher.add('g', 1), batcher.add('g', 2)])).toEqual([2, 4]);
    expect(runs).toHaveLength(1);
  });

  it('fails every item of a failed batch, and an item the run left without a result', async () => {
    const clock = new FakeClock();
    const failing = new MicroBatcher<number, number>({
      clock,
      maxWaitMs: 1,
      maxSize: 10,
      run: async () => {
        throw new Error('down');
      },
    });
    const short = new MicroBatcher<number, number>({
      clock,
      maxWaitMs: 1,
      maxSize: 10,
      run: async (_g, items) => items.slice(1),
    });
    const settled = Promise.allSettled([
      failing.add('g', 1),
      failing.add('g', 2),
      short.add('g', 1),
      short.add('g', 2),
    ]);
    await clock.advance(1);
    const r = await settled;
    expect(r.map((x) => x.status)).toEqual(['rejected', 'rejected', 'fulfilled', 'rejected']);
    expect(r[3]).toMatchObject({ reason: { code: 'INTERNAL' } });
  });
});

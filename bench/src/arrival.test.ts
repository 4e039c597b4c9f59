// The open-loop generator's clock: a send is never early (which would hide latency) and the loop
// keeps turning while it waits (so deliveries of earlier items are not held up by the sender).
import { describe, expect, it } from 'vitest';
import { openLoop, waitUntil } from './arrival.js';

describe('waitUntil', () => {
  it('never resolves before the given time, for waits below and above the timer granularity', async () => {
    for (const ahead of [0.05, 0.4, 1.2, 3.7]) {
      const at = performance.now() + ahead;
      await waitUntil(at);
      expect(performance.now()).toBeGreaterThanOrEqual(at);
    }
  });

  it('lets other work run while it waits', async () => {
    // Counted until the wait ends (not until a time), so a descheduled process cannot fail it.
    let ran = 0;
    let waiting = true;
    const other = (async () => {
      while (waiting) {
        ran++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    await waitUntil(performance.now() + 3);
    waiting = false;
    await other;
    expect(ran).toBeGreaterThan(1);
  });

  it('resolves at once when the time has passed (a late sender bursts)', async () => {
    const at = performance.now() - 10;
    let resolved = false;
    const p = waitUntil(at).then(() => (resolved = true));
    await Promise.resolve();
    await Promise.resolve();
    expect(resolved).toBe(true);
    await p;
  });
});

describe('openLoop', () => {
  it('measures from the intended send time and counts every item', async () => {
    let deliver!: (i: number) => void;
    const result = await openLoop(
      {
        ratePerSecond: 2000,
        durationMs: 50,
        // Delivered 2 ms after the send: every latency is at least that.
        send: async (i) => void waitUntil(performance.now() + 2).then(() => deliver(i)),
      },
      (done) => (deliver = done),
    );
    expect(result.total).toBe(100);
    expect(result.late).toBe(0);
    expect(result.p50).toBeGreaterThanOrEqual(2);
  });
});

// Open-loop load: sends at fixed intended times and measures from the INTENDED send time, so a stall
// in the system under test shows up in the latency instead of silently slowing the sender
// (no coordinated omission).
import { createLatencyRecorder } from './harness.js';

export interface OpenLoopOptions {
  ratePerSecond: number;
  durationMs: number;
  /** Sends message i; the receiver later calls `done(i)`. */
  send(i: number, intendedAt: number): Promise<void> | void;
}

export async function openLoop(options: OpenLoopOptions, arm: (done: (i: number) => void) => void) {
  const rec = createLatencyRecorder();
  const total = Math.max(1, Math.round((options.ratePerSecond * options.durationMs) / 1000));
  const intended = new Float64Array(total);
  let received = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  arm((i) => {
    rec.recordMs(performance.now() - intended[i]!);
    if (++received === total) resolveAll();
  });
  const interval = 1000 / options.ratePerSecond;
  const t0 = performance.now() + 5;
  const sends: Array<Promise<void> | void> = [];
  for (let i = 0; i < total; i++) {
    intended[i] = t0 + i * interval;
    const wait = intended[i]! - performance.now();
    // Sleep only when ahead of schedule by more than a millisecond; otherwise send in a burst.
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    sends.push(options.send(i, intended[i]!));
  }
  await Promise.all(sends);
  const deadline = setTimeout(() => resolveAll(), 30_000);
  await all;
  clearTimeout(deadline);
  const s = rec.summaryMs();
  return { ...s, lost: total - received, total };
}

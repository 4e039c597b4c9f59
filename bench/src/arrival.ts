// Open-loop load: sends at fixed intended times and measures from the INTENDED send time, so a stall
// in the system under test shows up in the latency instead of silently slowing the sender
// (no coordinated omission). Items still missing at the deadline are recorded at the deadline (a
// lower bound on their latency) and counted as `late`, so a saturated system cannot look fast.
import { createLatencyRecorder } from './harness.js';

/**
 * Resolves at `at` (a `performance.now()` time), never before it and as little after it as the loop
 * allows. Timers have millisecond granularity and fire up to a millisecond late, which an open loop
 * would otherwise measure as latency of the system under test (and sending up to a millisecond early
 * to avoid that would hide real latency). So: a timer for the coarse part, then turns of the event
 * loop — which keep running deliveries and I/O — until the moment comes.
 */
export async function waitUntil(at: number): Promise<void> {
  const coarse = at - performance.now() - 1.5;
  if (coarse > 0) await new Promise((r) => setTimeout(r, coarse));
  while (performance.now() < at) await new Promise((r) => setImmediate(r));
}

/**
 * Resolves on the first timer turn at or after `at`. Unlike `waitUntil` it never turns the event loop
 * while waiting, so a sender in the same process as the system under test takes (almost) none of its
 * thread: use it where the system is meant to run near saturation. Sends go out up to a timer tick
 * late (more when the loop is busy) and that lateness is measured as latency, so it can only make the
 * system look slower, never faster.
 */
export async function waitTimer(at: number): Promise<void> {
  for (let left = at - performance.now(); left > 0; left = at - performance.now())
    await new Promise((r) => setTimeout(r, Math.max(1, left)));
}

export interface OpenLoopOptions {
  ratePerSecond: number;
  durationMs: number;
  /** Sends item i; the receiver later calls `done(i)`. A rejected send counts in `sendErrors`. */
  send(i: number): Promise<void>;
  /** How long to wait for stragglers after the last intended send (default 5000 ms). */
  drainMs?: number;
}

export interface OpenLoopResult {
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  /** Items sent. */
  total: number;
  /** Items not received by the deadline (recorded at the deadline). */
  late: number;
  sendErrors: number;
}

export async function openLoop(
  options: OpenLoopOptions,
  arm: (done: (i: number) => void) => void,
): Promise<OpenLoopResult> {
  const rec = createLatencyRecorder();
  const total = Math.max(1, Math.round((options.ratePerSecond * options.durationMs) / 1000));
  const intended = new Float64Array(total);
  const received = new Uint8Array(total);
  let count = 0;
  let sendErrors = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  arm((i) => {
    if (i < 0 || i >= total || received[i]) return; // a redelivery is not a second arrival
    received[i] = 1;
    rec.recordMs(performance.now() - intended[i]!);
    if (++count === total) resolveAll();
  });
  const interval = 1000 / options.ratePerSecond;
  const t0 = performance.now() + 5;
  const sends: Array<Promise<void>> = [];
  for (let i = 0; i < total; i++) {
    intended[i] = t0 + i * interval;
    // Behind schedule this resolves at once, so late sends go out in a burst.
    await waitUntil(intended[i]!);
    sends.push(options.send(i).catch(() => void sendErrors++));
  }
  const deadlineAt = t0 + options.durationMs + (options.drainMs ?? 5000);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    all,
    new Promise<void>((r) => (timer = setTimeout(r, Math.max(0, deadlineAt - performance.now())))),
  ]);
  clearTimeout(timer);
  let late = 0;
  const now = performance.now();
  for (let i = 0; i < total; i++) {
    if (received[i]) continue;
    late++;
    rec.recordMs(now - intended[i]!);
  }
  const s = rec.summaryMs();
  // Sends still in flight (a saturated system accepts slowly) must finish before the next run starts,
  // or their backlog would be measured there (and held in memory meanwhile).
  await Promise.all(sends);
  return { p50: s.p50, p95: s.p95, p99: s.p99, p999: s.p999, max: s.max, total, late, sendErrors };
}

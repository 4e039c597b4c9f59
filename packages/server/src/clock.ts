// Time is a port: production uses the system clock; tests advance a fake one, never sleep.

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once after `ms` of this clock's time; the handle cancels it. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Resolves after `ms` of this clock's time. */
  sleep(ms: number): Promise<void>;
}

/** Node keeps a timer for at most 2^31−1 ms (~24.8 days); a longer one fires after 1 ms instead. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * A Node timer for any duration: one longer than Node allows (a month-long budget period, a trial's
 * end) waits in steps of the longest allowed timer and checks the time left after each.
 */
function longTimeout(fn: () => void, ms: number, unref: boolean): TimerHandle {
  const due = Date.now() + Math.max(0, ms);
  let timer: NodeJS.Timeout;
  const arm = (wait: number) => {
    timer = setTimeout(() => {
      const left = due - Date.now();
      if (wait === MAX_TIMER_MS && left > 0) arm(Math.min(left, MAX_TIMER_MS));
      else fn();
    }, wait);
    if (unref) timer.unref?.();
  };
  arm(Math.min(Math.max(0, ms), MAX_TIMER_MS));
  return { cancel: () => clearTimeout(timer) };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => longTimeout(fn, ms, true),
  sleep: (ms) => new Promise((resolve) => longTimeout(resolve, ms, false)),
};

interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock that moves only when told. `advance` fires due timers in time order and lets promise
 * continuations run between them, so code awaiting `sleep` observes the same order as in real time.
 */
export class FakeClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: PendingTimer[] = [];

  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: PendingTimer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return {
      cancel: () => {
        this.timers = this.timers.filter((t) => t !== timer);
      },
    };
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  /** Number of timers not yet fired. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      const next = this.nextDue(target);
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = next.at;
      next.fn();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /** Sets the absolute time (never backwards) and fires what fell due. */
  async setTime(at: number | Date): Promise<void> {
    const t = typeof at === 'number' ? at : at.getTime();
    await this.advance(Math.max(0, t - this.current));
  }

  private nextDue(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.timers) {
      if (t.at > limit) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}

/**
 * Lets queued promise callbacks and their follow-ups run, a few levels deep — including work that
 * waits one macrotask, such as a SQLite write waiting for its group commit (see sqlite-driver.ts).
 */
export async function flushMicrotasks(rounds = 20, turns = 8): Promise<void> {
  for (let turn = 0; turn < turns; turn++) {
    for (let i = 0; i < rounds; i++) await Promise.resolve();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

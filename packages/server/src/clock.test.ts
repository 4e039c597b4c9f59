import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from './clock.js';

const DAY = 86_400_000;

describe('systemClock timers', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 1) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires a timer longer than Node allows (31 days) at its time, not after 1 ms', () => {
    const fired = vi.fn();
    systemClock.setTimeout(fired, 31 * DAY);
    vi.advanceTimersByTime(1);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(30 * DAY);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(DAY - 2);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('cancels a long timer in any of its steps', () => {
    const fired = vi.fn();
    const handle = systemClock.setTimeout(fired, 60 * DAY);
    vi.advanceTimersByTime(40 * DAY);
    handle.cancel();
    vi.advanceTimersByTime(30 * DAY);
    expect(fired).not.toHaveBeenCalled();
  });

  it('sleeps for longer than Node allows', async () => {
    let woke = false;
    void systemClock.sleep(26 * DAY).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(25 * DAY);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(DAY);
    expect(woke).toBe(true);
  });

  it('runs short and negative timers as before', () => {
    const fired = vi.fn();
    systemClock.setTimeout(fired, -5);
    systemClock.setTimeout(fired, 10);
    vi.advanceTimersByTime(0);
    expect(fired).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10);
    expect(fired).toHaveBeenCalledTimes(2);
  });
});

import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { silentLogger } from '../components/observability/logger.js';
import { DueTimers } from './due-timers.js';
import { DAY } from './time.js';
import { addMonths } from './hires/hire-service.js';

describe('DueTimers', () => {
  it('fires at the absolute time even beyond one chunk, and not before', async () => {
    const clock = new FakeClock(0);
    const timers = new DueTimers(clock, silentLogger);
    const fired: number[] = [];
    timers.schedule('a', 10 * DAY, async () => {
      fired.push(clock.now());
    });
    await clock.advance(10 * DAY - 1);
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toEqual([10 * DAY]);
  });

  it('replaces a timer with the same key and cancels on stop', async () => {
    const clock = new FakeClock(0);
    const timers = new DueTimers(clock, silentLogger);
    const fired: string[] = [];
    timers.schedule('k', 100, async () => void fired.push('first'));
    timers.schedule('k', 200, async () => void fired.push('second'));
    timers.schedule('other', 300, async () => void fired.push('other'));
    await clock.advance(250);
    timers.stop();
    await clock.advance(1000);
    expect(fired).toEqual(['second']);
    expect(timers.has('other')).toBe(false);
  });
});

describe('addMonths', () => {
  it('keeps the day of month and clamps to the month end', () => {
    expect(new Date(addMonths(Date.UTC(2026, 0, 15, 9), 1)).toISOString()).toBe('2026-02-15T09:00:00.000Z');
    expect(new Date(addMonths(Date.UTC(2026, 0, 31), 1)).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(new Date(addMonths(Date.UTC(2026, 0, 5), 12)).toISOString()).toBe('2027-01-05T00:00:00.000Z');
  });
});

// Fire times of schedules: croner in the instance's zone (daylight saving included), runs moved into
// working hours, runs that move onto one slot collapsing into one fire, and the checks of inputs.
import { describe, expect, it } from 'vitest';
import { isPlatformError } from '../../../errors.js';
import { checkCron, checkTimezone, moveIntoWorkingHours, nextFire, upcomingFires } from './schedule-times.js';
import { defaultHours } from './memory-work-ports.js';

const at = (iso: string) => Date.parse(iso);
const isoAll = (ms: number[]) => ms.map((m) => new Date(m).toISOString());

describe('schedule times', () => {
  it('runs the cron in the instance time zone', () => {
    const t = { cron: '0 9 * * 1-5', timezone: 'Asia/Kolkata', workingHours: null };
    // Monday 2026-01-05 00:00 UTC is 05:30 in Kolkata; 09:00 there is 03:30 UTC.
    expect(isoAll(upcomingFires(t, at('2026-01-05T00:00:00Z'), 6))).toEqual([
      '2026-01-05T03:30:00.000Z',
      '2026-01-06T03:30:00.000Z',
      '2026-01-07T03:30:00.000Z',
      '2026-01-08T03:30:00.000Z',
      '2026-01-09T03:30:00.000Z',
      '2026-01-12T03:30:00.000Z',
    ]);
  });

  it('follows daylight saving in zones that have it', () => {
    const t = { cron: '0 9 * * *', timezone: 'Europe/London', workingHours: null };
    expect(isoAll(upcomingFires(t, at('2026-03-28T00:00:00Z'), 2))).toEqual([
      '2026-03-28T09:00:00.000Z',
      '2026-03-29T08:00:00.000Z',
    ]);
  });

  it('moves runs outside working hours to the next working start, and fires a collapsed slot once', () => {
    // 20:00 every day, office hours Monday–Friday 09:00–18:00 Kolkata: Saturday's and Sunday's runs
    // land on Monday 09:00 together with Friday's, which is one fire.
    const t = { cron: '0 20 * * *', timezone: 'Asia/Kolkata', workingHours: defaultHours };
    expect(isoAll(upcomingFires(t, at('2026-01-08T00:00:00Z'), 3))).toEqual([
      '2026-01-09T03:30:00.000Z',
      '2026-01-12T03:30:00.000Z',
      '2026-01-13T03:30:00.000Z',
    ]);
  });

  it('keeps runs inside working hours where they are', () => {
    const t = { cron: '0 * * * *', timezone: 'Asia/Kolkata', workingHours: defaultHours };
    // Monday 18:15 Kolkata: the 19:00 run moves to Tuesday 09:00, then 10:00 follows.
    expect(isoAll(upcomingFires(t, at('2026-01-05T12:45:00Z'), 2))).toEqual([
      '2026-01-06T03:30:00.000Z',
      '2026-01-06T04:30:00.000Z',
    ]);
    expect(moveIntoWorkingHours(at('2026-01-06T05:00:00Z'), defaultHours, 'Asia/Kolkata')).toBe(
      at('2026-01-06T05:00:00Z'),
    );
  });

  it('treats the end of the working day as outside and handles a day ending at 24:00', () => {
    // 18:00 Kolkata on Monday is the end: next start is Tuesday 09:00.
    expect(moveIntoWorkingHours(at('2026-01-05T12:30:00Z'), defaultHours, 'Asia/Kolkata')).toBe(
      at('2026-01-06T03:30:00Z'),
    );
    const lateHours = { ...defaultHours, start: '20:00', end: '24:00' };
    expect(moveIntoWorkingHours(at('2026-01-05T18:00:00Z'), lateHours, 'Asia/Kolkata')).toBe(
      at('2026-01-05T18:00:00Z'),
    );
  });

  it('answers undefined when a cron never runs again', () => {
    expect(nextFire({ cron: '0 9 30 2 *', timezone: 'UTC', workingHours: null }, 0)).toBeUndefined();
  });

  it('checks cron expressions and time zones', () => {
    expect(checkCron('  0  9 * *   1-5 ')).toBe('0 9 * * 1-5');
    for (const bad of ['0 0 9 * * *', 'bad', '61 9 * * *']) {
      let error: unknown;
      try {
        checkCron(bad);
      } catch (e) {
        error = e;
      }
      expect(isPlatformError(error, 'VALIDATION')).toBe(true);
      expect(error).toMatchObject({ details: { field: 'cron' } });
    }
    expect(() => checkTimezone('Mars/Olympus_Mons')).toThrow(/unknown time zone/);
    expect(() => checkTimezone('America/New_York')).not.toThrow();
  });
});

// When a schedule fires: its cron (croner, in the instance's time zone) and, when asked, each run moved
// forward into the instance's working hours. Runs that land on the same working slot collapse into one.
import { Cron } from 'croner';
import type { WorkingHours } from '../../../contracts/work.js';
import { PlatformError } from '../../../errors.js';
import { nextCronRun } from '../../../runtime/wake-policy.js';

export interface ScheduleTiming {
  cron: string;
  timezone: string;
  /** Runs outside these hours move to the next working start; null: run at the cron's times. */
  workingHours: WorkingHours | null;
}

/** VALIDATION (naming `field`) unless `cron` is a 5-field expression croner reads. */
export function checkCron(cron: string, field = 'cron'): string {
  const normalised = cron.trim().replace(/\s+/g, ' ');
  if (normalised.split(' ').length !== 5)
    throw new PlatformError('VALIDATION', `${field}: give 5 fields (minute hour day month weekday)`, {
      details: { field },
    });
  nextCronRun({ schedule: normalised, timezone: 'UTC' }, 0, field);
  return normalised;
}

/** VALIDATION unless `timezone` is an IANA zone this runtime knows. */
export function checkTimezone(timezone: string, field = 'timezone'): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch (cause) {
    throw new PlatformError('VALIDATION', `${field}: unknown time zone ${JSON.stringify(timezone)}`, {
      details: { field },
      cause,
    });
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** ISO weekday (1 = Monday) and minute of the day of `at` in `timezone`. */
function localTime(at: number, timezone: string): { weekday: number; minute: number } {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timezone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    weekday: WEEKDAY[parts.weekday ?? ''] ?? 0,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** `at` when it falls inside the working hours, else the next working day's start (in `timezone`). */
export function moveIntoWorkingHours(at: number, hours: WorkingHours, timezone: string): number {
  const { weekday, minute } = localTime(at, timezone);
  const start = minutes(hours.start);
  const end = minutes(hours.end);
  const inDay = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (hours.days.includes(weekday) && inDay) return at;
  const days = hours.days.map((d) => d % 7).join(',');
  const next = new Cron(`${start % 60} ${Math.floor(start / 60)} * * ${days}`, {
    timezone,
    paused: true,
  }).nextRun(new Date(at));
  // A working-hours pattern always has a next run (at least one weekday is required).
  return next ? next.getTime() : at;
}

/** The first run strictly after `after` (epoch ms); undefined when the cron never runs again. */
export function nextFire(t: ScheduleTiming, after: number): number | undefined {
  const raw = nextCronRun({ schedule: t.cron, timezone: t.timezone }, after, 'cron');
  if (raw === undefined || t.workingHours === null) return raw;
  // Moving is monotone (a later run never moves before an earlier one), so the moved first run after
  // `after` is the next distinct slot: earlier runs that moved onto it were before `after`.
  return moveIntoWorkingHours(raw, t.workingHours, t.timezone);
}

/** The next `n` distinct runs after `after`. */
export function upcomingFires(t: ScheduleTiming, after: number, n: number): number[] {
  const out: number[] = [];
  let from = after;
  while (out.length < n) {
    const next = nextFire(t, from);
    if (next === undefined) break;
    out.push(next);
    from = next;
  }
  return out;
}

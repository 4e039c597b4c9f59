// Calendar arithmetic on whole UTC days, so schedules do not shift with the server's time zone.
import { z } from 'zod';

const DAY_MS = 86_400_000;

export const weekdayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export type WeekdayName = (typeof weekdayNames)[number];

/** Days since 1970-01-01 for a valid `YYYY-MM-DD`, or undefined. */
export function parseIsoDay(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return ms / DAY_MS;
}

/** A zod string that must be a real calendar date `YYYY-MM-DD`. */
export const isoDate = z
  .string()
  .max(10)
  .refine((s) => parseIsoDay(s) !== undefined, { message: 'must be a real date in the form YYYY-MM-DD' })
  // Forms show a date picker for it.
  .meta({ format: 'date' });

/** `YYYY-MM-DD` for a day number. */
export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day number (UTC) of an epoch-millisecond instant. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday.
}

export function weekdayName(day: number): WeekdayName {
  return weekdayNames[weekday(day)] as WeekdayName;
}

export function isWeekend(day: number): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

/** The next day on or after `day` that is not a weekend (and not in `holidays`). */
export function nextBusinessDay(day: number, holidays: ReadonlySet<number> = new Set()): number {
  let d = day;
  while (isWeekend(d) || holidays.has(d)) d++;
  return d;
}

/** Adds `n` business days (n ≥ 0); adding 0 moves a weekend day forward to Monday. */
export function addBusinessDays(day: number, n: number, holidays: ReadonlySet<number> = new Set()): number {
  let d = nextBusinessDay(day, holidays);
  for (let i = 0; i < n; i++) d = nextBusinessDay(d + 1, holidays);
  return d;
}

/** Business days strictly after `from` up to and including `to` (0 when to ≤ from). */
export function businessDaysBetween(from: number, to: number): number {
  let n = 0;
  for (let d = from + 1; d <= to; d++) if (!isWeekend(d)) n++;
  return n;
}

/** `HH:MM` → minutes after midnight. */
export const clockTime = z
  .string()
  .max(5)
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time HH:MM')
  // Forms show a time picker for it (which gives HH:MM).
  .meta({ format: 'time' });

export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

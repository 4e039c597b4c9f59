// ISO-8601 durations (`PT2H`, `P7D`, `P1Y2M`, `PT0.5S`) for timers, timeouts, SLAs and retry backoff.
// Years and months are calendar units, applied in UTC; everything else is fixed milliseconds.
import { PlatformError } from '../../errors.js';

export interface Duration {
  negative: boolean;
  years: number;
  months: number;
  /** Weeks, days, hours, minutes and seconds folded into milliseconds. */
  fixedMs: number;
  /** Total with 365-day years and 30-day months, for display and rough comparisons. */
  approximateMs: number;
}

const PATTERN =
  /^(-)?P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?!$)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const DAY = 86_400_000;

/** Parses an ISO-8601 duration; VALIDATION naming the text when it is malformed. */
export function parseDuration(text: string): Duration {
  const m = typeof text === 'string' ? PATTERN.exec(text.trim()) : null;
  if (!m) {
    throw new PlatformError(
      'VALIDATION',
      `"${String(text)}" is not an ISO-8601 duration (examples: PT30S, PT2H, P7D, P1DT6H)`,
      {
        details: { value: String(text) },
      },
    );
  }
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  const years = n(2);
  const months = n(3);
  if (!Number.isInteger(years) || !Number.isInteger(months)) {
    throw new PlatformError('VALIDATION', `"${text}": fractional years or months are not supported`, {
      details: { value: text },
    });
  }
  const fixedMs = Math.round(n(4) * 7 * DAY + n(5) * DAY + n(6) * 3_600_000 + n(7) * 60_000 + n(8) * 1000);
  const sign = m[1] ? -1 : 1;
  return {
    negative: sign < 0,
    years,
    months,
    fixedMs,
    approximateMs: sign * (fixedMs + years * 365 * DAY + months * 30 * DAY),
  };
}

/** `at` plus the duration, calendar-aware for years and months (UTC, end of month clamped). */
export function addDuration(at: number, duration: Duration | string): number {
  const d = typeof duration === 'string' ? parseDuration(duration) : duration;
  const sign = d.negative ? -1 : 1;
  let t = at;
  if (d.years || d.months) {
    const date = new Date(t);
    const day = date.getUTCDate();
    date.setUTCDate(1);
    date.setUTCMonth(date.getUTCMonth() + sign * (d.years * 12 + d.months));
    const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    date.setUTCDate(Math.min(day, last));
    t = date.getTime();
  }
  return t + sign * d.fixedMs;
}

/** Milliseconds of a duration measured from `at` (so `P1M` from Jan 31 is 28 or 29 days). */
export function durationMs(text: string, at = 0): number {
  return addDuration(at, text) - at;
}

// Plain-language schedules ("every weekday at 9", "every Monday and Thursday at 08:30", "every 15
// minutes") parsed to a 5-field cron expression plus the words a person would use for it. Our own small
// grammar: cron libraries evaluate expressions but do not read English.
import { PlatformError } from '../../../errors.js';

export interface ParsedPhrase {
  cron: string;
  /** e.g. "Every weekday at 09:00". */
  description: string;
}

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** A day word (full, plural or three-letter) → cron day of week (0 = Sunday). */
function dayNumber(word: string): number | undefined {
  const w = word.replace(/s$/, '');
  const i = w.length >= 3 ? DAYS.findIndex((d) => d.startsWith(w)) : -1;
  return i === -1 ? undefined : i;
}

const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const pad = (n: number) => String(n).padStart(2, '0');

function invalid(phrase: string, why: string): PlatformError {
  return new PlatformError('VALIDATION', `every: cannot read "${phrase}": ${why}`, {
    details: { field: 'every', examples: EXAMPLES },
  });
}

export const EXAMPLES = [
  'every weekday at 9',
  'every day at 18:30',
  'every monday at 08:30',
  'every monday and thursday at 10am',
  'every weekend at noon',
  'every month on the 1st at 9',
  'every hour',
  'every 15 minutes',
  'every 2 hours',
];

/** "9", "09:30", "9am", "6.30 pm", "noon", "midnight" → [hour, minute]. */
function parseTime(text: string, phrase: string): [number, number] {
  if (text === 'noon') return [12, 0];
  if (text === 'midnight') return [0, 0];
  const m = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/.exec(text);
  if (!m) throw invalid(phrase, `"${text}" is not a time (say 9, 09:30, 6pm, noon)`);
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const half = m[3];
  if (half !== undefined) {
    if (hour < 1 || hour > 12) throw invalid(phrase, `${hour}${half} is not a time`);
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) throw invalid(phrase, `"${text}" is not a time of day`);
  return [hour, minute];
}

/** The day part: "day", "weekday", "weekend", or day names joined by commas / "and". */
function parseDays(text: string, phrase: string): { field: string; words: string } {
  if (text === 'day') return { field: '*', words: 'day' };
  if (text === 'weekday') return { field: '1-5', words: 'weekday' };
  if (text === 'weekend' || text === 'weekend day') return { field: '0,6', words: 'weekend day' };
  const parts = text.split(/\s*(?:,|\band\b)\s*/).filter((p) => p.length > 0);
  const days = parts.map((p) => {
    const d = dayNumber(p);
    if (d === undefined) throw invalid(phrase, `"${p}" is not a day (say day, weekday, monday…)`);
    return d;
  });
  const unique = [...new Set(days)].sort((a, b) => a - b);
  const names = unique.map((d) => title(DAYS[d]!));
  const words = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
  return { field: unique.join(','), words };
}

function parseInterval(n: number, unit: string, phrase: string): ParsedPhrase {
  if (unit.startsWith('minute')) {
    if (n < 5 || n >= 60 || 60 % n !== 0) throw invalid(phrase, 'minutes must divide the hour, 5 at least');
    return { cron: `*/${n} * * * *`, description: `Every ${n} minutes` };
  }
  if (n < 1 || n >= 24 || 24 % n !== 0) throw invalid(phrase, 'hours must divide the day');
  return n === 1
    ? { cron: '0 * * * *', description: 'Every hour' }
    : { cron: `0 */${n} * * *`, description: `Every ${n} hours` };
}

/** Parses a phrase; VALIDATION (field `every`, with examples) when it is not one we read. */
export function parseSchedulePhrase(phrase: string): ParsedPhrase {
  const text = phrase.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!text.startsWith('every ')) throw invalid(phrase, 'start with "every"');
  const rest = text.slice('every '.length);
  if (rest === 'hour') return parseInterval(1, 'hour', phrase);
  const interval = /^(\d{1,2}) (minutes?|hours?)$/.exec(rest);
  if (interval) return parseInterval(Number(interval[1]), interval[2]!, phrase);
  const monthly = /^month on (?:the )?(\d{1,2})(?:st|nd|rd|th)? at (.+)$/.exec(rest);
  if (monthly) {
    const day = Number(monthly[1]);
    if (day < 1 || day > 28) throw invalid(phrase, 'the day of the month must be 1–28 (every month has it)');
    const [h, m] = parseTime(monthly[2]!, phrase);
    return { cron: `${m} ${h} ${day} * *`, description: `Every month on day ${day} at ${pad(h)}:${pad(m)}` };
  }
  const at = rest.lastIndexOf(' at ');
  if (at === -1) throw invalid(phrase, 'say when, e.g. "at 9" or "at 18:30"');
  const days = parseDays(rest.slice(0, at), phrase);
  const [h, m] = parseTime(rest.slice(at + ' at '.length), phrase);
  return { cron: `${m} ${h} * * ${days.field}`, description: `Every ${days.words} at ${pad(h)}:${pad(m)}` };
}

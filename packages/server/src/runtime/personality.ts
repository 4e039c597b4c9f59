// Personality: how one hired instance presents itself to its customer. The customer may name it
// anything; without a name it is called by its role — never by a made-up human name.
import { z } from 'zod';
import { PlatformError } from '../errors.js';
import { parseOrThrow } from '../components/validation/validator.js';
import type { Specialisation } from './specialisation.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const personalitySchema = z.object({
  /** Given by the customer; absent means "call it by its role". */
  name: z.string().trim().min(1).max(80).optional(),
  tone: z.enum(['casual', 'professional', 'formal']).default('professional'),
  verbosity: z.enum(['concise', 'detailed', 'comprehensive']).default('concise'),
  /** BCP 47 language tag. */
  language: z
    .string()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a language tag such as en or hi-IN')
    .default('en'),
  focusAreas: z.array(z.string().min(1).max(100)).max(20).default([]),
  /** Local working hours; absent means any time. `days` are 0 (Sunday) … 6; default Monday–Friday. */
  workingHours: z
    .object({
      start: hhmm,
      end: hhmm,
      days: z.array(z.number().int().min(0).max(6)).min(1).max(7).default([1, 2, 3, 4, 5]),
    })
    .optional(),
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Kolkata').default('UTC'),
  /** `review_all`: every deliverable waits for the customer; `auto_publish`: published directly. */
  approvalMode: z.enum(['review_all', 'auto_publish']).default('review_all'),
  notificationChannel: z.enum(['email', 'slack', 'github', 'dashboard']).default('dashboard'),
  escalationContact: z.string().min(1).max(200).optional(),
});

export type PersonalityInput = z.input<typeof personalitySchema>;
export type Personality = Readonly<z.output<typeof personalitySchema>>;

/** Validates with defaults (VALIDATION naming the field). */
export function createPersonality(input: PersonalityInput = {}): Personality {
  return Object.freeze(parseOrThrow(personalitySchema, input, 'personality'));
}

/** The customer's name for the instance, or its role title. */
export function displayName(personality: Personality, specialisation: Pick<Specialisation, 'role'>): string {
  return personality.name ?? specialisation.role;
}

/** One sentence introducing the instance: name, role, domain and (when known) the employer. */
export function introduce(
  personality: Personality,
  specialisation: Pick<Specialisation, 'role' | 'domain' | 'expertise'>,
  employer?: string,
): string {
  const name = displayName(personality, specialisation);
  const who =
    name === specialisation.role ? `your ${specialisation.role}` : `${name}, your ${specialisation.role}`;
  const forWhom = employer ? ` for ${employer}` : '';
  return `I am ${who}${forWhom} (${specialisation.domain}): ${specialisation.expertise}.`;
}

/** Local weekday and minutes since midnight of `at` in `timezone`. */
function localTime(at: number, timezone: string): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  if (day < 0) throw new PlatformError('INTERNAL', `Cannot read the weekday in ${timezone}`);
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

/**
 * Whether `at` falls in the instance's working hours (always, when none are set). A window whose end
 * is before its start runs past midnight (22:00–06:00) and belongs to the day it starts on.
 */
export function isWithinWorkingHours(personality: Personality, at: number): boolean {
  const wh = personality.workingHours;
  if (!wh) return true;
  const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
  const start = toMin(wh.start);
  const end = toMin(wh.end);
  const { day, minutes } = localTime(at, personality.timezone);
  if (start <= end) return wh.days.includes(day) && minutes >= start && minutes < end;
  if (minutes >= start) return wh.days.includes(day);
  return minutes < end && wh.days.includes((day + 6) % 7);
}

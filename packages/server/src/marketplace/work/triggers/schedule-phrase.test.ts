// The schedule phrase grammar: each phrase a customer may type, its cron and its words, and the
// phrases it refuses with a reason.
import { describe, expect, it } from 'vitest';
import { isPlatformError } from '../../../errors.js';
import { parseSchedulePhrase } from './schedule-phrase.js';

describe('parseSchedulePhrase', () => {
  it.each([
    ['every weekday at 9', '0 9 * * 1-5', 'Every weekday at 09:00'],
    ['Every Monday at 08:30', '30 8 * * 1', 'Every Monday at 08:30'],
    ['every day at 18:00', '0 18 * * *', 'Every day at 18:00'],
    ['every  day at 6pm', '0 18 * * *', 'Every day at 18:00'],
    ['every monday and thursday at 10am', '0 10 * * 1,4', 'Every Monday and Thursday at 10:00'],
    ['every fri, mon and wed at 7.15', '15 7 * * 1,3,5', 'Every Monday, Wednesday and Friday at 07:15'],
    ['every tuesdays at 12am', '0 0 * * 2', 'Every Tuesday at 00:00'],
    ['every weekend at noon', '0 12 * * 0,6', 'Every weekend day at 12:00'],
    ['every sunday at midnight', '0 0 * * 0', 'Every Sunday at 00:00'],
    ['every month on the 1st at 9', '0 9 1 * *', 'Every month on day 1 at 09:00'],
    ['every hour', '0 * * * *', 'Every hour'],
    ['every 15 minutes', '*/15 * * * *', 'Every 15 minutes'],
    ['every 2 hours', '0 */2 * * *', 'Every 2 hours'],
  ])('reads "%s" as %s', (phrase, cron, description) => {
    expect(parseSchedulePhrase(phrase)).toEqual({ cron, description });
  });

  it.each([
    ['daily at 9', 'start with "every"'],
    ['every monday', 'say when'],
    ['every funday at 9', '"funday" is not a day'],
    ['every day at 25', 'not a time of day'],
    ['every day at 13pm', 'is not a time'],
    ['every day at teatime', 'is not a time'],
    ['every 7 minutes', 'divide the hour'],
    ['every 1 minute', 'divide the hour'],
    ['every 5 hours', 'divide the day'],
    ['every month on the 31st at 9', '1–28'],
  ])('refuses "%s" (%s) naming the field', (phrase, why) => {
    let error: unknown;
    try {
      parseSchedulePhrase(phrase);
    } catch (e) {
      error = e;
    }
    expect(isPlatformError(error, 'VALIDATION')).toBe(true);
    expect((error as Error).message).toContain(why);
    expect(error).toMatchObject({ details: { field: 'every' } });
  });
});

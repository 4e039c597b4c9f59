// Multi-week social calendar: posts per platform per week spread over allowed days, pillars shared in
// proportion to their weights, holidays skipped, formats rotated. Every constraint is re-checked.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import {
  clockTime,
  formatDay,
  formatMinutes,
  isoDate,
  minutesOf,
  parseIsoDay,
  weekday,
  weekdayName,
  weekdayNames,
} from '../shared/dates.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { apportion } from './content-brief-outline.js';
import { PLATFORM_RULES, platformSchema, type Platform } from './platforms.js';
import { ui } from '../shared/form-meta.js';

const inputSchema = z.object({
  startDate: isoDate.meta(ui({ label: 'First day of the calendar' })),
  weeks: z
    .number()
    .int()
    .min(1)
    .max(12)
    .default(4)
    .meta(ui({ label: 'How many weeks' })),
  platforms: z
    .array(
      z.object({
        platform: platformSchema.meta(
          ui({
            label: 'Platform',
            options: {
              x: 'X (Twitter)',
              linkedin: 'LinkedIn',
              instagram: 'Instagram',
              facebook: 'Facebook',
              threads: 'Threads',
            },
          }),
        ),
        postsPerWeek: z
          .number()
          .int()
          .min(1)
          .max(14)
          .meta(ui({ label: 'Posts a week' })),
        time: clockTime.optional().meta(ui({ label: 'Posting time' })),
      }),
    )
    .min(1)
    .max(5)
    .meta(ui({ label: 'Where you post' })),
  pillars: z
    .array(
      z.object({
        name: z
          .string()
          .trim()
          .min(2)
          .max(60)
          .meta(ui({ label: 'Theme', example: 'Customer stories' })),
        weight: z
          .number()
          .int()
          .min(1)
          .max(10)
          .default(1)
          .meta(ui({ label: 'Share (1–10)' })),
      }),
    )
    .min(1)
    .max(10)
    .meta(
      ui({
        label: 'What you post about',
        help: 'Your content themes; a bigger share means more posts on it.',
      }),
    ),
  /** B2B audiences are at work on weekdays. */
  postingDays: z
    .array(z.enum(weekdayNames))
    .min(1)
    .max(7)
    .default(['Mon', 'Tue', 'Wed', 'Thu', 'Fri'])
    .meta(ui({ label: 'Days to post on' })),
  holidays: z
    .array(isoDate)
    .max(60)
    .default([])
    .meta(ui({ label: 'Days off', help: 'Holidays with no posts.', advanced: true })),
});

export interface CalendarSlot {
  date: string;
  weekday: string;
  time: string;
  week: number;
  platform: Platform;
  pillar: string;
  format: string;
  idea: string;
}

const ANGLES = [
  'a customer story',
  'three lessons learned',
  'a myth vs. fact',
  'a how-to',
  'a data point with its source',
  'behind the scenes',
  'a question for the audience',
  'an industry trend',
];

/** Orders exact per-pillar counts so pillars interleave evenly (smooth weighted round-robin). */
export function interleave(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const current = counts.map(() => 0);
  const out: number[] = [];
  for (let n = 0; n < total; n++) {
    let best = -1;
    for (let i = 0; i < counts.length; i++) {
      current[i] = (current[i] ?? 0) + (counts[i] ?? 0);
      if (best < 0 || (current[i] ?? 0) > (current[best] ?? 0)) best = i;
    }
    current[best] = (current[best] ?? 0) - total;
    out.push(best);
  }
  return out;
}

export const socialCalendar = defineSkill({
  id: 'social.calendar',
  agentIds: [AgentId.social, AgentId.content, AgentId.influencer],
  title: 'Social content calendar',
  description:
    'A multi-week posting calendar per platform on allowed days, pillars balanced by weight, holidays skipped, every constraint verified.',
  inputSchema,
  async run(input) {
    const start = parseIsoDay(input.startDate) as number;
    const holidays = new Set(input.holidays.map((h) => parseIsoDay(h) as number));
    const allowed = new Set(input.postingDays.map((d) => weekdayNames.indexOf(d)));
    const raw: Omit<CalendarSlot, 'pillar' | 'format' | 'idea'>[] = [];
    const shortfalls: string[] = [];
    for (let w = 0; w < input.weeks; w++) {
      const days = Array.from({ length: 7 }, (_, i) => start + w * 7 + i).filter(
        (d) => allowed.has(weekday(d)) && !holidays.has(d),
      );
      input.platforms.forEach((p, pi) => {
        const base = minutesOf(p.time ?? PLATFORM_RULES[p.platform].defaultTime);
        // Up to two posts a day on one platform (the second five hours later); more would spam followers.
        const capacity = days.length * 2;
        const n = Math.min(p.postsPerWeek, capacity);
        if (n < p.postsPerWeek)
          shortfalls.push(
            `week ${w + 1} ${p.platform}: ${p.postsPerWeek - n} post(s) do not fit in ${days.length} allowed day(s)`,
          );
        const firstRound = Math.min(n, days.length);
        const picks: { day: number; minutes: number }[] = [];
        for (let i = 0; i < firstRound; i++) {
          const idx = (Math.floor((i * days.length) / firstRound) + pi) % days.length;
          picks.push({ day: days[idx] as number, minutes: base });
        }
        for (let i = 0; i < n - firstRound; i++) {
          const idx = (Math.floor((i * days.length) / (n - firstRound)) + pi + 1) % days.length;
          picks.push({ day: days[idx] as number, minutes: Math.min(base + 300, 23 * 60) });
        }
        for (const pick of picks) {
          raw.push({
            date: formatDay(pick.day),
            weekday: weekdayName(pick.day),
            time: formatMinutes(pick.minutes),
            week: w + 1,
            platform: p.platform,
          });
        }
      });
    }
    raw.sort(
      (a, b) =>
        a.date.localeCompare(b.date) || a.time.localeCompare(b.time) || a.platform.localeCompare(b.platform),
    );
    const targets = apportion(
      raw.length,
      input.pillars.map((p) => p.weight),
    );
    const order = interleave(targets);
    const formatTurn = new Map<string, number>();
    const slots: CalendarSlot[] = raw.map((s, i) => {
      const pillar = input.pillars[order[i] ?? 0]?.name ?? '';
      const formats = PLATFORM_RULES[s.platform].formats;
      const turn = formatTurn.get(s.platform) ?? 0;
      formatTurn.set(s.platform, turn + 1);
      const format = formats[turn % formats.length] ?? 'post';
      return { ...s, pillar, format, idea: `${format} on ${pillar}: ${ANGLES[i % ANGLES.length]}` };
    });

    const end = start + input.weeks * 7 - 1;
    const inRange = slots.every((s) => {
      const d = parseIsoDay(s.date) as number;
      return d >= start && d <= end;
    });
    const onAllowed = slots.every((s) => {
      const d = parseIsoDay(s.date) as number;
      return allowed.has(weekday(d)) && !holidays.has(d);
    });
    const keys = new Set(slots.map((s) => `${s.platform} ${s.date} ${s.time}`));
    const actual = input.pillars.map((p) => slots.filter((s) => s.pillar === p.name).length);
    const balanced = actual.every((a, i) => Math.abs(a - (targets[i] ?? 0)) <= 1);
    const counted = input.platforms.every((p) =>
      Array.from(
        { length: input.weeks },
        (_, w) => slots.filter((s) => s.week === w + 1 && s.platform === p.platform).length,
      ).every(
        (c, w) => c === p.postsPerWeek || shortfalls.some((f) => f.startsWith(`week ${w + 1} ${p.platform}`)),
      ),
    );
    const checks = [
      check(
        'posts per week',
        counted && shortfalls.length === 0,
        shortfalls.length === 0 ? 'every platform gets its weekly count' : shortfalls.join('; '),
      ),
      check(
        'allowed days only',
        onAllowed,
        `only ${input.postingDays.join('/')}${holidays.size ? `, skipping ${holidays.size} holiday(s)` : ''}`,
      ),
      check('within dates', inRange, `${formatDay(start)} to ${formatDay(end)}`),
      check('no double booking', keys.size === slots.length, 'one post per platform per time slot'),
      check(
        'pillar balance',
        balanced,
        input.pillars.map((p, i) => `${p.name} ${actual[i]}/${targets[i]}`).join(', '),
      ),
    ];
    const markdown = doc(
      `# Social calendar — ${input.weeks} week(s) from ${input.startDate}`,
      table(
        ['Date', 'Day', 'Time', 'Platform', 'Pillar', 'Format', 'Idea'],
        slots.map((s) => [
          s.date,
          s.weekday,
          s.time,
          PLATFORM_RULES[s.platform].label,
          s.pillar,
          s.format,
          s.idea,
        ]),
      ),
      checksSection(checks),
    );
    return offlineResult(
      { slots, pillarTargets: Object.fromEntries(input.pillars.map((p, i) => [p.name, targets[i] ?? 0])) },
      {
        summary: `Planned ${slots.length} posts over ${input.weeks} week(s) on ${input.platforms.length} platform(s)`,
        markdown,
        checks,
        confidence: 0.95,
        selfChecksPassed: inRange && onAllowed && balanced && keys.size === slots.length,
      },
    );
  },
});

// Weekly timetable: study blocks for each subject placed in the free time between fixed commitments,
// with breaks, spread across the week, a per-day cap per subject, and no clashes.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { clockTime, formatMinutes, minutesOf, weekdayNames } from '../shared/dates.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const inputSchema = z
  .object({
    days: z.array(z.enum(weekdayNames)).min(1).max(7).default(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']),
    start: clockTime.default('16:00'),
    end: clockTime.default('21:00'),
    blockMinutes: z.number().int().min(15).max(120).default(45),
    breakMinutes: z.number().int().min(0).max(60).default(10),
    fixed: z
      .array(
        z.object({
          day: z.enum(weekdayNames),
          start: clockTime,
          end: clockTime,
          label: z.string().trim().min(1).max(40),
        }),
      )
      .max(40)
      .default([]),
    subjects: z
      .array(
        z.object({
          name: z.string().trim().min(1).max(40),
          minutesPerWeek: z.number().int().min(0).max(3000),
          maxBlocksPerDay: z.number().int().min(1).max(6).default(2),
        }),
      )
      .min(1)
      .max(15),
  })
  .superRefine((v, ctx) => {
    if (minutesOf(v.end) <= minutesOf(v.start))
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
    v.fixed.forEach((f, i) => {
      if (minutesOf(f.end) <= minutesOf(f.start))
        ctx.addIssue({ code: 'custom', path: ['fixed', i, 'end'], message: 'must be after start' });
    });
  });

export interface Block {
  day: string;
  start: string;
  end: string;
  label: string;
  kind: 'study' | 'fixed';
}

export const studyTimetable = defineSkill({
  id: 'study.timetable',
  agentIds: [AgentId.study, AgentId.career],
  title: 'Weekly study timetable',
  description:
    'Places study blocks per subject in the free time around fixed commitments, with breaks, spread over the week and capped per day.',
  inputSchema,
  async run(input) {
    const slotsByDay = new Map<string, { start: number; end: number }[]>();
    for (const day of input.days) {
      const busy = input.fixed
        .filter((f) => f.day === day)
        .map((f) => ({ s: minutesOf(f.start), e: minutesOf(f.end) }))
        .sort((a, b) => a.s - b.s);
      const slots: { start: number; end: number }[] = [];
      let t = minutesOf(input.start);
      const dayEnd = minutesOf(input.end);
      while (t + input.blockMinutes <= dayEnd) {
        const clash = busy.find((b) => t < b.e && t + input.blockMinutes > b.s);
        if (clash) {
          t = clash.e;
          continue;
        }
        slots.push({ start: t, end: t + input.blockMinutes });
        t += input.blockMinutes + input.breakMinutes;
      }
      slotsByDay.set(day, slots);
    }
    const need = new Map(
      input.subjects.map((s) => [s.name, Math.ceil(s.minutesPerWeek / input.blockMinutes)]),
    );
    const perDay = new Map<string, number>();
    const blocks: Block[] = [];
    const nextSlot = new Map(input.days.map((d) => [d, 0]));
    // Rounds over the week: each day gets one block per round, so subjects spread across days.
    for (let round = 0; round < 50; round++) {
      let placedAny = false;
      for (const day of input.days) {
        const slots = slotsByDay.get(day) ?? [];
        const k = nextSlot.get(day) ?? 0;
        if (k >= slots.length) continue;
        const prev = blocks.filter((b) => b.day === day && b.kind === 'study').at(-1)?.label;
        const candidates = input.subjects
          .filter(
            (s) => (need.get(s.name) ?? 0) > 0 && (perDay.get(`${day}|${s.name}`) ?? 0) < s.maxBlocksPerDay,
          )
          .sort(
            (a, b) =>
              Number(a.name === prev) - Number(b.name === prev) ||
              (need.get(b.name) ?? 0) - (need.get(a.name) ?? 0) ||
              a.name.localeCompare(b.name),
          );
        const pick = candidates[0];
        if (!pick) continue;
        const slot = slots[k] as { start: number; end: number };
        blocks.push({
          day,
          start: formatMinutes(slot.start),
          end: formatMinutes(slot.end),
          label: pick.name,
          kind: 'study',
        });
        nextSlot.set(day, k + 1);
        need.set(pick.name, (need.get(pick.name) ?? 0) - 1);
        perDay.set(`${day}|${pick.name}`, (perDay.get(`${day}|${pick.name}`) ?? 0) + 1);
        placedAny = true;
      }
      if (!placedAny) break;
    }
    const all: Block[] = [
      ...blocks,
      ...input.fixed
        .filter((f) => input.days.includes(f.day))
        .map((f) => ({ day: f.day, start: f.start, end: f.end, label: f.label, kind: 'fixed' as const })),
    ].sort(
      (a, b) =>
        weekdayNames.indexOf(a.day as (typeof weekdayNames)[number]) -
          weekdayNames.indexOf(b.day as (typeof weekdayNames)[number]) || a.start.localeCompare(b.start),
    );
    const clashes = blocks.filter((b) =>
      input.fixed.some(
        (f) =>
          f.day === b.day && minutesOf(b.start) < minutesOf(f.end) && minutesOf(b.end) > minutesOf(f.start),
      ),
    );
    const overlaps = blocks.filter((b, i) =>
      blocks.some((o, j) => j !== i && o.day === b.day && o.start < b.end && b.start < o.end),
    );
    const shortfalls = [...need.entries()].filter(([, n]) => n > 0).map(([s, n]) => `${s} ${n} block(s)`);
    const capOk = [...perDay.entries()].every(
      ([k, n]) => n <= (input.subjects.find((s) => s.name === k.split('|')[1])?.maxBlocksPerDay ?? 0),
    );
    const checks = [
      check(
        'no clashes',
        clashes.length === 0 && overlaps.length === 0,
        'study blocks avoid fixed commitments and each other',
      ),
      check(
        'weekly minutes met',
        shortfalls.length === 0,
        shortfalls.length === 0
          ? 'every subject gets its time'
          : `not enough free time for: ${shortfalls.join(', ')}`,
      ),
      check('daily cap per subject', capOk, 'no subject exceeds its blocks per day'),
    ];
    const markdown = doc(
      '# Weekly timetable',
      table(
        ['Day', 'Time', 'Activity'],
        all.map((b) => [
          b.day,
          `${b.start}–${b.end}`,
          b.kind === 'fixed' ? `📌 ${b.label}` : `📚 ${b.label}`,
        ]),
      ),
      table(
        ['Subject', 'Blocks', 'Minutes'],
        input.subjects.map((s) => [
          s.name,
          blocks.filter((b) => b.label === s.name).length,
          blocks.filter((b) => b.label === s.name).length * input.blockMinutes,
        ]),
      ),
      `Blocks of ${input.blockMinutes} min with ${input.breakMinutes}-min breaks.`,
      checksSection(checks),
    );
    return offlineResult(
      { blocks: all },
      {
        summary: `${blocks.length} study blocks across ${input.days.length} days; ${shortfalls.length} subject(s) short`,
        markdown,
        checks,
        confidence: 0.95,
        selfChecksPassed: clashes.length === 0 && overlaps.length === 0 && capOk,
      },
    );
  },
});

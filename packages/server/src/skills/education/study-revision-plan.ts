// Spaced-repetition study plan: each topic is learned in sessions before its exam, then reviewed at
// growing intervals (1, 3, 7, 14, 30 days by default) with a final review just before the exam —
// within the hours per day, skipping rest days, blackout dates and exam days. Every rule is re-checked.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { formatDay, isoDate, parseIsoDay, weekday, weekdayName, weekdayNames } from '../shared/dates.js';
import { invalid } from '../shared/invalid.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { ui } from '../shared/form-meta.js';

export const revisionPlanSchema = z.object({
  startDate: isoDate.meta(ui({ label: 'Start revising on' })),
  exams: z
    .array(
      z.object({
        subject: z
          .string()
          .trim()
          .min(1)
          .max(60)
          .meta(ui({ label: 'Subject', example: 'Physics' })),
        date: isoDate.meta(ui({ label: 'Exam date' })),
      }),
    )
    .min(1)
    .max(12)
    .meta(ui({ label: 'Your exams' })),
  topics: z
    .array(
      z.object({
        name: z
          .string()
          .trim()
          .min(1)
          .max(80)
          .meta(ui({ label: 'Topic', example: 'Electricity' })),
        subject: z
          .string()
          .trim()
          .min(1)
          .max(60)
          .meta(ui({ label: 'Subject' })),
        hours: z
          .number()
          .min(0.25)
          .max(60)
          .meta(ui({ label: 'Hours needed' })),
        difficulty: z
          .number()
          .int()
          .min(1)
          .max(3)
          .default(2)
          .meta(ui({ label: 'Difficulty (1–3)' })),
      }),
    )
    .min(1)
    .max(150)
    .meta(
      ui({ label: 'Topics to revise', help: 'Each topic, its subject and roughly how many hours it needs.' }),
    ),
  hoursPerDay: z
    .number()
    .min(0.5)
    .max(14)
    .default(3)
    .meta(ui({ label: 'Study time a day', unit: 'hours' })),
  hoursByWeekday: z
    .partialRecord(z.enum(weekdayNames), z.number().min(0).max(14))
    .default({})
    .meta(
      ui({
        label: 'Different hours on some days',
        keyLabel: 'Day (Mon…Sun)',
        valueLabel: 'Hours',
        advanced: true,
      }),
    ),
  restDays: z
    .array(z.enum(weekdayNames))
    .max(6)
    .default([])
    .meta(ui({ label: 'Days off each week' })),
  blackoutDates: z
    .array(isoDate)
    .max(100)
    .default([])
    .meta(ui({ label: 'Dates you cannot study', advanced: true })),
  sessionMinutes: z
    .number()
    .int()
    .min(25)
    .max(180)
    .default(50)
    .meta(ui({ label: 'Session length', unit: 'minutes', advanced: true })),
  reviewMinutes: z
    .number()
    .int()
    .min(10)
    .max(90)
    .default(20)
    .meta(ui({ label: 'Review length', unit: 'minutes', advanced: true })),
  reviewIntervals: z
    .array(z.number().int().min(1).max(120))
    .min(1)
    .max(8)
    .default([1, 3, 7, 14, 30])
    .meta(ui({ label: 'Review again after (days)', advanced: true })),
});
type Input = z.output<typeof revisionPlanSchema>;

export interface PlannedSession {
  date: string;
  topic: string;
  subject: string;
  kind: 'learn' | 'review' | 'final review';
  minutes: number;
  /** For reviews: the day it was due. */
  due?: string;
}

export interface PlanResult {
  sessions: PlannedSession[];
  days: { date: string; weekday: string; capacity: number; planned: number }[];
  topics: {
    topic: string;
    subject: string;
    exam: string;
    learnedBy: string | null;
    unplacedMinutes: number;
    reviews: string[];
  }[];
  droppedReviews: { topic: string; due: string }[];
}

/** Builds the plan. Pure: the same input always gives the same plan. */
export function buildRevisionPlan(input: Input): PlanResult {
  const start = parseIsoDay(input.startDate) as number;
  const examDay = new Map(input.exams.map((e) => [e.subject.toLowerCase(), parseIsoDay(e.date) as number]));
  input.topics.forEach((t, i) => {
    const ex = examDay.get(t.subject.toLowerCase());
    if (ex === undefined) throw invalid(`topics[${i}].subject`, `no exam listed for "${t.subject}"`);
    if (ex <= start) throw invalid(`exams`, `the ${t.subject} exam is not after the start date`);
  });
  const last = Math.max(...examDay.values());
  const rest = new Set(input.restDays.map((d) => weekdayNames.indexOf(d)));
  const blackout = new Set(input.blackoutDates.map((d) => parseIsoDay(d) as number));
  const examDays = new Set(examDay.values());
  const capacity = new Map<number, number>();
  for (let d = start; d < last; d++) {
    const name = weekdayNames[weekday(d)] as (typeof weekdayNames)[number];
    const hours = input.hoursByWeekday[name] ?? input.hoursPerDay;
    capacity.set(d, rest.has(weekday(d)) || blackout.has(d) || examDays.has(d) ? 0 : Math.round(hours * 60));
  }
  const used = new Map<number, number>();
  const free = (d: number) => (capacity.get(d) ?? 0) - (used.get(d) ?? 0);
  const sessions: (PlannedSession & { day: number })[] = [];
  const order = input.topics
    .map((t, i) => ({ ...t, i, exam: examDay.get(t.subject.toLowerCase()) as number }))
    .sort((a, b) => a.exam - b.exam || b.difficulty - a.difficulty || a.i - b.i);
  const learned = new Map<number, { lastDay: number | null; unplaced: number }>();
  // Learning first, using at most 75% of a day so reviews still fit; a second pass may use the rest.
  for (const share of [0.75, 1]) {
    for (const t of order) {
      const state = learned.get(t.i) ?? { lastDay: null, unplaced: Math.round(t.hours * 60) };
      for (let d = start; d < t.exam && state.unplaced > 0; d++) {
        const room = Math.floor((capacity.get(d) ?? 0) * share) - (used.get(d) ?? 0);
        const take = Math.min(room, input.sessionMinutes, state.unplaced);
        if (take < Math.min(15, state.unplaced)) continue;
        if (sessions.some((s) => s.day === d && s.topic === t.name && s.kind === 'learn')) continue;
        sessions.push({
          day: d,
          date: formatDay(d),
          topic: t.name,
          subject: t.subject,
          kind: 'learn',
          minutes: take,
        });
        used.set(d, (used.get(d) ?? 0) + take);
        state.unplaced -= take;
        state.lastDay = Math.max(state.lastDay ?? d, d);
      }
      learned.set(t.i, state);
    }
  }
  // Reviews in due-date order across topics, each on its due day or the next day with room.
  const dueList = order
    .flatMap((t) => {
      const st = learned.get(t.i);
      if (!st || st.unplaced > 0 || st.lastDay === null) return [];
      return input.reviewIntervals
        .map((k) => ({ t, due: (st.lastDay as number) + k }))
        .filter((r) => r.due < r.t.exam);
    })
    .sort((a, b) => a.due - b.due || a.t.i - b.t.i);
  const dropped: { topic: string; due: string }[] = [];
  for (const r of dueList) {
    let placed = false;
    for (let d = r.due; d < r.t.exam; d++) {
      if (free(d) >= input.reviewMinutes && !sessions.some((s) => s.day === d && s.topic === r.t.name)) {
        sessions.push({
          day: d,
          date: formatDay(d),
          topic: r.t.name,
          subject: r.t.subject,
          kind: 'review',
          minutes: input.reviewMinutes,
          due: formatDay(r.due),
        });
        used.set(d, (used.get(d) ?? 0) + input.reviewMinutes);
        placed = true;
        break;
      }
    }
    if (!placed) dropped.push({ topic: r.t.name, due: formatDay(r.due) });
  }
  // A final review in the last three days before each exam, if none is there yet.
  for (const t of order) {
    const st = learned.get(t.i);
    if (!st || st.lastDay === null || st.unplaced > 0) continue;
    if (sessions.some((s) => s.topic === t.name && s.kind !== 'learn' && s.day >= t.exam - 3)) continue;
    for (let d = t.exam - 1; d > st.lastDay && d >= t.exam - 3; d--) {
      if (free(d) >= input.reviewMinutes && !sessions.some((s) => s.day === d && s.topic === t.name)) {
        sessions.push({
          day: d,
          date: formatDay(d),
          topic: t.name,
          subject: t.subject,
          kind: 'final review',
          minutes: input.reviewMinutes,
        });
        used.set(d, (used.get(d) ?? 0) + input.reviewMinutes);
        break;
      }
    }
  }
  sessions.sort((a, b) => a.day - b.day || a.kind.localeCompare(b.kind) || a.topic.localeCompare(b.topic));
  const days = [...capacity.keys()].map((d) => ({
    date: formatDay(d),
    weekday: weekdayName(d),
    capacity: capacity.get(d) ?? 0,
    planned: used.get(d) ?? 0,
  }));
  const topics = order.map((t) => {
    const st = learned.get(t.i) as { lastDay: number | null; unplaced: number };
    return {
      topic: t.name,
      subject: t.subject,
      exam: formatDay(t.exam),
      learnedBy: st.unplaced === 0 && st.lastDay !== null ? formatDay(st.lastDay) : null,
      unplacedMinutes: st.unplaced,
      reviews: sessions.filter((s) => s.topic === t.name && s.kind !== 'learn').map((s) => s.date),
    };
  });
  return { sessions: sessions.map(({ day: _day, ...s }) => s), days, topics, droppedReviews: dropped };
}

export const studyRevisionPlan = defineSkill({
  id: 'study.revision-plan',
  agentIds: [AgentId.study, AgentId.testPrep, AgentId.math, AgentId.science, AgentId.english, AgentId.career],
  title: 'Spaced-repetition study plan',
  description:
    'Schedules learning and spaced reviews for every topic before its exam, within hours per day, skipping rest days, blackout dates and exam days.',
  inputSchema: revisionPlanSchema,
  async run(input) {
    const plan = buildRevisionPlan(input);
    const rest = new Set(input.restDays);
    const blackout = new Set(input.blackoutDates);
    const examDates = new Set(input.exams.map((e) => e.date));
    const overCap = plan.days.filter((d) => d.planned > d.capacity);
    const badDays = plan.sessions.filter(
      (s) =>
        rest.has(weekdayName(parseIsoDay(s.date) as number)) || blackout.has(s.date) || examDates.has(s.date),
    );
    const unlearned = plan.topics.filter((t) => t.learnedBy === null);
    const reviewsOk = plan.sessions
      .filter((s) => s.kind === 'review')
      .every(
        (s) =>
          s.due !== undefined &&
          s.date >= s.due &&
          s.date < (plan.topics.find((t) => t.topic === s.topic)?.exam ?? ''),
      );
    const afterLearning = plan.topics.every((t) =>
      t.reviews.every((r) => t.learnedBy !== null && r > t.learnedBy),
    );
    const totalNeed = input.topics.reduce((s, t) => s + t.hours * 60, 0);
    const totalCap = plan.days.reduce((s, d) => s + d.capacity, 0);
    const checks = [
      check(
        'daily hours respected',
        overCap.length === 0,
        overCap.length === 0 ? 'no day over its hours' : `${overCap.length} day(s) over capacity`,
      ),
      check(
        'rest days and exam days kept free',
        badDays.length === 0,
        `${input.restDays.join(', ') || 'no rest days'}; ${input.blackoutDates.length} blackout date(s); exam days free`,
      ),
      check(
        'every topic learned before its exam',
        unlearned.length === 0,
        unlearned.length === 0
          ? `${plan.topics.length} topic(s) learned in time`
          : `not enough time for: ${unlearned.map((t) => `${t.topic} (${t.unplacedMinutes} min short)`).join(', ')}`,
      ),
      check(
        'reviews spaced correctly',
        reviewsOk && afterLearning,
        'each review on or after its due day, after learning, before the exam',
      ),
      check(
        'all reviews fit',
        plan.droppedReviews.length === 0,
        plan.droppedReviews.length === 0
          ? 'no review dropped'
          : `${plan.droppedReviews.length} review(s) did not fit`,
      ),
    ];
    const byDay = new Map<string, PlannedSession[]>();
    for (const s of plan.sessions) byDay.set(s.date, [...(byDay.get(s.date) ?? []), s]);
    const markdown = doc(
      `# Study plan: ${input.startDate} → ${input.exams.map((e) => `${e.subject} ${e.date}`).join(', ')}`,
      `Needs ${round(totalNeed / 60, 1)} h of learning + reviews; ${round(totalCap / 60, 1)} h available.`,
      table(
        ['Date', 'Day', 'Sessions', 'Minutes'],
        plan.days
          .filter((d) => byDay.has(d.date) || examDates.has(d.date))
          .map((d) => [
            d.date,
            d.weekday,
            examDates.has(d.date)
              ? `🎯 EXAM: ${input.exams
                  .filter((e) => e.date === d.date)
                  .map((e) => e.subject)
                  .join(', ')}`
              : (byDay.get(d.date) ?? [])
                  .map((s) => `${s.kind === 'learn' ? '📖' : '🔁'} ${s.topic} (${s.minutes}m)`)
                  .join('; '),
            `${d.planned}/${d.capacity}`,
          ]),
      ),
      '## Topics',
      table(
        ['Topic', 'Subject', 'Learned by', 'Reviews', 'Exam'],
        plan.topics.map((t) => [
          t.topic,
          t.subject,
          t.learnedBy ?? `❌ ${t.unplacedMinutes} min short`,
          t.reviews.join(', ') || '—',
          t.exam,
        ]),
      ),
      unlearned.length > 0 &&
        `## To make it fit\n${bullets(['Add study hours on some days', 'Remove a rest day or blackout', 'Trim low-priority topics'])}`,
      checksSection(checks),
    );
    return offlineResult(plan, {
      summary: `${plan.sessions.length} sessions for ${plan.topics.length} topics; ${unlearned.length} not fitting`,
      markdown,
      checks,
      confidence: 0.95,
      selfChecksPassed: overCap.length === 0 && badDays.length === 0 && reviewsOk && afterLearning,
    });
  },
});

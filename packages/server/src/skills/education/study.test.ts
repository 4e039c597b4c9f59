import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlatformError } from '../../errors.js';
import { parseIsoDay, weekdayName } from '../shared/dates.js';
import { skillRunner } from '../execute.js';
import { buildRevisionPlan, revisionPlanSchema, type PlanResult } from './study-revision-plan.js';
import { sm2Step } from './study-sm2.js';
import type { Block } from './study-timetable.js';
import { studyProgress } from './study-progress.js';
import { studyRevisionPlan } from './study-revision-plan.js';
import { studySm2 } from './study-sm2.js';
import { studyTimetable } from './study-timetable.js';

const runSkill = skillRunner([studyProgress, studyRevisionPlan, studySm2, studyTimetable]);

const ctx = { now: Date.UTC(2026, 0, 5) };

const planInput = {
  startDate: '2026-02-02',
  exams: [
    { subject: 'Physics', date: '2026-02-20' },
    { subject: 'Chemistry', date: '2026-02-25' },
  ],
  topics: [
    { name: 'Motion', subject: 'Physics', hours: 3, difficulty: 3 },
    { name: 'Gravitation', subject: 'Physics', hours: 2 },
    { name: 'Atoms', subject: 'Chemistry', hours: 2.5 },
    { name: 'Acids', subject: 'Chemistry', hours: 2 },
  ],
  hoursPerDay: 2,
  restDays: ['Sun'],
  blackoutDates: ['2026-02-14'],
};

describe('study.revision-plan', () => {
  it('learns every topic before its exam and spaces reviews, within limits', async () => {
    const r = await runSkill('study.revision-plan', planInput, ctx);
    const p = r.output as PlanResult;
    expect(p.topics.every((t) => t.learnedBy !== null && t.learnedBy < t.exam)).toBe(true);
    for (const d of p.days) expect(d.planned).toBeLessThanOrEqual(d.capacity);
    for (const s of p.sessions) {
      expect(weekdayName(parseIsoDay(s.date) as number)).not.toBe('Sun');
      expect(s.date).not.toBe('2026-02-14');
      expect(['2026-02-20', '2026-02-25']).not.toContain(s.date);
      if (s.kind === 'review') expect(s.date >= (s.due as string)).toBe(true);
    }
    // Motion (hard, earliest exam) gets the first full session of the plan.
    expect(p.sessions.find((x) => x.date === '2026-02-02' && x.topic === 'Motion')?.minutes).toBe(50);
    const motion = p.topics.find((t) => t.topic === 'Motion');
    expect(motion?.reviews.length).toBeGreaterThanOrEqual(3);
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });

  it('never breaks the rules on random inputs (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.double({ min: 0.5, max: 4, noNaN: true }),
        fc.array(fc.double({ min: 0.5, max: 6, noNaN: true }), { minLength: 1, maxLength: 6 }),
        (hpd, _x, hours) => {
          const input = revisionPlanSchema.parse({
            ...planInput,
            hoursPerDay: hpd,
            topics: hours.map((h, i) => ({
              name: `T${i}`,
              subject: i % 2 ? 'Physics' : 'Chemistry',
              hours: Math.round(h * 4) / 4,
            })),
          });
          const p = buildRevisionPlan(input);
          for (const d of p.days) expect(d.planned).toBeLessThanOrEqual(d.capacity);
          for (const t of p.topics) {
            const learnMinutes = p.sessions
              .filter((s) => s.topic === t.topic && s.kind === 'learn')
              .reduce((a, s) => a + s.minutes, 0);
            const wanted = Math.round((input.topics.find((x) => x.name === t.topic)?.hours ?? 0) * 60);
            expect(learnMinutes + t.unplacedMinutes).toBe(wanted);
            for (const s of p.sessions.filter((x) => x.topic === t.topic)) expect(s.date < t.exam).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reports what does not fit and rejects topics without an exam', async () => {
    const r = await runSkill(
      'study.revision-plan',
      { ...planInput, hoursPerDay: 0.5, topics: [{ name: 'Everything', subject: 'Physics', hours: 40 }] },
      ctx,
    );
    expect(r.checks.find((c) => c.name === 'every topic learned before its exam')?.passed).toBe(false);
    await expect(
      runSkill(
        'study.revision-plan',
        { ...planInput, topics: [{ name: 'x', subject: 'Biology', hours: 1 }] },
        ctx,
      ),
    ).rejects.toSatisfy(
      (e: unknown) => isPlatformError(e, 'VALIDATION') && e.details['field'] === 'topics[0].subject',
    );
  });
});

describe('study.timetable', () => {
  it('fills free time around fixed commitments without clashes, spreading subjects', async () => {
    const r = await runSkill(
      'study.timetable',
      {
        days: ['Mon', 'Tue', 'Wed'],
        start: '16:00',
        end: '19:00',
        fixed: [{ day: 'Tue', start: '16:00', end: '17:30', label: 'Tuition' }],
        subjects: [
          { name: 'Maths', minutesPerWeek: 180 },
          { name: 'Science', minutesPerWeek: 135 },
        ],
      },
      ctx,
    );
    const blocks = (r.output as { blocks: Block[] }).blocks.filter((b) => b.kind === 'study');
    expect(blocks.filter((b) => b.label === 'Maths')).toHaveLength(4);
    expect(blocks.filter((b) => b.label === 'Science')).toHaveLength(3);
    expect(blocks.filter((b) => b.day === 'Tue').every((b) => b.start >= '17:30')).toBe(true);
    for (const d of ['Mon', 'Tue', 'Wed'])
      expect(blocks.filter((b) => b.day === d && b.label === 'Maths').length).toBeLessThanOrEqual(2);
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });

  it('rejects an end before the start naming the field', async () => {
    await expect(
      runSkill(
        'study.timetable',
        { start: '18:00', end: '17:00', subjects: [{ name: 'x', minutesPerWeek: 60 }] },
        ctx,
      ),
    ).rejects.toSatisfy((e: unknown) => isPlatformError(e, 'VALIDATION') && e.details['field'] === 'end');
  });
});

describe('study.sm2', () => {
  it('follows the SM-2 intervals and easiness updates', () => {
    let s = { repetitions: 0, easiness: 2.5, interval: 0 };
    s = sm2Step(s, 5);
    expect(s).toEqual({ repetitions: 1, easiness: 2.6, interval: 1 });
    s = sm2Step(s, 5);
    expect(s.interval).toBe(6);
    s = sm2Step(s, 4);
    expect(s.interval).toBe(Math.round(6 * 2.7));
    expect(s.easiness).toBeCloseTo(2.7, 10);
    s = sm2Step(s, 2);
    expect(s).toMatchObject({ repetitions: 0, interval: 1 });
    expect(s.easiness).toBeCloseTo(2.38, 10);
    let low = { repetitions: 0, easiness: 1.4, interval: 0 };
    low = sm2Step(low, 0);
    expect(low.easiness).toBe(1.3);
  });

  it('lists due, overdue and new cards', async () => {
    const r = await runSkill(
      'study.sm2',
      {
        today: '2026-01-10',
        cards: [
          {
            id: 'a',
            reviews: [
              { date: '2026-01-01', quality: 5 },
              { date: '2026-01-02', quality: 5 },
            ],
          }, // due 2026-01-08 → overdue
          { id: 'b', reviews: [{ date: '2026-01-09', quality: 4 }] }, // due 2026-01-10
          { id: 'c' },
          {
            id: 'd',
            reviews: [
              { date: '2026-01-09', quality: 5 },
              { date: '2026-01-10', quality: 5 },
            ],
          }, // due 2026-01-16
        ],
      },
      ctx,
    );
    const o = r.output as { dueToday: string[]; cards: { id: string; status: string; nextDue: string }[] };
    expect(o.dueToday).toEqual(['a', 'b', 'c']);
    expect(o.cards.find((c) => c.id === 'd')).toMatchObject({ status: 'scheduled', nextDue: '2026-01-16' });
  });
});

describe('study.progress', () => {
  it('measures adherence, streak and reschedules the backlog within the limit', async () => {
    const r = await runSkill(
      'study.progress',
      {
        today: '2026-01-05',
        planned: [
          { date: '2026-01-03', topic: 'Algebra', minutes: 60 },
          { date: '2026-01-04', topic: 'Algebra', minutes: 60 },
          { date: '2026-01-05', topic: 'Optics', minutes: 60 },
          { date: '2026-01-06', topic: 'Optics', minutes: 100 },
          { date: '2026-01-07', topic: 'Optics', minutes: 60 },
        ],
        done: [
          { date: '2026-01-04', topic: 'Algebra', minutes: 30 },
          { date: '2026-01-05', topic: 'Optics', minutes: 60 },
        ],
        maxDailyMinutes: 120,
      },
      ctx,
    );
    const o = r.output as {
      adherence: number;
      streak: number;
      backlog: { topic: string; behind: number }[];
      catchUp: { date: string; minutes: number }[];
      unplacedMinutes: number;
    };
    expect(o.adherence).toBeCloseTo(90 / 180, 3);
    expect(o.streak).toBe(2);
    expect(o.backlog).toEqual([{ topic: 'Algebra', planned: 120, done: 30, behind: 90 }]);
    expect(o.catchUp).toEqual([
      { date: '2026-01-06', topic: 'Algebra', minutes: 20 },
      { date: '2026-01-07', topic: 'Algebra', minutes: 60 },
    ]);
    expect(o.unplacedMinutes).toBe(10);
    expect(r.checks.find((c) => c.name === 'backlog accounted for')?.passed).toBe(true);
  });
});

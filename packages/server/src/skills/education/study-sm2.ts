// Flashcard scheduling with the SM-2 algorithm: each review's quality (0–5) updates the card's easiness
// and interval; the result lists what is due today, what is overdue and the load for the next week.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { formatDay, isoDate, parseIsoDay } from '../shared/dates.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const inputSchema = z.object({
  today: isoDate,
  cards: z
    .array(
      z.object({
        id: z.string().trim().min(1).max(80),
        front: z.string().trim().max(200).optional(),
        reviews: z
          .array(z.object({ date: isoDate, quality: z.number().int().min(0).max(5) }))
          .max(200)
          .default([]),
      }),
    )
    .min(1)
    .max(2000),
});

export interface Sm2State {
  repetitions: number;
  easiness: number;
  interval: number;
}

/** One SM-2 step (Wozniak 1990): quality < 3 restarts the card; easiness never drops below 1.3. */
export function sm2Step(s: Sm2State, quality: number): Sm2State {
  const easiness = Math.max(1.3, s.easiness + (0.1 - (5 - quality) * (0.08 + (5 - quality) * 0.02)));
  if (quality < 3) return { repetitions: 0, easiness, interval: 1 };
  const repetitions = s.repetitions + 1;
  const interval = repetitions === 1 ? 1 : repetitions === 2 ? 6 : Math.round(s.interval * s.easiness);
  return { repetitions, easiness, interval };
}

export const studySm2 = defineSkill({
  id: 'study.sm2',
  agentIds: [AgentId.study, AgentId.english],
  title: 'Flashcard scheduler (SM-2)',
  description:
    'Schedules flashcards with the SM-2 spaced-repetition algorithm from your review history: due today, overdue and the week ahead.',
  inputSchema,
  async run(input) {
    const today = parseIsoDay(input.today) as number;
    const cards = input.cards.map((c) => {
      const reviews = [...c.reviews].sort((a, b) => a.date.localeCompare(b.date));
      let s: Sm2State = { repetitions: 0, easiness: 2.5, interval: 0 };
      for (const r of reviews) s = sm2Step(s, r.quality);
      const last = reviews.at(-1);
      const due = last ? (parseIsoDay(last.date) as number) + s.interval : today;
      const status = !last ? 'new' : due < today ? 'overdue' : due === today ? 'due' : 'scheduled';
      return {
        id: c.id,
        front: c.front ?? null,
        repetitions: s.repetitions,
        easiness: round(s.easiness, 3),
        interval: s.interval,
        nextDue: formatDay(due),
        daysOverdue: Math.max(0, today - due),
        status,
        lastReview: last?.date ?? null,
      };
    });
    const dueNow = cards
      .filter((c) => c.status !== 'scheduled')
      .sort((a, b) => b.daysOverdue - a.daysOverdue || a.easiness - b.easiness);
    const forecast = Array.from({ length: 7 }, (_, k) => ({
      date: formatDay(today + k + 1),
      cards: cards.filter((c) => c.nextDue === formatDay(today + k + 1)).length,
    }));
    const efOk = cards.every((c) => c.easiness >= 1.3);
    const afterLast = cards.every((c) => c.lastReview === null || c.nextDue > c.lastReview);
    const checks = [
      check('easiness floor', efOk, 'every easiness factor ≥ 1.3'),
      check('due after last review', afterLast, 'each next review comes after the last one'),
      check(
        'backlog under control',
        cards.filter((c) => c.status === 'overdue').length <= Math.max(20, cards.length * 0.2),
        `${cards.filter((c) => c.status === 'overdue').length} overdue card(s)`,
      ),
    ];
    const markdown = doc(
      `# Flashcards for ${input.today}`,
      `${dueNow.length} to review today (${cards.filter((c) => c.status === 'overdue').length} overdue, ${cards.filter((c) => c.status === 'new').length} new) · ${cards.length} cards in total`,
      table(
        ['Card', 'Status', 'Next due', 'Interval (days)', 'Easiness', 'Overdue by'],
        dueNow
          .slice(0, 50)
          .map((c) => [
            c.front ?? c.id,
            c.status,
            c.nextDue,
            c.interval,
            c.easiness,
            c.daysOverdue ? `${c.daysOverdue} d` : '—',
          ]),
      ),
      '## Next 7 days',
      table(
        ['Date', 'Cards due'],
        forecast.map((f) => [f.date, f.cards]),
      ),
      checksSection(checks),
    );
    return offlineResult(
      { dueToday: dueNow.map((c) => c.id), cards, forecast },
      {
        summary: `${dueNow.length} card(s) to review today out of ${cards.length}`,
        markdown,
        checks,
        confidence: 0.99,
        selfChecksPassed: efOk && afterLast,
      },
    );
  },
});

// Pacing analysis from per-question times: target time per question (weighted by difficulty), slow
// questions, time sunk into wrong answers, and whether the student was ahead or behind at each quarter.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, pct, round } from '../shared/checks.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const WEIGHT = { easy: 0.75, medium: 1, hard: 1.5 } as const;

const inputSchema = z.object({
  durationMinutes: z.number().int().min(1).max(600),
  questions: z
    .array(
      z.object({
        id: z.string().trim().min(1).max(60),
        seconds: z.number().min(0).max(36_000),
        difficulty: z.enum(['easy', 'medium', 'hard']).default('medium'),
        correct: z.boolean().nullable().default(null),
        section: z.string().trim().max(60).optional(),
      }),
    )
    .min(1)
    .max(300),
  /** A question is "slow" above this multiple of its target time. */
  slowFactor: z.number().min(1.2).max(5).default(2),
});

export const examPacing = defineSkill({
  id: 'exam.pacing',
  agentIds: [AgentId.testPrep, AgentId.study],
  title: 'Exam pacing analysis',
  description:
    'Compares time per question with difficulty-weighted targets, finds slow questions and time lost on wrong answers, and checks pace at each quarter.',
  inputSchema,
  async run(input) {
    const total = input.durationMinutes * 60;
    const weights = input.questions.map((q) => WEIGHT[q.difficulty]);
    const wsum = weights.reduce((a, b) => a + b, 0);
    const rows = input.questions.map((q, i) => {
      const target = (total * (weights[i] as number)) / wsum;
      return {
        ...q,
        target: round(target, 1),
        ratio: round(q.seconds / target, 2),
        slow: q.seconds > target * input.slowFactor,
      };
    });
    const used = rows.reduce((s, r) => s + r.seconds, 0);
    const wrongTime = rows.filter((r) => r.correct === false).reduce((s, r) => s + r.seconds, 0);
    const slow = rows.filter((r) => r.slow);
    const checkpoints = [0.25, 0.5, 0.75, 1].map((f) => {
      const upto = Math.max(1, Math.round(rows.length * f));
      const actual = rows.slice(0, upto).reduce((s, r) => s + r.seconds, 0);
      const planned = rows.slice(0, upto).reduce((s, r) => s + r.target, 0);
      return {
        afterQuestion: upto,
        actualMinutes: round(actual / 60, 1),
        plannedMinutes: round(planned / 60, 1),
        status: actual <= planned * 1.05 ? 'on pace' : 'behind',
      };
    });
    const advice: string[] = [];
    if (used > total)
      advice.push(
        `You needed ${round((used - total) / 60, 1)} minutes more than allowed: skip and return to slow questions.`,
      );
    if (slow.length)
      advice.push(
        `Set a cut-off: move on after ${round(input.slowFactor, 1)}× the target (${slow.length} question(s) went past it: ${slow
          .slice(0, 8)
          .map((s) => s.id)
          .join(', ')}).`,
      );
    if (wrongTime > used * 0.25)
      advice.push(
        `${pct(wrongTime / Math.max(1, used), 0)} of your time went into wrong answers; flag doubtful ones and come back.`,
      );
    const firstBehind = checkpoints.find((c) => c.status === 'behind');
    if (firstBehind)
      advice.push(
        `You fell behind by question ${firstBehind.afterQuestion}; glance at the clock at every quarter.`,
      );
    const checks = [
      check(
        'finished in time',
        used <= total,
        `${round(used / 60, 1)} of ${input.durationMinutes} minutes used`,
      ),
      check(
        'no runaway questions',
        rows.every((r) => r.ratio <= 3),
        `${rows.filter((r) => r.ratio > 3).length} question(s) over 3× target`,
      ),
      check(
        'time on wrong answers',
        wrongTime <= used * 0.25,
        `${pct(wrongTime / Math.max(1, used), 0)} of time on answers that turned out wrong`,
      ),
    ];
    const markdown = doc(
      `# Pacing: ${round(used / 60, 1)} / ${input.durationMinutes} min`,
      table(
        ['Checkpoint', 'Actual (min)', 'Planned (min)', 'Status'],
        checkpoints.map((c) => [`after Q${c.afterQuestion}`, c.actualMinutes, c.plannedMinutes, c.status]),
      ),
      slow.length > 0 &&
        `## Slow questions\n${table(
          ['Question', 'Difficulty', 'Time (s)', 'Target (s)', '× target', 'Correct'],
          slow.map((s) => [
            s.id,
            s.difficulty,
            s.seconds,
            s.target,
            s.ratio,
            s.correct === null ? '—' : s.correct ? 'yes' : 'no',
          ]),
        )}`,
      '## Advice',
      bullets(advice, '_Your pacing was steady — keep it up._'),
      checksSection(checks),
    );
    return offlineResult(
      {
        usedSeconds: used,
        totalSeconds: total,
        checkpoints,
        slow: slow.map((s) => s.id),
        wrongAnswerSeconds: wrongTime,
        questions: rows,
      },
      {
        summary: `Used ${round(used / 60, 1)}/${input.durationMinutes} min; ${slow.length} slow question(s)`,
        markdown,
        checks,
        confidence: 0.95,
      },
    );
  },
});

// Scores a test with negative marking and turns it into a diagnosis: accuracy and net marks per topic,
// weak topics, marks lost to wrong answers, and whether guessing pays under this marking scheme.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, pct, round } from '../shared/checks.js';
import { invalid } from '../shared/invalid.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const inputSchema = z.object({
  questions: z
    .array(
      z.object({
        id: z.string().trim().min(1).max(60),
        topic: z.string().trim().min(1).max(80),
        answer: z.string().trim().min(1).max(100),
        marksCorrect: z.number().min(0).max(20).optional(),
        marksWrong: z.number().min(-20).max(0).optional(),
        options: z.number().int().min(2).max(6).default(4),
      }),
    )
    .min(1)
    .max(300),
  responses: z
    .array(
      z.object({
        id: z.string().trim().min(1).max(60),
        answer: z.string().trim().max(100).nullable().default(null),
        seconds: z.number().min(0).max(36_000).optional(),
      }),
    )
    .max(300),
  marksCorrect: z.number().min(0).max(20).default(4),
  marksWrong: z.number().min(-20).max(0).default(-1),
  weakThreshold: z.number().min(0).max(1).default(0.6),
});

/** Expected marks of a guess among `k` remaining options. */
export function guessValue(k: number, plus: number, minus: number): number {
  return plus / k + (minus * (k - 1)) / k;
}

export interface TopicStat {
  topic: string;
  questions: number;
  attempted: number;
  correct: number;
  accuracy: number;
  net: number;
  weak: boolean;
  reason: string;
}

export const examScore = defineSkill({
  id: 'exam.score',
  agentIds: [AgentId.testPrep, AgentId.math, AgentId.study],
  title: 'Test scoring and weak-topic analysis',
  description:
    'Scores with negative marking, then finds weak topics, marks lost to wrong answers and whether guessing pays.',
  inputSchema,
  async run(input) {
    const byId = new Map(input.responses.map((r) => [r.id, r]));
    const unknown = input.responses.findIndex((r) => !input.questions.some((q) => q.id === r.id));
    if (unknown >= 0)
      throw invalid(`responses[${unknown}].id`, `no question "${input.responses[unknown]?.id}"`);
    const rows = input.questions.map((q) => {
      const r = byId.get(q.id);
      const given = r?.answer?.trim() ?? '';
      const plus = q.marksCorrect ?? input.marksCorrect;
      const minus = q.marksWrong ?? input.marksWrong;
      const status =
        given === '' ? 'unanswered' : given.toLowerCase() === q.answer.toLowerCase() ? 'correct' : 'wrong';
      return {
        ...q,
        given,
        status,
        marks: status === 'correct' ? plus : status === 'wrong' ? minus : 0,
        seconds: r?.seconds ?? null,
        plus,
        minus,
      };
    });
    const score = round(
      rows.reduce((s, r) => s + r.marks, 0),
      2,
    );
    const max = rows.reduce((s, r) => s + r.plus, 0);
    const topics: TopicStat[] = [...new Set(rows.map((r) => r.topic))]
      .map((t) => {
        const rs = rows.filter((r) => r.topic === t);
        const attempted = rs.filter((r) => r.status !== 'unanswered').length;
        const correct = rs.filter((r) => r.status === 'correct').length;
        const accuracy = attempted ? correct / attempted : 0;
        const net = round(
          rs.reduce((s, r) => s + r.marks, 0),
          2,
        );
        const skippedMost = attempted < rs.length / 2;
        const weak =
          (attempted >= 2 && accuracy < input.weakThreshold) || net < 0 || (rs.length >= 2 && skippedMost);
        const reason =
          net < 0
            ? 'negative net marks'
            : attempted >= 2 && accuracy < input.weakThreshold
              ? `accuracy ${pct(accuracy, 0)}`
              : skippedMost && rs.length >= 2
                ? 'mostly skipped'
                : '';
        return {
          topic: t,
          questions: rs.length,
          attempted,
          correct,
          accuracy: round(accuracy, 3),
          net,
          weak,
          reason,
        };
      })
      .sort((a, b) => a.net / a.questions - b.net / b.questions || a.topic.localeCompare(b.topic));
    const weak = topics.filter((t) => t.weak);
    const lost = round(-rows.filter((r) => r.status === 'wrong').reduce((s, r) => s + r.minus, 0), 2);
    const plus = input.marksCorrect;
    const minus = input.marksWrong;
    const k = input.questions[0]?.options ?? 4;
    const ev = [k, k - 1, 2].map((n) => ({ options: n, expected: round(guessValue(n, plus, minus), 3) }));
    const breakEven = ev.find((e) => e.expected > 0)?.options;
    const counts = {
      correct: rows.filter((r) => r.status === 'correct').length,
      wrong: rows.filter((r) => r.status === 'wrong').length,
      unanswered: rows.filter((r) => r.status === 'unanswered').length,
    };
    const reconciled = Math.abs(topics.reduce((s, t) => s + t.net, 0) - score) < 1e-9;
    const attempted = counts.correct + counts.wrong;
    const advice = [
      ...weak.map((t) => `Revise **${t.topic}** (${t.reason}).`),
      lost > 0
        ? `Wrong answers cost ${lost} marks; answer only when you can rule out at least ${Math.max(0, k - (breakEven ?? k))} option(s).`
        : '',
      ev[0] && ev[0].expected > 0
        ? `A blind guess is worth ${ev[0].expected} marks on average here, so never leave a question blank if time is up.`
        : `A blind guess loses ${-(ev[0]?.expected ?? 0)} marks on average; guess only after eliminating options.`,
    ].filter(Boolean);
    const checks = [
      check('score reconciles', reconciled, `topic net marks add up to ${score}`),
      check(
        'no weak topics',
        weak.length === 0,
        weak.length === 0
          ? `every topic ≥ ${pct(input.weakThreshold, 0)}`
          : `${weak.length} weak topic(s): ${weak.map((t) => t.topic).join(', ')}`,
      ),
      check(
        'accuracy',
        attempted === 0 || counts.correct / attempted >= 0.7,
        `${counts.correct}/${attempted} attempted answers correct`,
      ),
    ];
    const markdown = doc(
      `# Score: ${score} / ${max}`,
      `${counts.correct} correct · ${counts.wrong} wrong · ${counts.unanswered} unanswered · ${lost} marks lost to negative marking`,
      table(
        ['Topic', 'Questions', 'Attempted', 'Correct', 'Accuracy', 'Net marks', 'Status'],
        topics.map((t) => [
          t.topic,
          t.questions,
          t.attempted,
          t.correct,
          pct(t.accuracy, 0),
          t.net,
          t.weak ? `weak — ${t.reason}` : 'ok',
        ]),
      ),
      '## Guessing maths',
      table(
        ['Options left', 'Expected marks per guess'],
        ev.map((e) => [e.options, e.expected]),
      ),
      '## What to do next',
      bullets(advice),
      checksSection(checks),
    );
    return offlineResult(
      { score, max, counts, marksLost: lost, topics, weakTopics: weak.map((t) => t.topic), guessing: ev },
      {
        summary: `Scored ${score}/${max}; weak: ${weak.map((t) => t.topic).join(', ') || 'none'}`,
        markdown,
        checks,
        confidence: 0.98,
        selfChecksPassed: reconciled,
      },
    );
  },
});

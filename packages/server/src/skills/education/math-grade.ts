// Grades a student's answers against expected values with tolerance: fractions, scientific notation,
// units and multi-valued answers (roots in any order), with JEE-style marking.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, pct, round } from '../shared/checks.js';
import { invalid } from '../shared/invalid.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { extractNumbers, matchesAll } from './answers.js';

const inputSchema = z.object({
  problems: z
    .array(
      z.object({
        id: z.string().trim().min(1).max(40),
        /** Expected value(s): numbers, or text such as "3240 m" or "x = 3 or x = -2". */
        answer: z.union([
          z.array(z.number().min(-1e15).max(1e15)).min(1).max(10),
          z.string().trim().min(1).max(200),
        ]),
        unit: z.string().trim().max(20).default(''),
        tolerance: z.number().min(0).max(0.5).default(0.01),
        topic: z.string().trim().max(60).optional(),
      }),
    )
    .min(1)
    .max(100),
  responses: z
    .array(z.object({ id: z.string().trim().min(1).max(40), answer: z.string().max(200).nullable() }))
    .max(100),
  marking: z
    .object({
      correct: z.number().min(0).max(10).default(4),
      wrong: z.number().min(-10).max(0).default(-1),
      unanswered: z.number().min(-10).max(10).default(0),
    })
    .prefault({}),
});

export const mathGrade = defineSkill({
  id: 'math.grade',
  agentIds: [AgentId.math, AgentId.testPrep],
  title: 'Answer grading with tolerance',
  description:
    'Grades numeric answers with tolerance (fractions, scientific notation, units, roots in any order) using JEE-style marking.',
  inputSchema,
  async run(input) {
    const byId = new Map(input.responses.map((r) => [r.id, r.answer]));
    const unknown = input.responses.findIndex((r) => !input.problems.some((p) => p.id === r.id));
    if (unknown >= 0)
      throw invalid(`responses[${unknown}].id`, `no problem "${input.responses[unknown]?.id}"`);
    const rows = input.problems.map((p, i) => {
      const expected = Array.isArray(p.answer) ? p.answer : extractNumbers(p.answer);
      if (expected.length === 0) throw invalid(`problems[${i}].answer`, 'contains no number');
      const raw = byId.get(p.id);
      const given = raw === undefined || raw === null || raw.trim() === '' ? [] : extractNumbers(raw);
      const status =
        given.length === 0
          ? 'unanswered'
          : matchesAll(given, expected, p.tolerance, 1e-9)
            ? 'correct'
            : 'wrong';
      const unitNote =
        status === 'correct' &&
        p.unit &&
        raw &&
        /[a-z]/i.test(raw.replace(/x\s*=|[eE]\d|×\s*10/g, '')) &&
        !raw.toLowerCase().includes(p.unit.toLowerCase())
          ? `expected unit ${p.unit}`
          : '';
      const marks =
        status === 'correct'
          ? input.marking.correct
          : status === 'wrong'
            ? input.marking.wrong
            : input.marking.unanswered;
      return {
        id: p.id,
        topic: p.topic ?? null,
        expected,
        given,
        response: raw ?? null,
        status,
        marks,
        note: unitNote,
      };
    });
    const score = round(
      rows.reduce((s, r) => s + r.marks, 0),
      2,
    );
    const max = rows.length * input.marking.correct;
    const attempted = rows.filter((r) => r.status !== 'unanswered');
    const correct = rows.filter((r) => r.status === 'correct').length;
    const accuracy = attempted.length ? correct / attempted.length : 0;
    const topics = [...new Set(rows.map((r) => r.topic).filter((t): t is string => t !== null))].map((t) => {
      const rs = rows.filter((r) => r.topic === t);
      return {
        topic: t,
        attempted: rs.filter((r) => r.status !== 'unanswered').length,
        correct: rs.filter((r) => r.status === 'correct').length,
      };
    });
    const reconciled =
      score ===
      round(
        rows.reduce(
          (s, r) =>
            s +
            (r.status === 'correct'
              ? input.marking.correct
              : r.status === 'wrong'
                ? input.marking.wrong
                : input.marking.unanswered),
          0,
        ),
        2,
      );
    const checks = [
      check(
        'score reconciles',
        reconciled,
        `${correct} correct, ${attempted.length - correct} wrong, ${rows.length - attempted.length} unanswered`,
      ),
      check('accuracy', accuracy >= 0.7, `${pct(accuracy, 0)} of attempted answers correct`),
    ];
    const markdown = doc(
      `# Graded: ${score} / ${max}`,
      `Accuracy ${pct(accuracy, 0)} · attempted ${attempted.length}/${rows.length} · marking +${input.marking.correct} / ${input.marking.wrong} / ${input.marking.unanswered}`,
      table(
        ['Problem', 'Your answer', 'Expected', 'Result', 'Marks', 'Note'],
        rows.map((r) => [
          r.id,
          r.response ?? '—',
          r.expected.map((e) => round(e, 6)).join(', '),
          r.status,
          r.marks,
          r.note || '—',
        ]),
      ),
      topics.length > 0 &&
        table(
          ['Topic', 'Attempted', 'Correct'],
          topics.map((t) => [t.topic, t.attempted, t.correct]),
        ),
      checksSection(checks),
    );
    return offlineResult(
      { score, max, accuracy: round(accuracy, 4), results: rows, topics },
      {
        summary: `Scored ${score}/${max}; ${correct} of ${rows.length} correct`,
        markdown,
        checks,
        confidence: 0.97,
        selfChecksPassed: reconciled,
      },
    );
  },
});

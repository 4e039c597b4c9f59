// Mock-test assembly by blueprint: sections drawn from the CBSE bank (or your own pool) by topic and
// difficulty mix, no repeats, marks and negative marking per section, and a time plan per section.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { invalid } from '../shared/invalid.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { pickRng, shuffle } from '../shared/random.js';
import { defineSkill } from '../skill.js';
import { apportion } from '../marketing/content-brief-outline.js';
import { CBSE_SCIENCE_BANK } from './data/cbse-science-bank.js';
import { encodeQuiz, optionTexts } from './science-quiz.js';
import { ui } from '../shared/form-meta.js';

const LETTERS = 'ABCDEF';
const WEIGHT = { easy: 1, medium: 1.5, hard: 2 } as const;

const poolItem = z.object({
  id: z.string().trim().min(1).max(60),
  topic: z.string().trim().min(1).max(80),
  difficulty: z.enum(['easy', 'medium', 'hard']).default('medium'),
  question: z.string().trim().min(3).max(2000),
  options: z.array(z.string().trim().min(1).max(500)).min(2).max(6),
  /** Index of the correct option. */
  answer: z.number().int().min(0).max(5),
});

const inputSchema = z
  .object({
    title: z
      .string()
      .trim()
      .max(120)
      .default('Mock test')
      .meta(ui({ label: 'Test name' })),
    source: z
      .enum(['cbse-science', 'custom'])
      .default('cbse-science')
      .meta(
        ui({
          label: 'Questions from',
          options: { 'cbse-science': 'Our CBSE science bank', custom: 'Your own questions (below)' },
        }),
      ),
    pool: z
      .array(poolItem)
      .max(1000)
      .default([])
      .meta(
        ui({
          label: 'Your own questions',
          help: 'Only when questions come from your own bank. Options take commas; the answer is the number of the right option, counting from 0.',
          advanced: true,
        }),
      ),
    durationMinutes: z
      .number()
      .int()
      .min(5)
      .max(300)
      .meta(ui({ label: 'Time allowed', unit: 'minutes', example: '45' })),
    /** Share of the time kept for a final review pass. */
    reviewBufferPercent: z
      .number()
      .min(0)
      .max(30)
      .default(10)
      .meta(ui({ label: 'Time kept for checking', unit: '%', advanced: true })),
    sections: z
      .array(
        z.object({
          name: z
            .string()
            .trim()
            .min(1)
            .max(60)
            .meta(ui({ label: 'Section', example: 'Physics' })),
          topics: z
            .array(z.string().trim().min(1).max(80))
            .max(30)
            .default([])
            .meta(ui({ label: 'Chapters', example: 'electricity' })),
          count: z
            .number()
            .int()
            .min(1)
            .max(100)
            .meta(ui({ label: 'Questions' })),
          mix: z
            .object({
              easy: z.number().int().min(0).max(100),
              medium: z.number().int().min(0).max(100),
              hard: z.number().int().min(0).max(100),
            })
            .optional()
            .meta(ui({ label: 'Mix' })),
          marksCorrect: z
            .number()
            .min(0)
            .max(20)
            .default(4)
            .meta(ui({ label: 'Marks if right' })),
          marksWrong: z
            .number()
            .min(-20)
            .max(0)
            .default(-1)
            .meta(ui({ label: 'Marks if wrong' })),
        }),
      )
      .min(1)
      .max(8)
      .meta(
        ui({
          label: 'Sections',
          help: 'Each section, its chapters and how many questions; the mix of easy, medium and hard is optional.',
        }),
      ),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31)
      .optional()
      .meta(ui({ label: 'Random seed', hidden: true })),
  })
  .superRefine((v, ctx) => {
    v.sections.forEach((s, i) => {
      if (s.mix && s.mix.easy + s.mix.medium + s.mix.hard !== s.count)
        ctx.addIssue({
          code: 'custom',
          path: ['sections', i, 'mix'],
          message: `adds up to ${s.mix.easy + s.mix.medium + s.mix.hard}, not count ${s.count}`,
        });
    });
    v.pool.forEach((p, i) => {
      if (p.answer >= p.options.length)
        ctx.addIssue({
          code: 'custom',
          path: ['pool', i, 'answer'],
          message: `points past the ${p.options.length} options`,
        });
    });
    if (v.source === 'custom' && v.pool.length === 0)
      ctx.addIssue({ code: 'custom', path: ['pool'], message: 'is required when source is "custom"' });
  });

interface Item {
  id: string;
  topic: string;
  difficulty: 'easy' | 'medium' | 'hard';
  question: string;
  options: string[];
  answer: number;
  order?: number[];
}

export interface PaperQuestion {
  number: number;
  section: string;
  id: string;
  topic: string;
  difficulty: string;
  question: string;
  options: string[];
  answer: string;
  marksCorrect: number;
  marksWrong: number;
}

export const examMockTest = defineSkill({
  id: 'exam.mock-test',
  agentIds: [AgentId.testPrep, AgentId.science, AgentId.study],
  title: 'Mock test builder',
  description:
    'Builds a timed mock test from a blueprint (sections, topics, difficulty mix, marking) with no repeats, a time plan and an answer key.',
  inputSchema,
  async run(input, ctx) {
    const rng = pickRng(ctx, input.seed);
    const bank: Item[] =
      input.source === 'custom'
        ? input.pool.map((p) => ({ ...p, options: [...p.options] }))
        : CBSE_SCIENCE_BANK.map((q) => ({
            id: q.id,
            topic: q.chapter,
            difficulty: q.difficulty,
            question: q.question,
            options: optionTexts(q),
            answer: 0,
          }));
    const knownTopics = new Set(bank.map((b) => b.topic));
    input.sections.forEach((s, i) =>
      s.topics.forEach((t, k) => {
        if (!knownTopics.has(t))
          throw invalid(`sections[${i}].topics[${k}]`, `no questions for topic "${t}"`);
      }),
    );
    const used = new Set<string>();
    const shortfalls: string[] = [];
    const paper: PaperQuestion[] = [];
    for (const s of input.sections) {
      const candidates = shuffle(
        rng,
        bank.filter((b) => !used.has(b.id) && (s.topics.length === 0 || s.topics.includes(b.topic))),
      );
      const want = s.mix ?? { easy: 0, medium: 0, hard: 0 };
      const picked: Item[] = [];
      if (s.mix) {
        for (const d of ['easy', 'medium', 'hard'] as const) {
          const got = candidates.filter((c) => c.difficulty === d).slice(0, want[d]);
          if (got.length < want[d])
            shortfalls.push(`${s.name}: ${want[d] - got.length} ${d} question(s) short`);
          picked.push(...got);
        }
      } else {
        picked.push(...candidates.slice(0, s.count));
        if (picked.length < s.count)
          shortfalls.push(`${s.name}: ${s.count - picked.length} question(s) short`);
      }
      for (const item of picked) {
        used.add(item.id);
        const order = shuffle(
          rng,
          item.options.map((_, k) => k),
        );
        item.order = order;
        paper.push({
          number: paper.length + 1,
          section: s.name,
          id: item.id,
          topic: item.topic,
          difficulty: item.difficulty,
          question: item.question,
          options: order.map((k) => item.options[k] as string),
          answer: LETTERS[order.indexOf(item.answer)] as string,
          marksCorrect: s.marksCorrect,
          marksWrong: s.marksWrong,
        });
      }
    }
    const workMinutes = Math.round(input.durationMinutes * (1 - input.reviewBufferPercent / 100));
    const sectionWeights = input.sections.map((s) =>
      paper
        .filter((p) => p.section === s.name)
        .reduce((w, p) => w + WEIGHT[p.difficulty as keyof typeof WEIGHT], 0),
    );
    const minutes = apportion(
      workMinutes,
      sectionWeights.map((w) => (w > 0 ? w : 0)),
    );
    const plan = input.sections.map((s, i) => {
      const n = paper.filter((p) => p.section === s.name).length;
      return {
        section: s.name,
        questions: n,
        minutes: minutes[i] ?? 0,
        secondsPerQuestion: n ? Math.round(((minutes[i] ?? 0) * 60) / n) : 0,
        maxMarks: n * s.marksCorrect,
      };
    });
    const totalMarks = plan.reduce((a, p) => a + p.maxMarks, 0);
    const keyOk = paper.every((p) => {
      const item = bank.find((b) => b.id === p.id) as Item;
      return p.options[LETTERS.indexOf(p.answer)] === item.options[item.answer];
    });
    const unique = new Set(paper.map((p) => p.id)).size === paper.length;
    const timeOk =
      plan.reduce((a, p) => a + p.minutes, 0) + (input.durationMinutes - workMinutes) ===
      input.durationMinutes;
    const checks = [
      check(
        'blueprint met',
        shortfalls.length === 0,
        shortfalls.join('; ') || `${paper.length} questions as specified`,
      ),
      check('no repeated questions', unique, 'every question appears once'),
      check('answer key verified', keyOk, 'each key letter points at the correct option'),
      check(
        'time plan adds up',
        timeOk,
        `${plan.map((p) => `${p.section} ${p.minutes} min`).join(', ')} + ${input.durationMinutes - workMinutes} min review = ${input.durationMinutes} min`,
      ),
    ];
    // For bank questions the same code the quiz grader reads (option orders as shown on the paper).
    const quizCode =
      input.source === 'cbse-science'
        ? encodeQuiz(
            paper.map((p) => ({
              id: p.id,
              order: (bank.find((b) => b.id === p.id) as Item).order ?? [0, 1, 2, 3],
            })),
          )
        : null;
    const markdown = doc(
      `# ${input.title} — ${input.durationMinutes} minutes, ${totalMarks} marks`,
      table(
        ['Section', 'Questions', 'Time (min)', 'Per question', 'Marks', 'Marking'],
        plan.map((p, i) => [
          p.section,
          p.questions,
          p.minutes,
          `${p.secondsPerQuestion}s`,
          p.maxMarks,
          `+${input.sections[i]?.marksCorrect} / ${input.sections[i]?.marksWrong}`,
        ]),
      ),
      `Keep the last ${input.durationMinutes - workMinutes} minutes to review flagged questions.`,
      ...input.sections.map(
        (s) =>
          `## ${s.name}\n\n${paper
            .filter((p) => p.section === s.name)
            .map(
              (p) =>
                `**${p.number}.** ${p.question}\n${p.options.map((o, k) => `   ${LETTERS[k]}. ${o}`).join('\n')}`,
            )
            .join('\n\n')}`,
      ),
      '## Answer key',
      paper.map((p) => `${p.number}. ${p.answer}`).join(' · '),
      checksSection(checks),
    );
    return offlineResult(
      { paper, plan, totalMarks, quizCode },
      {
        summary: `${paper.length}-question mock test, ${input.durationMinutes} min, ${totalMarks} marks`,
        markdown,
        checks,
        confidence: 0.97,
        selfChecksPassed: unique && keyOk && timeOk,
      },
    );
  },
});

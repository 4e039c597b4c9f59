// CBSE science quizzes from the shipped question bank: filtered by class, chapter and difficulty,
// drawn without repeats, options shuffled, with an answer key and a quiz code the grader can verify.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { invalid } from '../shared/invalid.js';
import { checksSection, doc } from '../shared/markdown.js';
import { pickRng, shuffle } from '../shared/random.js';
import { defineSkill } from '../skill.js';
import {
  CBSE_CHAPTERS,
  CBSE_SCIENCE_BANK,
  type BankQuestion,
  type Difficulty,
} from './data/cbse-science-bank.js';
import { ui } from '../shared/form-meta.js';

const LETTERS = ['A', 'B', 'C', 'D'] as const;
const chapterSlugs = Object.keys(CBSE_CHAPTERS) as [string, ...string[]];

export const quizFilterSchema = z.object({
  classLevel: z
    .union([z.literal(9), z.literal(10)])
    .optional()
    .meta(ui({ label: 'Class', options: { 9: 'Class 9', 10: 'Class 10' } })),
  chapters: z
    .array(z.enum(chapterSlugs))
    .max(chapterSlugs.length)
    .default([])
    .meta(ui({ label: 'Chapters', help: 'None picks from every chapter of the class.' })),
  subjects: z
    .array(z.enum(['physics', 'chemistry', 'biology']))
    .max(3)
    .default([])
    .meta(ui({ label: 'Subjects', advanced: true })),
  difficulty: z
    .enum(['easy', 'medium', 'hard', 'mixed'])
    .default('mixed')
    .meta(ui({ label: 'Difficulty' })),
});

const inputSchema = quizFilterSchema.extend({
  count: z
    .number()
    .int()
    .min(1)
    .max(40)
    .default(10)
    .meta(ui({ label: 'Number of questions' })),
  /** Same seed, same quiz. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .optional()
    .meta(ui({ label: 'Random seed', hidden: true })),
});

export interface QuizQuestion {
  number: number;
  id: string;
  chapter: string;
  difficulty: Difficulty;
  question: string;
  options: string[];
}

export interface AnswerKeyEntry {
  number: number;
  id: string;
  answer: (typeof LETTERS)[number];
  text: string;
  explanation: string;
}

/** Questions matching the filters, in bank order. */
export function filterBank(f: z.output<typeof quizFilterSchema>): BankQuestion[] {
  return CBSE_SCIENCE_BANK.filter(
    (q) =>
      (f.classLevel === undefined || q.classLevel === f.classLevel) &&
      (f.chapters.length === 0 || f.chapters.includes(q.chapter)) &&
      (f.subjects.length === 0 || f.subjects.includes(q.subject)) &&
      (f.difficulty === 'mixed' || q.difficulty === f.difficulty),
  );
}

/** Encodes question ids and option orders: `id:2031,id:1302` (digits = bank option index per position). */
export function encodeQuiz(items: { id: string; order: number[] }[]): string {
  return items.map((i) => `${i.id}:${i.order.join('')}`).join(',');
}

/** Decodes a quiz code; VALIDATION naming `field` when it is malformed or names unknown questions. */
export function decodeQuiz(code: string, field = 'quizCode'): { question: BankQuestion; order: number[] }[] {
  return code.split(',').map((part, i) => {
    const m = /^([a-z0-9-]+):([0-3]{4})$/.exec(part.trim());
    const question = m ? CBSE_SCIENCE_BANK.find((q) => q.id === m[1]) : undefined;
    const order = m ? [...(m[2] as string)].map(Number) : [];
    if (!m || !question || new Set(order).size !== 4)
      throw invalid(`${field}[${i}]`, `"${part}" is not a valid quiz item`);
    return { question, order };
  });
}

/** Bank option index 0 is the correct answer, 1–3 the distractors. */
export function optionTexts(q: BankQuestion): string[] {
  return [q.correct, ...q.distractors];
}

export const scienceQuiz = defineSkill({
  id: 'science.quiz',
  agentIds: [AgentId.science, AgentId.testPrep, AgentId.study],
  title: 'CBSE science quiz',
  description:
    'A quiz from the shipped CBSE class 9–10 question bank by chapter and difficulty, with shuffled options, answer key and explanations.',
  inputSchema,
  async run(input, ctx) {
    const pool = filterBank(input);
    if (pool.length === 0) throw invalid('chapters', 'no questions match these filters');
    const rng = pickRng(ctx, input.seed);
    let picked: BankQuestion[];
    if (input.difficulty === 'mixed') {
      // Round-robin over difficulties so a mixed quiz really is mixed.
      const buckets = (['easy', 'medium', 'hard'] as const).map((d) =>
        shuffle(
          rng,
          pool.filter((q) => q.difficulty === d),
        ),
      );
      picked = [];
      for (let k = 0; picked.length < Math.min(input.count, pool.length); k++) {
        const b = buckets[k % 3] as BankQuestion[];
        const q = b.shift();
        if (q) picked.push(q);
      }
    } else picked = shuffle(rng, pool).slice(0, input.count);
    const items = picked.map((q, i) => ({ q, order: shuffle(rng, [0, 1, 2, 3]), number: i + 1 }));
    const questions: QuizQuestion[] = items.map(({ q, order, number }) => ({
      number,
      id: q.id,
      chapter: q.chapter,
      difficulty: q.difficulty,
      question: q.question,
      options: order.map((o) => optionTexts(q)[o] as string),
    }));
    const answerKey: AnswerKeyEntry[] = items.map(({ q, order, number }) => ({
      number,
      id: q.id,
      answer: LETTERS[order.indexOf(0)] as AnswerKeyEntry['answer'],
      text: q.correct,
      explanation: q.explanation,
    }));
    const quizCode = encodeQuiz(items.map((i) => ({ id: i.q.id, order: i.order })));
    const keyOk = answerKey.every((k, i) => questions[i]?.options[LETTERS.indexOf(k.answer)] === k.text);
    const unique = new Set(questions.map((q) => q.id)).size === questions.length;
    const matches = picked.every((q) => filterBank(input).includes(q));
    const checks = [
      check('answer key verified', keyOk, 'each key letter points at the correct option'),
      check('no repeated questions', unique, `${questions.length} distinct questions`),
      check(
        'matches filters',
        matches,
        'every question is from the requested class, chapters and difficulty',
      ),
      check(
        'enough questions',
        questions.length === input.count,
        questions.length === input.count
          ? `${input.count} questions`
          : `only ${questions.length} match; asked for ${input.count}`,
      ),
    ];
    const chaptersUsed = [...new Set(questions.map((q) => CBSE_CHAPTERS[q.chapter]?.title ?? q.chapter))];
    const markdown = doc(
      `# Science quiz — ${chaptersUsed.join(', ')}`,
      questions
        .map(
          (q) =>
            `**${q.number}.** ${q.question} _(${q.difficulty})_\n${q.options.map((o, i) => `   ${LETTERS[i]}. ${o}`).join('\n')}`,
        )
        .join('\n\n'),
      '## Answer key',
      answerKey.map((k) => `${k.number}. **${k.answer}** — ${k.text}. ${k.explanation}`).join('\n'),
      `Quiz code (for grading): \`${quizCode}\``,
      checksSection(checks),
    );
    return offlineResult(
      { questions, answerKey, quizCode },
      {
        summary: `${questions.length}-question quiz from ${chaptersUsed.length} chapter(s)`,
        markdown,
        checks,
        confidence: 0.99,
        selfChecksPassed: keyOk && unique && matches,
      },
    );
  },
});

// Grades a bank quiz from its quiz code and the student's letters: score (optional negative marking),
// per-chapter accuracy, weak chapters, and an explanation for every mistake.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, pct, round } from '../shared/checks.js';
import { invalid } from '../shared/invalid.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { CBSE_CHAPTERS } from './data/cbse-science-bank.js';
import { decodeQuiz, optionTexts } from './science-quiz.js';

const LETTERS = ['A', 'B', 'C', 'D'];

const inputSchema = z.object({
  quizCode: z.string().trim().min(5).max(4000),
  /** One letter per question in order; "" or "-" for unanswered. */
  answers: z
    .array(
      z
        .string()
        .trim()
        .toUpperCase()
        .max(1)
        .regex(/^([A-D]|-)?$/, 'must be A, B, C, D, "-" or empty'),
    )
    .max(60),
  marksCorrect: z.number().min(0).max(10).default(1),
  marksWrong: z.number().min(-10).max(0).default(0),
});

export const scienceQuizGrade = defineSkill({
  id: 'science.quiz-grade',
  agentIds: [AgentId.science, AgentId.testPrep],
  title: 'Science quiz grading',
  description:
    'Grades answers to a bank quiz (from its quiz code): score with optional negative marking, chapter accuracy, weak chapters and explanations.',
  inputSchema,
  async run(input) {
    const items = decodeQuiz(input.quizCode);
    if (input.answers.length !== items.length)
      throw invalid('answers', `has ${input.answers.length} entries; the quiz has ${items.length} questions`);
    const rows = items.map(({ question, order }, i) => {
      const given = input.answers[i] ?? '';
      const correctLetter = LETTERS[order.indexOf(0)] as string;
      const status =
        given === '' || given === '-' ? 'unanswered' : given === correctLetter ? 'correct' : 'wrong';
      const chosenText =
        status === 'unanswered'
          ? null
          : (optionTexts(question)[order[LETTERS.indexOf(given)] as number] ?? null);
      return {
        number: i + 1,
        id: question.id,
        chapter: question.chapter,
        status,
        given,
        correct: correctLetter,
        correctText: question.correct,
        chosenText,
        explanation: question.explanation,
        marks: status === 'correct' ? input.marksCorrect : status === 'wrong' ? input.marksWrong : 0,
      };
    });
    const score = round(
      rows.reduce((s, r) => s + r.marks, 0),
      2,
    );
    const max = rows.length * input.marksCorrect;
    const chapters = [...new Set(rows.map((r) => r.chapter))].map((c) => {
      const rs = rows.filter((r) => r.chapter === c);
      const correct = rs.filter((r) => r.status === 'correct').length;
      return {
        chapter: c,
        title: CBSE_CHAPTERS[c]?.title ?? c,
        questions: rs.length,
        correct,
        accuracy: round(correct / rs.length, 3),
      };
    });
    const weak = chapters.filter((c) => c.accuracy < 0.6).map((c) => c.title);
    const counts = {
      correct: rows.filter((r) => r.status === 'correct').length,
      wrong: rows.filter((r) => r.status === 'wrong').length,
      unanswered: rows.filter((r) => r.status === 'unanswered').length,
    };
    const reconciled = counts.correct + counts.wrong + counts.unanswered === rows.length;
    const checks = [
      check(
        'score reconciles',
        reconciled &&
          Math.abs(score - (counts.correct * input.marksCorrect + counts.wrong * input.marksWrong)) < 1e-9,
        `${counts.correct} correct, ${counts.wrong} wrong, ${counts.unanswered} unanswered`,
      ),
      check(
        'no weak chapters',
        weak.length === 0,
        weak.length === 0 ? 'every chapter ≥ 60%' : `below 60%: ${weak.join(', ')}`,
      ),
    ];
    const markdown = doc(
      `# Quiz result: ${score} / ${max} (${pct(max ? Math.max(0, score) / max : 0, 0)})`,
      table(
        ['Chapter', 'Questions', 'Correct', 'Accuracy'],
        chapters.map((c) => [c.title, c.questions, c.correct, pct(c.accuracy, 0)]),
      ),
      '## Review your mistakes',
      bullets(
        rows
          .filter((r) => r.status !== 'correct')
          .map(
            (r) =>
              `Q${r.number}: ${r.status === 'unanswered' ? 'not answered' : `you chose ${r.given} (${r.chosenText})`}; correct is **${r.correct}** — ${r.correctText}. ${r.explanation}`,
          ),
        '_No mistakes — well done!_',
      ),
      weak.length > 0 && `**Revise next:** ${weak.join(', ')}.`,
      checksSection(checks),
    );
    return offlineResult(
      { score, max, counts, chapters, weakChapters: weak, questions: rows },
      {
        summary: `Scored ${score}/${max}; ${weak.length} weak chapter(s)`,
        markdown,
        checks,
        confidence: 0.99,
        selfChecksPassed: reconciled,
      },
    );
  },
});

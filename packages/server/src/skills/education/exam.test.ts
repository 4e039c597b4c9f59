import { describe, expect, it } from 'vitest';
import { isPlatformError } from '../../errors.js';
import { skillRunner } from '../execute.js';
import { CBSE_SCIENCE_BANK } from './data/cbse-science-bank.js';
import type { PaperQuestion } from './exam-mock-test.js';
import { linearFit } from './exam-progress.js';
import { guessValue, type TopicStat } from './exam-score.js';
import { examMockTest } from './exam-mock-test.js';
import { examPacing } from './exam-pacing.js';
import { examProgress } from './exam-progress.js';
import { examScore } from './exam-score.js';
import { scienceQuizGrade } from './science-quiz-grade.js';

const runSkill = skillRunner([examMockTest, examPacing, examProgress, examScore, scienceQuizGrade]);

const ctx = { now: Date.UTC(2026, 0, 5) };

describe('exam.mock-test', () => {
  const blueprint = {
    durationMinutes: 60,
    sections: [
      { name: 'Physics', topics: ['motion', 'electricity'], count: 6, mix: { easy: 2, medium: 2, hard: 2 } },
      { name: 'Chemistry', topics: ['acids-bases-and-salts'], count: 4, marksWrong: 0 },
    ],
    seed: 11,
  };

  it('meets the blueprint with no repeats, a verified key and a time plan that adds up', async () => {
    const r = await runSkill('exam.mock-test', blueprint, ctx);
    const o = r.output as {
      paper: PaperQuestion[];
      plan: { section: string; minutes: number }[];
      totalMarks: number;
      quizCode: string;
    };
    expect(o.paper).toHaveLength(10);
    const physics = o.paper.filter((p) => p.section === 'Physics');
    expect(physics.filter((p) => p.difficulty === 'hard')).toHaveLength(2);
    for (const p of physics) expect(['motion', 'electricity']).toContain(p.topic);
    for (const p of o.paper)
      expect(p.options['ABCD'.indexOf(p.answer)]).toBe(CBSE_SCIENCE_BANK.find((q) => q.id === p.id)?.correct);
    expect(o.plan.reduce((s, p) => s + p.minutes, 0)).toBe(54);
    expect(o.totalMarks).toBe(40);
    expect(r.checks.every((c) => c.passed)).toBe(true);
    // The paper can be graded with the quiz grader from its code.
    const answers = o.paper.map((p) => p.answer);
    const g = await runSkill('science.quiz-grade', { quizCode: o.quizCode, answers }, ctx);
    expect((g.output as { score: number }).score).toBe(10);
  });

  it('uses a custom pool and validates it', async () => {
    const pool = Array.from({ length: 6 }, (_, i) => ({
      id: `q${i}`,
      topic: i < 3 ? 'algebra' : 'geometry',
      question: `Question ${i}?`,
      options: ['a', 'b', 'c', 'd'],
      answer: i % 4,
    }));
    const r = await runSkill(
      'exam.mock-test',
      { source: 'custom', pool, durationMinutes: 20, sections: [{ name: 'Maths', count: 6 }] },
      ctx,
    );
    const paper = (r.output as { paper: PaperQuestion[] }).paper;
    for (const p of paper)
      expect(p.options['ABCD'.indexOf(p.answer)]).toBe(['a', 'b', 'c', 'd'][Number(p.id.slice(1)) % 4]);
    await expect(
      runSkill(
        'exam.mock-test',
        { source: 'custom', durationMinutes: 20, sections: [{ name: 'x', count: 1 }] },
        ctx,
      ),
    ).rejects.toSatisfy((e: unknown) => isPlatformError(e, 'VALIDATION') && e.details['field'] === 'pool');
    await expect(
      runSkill(
        'exam.mock-test',
        { durationMinutes: 20, sections: [{ name: 'x', count: 3, mix: { easy: 1, medium: 1, hard: 0 } }] },
        ctx,
      ),
    ).rejects.toSatisfy(
      (e: unknown) => isPlatformError(e, 'VALIDATION') && e.details['field'] === 'sections[0].mix',
    );
    await expect(
      runSkill(
        'exam.mock-test',
        { durationMinutes: 20, sections: [{ name: 'x', count: 3, topics: ['alchemy'] }] },
        ctx,
      ),
    ).rejects.toThrow(/sections\[0\]\.topics\[0\]/);
  });
});

describe('exam.score', () => {
  it('applies negative marking and finds weak topics', async () => {
    const questions = [
      { id: '1', topic: 'Optics', answer: 'A' },
      { id: '2', topic: 'Optics', answer: 'B' },
      { id: '3', topic: 'Optics', answer: 'C' },
      { id: '4', topic: 'Algebra', answer: 'D' },
      { id: '5', topic: 'Algebra', answer: 'A' },
      { id: '6', topic: 'Organic', answer: 'B' },
    ];
    const responses = [
      { id: '1', answer: 'B' },
      { id: '2', answer: 'C' },
      { id: '3', answer: 'C' },
      { id: '4', answer: 'd' },
      { id: '5', answer: 'A' },
      { id: '6', answer: null },
    ];
    const r = await runSkill('exam.score', { questions, responses }, ctx);
    const o = r.output as { score: number; topics: TopicStat[]; weakTopics: string[]; marksLost: number };
    expect(o.score).toBe(4 * 3 - 2);
    expect(o.marksLost).toBe(2);
    expect(o.weakTopics).toEqual(['Optics']);
    expect(o.topics.find((t) => t.topic === 'Algebra')).toMatchObject({ correct: 2, net: 8, weak: false });
    expect(r.checks[0]?.passed).toBe(true);
  });

  it('knows when guessing pays', () => {
    expect(guessValue(4, 4, -1)).toBe(0.25);
    expect(guessValue(2, 4, -1)).toBe(1.5);
    expect(guessValue(4, 1, -1)).toBe(-0.5);
  });
});

describe('exam.pacing', () => {
  it('weights targets by difficulty and flags slow questions and overruns', async () => {
    const questions = [
      { id: 'q1', seconds: 60, difficulty: 'easy', correct: true },
      { id: 'q2', seconds: 400, difficulty: 'medium', correct: false },
      { id: 'q3', seconds: 90, difficulty: 'hard', correct: true },
      { id: 'q4', seconds: 100, difficulty: 'medium', correct: true },
    ];
    const r = await runSkill('exam.pacing', { durationMinutes: 10, questions }, ctx);
    const o = r.output as {
      slow: string[];
      questions: { id: string; target: number }[];
      usedSeconds: number;
    };
    // weights 0.75 + 1 + 1.5 + 1 = 4.25 over 600 s.
    expect(o.questions[0]?.target).toBeCloseTo((600 * 0.75) / 4.25, 1);
    expect(o.slow).toEqual(['q2']);
    expect(o.usedSeconds).toBe(650);
    expect(r.checks.find((c) => c.name === 'finished in time')?.passed).toBe(false);
    expect(r.checks.find((c) => c.name === 'time on wrong answers')?.passed).toBe(false);
  });
});

describe('exam.progress', () => {
  it('fits the trend, projects the next score and spots slipping topics', async () => {
    const r = await runSkill(
      'exam.progress',
      {
        tests: [
          { date: '2026-01-20', score: 150, maxScore: 300, topics: { Physics: 60, Chemistry: 40 } },
          { date: '2026-01-06', score: 120, maxScore: 300, topics: { Physics: 50, Chemistry: 50 } },
          { date: '2026-02-03', score: 180, maxScore: 300, topics: { Physics: 70, Chemistry: 30 } },
        ],
      },
      ctx,
    );
    const o = r.output as {
      percentages: number[];
      slope: number;
      projectedNext: number;
      direction: string;
      topics: { topic: string; trend: string }[];
    };
    expect(o.percentages).toEqual([40, 50, 60]);
    expect(o.slope).toBe(10);
    expect(o.projectedNext).toBe(70);
    expect(o.direction).toBe('improving');
    expect(o.topics.find((t) => t.topic === 'Chemistry')?.trend).toBe('slipping');
    expect(linearFit([1, 3, 5, 7])).toEqual({ slope: 2, intercept: 1 });
  });
});

import { describe, expect, it } from 'vitest';
import { isPlatformError } from '../../errors.js';
import { skillRunner } from '../execute.js';
import { parseFormula } from './chem-formula.js';
import { CBSE_CHAPTERS, CBSE_SCIENCE_BANK } from './data/cbse-science-bank.js';
import { balance } from './science-equation-balance.js';
import type { AnswerKeyEntry, QuizQuestion } from './science-quiz.js';
import { solveOptics } from './science-optics.js';
import { scienceCircuit } from './science-circuit.js';
import { scienceEquationBalance } from './science-equation-balance.js';
import { scienceMolarMass } from './science-molar-mass.js';
import { scienceOptics } from './science-optics.js';
import { scienceQuiz } from './science-quiz.js';
import { scienceQuizGrade } from './science-quiz-grade.js';

const runSkill = skillRunner([
  scienceCircuit,
  scienceEquationBalance,
  scienceMolarMass,
  scienceOptics,
  scienceQuiz,
  scienceQuizGrade,
]);

const ctx = { now: Date.UTC(2026, 0, 5) };

describe('CBSE question bank', () => {
  it('has at least 60 well-formed questions across both classes and all difficulties', () => {
    expect(CBSE_SCIENCE_BANK.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CBSE_SCIENCE_BANK.map((q) => q.id)).size).toBe(CBSE_SCIENCE_BANK.length);
    for (const q of CBSE_SCIENCE_BANK) {
      expect(new Set([q.correct, ...q.distractors]).size, q.id).toBe(4);
      expect(CBSE_CHAPTERS[q.chapter]?.classLevel).toBe(q.classLevel);
      expect(q.explanation.length).toBeGreaterThan(10);
    }
    for (const lvl of [9, 10])
      for (const d of ['easy', 'medium', 'hard'])
        expect(CBSE_SCIENCE_BANK.some((q) => q.classLevel === lvl && q.difficulty === d)).toBe(true);
    for (const ch of Object.keys(CBSE_CHAPTERS))
      expect(CBSE_SCIENCE_BANK.filter((q) => q.chapter === ch).length).toBeGreaterThanOrEqual(5);
  });

  it('has numerical answers that recompute', () => {
    const answer = (fragment: string) =>
      CBSE_SCIENCE_BANK.find((q) => q.question.includes(fragment))?.correct;
    expect(answer('uniform acceleration of 0.2')).toBe(`${0.5 * 0.2 * 180 ** 2} m`);
    expect(answer('rises 10 m')).toBe(`${Math.sqrt(2 * 9.8 * 10)} m/s`);
    expect(answer('19.6 m high')).toBe(`${Math.sqrt((2 * 19.6) / 9.8)} s`);
    expect(answer('45 steps')).toBe(`${(50 * 10 * 45 * 0.2) / 9} W`);
    expect(answer('2 A current')).toBe(`${2 ** 2 * 5 * 10} J`);
    expect(answer('0.5 A from a 220 V')).toBe(`${0.5 * 220} W`);
    expect(answer('36 g of water')).toBe(String(36 / 18));
    expect(answer('30 cm in front of a convex lens')).toMatch(/^30 cm/);
    const bal = balance(
      ['Fe', 'H2O', 'Fe3O4', 'H2'].map((f) => parseFormula(f)),
      2,
    );
    expect('coefficients' in bal && bal.coefficients.join(', ')).toBe(answer('Balance Fe + H₂O'));
  });
});

describe('science.quiz', () => {
  it('draws distinct questions matching the filters with a verified key', async () => {
    const r = await runSkill(
      'science.quiz',
      {
        classLevel: 10,
        chapters: ['electricity', 'light-reflection-and-refraction'],
        difficulty: 'mixed',
        count: 8,
        seed: 7,
      },
      ctx,
    );
    const o = r.output as { questions: QuizQuestion[]; answerKey: AnswerKeyEntry[]; quizCode: string };
    expect(o.questions).toHaveLength(8);
    expect(new Set(o.questions.map((q) => q.id)).size).toBe(8);
    for (const q of o.questions)
      expect(['electricity', 'light-reflection-and-refraction']).toContain(q.chapter);
    for (const k of o.answerKey) {
      const q = o.questions[k.number - 1] as QuizQuestion;
      expect(q.options['ABCD'.indexOf(k.answer)]).toBe(CBSE_SCIENCE_BANK.find((b) => b.id === q.id)?.correct);
    }
    expect(new Set(o.questions.map((q) => q.difficulty))).toEqual(new Set(['easy', 'medium', 'hard']));
    // Same seed, same quiz.
    const again = await runSkill(
      'science.quiz',
      { classLevel: 10, chapters: ['electricity', 'light-reflection-and-refraction'], count: 8, seed: 7 },
      ctx,
    );
    expect((again.output as { quizCode: string }).quizCode).toBe(o.quizCode);
  });

  it('reports a shortfall and rejects unknown chapters', async () => {
    const r = await runSkill('science.quiz', { chapters: ['motion'], difficulty: 'hard', count: 10 }, ctx);
    expect((r.output as { questions: unknown[] }).questions.length).toBe(2);
    expect(r.checks.find((c) => c.name === 'enough questions')?.passed).toBe(false);
    await expect(runSkill('science.quiz', { chapters: ['astrology'] }, ctx)).rejects.toSatisfy(
      (e: unknown) => isPlatformError(e, 'VALIDATION') && e.details['field'] === 'chapters[0]',
    );
  });
});

describe('science.quiz-grade', () => {
  it('grades from the quiz code with negative marking and finds weak chapters', async () => {
    const quiz = await runSkill(
      'science.quiz',
      { chapters: ['electricity', 'motion'], count: 6, seed: 3 },
      ctx,
    );
    const o = quiz.output as { questions: QuizQuestion[]; answerKey: AnswerKeyEntry[]; quizCode: string };
    // Answer the electricity questions correctly, motion ones wrongly, skip the last.
    const answers = o.answerKey.map((k, i) => {
      if (i === 5) return '-';
      const q = o.questions[i] as QuizQuestion;
      return q.chapter === 'electricity' ? k.answer : ('ABCD'.replace(k.answer, '')[0] as string);
    });
    const r = await runSkill(
      'science.quiz-grade',
      { quizCode: o.quizCode, answers, marksCorrect: 4, marksWrong: -1 },
      ctx,
    );
    const g = r.output as {
      score: number;
      counts: { correct: number; wrong: number; unanswered: number };
      weakChapters: string[];
    };
    const elec = o.questions.slice(0, 5).filter((q) => q.chapter === 'electricity').length;
    expect(g.counts).toEqual({ correct: elec, wrong: 5 - elec, unanswered: 1 });
    expect(g.score).toBe(elec * 4 - (5 - elec));
    expect(g.weakChapters).toContain('Motion');
  });

  it('rejects a tampered code and a wrong answer count', async () => {
    await expect(
      runSkill('science.quiz-grade', { quizCode: 'c9-motion-01:0000', answers: ['A'] }, ctx),
    ).rejects.toThrow(/quizCode\[0\]/);
    await expect(
      runSkill('science.quiz-grade', { quizCode: 'c9-motion-01:0123', answers: ['A', 'B'] }, ctx),
    ).rejects.toThrow(/answers/);
  });
});

describe('science.equation-balance', () => {
  const bal = async (equation: string) =>
    (await runSkill('science.equation-balance', { equation }, ctx)).output as {
      coefficients: number[];
      balanced: string;
    };

  it('balances textbook equations', async () => {
    expect((await bal('H2 + O2 -> H2O')).coefficients).toEqual([2, 1, 2]);
    expect((await bal('C3H8 + O2 → CO2 + H2O')).coefficients).toEqual([1, 5, 3, 4]);
    expect((await bal('Al + O2 = Al2O3')).coefficients).toEqual([4, 3, 2]);
    expect((await bal('Ca(OH)2 + HCl -> CaCl2 + H2O')).coefficients).toEqual([1, 2, 1, 2]);
    expect((await bal('KMnO4 + HCl -> KCl + MnCl2 + H2O + Cl2')).coefficients).toEqual([2, 16, 2, 2, 8, 5]);
    expect((await bal('CuSO4·5H2O -> CuSO4 + H2O')).coefficients).toEqual([1, 1, 5]);
    expect((await bal('2Fe(s) + Cl₂(g) -> FeCl₃')).balanced).toBe('2Fe + 3Cl₂ → 2FeCl₃');
  });

  it('explains equations that cannot be balanced', async () => {
    await expect(
      runSkill('science.equation-balance', { equation: 'H2O -> H2O2 + CO2' }, ctx),
    ).rejects.toThrow(/equation/);
    await expect(runSkill('science.equation-balance', { equation: 'Xx + O2 -> XxO' }, ctx)).rejects.toThrow(
      /unknown element "Xx"/,
    );
    await expect(runSkill('science.equation-balance', { equation: 'H2 + O2' }, ctx)).rejects.toThrow(/arrow/);
  });
});

describe('science.molar-mass', () => {
  it('computes molar mass, composition and moles', async () => {
    const r = await runSkill(
      'science.molar-mass',
      { formulas: ['H2SO4', 'CuSO4·5H2O', 'Ca(OH)2'], grams: 49 },
      ctx,
    );
    const res = (
      r.output as {
        results: { molarMass: number; moles: number | null; parts: { element: string; percent: number }[] }[];
      }
    ).results;
    expect(res[0]?.molarMass).toBe(98);
    expect(res[0]?.moles).toBe(0.5);
    expect(res[1]?.molarMass).toBe(249.5); // 63.5 + 32 + 64 + 5 × 18
    expect(res[2]?.molarMass).toBe(74);
    expect(res[0]?.parts.find((p) => p.element === 'O')?.percent).toBeCloseTo((64 / 98) * 100, 1);
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });
});

describe('science.optics', () => {
  it('solves lens and mirror cases and verifies by substitution', () => {
    const lens = solveOptics({ device: 'convex-lens', focalLength: 15, objectDistance: 30, objectHeight: 2 });
    expect(lens.answer).toMatchObject({ v: 30, magnification: -1, imageHeight: -2, powerDioptre: 6.667 });
    expect(lens.answer.nature).toMatch(/^real and inverted, same size/);
    const mirror = solveOptics({ device: 'concave-mirror', focalLength: 15, objectDistance: 10 });
    expect(mirror.answer).toMatchObject({ v: 30, magnification: 3 });
    expect(mirror.answer.nature).toMatch(/^virtual and erect, magnified, 30 cm behind the mirror/);
    const convex = solveOptics({ device: 'convex-mirror', focalLength: 20, objectDistance: 20 });
    expect(convex.answer.v).toBe(10);
    expect(convex.answer.nature).toMatch(/diminished/);
    const concaveLens = solveOptics({ device: 'concave-lens', focalLength: 10, objectDistance: 10 });
    expect(concaveLens.answer.v).toBe(-5);
    for (const s of [lens, mirror, convex, concaveLens]) expect(s.verified).toBe(true);
  });

  it('handles an object at the focus', async () => {
    const r = await runSkill(
      'science.optics',
      { device: 'convex-lens', focalLength: 10, objectDistance: 10 },
      ctx,
    );
    expect((r.output as { v: number | null }).v).toBeNull();
  });
});

describe('science.circuit', () => {
  it('solves a nested network and conserves power', async () => {
    const r = await runSkill(
      'science.circuit',
      {
        voltage: 12,
        network: {
          series: [
            { ohms: 2, name: 'R1' },
            {
              parallel: [
                { ohms: 6, name: 'R2' },
                { ohms: 3, name: 'R3' },
              ],
            },
          ],
        },
      },
      ctx,
    );
    const o = r.output as {
      equivalentOhms: number;
      current: number;
      resistors: { name: string; current: number; voltage: number }[];
    };
    expect(o.equivalentOhms).toBe(4);
    expect(o.current).toBe(3);
    expect(o.resistors).toEqual([
      expect.objectContaining({ name: 'R1', current: 3, voltage: 6 }),
      expect.objectContaining({ name: 'R2', current: 1, voltage: 6 }),
      expect.objectContaining({ name: 'R3', current: 2, voltage: 6 }),
    ]);
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });

  it('rejects a non-positive resistance naming the path', async () => {
    await expect(
      runSkill('science.circuit', { voltage: 5, network: { series: [{ ohms: 1 }, { ohms: -2 }] } }, ctx),
    ).rejects.toSatisfy((e: unknown) => isPlatformError(e, 'VALIDATION'));
  });
});

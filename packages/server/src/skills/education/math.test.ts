import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlatformError } from '../../errors.js';
import { seededRng } from '../shared/random.js';
import { skillRunner } from '../execute.js';
import { extractNumbers, matchesAll } from './answers.js';
import { MATH_TOPICS, formatQuadratic, generateProblem, type Problem } from './math-problems.js';
import { convert } from './math-unit-convert.js';
import { mathGrade } from './math-grade.js';
import { mathMatrix } from './math-matrix.js';
import { mathPracticeSet } from './math-practice-set.js';
import { mathStatistics } from './math-statistics.js';
import { mathUnitConvert } from './math-unit-convert.js';

const runSkill = skillRunner([mathGrade, mathMatrix, mathPracticeSet, mathStatistics, mathUnitConvert]);

const ctx = { now: Date.UTC(2026, 0, 5) };

describe('math problem templates', () => {
  it('verify every generated answer for every topic and difficulty (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MATH_TOPICS),
        fc.constantFrom('easy', 'medium', 'hard'),
        fc.integer({ min: 0, max: 1e6 }),
        (topic, d, seed) => {
          const p = generateProblem(topic, seededRng(seed), d as 'easy', 'x');
          expect(p.verified, `${topic} ${seed}: ${p.question}`).toBe(true);
          expect(p.answer.every(Number.isFinite)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('states quadratics whose answers satisfy the printed equation', () => {
    for (let seed = 0; seed < 50; seed++) {
      const p = generateProblem('quadratic', seededRng(seed), 'hard', 'q');
      const m = /Find the roots of (.*) = 0\./.exec(p.question);
      // Re-read the coefficients from the text the student sees.
      const expr = (m?.[1] ?? '').replace(/−/g, '-').replace(/\s+/g, '');
      const coef = (re: RegExp) => {
        const t = re.exec(expr)?.[1];
        return t === undefined ? 0 : t === '' || t === '+' ? 1 : t === '-' ? -1 : Number(t);
      };
      const a = coef(/^([-+]?\d*)x²/);
      const b = coef(/x²([-+]\d*)x(?![²])/);
      const c = coef(/(?:x|x²)([-+]\d+)$/);
      for (const x of p.answer) expect(Math.abs(a * x * x + b * x + c)).toBeLessThan(1e-9);
    }
    expect(formatQuadratic(1, -1, 0)).toBe('x² − x = 0');
    expect(formatQuadratic(-2, 0, 8)).toBe('−2x² + 8 = 0');
  });

  it('states kinematics problems whose answers recompute from the text', () => {
    for (let seed = 0; seed < 30; seed++) {
      const p = generateProblem('kinematics', seededRng(seed), 'medium', 'k');
      const [u, a, t] = extractNumbers(p.question) as [number, number, number];
      expect(p.answer[0]).toBeCloseTo(u * t + 0.5 * a * t * t, 9);
    }
  });
});

describe('math.practice-set', () => {
  it('returns the requested number of verified problems, reproducibly', async () => {
    const a = await runSkill('math.practice-set', { count: 12, difficulty: 'hard', seed: 42 }, ctx);
    const b = await runSkill('math.practice-set', { count: 12, difficulty: 'hard', seed: 42 }, ctx);
    const pa = (a.output as { problems: Problem[] }).problems;
    expect(pa).toHaveLength(12);
    expect(pa.every((p) => p.verified)).toBe(true);
    expect((b.output as { problems: Problem[] }).problems.map((p) => p.question)).toEqual(
      pa.map((p) => p.question),
    );
    expect(a.checks.every((c) => c.passed)).toBe(true);
    expect(a.markdown).toContain('✔ Verified');
  });

  it('keeps to NEET topics for NEET and rejects unknown topics', async () => {
    const r = await runSkill('math.practice-set', { exam: 'NEET', count: 6, seed: 1 }, ctx);
    for (const p of (r.output as { problems: Problem[] }).problems)
      expect(['NEET', 'JEE/NEET']).toContain(p.exam);
    await expect(
      runSkill('math.practice-set', { topics: ['calculus-of-variations'] }, ctx),
    ).rejects.toSatisfy(
      (e: unknown) => isPlatformError(e, 'VALIDATION') && e.details['field'] === 'topics[0]',
    );
  });
});

describe('answer parsing', () => {
  it('reads numbers as students write them', () => {
    expect(extractNumbers('x = 3 or x = −2')).toEqual([3, -2]);
    expect(extractNumbers('3/4')).toEqual([0.75]);
    expect(extractNumbers('1.2 × 10^3 J')).toEqual([1200]);
    expect(extractNumbers('6.02e23')).toEqual([6.02e23]);
    expect(extractNumbers('3,240 m')).toEqual([3240]);
    expect(matchesAll([-2, 3], [3, -2], 1e-6)).toBe(true);
    expect(matchesAll([3], [3, -2], 1e-6)).toBe(false);
  });
});

describe('math.grade', () => {
  it('grades with tolerance, multi-valued answers and JEE marking', async () => {
    const r = await runSkill(
      'math.grade',
      {
        problems: [
          { id: 'P1', answer: [3, -2], topic: 'quadratic' },
          { id: 'P2', answer: '3240 m', unit: 'm', topic: 'kinematics' },
          { id: 'P3', answer: [0.3333333], tolerance: 0.001, topic: 'probability' },
          { id: 'P4', answer: [10], topic: 'kinematics' },
          { id: 'P5', answer: [7] },
        ],
        responses: [
          { id: 'P1', answer: 'x = -2, x = 3' },
          { id: 'P2', answer: '3245' },
          { id: 'P3', answer: '1/3' },
          { id: 'P4', answer: '12' },
          { id: 'P5', answer: null },
        ],
      },
      ctx,
    );
    const o = r.output as {
      score: number;
      results: { id: string; status: string }[];
      topics: { topic: string; correct: number }[];
    };
    expect(o.results.map((x) => x.status)).toEqual(['correct', 'correct', 'correct', 'wrong', 'unanswered']);
    expect(o.score).toBe(4 * 3 - 1);
    expect(o.topics.find((t) => t.topic === 'kinematics')?.correct).toBe(1);
  });

  it('names a response for an unknown problem', async () => {
    await expect(
      runSkill(
        'math.grade',
        { problems: [{ id: 'A', answer: [1] }], responses: [{ id: 'B', answer: '1' }] },
        ctx,
      ),
    ).rejects.toThrow(/responses\[0\]\.id/);
  });
});

describe('math.unit-convert', () => {
  it('converts with dimensions and offsets, refusing mismatches', async () => {
    expect(convert(36, 'km/h', 'm/s')).toBeCloseTo(10, 12);
    expect(convert(100, 'C', 'F')).toBeCloseTo(212, 9);
    expect(convert(-40, 'F', 'C')).toBeCloseTo(-40, 9);
    expect(convert(1, 'kWh', 'J')).toBe(3.6e6);
    const r = await runSkill(
      'math.unit-convert',
      {
        conversions: [
          { value: 1, from: 'atm', to: 'mmHg' },
          { value: 5, from: 'kg', to: 'm' },
          { value: 300, from: 'K', to: '°C' },
        ],
      },
      ctx,
    );
    const rows = (r.output as { conversions: { result: number | null; error: string | null }[] }).conversions;
    expect(rows[0]?.result).toBeCloseTo(760, 0);
    expect(rows[1]?.error).toMatch(/different quantities/);
    expect(rows[2]?.result).toBeCloseTo(26.85, 6);
    expect(r.checks.find((c) => c.name === 'round trip')?.passed).toBe(true);
  });
});

describe('math.statistics', () => {
  it('matches the textbook example', async () => {
    const r = await runSkill('math.statistics', { data: [2, 4, 4, 4, 5, 5, 7, 9] }, ctx);
    expect(r.output).toMatchObject({
      mean: 5,
      median: 4.5,
      modes: [4],
      range: 7,
      populationVariance: 4,
      populationSd: 2,
      sampleVariance: 4.5714,
    });
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });

  it('keeps the mean exact for decimals', async () => {
    const r = await runSkill('math.statistics', { data: [0.1, 0.2, 0.3] }, ctx);
    expect((r.output as { meanExact: string }).meanExact).toBe('1/5');
  });
});

describe('math.matrix', () => {
  it('inverts and solves exactly, verified', async () => {
    const r = await runSkill(
      'math.matrix',
      {
        matrix: [
          [2, 1],
          [5, 3],
        ],
        operations: ['determinant', 'inverse'],
      },
      ctx,
    );
    expect(r.output).toEqual({
      determinant: '1',
      inverse: [
        ['3', '-1'],
        ['-5', '2'],
      ],
    });
    const s = await runSkill(
      'math.matrix',
      {
        matrix: [
          [1, 1, 1],
          [0, 2, 5],
          [2, 5, -1],
        ],
        rhs: [6, -4, 27],
        operations: ['solve'],
      },
      ctx,
    );
    expect((s.output as { solution: string[] }).solution).toEqual(['5', '3', '-2']);
    expect(s.checks.every((c) => c.passed)).toBe(true);
    const f = await runSkill(
      'math.matrix',
      {
        matrix: [
          ['1/2', '1/3'],
          ['1/4', '1/5'],
        ],
      },
      ctx,
    );
    expect((f.output as { determinant: string }).determinant).toBe('1/60');
  });

  it('reports a singular matrix and rejects a ragged one naming the row', async () => {
    const r = await runSkill(
      'math.matrix',
      {
        matrix: [
          [1, 2],
          [2, 4],
        ],
      },
      ctx,
    );
    expect(r.output).toMatchObject({ determinant: '0', inverse: null });
    await expect(runSkill('math.matrix', { matrix: [[1, 2], [3]] }, ctx)).rejects.toSatisfy(
      (e: unknown) => isPlatformError(e, 'VALIDATION') && e.details['field'] === 'matrix[1]',
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlatformError } from '../../errors.js';
import { Fraction } from '../shared/fraction.js';
import { skillRunner } from '../execute.js';
import { evaluate, parseExpr, reduceSteps, show, toPoly, showPoly } from './algebra.js';
import { simplifySqrt, solveProblem } from './homework-step-solve.js';
import { simpson } from './homework-geometry.js';
import { homeworkGeometry } from './homework-geometry.js';
import { homeworkLinearSystem } from './homework-linear-system.js';
import { homeworkPercentInterest } from './homework-percent-interest.js';
import { homeworkStepSolve } from './homework-step-solve.js';

const runSkill = skillRunner([
  homeworkGeometry,
  homeworkLinearSystem,
  homeworkPercentInterest,
  homeworkStepSolve,
]);

const ctx = { now: Date.UTC(2026, 0, 5) };

describe('algebra kernel', () => {
  it('respects precedence, implicit multiplication and unary minus', () => {
    const v = (s: string) => evaluate(parseExpr(s)).toString();
    expect(v('2 + 3 × 4')).toBe('14');
    expect(v('(2 + 3)4')).toBe('20');
    expect(v('-3^2')).toBe('-9');
    expect(v('2^3^2')).toBe('512');
    expect(v('1/2 + 1/3')).toBe('5/6');
    expect(v('8 ÷ 2(2 + 2)')).toBe('16');
    expect(() => parseExpr('2 + * 3')).toThrow(/expression/);
    expect(() => parseExpr('(1 + 2')).toThrow(/missing "\)"/);
  });

  it('prints what it parses (round trip, property)', () => {
    const leaf = fc.oneof(fc.integer({ min: 0, max: 20 }).map(String), fc.constant('x'));
    const expr = fc.letrec((tie) => ({
      e: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc
          .tuple(tie('e'), fc.constantFrom('+', '-', '*', '/'), tie('e'))
          .map(([a, op, b]) => `(${a} ${op} ${b})`),
      ),
    })).e as fc.Arbitrary<string>;
    fc.assert(
      fc.property(expr, fc.integer({ min: 1, max: 9 }), (src, xv) => {
        const e = parseExpr(src);
        const env = { x: new Fraction(BigInt(xv) * 7n + 1n, 3n) };
        let a: Fraction | undefined;
        try {
          a = evaluate(e, env);
        } catch {
          return; // division by zero in the random expression
        }
        expect(
          evaluate(parseExpr(show(e).replace(/−/g, '-').replace(/×/g, '*').replace(/÷/g, '/')), env).equals(
            a,
          ),
        ).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('expands polynomials', () => {
    expect(showPoly(toPoly(parseExpr('(x + 1)(x − 1) + 2x')))).toBe('x^2 + 2x − 1');
    expect(showPoly(toPoly(parseExpr('(x + 2)^2 / 2')))).toBe('(1/2)x^2 + 2x + 2');
    expect(() => toPoly(parseExpr('1 / x'))).toThrow(/dividing by an expression/);
  });
});

describe('homework.step-solve', () => {
  it('reduces arithmetic one operation at a time', async () => {
    const r = await runSkill('homework.step-solve', { problem: '3 + 4 × (6 − 2) ÷ 8' }, ctx);
    const o = r.output as { answer: string; steps: string[]; verified: boolean };
    expect(o.answer).toBe('5');
    expect(o.steps).toEqual(['3 + 4 × (6 − 2) ÷ 8', '= 3 + 4 × 4 ÷ 8', '= 3 + 16 ÷ 8', '= 3 + 2', '= 5']);
    expect(reduceSteps(parseExpr('1/2 + 1/4')).value.toString()).toBe('3/4');
  });

  it('solves linear equations and verifies by substitution', () => {
    const s = solveProblem('3(x − 2) + 4 = 2x + 5');
    expect(s).toMatchObject({ kind: 'linear', answer: 'x = 7', verified: true });
    expect(solveProblem('x/2 + 1/3 = 1').answer).toBe('x = 4/3');
    expect(solveProblem('2x + 1 = 2x + 1').kind).toBe('identity');
    expect(solveProblem('2x + 1 = 2x + 3').kind).toBe('contradiction');
  });

  it('solves quadratics: factorable, repeated, irrational and complex', () => {
    expect(solveProblem('x^2 − 5x + 6 = 0')).toMatchObject({ answer: 'x = 2 or x = 3', verified: true });
    expect(solveProblem('2x² = 3x − 1')).toMatchObject({ answer: 'x = 1/2 or x = 1', verified: true });
    expect(solveProblem('x^2 + 6x + 9 = 0')).toMatchObject({ answer: 'x = -3', verified: true });
    const irr = solveProblem('x^2 − 2x − 1 = 0');
    expect(irr.answer).toBe('x = 1 ± √2');
    expect(irr.values.map((v) => Number(v.toFixed(6)))).toEqual([
      Number((1 - Math.SQRT2).toFixed(6)),
      Number((1 + Math.SQRT2).toFixed(6)),
    ]);
    expect(irr.verified).toBe(true);
    const cx = solveProblem('x^2 + 2x + 5 = 0');
    expect(cx.answer).toBe('no real roots (x = -1 ± 2i)');
    expect(solveProblem('x^2 + x + 1 = 0').answer).toBe('no real roots (x = -1/2 ± 1/2√3 i)');
    expect(cx.verified).toBe(true);
  });

  it('simplifies √ correctly', () => {
    expect(simplifySqrt(72n)).toEqual({ k: 6n, m: 2n });
    expect(simplifySqrt(49n)).toEqual({ k: 7n, m: 1n });
  });

  it('solves random linear equations correctly (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -9, max: 9 }).filter((a) => a !== 0),
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: -20, max: 20 }),
        (a, b, c) => {
          const s = solveProblem(`${a}x + ${b} = ${c}`.replace(/\+ -/g, '- '));
          expect(s.verified).toBe(true);
          expect(s.values[0]).toBeCloseTo((c - b) / a, 9);
        },
      ),
    );
  });

  it('rejects unsupported problems naming the field', async () => {
    await expect(runSkill('homework.step-solve', { problem: 'x^3 = 8' }, ctx)).rejects.toSatisfy(
      (e: unknown) => isPlatformError(e, 'VALIDATION') && e.details['field'] === 'problem',
    );
    await expect(runSkill('homework.step-solve', { problem: 'x + y = 2' }, ctx)).rejects.toThrow(
      /linear-system/,
    );
    await expect(runSkill('homework.step-solve', { problem: '5 / (2 − 2)' }, ctx)).rejects.toThrow(
      /division by zero/,
    );
  });
});

describe('homework.linear-system', () => {
  it('solves 2×2 with Cramer and 3×3 by elimination, verified', async () => {
    const r = await runSkill('homework.linear-system', { equations: ['2x + 3y = 13', 'x − y = -1'] }, ctx);
    expect((r.output as { solution: Record<string, string> }).solution).toEqual({ x: '2', y: '3' });
    expect(r.markdown).toContain("Cramer's rule");
    const r3 = await runSkill(
      'homework.linear-system',
      { equations: ['x + y + z = 6', '2y + 5z = -4', '2x + 5y − z = 27'] },
      ctx,
    );
    expect((r3.output as { solution: Record<string, string> }).solution).toEqual({ x: '5', y: '3', z: '-2' });
    expect(r3.checks[0]?.passed).toBe(true);
  });

  it('explains dependent systems and non-linear input', async () => {
    await expect(
      runSkill('homework.linear-system', { equations: ['x + y = 2', '2x + 2y = 4'] }, ctx),
    ).rejects.toThrow(/no unique solution/);
    await expect(
      runSkill('homework.linear-system', { equations: ['xy = 2', 'x + y = 3'] }, ctx),
    ).rejects.toThrow(/equations\[0\]/);
  });
});

describe('homework.percent-interest', () => {
  const run = async (problem: Record<string, unknown>) =>
    (await runSkill('homework.percent-interest', { problem }, ctx)).output as {
      value: number;
      answer: string;
    };
  it('computes textbook answers', async () => {
    expect((await run({ type: 'percent-of', percent: 15, of: 240 })).value).toBe(36);
    expect((await run({ type: 'what-percent', part: 45, whole: 180 })).value).toBe(25);
    expect((await run({ type: 'percent-change', from: 80, to: 60 })).value).toBe(-25);
    expect((await run({ type: 'profit-loss', costPrice: 500, sellingPrice: 600 })).answer).toBe(
      'profit of ₹100 (20%)',
    );
    const d = await run({ type: 'discount', markedPrice: 1000, discounts: [20, 10] });
    expect(d.value).toBe(720);
    expect(d.answer).toContain('28%');
    expect((await run({ type: 'simple-interest', principal: 5000, ratePercent: 8, years: 3 })).value).toBe(
      1200,
    );
    const ci = await run({ type: 'compound-interest', principal: 10000, ratePercent: 10, years: 2 });
    expect(ci.value).toBeCloseTo(2100, 6);
    const half = await run({
      type: 'compound-interest',
      principal: 10000,
      ratePercent: 10,
      years: 1,
      timesPerYear: 2,
    });
    expect(half.value).toBeCloseTo(1025, 6);
  });

  it('rejects an unknown problem type naming the field', async () => {
    await expect(runSkill('homework.percent-interest', { problem: { type: 'tax' } }, ctx)).rejects.toSatisfy(
      (e: unknown) => isPlatformError(e, 'VALIDATION') && String(e.details['field']).startsWith('problem'),
    );
  });
});

describe('homework.geometry', () => {
  const results = async (shape: Record<string, unknown>, pi = '22/7') => {
    const r = await runSkill('homework.geometry', { shape, pi }, ctx);
    expect(r.checks.every((c) => c.passed)).toBe(true);
    return Object.fromEntries(
      (r.output as { results: { name: string; value: number }[] }).results.map((x) => [x.name, x.value]),
    );
  };
  it('computes with π = 22/7 and cross-checks', async () => {
    expect((await results({ kind: 'circle', radius: 7 }))['Area']).toBe(154);
    expect((await results({ kind: 'cylinder', radius: 7, height: 10 }))['Volume']).toBe(1540);
    expect((await results({ kind: 'cone', radius: 3, height: 4 }, 'exact'))['Slant height']).toBe(5);
    expect((await results({ kind: 'sphere', radius: 21 }))['Volume']).toBe(38808);
    expect((await results({ kind: 'triangle', a: 3, b: 4, c: 5 }))['Area (Heron)']).toBe(6);
    expect((await results({ kind: 'right-triangle', a: 5, hypotenuse: 13 }))['Side b']).toBe(12);
    expect(simpson((x) => x ** 3, 0, 2)).toBeCloseTo(4, 12);
  });

  it('rejects impossible triangles', async () => {
    await expect(
      runSkill('homework.geometry', { shape: { kind: 'triangle', a: 1, b: 2, c: 5 } }, ctx),
    ).rejects.toThrow(/do not form a triangle/);
  });
});

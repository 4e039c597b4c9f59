// Step-by-step solutions for arithmetic (BODMAS, one operation at a time), simplification, and linear
// and quadratic equations in one variable — with every answer checked by substitution.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { Fraction } from '../shared/fraction.js';
import { invalid } from '../shared/invalid.js';
import { bullets, checksSection, doc } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import {
  coeff,
  evaluate,
  evaluateNumber,
  parseExpr,
  polyAdd,
  polyDegree,
  polyVars,
  reduceSteps,
  show,
  showPoly,
  toPoly,
} from './algebra.js';
import { ui } from '../shared/form-meta.js';

const inputSchema = z.object({
  problem: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .meta(
      ui({
        label: 'Your problem',
        help: 'An equation or a sum, as you would write it: use x for the unknown, ^ for powers.',
        example: '2x^2 - 3x - 5 = 0',
      }),
    ),
});

/** √n for a non-negative integer as k√m with m square-free ("2√3"); k alone when m = 1. */
export function simplifySqrt(n: bigint): { k: bigint; m: bigint } {
  let k = 1n;
  let m = n;
  for (let f = 2n; f * f <= m; f++) {
    while (m % (f * f) === 0n) {
      m /= f * f;
      k *= f;
    }
  }
  return { k, m };
}

export interface Solution {
  kind: 'arithmetic' | 'simplify' | 'linear' | 'quadratic' | 'identity' | 'contradiction';
  variable: string | null;
  answer: string;
  /** Numeric values of the solutions (real ones), for checking. */
  values: number[];
  steps: string[];
  verified: boolean;
}

/** Solves one homework problem. */
export function solveProblem(problem: string): Solution {
  const field = 'problem';
  const parts = problem.split('=');
  if (parts.length > 2) throw invalid(field, 'has more than one "="');
  if (parts.length === 1) {
    const e = parseExpr(problem, field);
    const poly = toPoly(e, field);
    const vars = polyVars(poly);
    if (vars.length === 0) {
      const { steps, value } = reduceSteps(e, field);
      const answer = value.isInteger()
        ? value.toString()
        : `${value.toString()} ≈ ${Number(value.toNumber().toFixed(6))}`;
      // Verification: a second, independent evaluation in floating point.
      const verified =
        Math.abs(evaluateNumber(e, {}) - value.toNumber()) <= 1e-9 * Math.max(1, Math.abs(value.toNumber()));
      return {
        kind: 'arithmetic',
        variable: null,
        answer,
        values: [value.toNumber()],
        steps: steps.map((s, i) => (i === 0 ? s : `= ${s}`)),
        verified,
      };
    }
    const simplified = showPoly(poly);
    // Check at a few points that the expanded form equals the original.
    const verified = [2, -3, 5].every((t) => {
      const env = Object.fromEntries(vars.map((v, i) => [v, new Fraction(BigInt(t + i))]));
      const back = parseExpr(simplified.replace(/−/g, '-'), field);
      return evaluate(e, env, field).equals(evaluate(back, env, field));
    });
    return {
      kind: 'simplify',
      variable: vars.join(', '),
      answer: simplified,
      values: [],
      steps: [show(e), 'Expand the brackets and collect like terms:', `= ${simplified}`],
      verified,
    };
  }
  const [lhsText, rhsText] = parts as [string, string];
  if (!lhsText.trim() || !rhsText.trim()) throw invalid(field, 'needs an expression on both sides of "="');
  const L = parseExpr(lhsText, field);
  const R = parseExpr(rhsText, field);
  const lp = toPoly(L, field);
  const rp = toPoly(R, field);
  const p = polyAdd(lp, rp, -1);
  const vars = polyVars(polyAdd(lp, rp));
  if (vars.length > 1)
    throw invalid(
      field,
      `has ${vars.length} variables (${vars.join(', ')}); use the linear-system skill for simultaneous equations`,
    );
  const v = vars[0] ?? 'x';
  const deg = polyDegree(p);
  if (deg > 2)
    throw invalid(field, `is of degree ${deg}; only linear and quadratic equations are solved step by step`);
  const steps = [
    `${show(L)} = ${show(R)}`,
    `Simplify each side: ${showPoly(lp)} = ${showPoly(rp)}`,
    `Bring every term to the left: ${showPoly(p)} = 0`,
  ];
  const check1 = (x: Fraction) => evaluate(L, { [v]: x }, field).equals(evaluate(R, { [v]: x }, field));
  if (p.size === 0)
    return {
      kind: 'identity',
      variable: v,
      answer: `true for every ${v}`,
      values: [],
      steps: [...steps, 'Both sides are always equal: infinitely many solutions.'],
      verified: [0, 1, 7].every((t) => check1(new Fraction(BigInt(t)))),
    };
  if (deg === 0)
    return {
      kind: 'contradiction',
      variable: v,
      answer: 'no solution',
      values: [],
      steps: [...steps, `${showPoly(p)} = 0 is never true: no solution.`],
      verified: true,
    };
  const a = coeff(p, v, 2);
  const b = coeff(p, v, 1);
  const c = coeff(p, v, 0);
  if (deg === 1) {
    const x = c.neg().div(b);
    steps.push(
      `${showPoly(new Map([[v, b]]))} = ${c.neg().toString()}`,
      `${v} = ${c.neg().toString()} ÷ ${b.toString()} = ${x.toString()}`,
    );
    const verified = check1(x);
    steps.push(
      `Check: substituting ${v} = ${x.toString()} gives ${evaluate(L, { [v]: x }, field).toString()} on both sides.`,
    );
    return {
      kind: 'linear',
      variable: v,
      answer: `${v} = ${x.toString()}`,
      values: [x.toNumber()],
      steps,
      verified,
    };
  }
  const D = b.mul(b).sub(new Fraction(4n).mul(a).mul(c));
  steps.push(
    `Quadratic with a = ${a.toString()}, b = ${b.toString()}, c = ${c.toString()}.`,
    `Discriminant D = b² − 4ac = ${D.toString()}.`,
  );
  const sq = D.sign() >= 0 ? D.sqrt() : undefined;
  if (sq) {
    const r1 = b.neg().sub(sq).div(new Fraction(2n).mul(a));
    const r2 = b.neg().add(sq).div(new Fraction(2n).mul(a));
    const roots = r1.compare(r2) <= 0 ? [r1, r2] : [r2, r1];
    const [x1, x2] = roots as [Fraction, Fraction];
    if (D.isZero()) steps.push(`D = 0: one repeated root ${v} = −b / 2a = ${x1.toString()}.`);
    else
      steps.push(
        `D is a perfect square (√D = ${sq.toString()}), so it factorises: ${a.equals(Fraction.ONE) ? '' : `${a.toString()}`}(${v} ${x1.sign() < 0 ? '+' : '−'} ${(x1.sign() < 0 ? x1.neg() : x1).toString()})(${v} ${x2.sign() < 0 ? '+' : '−'} ${(x2.sign() < 0 ? x2.neg() : x2).toString()}) = 0.`,
        `So ${v} = ${x1.toString()} or ${v} = ${x2.toString()}.`,
      );
    const verified = roots.every(check1);
    steps.push(`Check: both roots satisfy the original equation exactly.`);
    return {
      kind: 'quadratic',
      variable: v,
      answer: D.isZero() ? `${v} = ${x1.toString()}` : `${v} = ${x1.toString()} or ${v} = ${x2.toString()}`,
      values: D.isZero() ? [x1.toNumber()] : [x1.toNumber(), x2.toNumber()],
      steps,
      verified,
    };
  }
  // Irrational or complex roots: x = (−b ± √D) / 2a with √D simplified.
  const Dabs = D.sign() < 0 ? D.neg() : D;
  const num = Dabs.num * Dabs.den; // √(p/q) = √(pq)/q
  const { k, m } = simplifySqrt(num);
  const sqrtText = `${k === 1n ? '' : k}√${m}${Dabs.den === 1n ? '' : `/${Dabs.den}`}`;
  const twoA = new Fraction(2n).mul(a);
  const centre = b.neg().div(twoA);
  const spread = new Fraction(k, Dabs.den).div(twoA.sign() < 0 ? twoA.neg() : twoA);
  const spreadText =
    m === 1n ? spread.toString() : `${spread.equals(Fraction.ONE) ? '' : spread.toString()}√${m}`;
  const iText = m === 1n ? `${spreadText}i` : `${spreadText} i`;
  if (D.sign() < 0) {
    steps.push(`D < 0: no real roots. Complex roots: ${v} = ${centre.toString()} ± ${iText}.`);
    const re = centre.toNumber();
    const im = spread.toNumber() * Math.sqrt(Number(m));
    // Check: (x − r)(x − r̄) = x² − 2Re·x + |r|² must equal the monic polynomial.
    const verified =
      Math.abs(-2 * re - b.div(a).toNumber()) < 1e-9 &&
      Math.abs(re * re + im * im - c.div(a).toNumber()) < 1e-9;
    return {
      kind: 'quadratic',
      variable: v,
      answer: `no real roots (${v} = ${centre.toString()} ± ${iText})`,
      values: [],
      steps,
      verified,
    };
  }
  steps.push(
    `√D = ${sqrtText} is irrational, so use the formula: ${v} = (−b ± √D) / 2a = ${centre.toString()} ± ${spreadText}.`,
  );
  const x1 = centre.toNumber() - spread.toNumber() * Math.sqrt(Number(m));
  const x2 = centre.toNumber() + spread.toNumber() * Math.sqrt(Number(m));
  steps.push(`${v} ≈ ${Number(x1.toFixed(6))} or ${v} ≈ ${Number(x2.toFixed(6))}.`);
  const verified = [x1, x2].every(
    (x) =>
      Math.abs(evaluateNumber(L, { [v]: x }) - evaluateNumber(R, { [v]: x })) <
      1e-6 * Math.max(1, Math.abs(evaluateNumber(R, { [v]: x }))),
  );
  steps.push('Check: substituting both values makes the two sides equal (to 6 decimal places).');
  return {
    kind: 'quadratic',
    variable: v,
    answer: `${v} = ${centre.toString()} ± ${spreadText}`,
    values: [x1, x2],
    steps,
    verified,
  };
}

export const homeworkStepSolve = defineSkill({
  id: 'homework.step-solve',
  agentIds: [AgentId.homework, AgentId.math],
  title: 'Step-by-step solver',
  description:
    'Solves arithmetic (one BODMAS step at a time), simplifies expressions, and solves linear and quadratic equations with every step and a substitution check.',
  inputSchema,
  async run(input) {
    const s = solveProblem(input.problem);
    const checks = [
      check(
        'answer verified',
        s.verified,
        s.kind === 'arithmetic'
          ? 'exact and floating-point evaluations agree'
          : s.kind === 'simplify'
            ? 'the simplified form equals the original at test points'
            : 'the answer satisfies the original equation',
      ),
    ];
    const markdown = doc(
      `# ${input.problem}`,
      `**Answer:** ${s.answer}`,
      '## Steps',
      bullets(s.steps),
      checksSection(checks),
    );
    return offlineResult(s, {
      summary: `${input.problem} → ${s.answer}`,
      markdown,
      checks,
      confidence: s.verified ? 1 : 0.3,
      selfChecksPassed: s.verified,
    });
  },
});

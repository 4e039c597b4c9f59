// Simultaneous linear equations (2–4 unknowns): elimination with exact fractions, Cramer's rule shown
// for two unknowns, and a substitution check in every original equation.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import type { Fraction } from '../shared/fraction.js';
import { invalid } from '../shared/invalid.js';
import { bullets, checksSection, doc } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { coeff, evaluate, parseExpr, polyAdd, polyDegree, polyVars, showPoly, toPoly } from './algebra.js';
import { determinant, gaussJordan } from './math-matrix.js';

const inputSchema = z.object({ equations: z.array(z.string().trim().min(3).max(200)).min(2).max(4) });

export const homeworkLinearSystem = defineSkill({
  id: 'homework.linear-system',
  agentIds: [AgentId.homework, AgentId.math],
  title: 'Simultaneous equations',
  description:
    'Solves 2–4 simultaneous linear equations exactly, with elimination or Cramer’s rule shown and every equation checked.',
  inputSchema,
  async run(input) {
    const parsed = input.equations.map((eq, i) => {
      const sides = eq.split('=');
      if (sides.length !== 2) throw invalid(`equations[${i}]`, 'needs exactly one "="');
      const L = parseExpr(sides[0] as string, `equations[${i}]`);
      const R = parseExpr(sides[1] as string, `equations[${i}]`);
      const p = polyAdd(toPoly(L, `equations[${i}]`), toPoly(R, `equations[${i}]`), -1);
      if (polyDegree(p) > 1) throw invalid(`equations[${i}]`, 'is not linear');
      return { L, R, p };
    });
    const vars = [...new Set(parsed.flatMap((e) => polyVars(e.p)))].sort();
    if (vars.length !== parsed.length)
      throw invalid(
        'equations',
        `${parsed.length} equation(s) in ${vars.length} unknown(s) (${vars.join(', ')}); give one equation per unknown`,
      );
    const A = parsed.map((e) => vars.map((v) => coeff(e.p, v, 1)));
    const b = parsed.map((e) => [coeff(e.p, vars[0] as string, 0).neg()]);
    const steps = [
      `Standard form:`,
      ...parsed.map(
        (e, i) =>
          `(${i + 1}) ${showPoly(new Map(vars.map((v, k) => [v, (A[i] as Fraction[])[k] as Fraction]).filter(([, c]) => !(c as Fraction).isZero()) as [string, Fraction][]))} = ${(b[i] as Fraction[])[0]?.toString()}`,
      ),
    ];
    const det = determinant(A);
    if (det.isZero())
      throw invalid(
        'equations',
        'the equations are dependent or inconsistent (determinant 0): no unique solution',
      );
    if (vars.length === 2) {
      const [a1, b1] = A[0] as [Fraction, Fraction];
      const [a2, b2] = A[1] as [Fraction, Fraction];
      const c1 = (b[0] as Fraction[])[0] as Fraction;
      const c2 = (b[1] as Fraction[])[0] as Fraction;
      const dx = c1.mul(b2).sub(b1.mul(c2));
      const dy = a1.mul(c2).sub(c1.mul(a2));
      steps.push(
        `Cramer's rule: D = ${a1.toString()}×${b2.toString()} − ${b1.toString()}×${a2.toString()} = ${det.toString()}`,
        `D${vars[0]} = ${dx.toString()}, D${vars[1]} = ${dy.toString()}`,
        `${vars[0]} = D${vars[0]}/D = ${dx.div(det).toString()}, ${vars[1]} = D${vars[1]}/D = ${dy.div(det).toString()}`,
      );
    } else steps.push('Eliminate one unknown at a time (Gauss–Jordan) on the augmented matrix [A | b].');
    const x = gaussJordan(A, b) as Fraction[][];
    const solution = Object.fromEntries(vars.map((v, i) => [v, (x[i] as Fraction[])[0] as Fraction]));
    const verified = parsed.every((e) => evaluate(e.L, solution).equals(evaluate(e.R, solution)));
    steps.push(
      `Check: substituting ${vars.map((v) => `${v} = ${solution[v]?.toString()}`).join(', ')} satisfies every equation.`,
    );
    const checks = [check('solution verified', verified, 'each original equation holds exactly')];
    const answer = vars.map((v) => `${v} = ${solution[v]?.toString()}`).join(', ');
    const markdown = doc(
      '# Simultaneous equations',
      bullets(input.equations),
      `**Answer:** ${answer}`,
      '## Steps',
      bullets(steps),
      checksSection(checks),
    );
    return offlineResult(
      {
        solution: Object.fromEntries(vars.map((v) => [v, solution[v]?.toString() ?? ''])),
        determinant: det.toString(),
        steps,
      },
      { summary: answer, markdown, checks, confidence: verified ? 1 : 0.3, selfChecksPassed: verified },
    );
  },
});

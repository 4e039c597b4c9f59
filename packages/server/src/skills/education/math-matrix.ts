// Matrices up to 5×5 with exact fractions: determinant, inverse and solving Ax = b by Gauss–Jordan
// elimination, each verified (A·A⁻¹ = I, A·x = b).
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { Fraction } from '../shared/fraction.js';
import { invalid } from '../shared/invalid.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const entry = z.union([
  z.number().finite().min(-1e9).max(1e9),
  z
    .string()
    .trim()
    .max(40)
    .regex(/^[-+]?\d+(\.\d+)?(\/\d+)?$/, 'must be a number or fraction like -3/4'),
]);

const inputSchema = z
  .object({
    matrix: z.array(z.array(entry).min(1).max(5)).min(1).max(5),
    rhs: z.array(entry).max(5).optional(),
    operations: z
      .array(z.enum(['determinant', 'inverse', 'solve']))
      .min(1)
      .max(3)
      .default(['determinant', 'inverse']),
  })
  .superRefine((v, ctx) => {
    v.matrix.forEach((row, i) => {
      if (row.length !== v.matrix.length)
        ctx.addIssue({
          code: 'custom',
          path: ['matrix', i],
          message: `row has ${row.length} entries; a square matrix needs ${v.matrix.length}`,
        });
    });
    if (v.rhs && v.rhs.length !== v.matrix.length)
      ctx.addIssue({ code: 'custom', path: ['rhs'], message: `needs ${v.matrix.length} entries` });
  });

type M = Fraction[][];
const toF = (x: number | string) => (typeof x === 'number' ? Fraction.fromNumber(x) : Fraction.parse(x));

/** Determinant by elimination (exact). */
export function determinant(a: M): Fraction {
  const m = a.map((r) => [...r]);
  const n = m.length;
  let det = Fraction.ONE;
  for (let c = 0; c < n; c++) {
    const p = m.findIndex((r, i) => i >= c && !(r[c] as Fraction).isZero());
    if (p < 0) return Fraction.ZERO;
    if (p !== c) {
      [m[p], m[c]] = [m[c] as Fraction[], m[p] as Fraction[]];
      det = det.neg();
    }
    const pv = (m[c] as Fraction[])[c] as Fraction;
    det = det.mul(pv);
    for (let i = c + 1; i < n; i++) {
      const f = ((m[i] as Fraction[])[c] as Fraction).div(pv);
      for (let k = c; k < n; k++)
        (m[i] as Fraction[])[k] = ((m[i] as Fraction[])[k] as Fraction).sub(
          f.mul((m[c] as Fraction[])[k] as Fraction),
        );
    }
  }
  return det;
}

/** Gauss–Jordan on [A | B]; returns A⁻¹B, or undefined for a singular A. */
export function gaussJordan(a: M, b: M): M | undefined {
  const n = a.length;
  const m = a.map((r, i) => [...r, ...(b[i] as Fraction[])]);
  const w = (m[0] as Fraction[]).length;
  for (let c = 0; c < n; c++) {
    const p = m.findIndex((r, i) => i >= c && !(r[c] as Fraction).isZero());
    if (p < 0) return undefined;
    [m[p], m[c]] = [m[c] as Fraction[], m[p] as Fraction[]];
    const row = m[c] as Fraction[];
    const pv = row[c] as Fraction;
    for (let k = 0; k < w; k++) row[k] = (row[k] as Fraction).div(pv);
    for (let i = 0; i < n; i++) {
      if (i === c) continue;
      const r = m[i] as Fraction[];
      const f = r[c] as Fraction;
      if (f.isZero()) continue;
      for (let k = 0; k < w; k++) r[k] = (r[k] as Fraction).sub(f.mul(row[k] as Fraction));
    }
  }
  return m.map((r) => r.slice(n));
}

export function multiply(a: M, b: M): M {
  return a.map((r) =>
    (b[0] as Fraction[]).map((_, j) =>
      r.reduce((s, x, k) => s.add(x.mul((b[k] as Fraction[])[j] as Fraction)), Fraction.ZERO),
    ),
  );
}

const identity = (n: number): M =>
  Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? Fraction.ONE : Fraction.ZERO)),
  );
const show = (m: M) =>
  table(
    m[0]?.map((_, j) => `c${j + 1}`) ?? [],
    m.map((r) => r.map((x) => x.toString())),
  );

export const mathMatrix = defineSkill({
  id: 'math.matrix',
  agentIds: [AgentId.math],
  title: 'Matrix solver',
  description:
    'Determinant, inverse and Ax = b for matrices up to 5×5 in exact fractions, each verified by multiplication.',
  inputSchema,
  async run(input) {
    const a: M = input.matrix.map((r) => r.map(toF));
    const n = a.length;
    const det = determinant(a);
    const results: { determinant: string; inverse?: string[][] | null; solution?: string[] | null } = {
      determinant: det.toString(),
    };
    const checks = [];
    const sections: string[] = [
      `## Determinant\n|A| = **${det.toString()}**${n === 2 ? ` (ad − bc = ${a[0]?.[0]?.toString()}×${a[1]?.[1]?.toString()} − ${a[0]?.[1]?.toString()}×${a[1]?.[0]?.toString()})` : ''}`,
    ];
    if (input.operations.includes('inverse')) {
      const inv = gaussJordan(a, identity(n));
      results.inverse = inv ? inv.map((r) => r.map((x) => x.toString())) : null;
      if (inv) {
        const ok = multiply(a, inv).every((r, i) =>
          r.every((x, j) => x.equals(i === j ? Fraction.ONE : Fraction.ZERO)),
        );
        checks.push(check('A · A⁻¹ = I', ok, ok ? 'verified exactly' : 'product is not the identity'));
        sections.push(`## Inverse\n${show(inv)}\n\nMethod: Gauss–Jordan elimination on [A | I].`);
      } else sections.push('## Inverse\nA is singular (|A| = 0), so it has no inverse.');
    }
    if (input.operations.includes('solve')) {
      if (!input.rhs) throw invalid('rhs', 'is required to solve Ax = b');
      const b: M = input.rhs.map((x) => [toF(x)]);
      const x = gaussJordan(a, b);
      results.solution = x ? x.map((r) => (r[0] as Fraction).toString()) : null;
      if (x) {
        const ok = multiply(a, x).every((r, i) =>
          (r[0] as Fraction).equals((b[i] as Fraction[])[0] as Fraction),
        );
        checks.push(check('A · x = b', ok, ok ? 'substitution verified exactly' : 'substitution failed'));
        sections.push(
          `## Solution of Ax = b\n${bullets(x.map((r, i) => `x${i + 1} = ${(r[0] as Fraction).toString()}`))}`,
        );
      } else sections.push('## Solution of Ax = b\nA is singular: the system has no unique solution.');
    }
    checks.push(
      check(
        'determinant consistent',
        (results.inverse === null) === det.isZero() || results.inverse === undefined,
        'an inverse exists exactly when |A| ≠ 0',
      ),
    );
    const markdown = doc(`# ${n}×${n} matrix`, show(a), ...sections, checksSection(checks));
    return offlineResult(results, {
      summary: `|A| = ${det.toString()}${results.solution ? `; x = (${results.solution.join(', ')})` : ''}`,
      markdown,
      checks,
      confidence: 1,
      selfChecksPassed: checks.every((c) => c.passed),
    });
  },
});

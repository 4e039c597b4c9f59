// Balances chemical equations exactly: atom-count matrix, null space by Gauss–Jordan elimination over
// fractions, smallest whole-number coefficients, then an atom-by-atom check of both sides.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { Fraction, gcd, lcm } from '../shared/fraction.js';
import { invalid } from '../shared/invalid.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { parseEquation, parseFormula, toSubscripts } from './chem-formula.js';

/** Smallest positive integer coefficients, or a reason why none exist. */
export function balance(
  species: Map<string, number>[],
  reactantCount: number,
): { coefficients: number[] } | { reason: string } {
  const elements = [...new Set(species.flatMap((s) => [...s.keys()]))];
  const cols = species.length;
  const m: Fraction[][] = elements.map((e) =>
    species.map((s, j) => new Fraction(BigInt((s.get(e) ?? 0) * (j < reactantCount ? 1 : -1)))),
  );
  const pivots: number[] = [];
  let row = 0;
  for (let c = 0; c < cols && row < m.length; c++) {
    const p = m.findIndex((r, i) => i >= row && !(r[c] as Fraction).isZero());
    if (p < 0) continue;
    [m[row], m[p]] = [m[p] as Fraction[], m[row] as Fraction[]];
    const pr = m[row] as Fraction[];
    const pv = pr[c] as Fraction;
    for (let k = 0; k < cols; k++) pr[k] = (pr[k] as Fraction).div(pv);
    for (let i = 0; i < m.length; i++) {
      if (i === row) continue;
      const r = m[i] as Fraction[];
      const f = r[c] as Fraction;
      if (f.isZero()) continue;
      for (let k = 0; k < cols; k++) r[k] = (r[k] as Fraction).sub(f.mul(pr[k] as Fraction));
    }
    pivots.push(c);
    row++;
  }
  const free = [...Array(cols).keys()].filter((c) => !pivots.includes(c));
  if (free.length === 0) return { reason: 'no balanced form exists (the atoms cannot be conserved)' };
  if (free.length > 1)
    return { reason: 'more than one independent way to balance it; it mixes several reactions' };
  const f = free[0] as number;
  const x: Fraction[] = new Array(cols).fill(Fraction.ZERO);
  x[f] = Fraction.ONE;
  pivots.forEach((c, r) => {
    x[c] = ((m[r] as Fraction[])[f] as Fraction).neg();
  });
  const signs = new Set(x.map((v) => v.sign()));
  if (signs.has(0) || signs.size > 1)
    return { reason: 'a species would need a zero or negative coefficient; check the formulas' };
  const denLcm = x.reduce((acc, v) => lcm(acc, v.den), 1n);
  let ints = x.map((v) => (v.num * denLcm) / v.den);
  if ((ints[0] ?? 0n) < 0n) ints = ints.map((v) => -v);
  const g = ints.reduce((acc, v) => gcd(acc, v), 0n);
  return { coefficients: ints.map((v) => Number(v / g)) };
}

const inputSchema = z.object({ equation: z.string().trim().min(3).max(300) });

export const scienceEquationBalance = defineSkill({
  id: 'science.equation-balance',
  agentIds: [AgentId.science, AgentId.homework],
  title: 'Chemical equation balancer',
  description:
    'Balances a chemical equation with the smallest whole-number coefficients and proves it atom by atom.',
  inputSchema,
  async run(input) {
    const eq = parseEquation(input.equation);
    const names = [...eq.reactants, ...eq.products];
    const species = names.map((n, i) => parseFormula(n, `equation (species ${i + 1})`));
    const result = balance(species, eq.reactants.length);
    if ('reason' in result) throw invalid('equation', result.reason);
    const co = result.coefficients;
    const elements = [...new Set(species.flatMap((s) => [...s.keys()]))];
    const side = (from: number, to: number, e: string) =>
      species.slice(from, to).reduce((sum, s, k) => sum + (s.get(e) ?? 0) * (co[from + k] ?? 0), 0);
    const rows = elements.map((e) => ({
      element: e,
      left: side(0, eq.reactants.length, e),
      right: side(eq.reactants.length, names.length, e),
    }));
    const balanced = rows.every((r) => r.left === r.right);
    const term = (n: string, c: number) => `${c === 1 ? '' : c}${toSubscripts(n)}`;
    const text = `${eq.reactants.map((n, i) => term(n, co[i] ?? 1)).join(' + ')} → ${eq.products.map((n, i) => term(n, co[eq.reactants.length + i] ?? 1)).join(' + ')}`;
    const checks = [
      check('atoms conserved', balanced, rows.map((r) => `${r.element} ${r.left}=${r.right}`).join(', ')),
      check(
        'smallest whole numbers',
        co.reduce((a, b) => Number(gcd(BigInt(a), BigInt(b)))) === 1,
        `coefficients ${co.join(', ')}`,
      ),
    ];
    const markdown = doc(
      '# Balanced equation',
      `**${text}**`,
      '## Atom count check',
      table(
        ['Element', 'Reactants', 'Products'],
        rows.map((r) => [r.element, r.left, r.right]),
      ),
      '## Method',
      'Write one unknown coefficient per substance; each element gives one equation (atoms on the left = atoms on the right). Solving the system and scaling to the smallest whole numbers gives the coefficients above.',
      checksSection(checks),
    );
    return offlineResult(
      { balanced: text, coefficients: co, species: names, atoms: rows },
      { summary: `Balanced: ${text}`, markdown, checks, confidence: 1, selfChecksPassed: balanced },
    );
  },
});

// Chemical formula and equation parsing shared by the chemistry skills: groups, brackets, hydrates,
// state symbols and Unicode subscripts; atoms are counted exactly.
import { invalid } from '../shared/invalid.js';
import { ATOMIC_MASSES } from './data/atomic-masses.js';

const SUB = '₀₁₂₃₄₅₆₇₈₉';

/** Unicode subscript digits → ASCII. */
export function fromSubscripts(text: string): string {
  return text.replace(/[₀-₉]/g, (c) => String(SUB.indexOf(c)));
}

/** ASCII digits that follow an element or bracket → Unicode subscripts (coefficients stay normal). */
export function toSubscripts(formula: string): string {
  return formula.replace(
    /([A-Za-z)\]])(\d+)/g,
    (_, a: string, d: string) => a + [...d].map((x) => SUB[Number(x)]).join(''),
  );
}

/** Atom counts of one formula, e.g. `Ca(OH)2` → {Ca:1, O:2, H:2}; `CuSO4·5H2O` includes the water. */
export function parseFormula(raw: string, field = 'formula'): Map<string, number> {
  const text = fromSubscripts(raw)
    .replace(/\s+/g, '')
    .replace(/\((s|l|g|aq)\)$/i, '');
  if (!text) throw invalid(field, 'is empty');
  if (/[+-]\d*$|\^/.test(text)) throw invalid(field, `"${raw}": ions and charges are not supported`);
  const total = new Map<string, number>();
  for (const [k, partRaw] of text.split(/[·.*•]/).entries()) {
    const m = /^(\d+)(.*)$/.exec(partRaw);
    const mult = k > 0 && m ? Number(m[1]) : 1;
    const part = k > 0 && m ? (m[2] as string) : partRaw;
    let i = 0;
    const parseGroup = (close?: string): Map<string, number> => {
      const counts = new Map<string, number>();
      while (i < part.length) {
        const ch = part[i] as string;
        if (ch === ')' || ch === ']') {
          if (ch !== close) throw invalid(field, `"${raw}": unexpected "${ch}"`);
          i++;
          return counts;
        }
        let inner: Map<string, number>;
        if (ch === '(' || ch === '[') {
          i++;
          inner = parseGroup(ch === '(' ? ')' : ']');
        } else {
          const el = /^[A-Z][a-z]?/.exec(part.slice(i))?.[0];
          if (!el) throw invalid(field, `"${raw}": unexpected "${ch}" at position ${i + 1}`);
          if (!(el in ATOMIC_MASSES)) throw invalid(field, `"${raw}": unknown element "${el}"`);
          i += el.length;
          inner = new Map([[el, 1]]);
        }
        const num = /^\d+/.exec(part.slice(i))?.[0];
        if (num) i += num.length;
        const n = num ? Number(num) : 1;
        for (const [e, c] of inner) counts.set(e, (counts.get(e) ?? 0) + c * n);
      }
      if (close) throw invalid(field, `"${raw}": missing "${close}"`);
      return counts;
    };
    for (const [e, c] of parseGroup()) total.set(e, (total.get(e) ?? 0) + c * mult);
  }
  return total;
}

export interface ParsedEquation {
  reactants: string[];
  products: string[];
}

/** Splits "A + B -> C + D" (also →, =, ⟶, =>); drops any coefficients written in front of species. */
export function parseEquation(raw: string, field = 'equation'): ParsedEquation {
  const text = fromSubscripts(raw).trim();
  const sides = text.split(/\s*(?:->|→|⟶|=>|=|⇌)\s*/);
  if (sides.length !== 2)
    throw invalid(field, 'needs exactly one arrow (->, → or =) between reactants and products');
  const split = (side: string, which: string) => {
    const species = side
      .split(/\s+\+\s+|\s*\+\s*(?=[A-Z([\d])/)
      .map((s) =>
        s
          .trim()
          .replace(/^\d+\s*(?=[A-Z([])/, '')
          .replace(/\((s|l|g|aq)\)$/i, ''),
      )
      .filter(Boolean);
    if (species.length === 0) throw invalid(field, `has no ${which}`);
    return species;
  };
  return {
    reactants: split(sides[0] as string, 'reactants'),
    products: split(sides[1] as string, 'products'),
  };
}

/** Molar mass from a counts map and a mass table. */
export function molarMass(
  counts: Map<string, number>,
  masses: Readonly<Record<string, number>> = ATOMIC_MASSES,
): number {
  let m = 0;
  for (const [e, c] of counts) m += (masses[e] ?? ATOMIC_MASSES[e] ?? Number.NaN) * c;
  return m;
}

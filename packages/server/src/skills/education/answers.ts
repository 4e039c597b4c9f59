// Reading numeric answers the way students write them: "3240 m", "-1/4", "1.2 × 10^3", "x = 3 or x = -2".
import { Fraction } from '../shared/fraction.js';

const NUMBER_RE =
  /[-+−]?\d+(?:\.\d+)?(?:\s*\/\s*\d+(?:\.\d+)?)?(?:\s*(?:[eE]\s*[-+−]?\d+|[x×*]\s*10\s*\^\s*[-+−]?\d+))?/g;

/** Every number in a free-text answer, in order. */
export function extractNumbers(text: string): number[] {
  const out: number[] = [];
  for (const m of text.replace(/(\d),(\d{3})/g, '$1$2').matchAll(NUMBER_RE)) {
    const t = m[0].replace(/−/g, '-').replace(/\s+/g, '');
    const sci = /^(.+?)(?:[eE]|[x×*]10\^)([-+]?\d+)$/.exec(t);
    const base = sci ? (sci[1] as string) : t;
    const exp = sci ? Number(sci[2]) : 0;
    let value: number;
    if (base.includes('/')) {
      const [n, d] = base.split('/');
      value = Number(n) / Number(d);
    } else value = Number(base);
    // Scale through the decimal string so 6.02e23 stays exactly 6.02e23.
    if (Number.isFinite(value)) out.push(exp === 0 ? value : Number(`${value}e${exp}`));
  }
  return out;
}

/** Whether `got` is within a relative tolerance (or an absolute one near zero) of `want`. */
export function close(got: number, want: number, relTol: number, absTol = 1e-9): boolean {
  return Math.abs(got - want) <= Math.max(absTol, relTol * Math.abs(want));
}

/** Multiset comparison with tolerance: every expected value matched by a distinct given value. */
export function matchesAll(
  given: readonly number[],
  expected: readonly number[],
  relTol: number,
  absTol?: number,
): boolean {
  if (given.length !== expected.length) return false;
  const left = [...given];
  for (const e of expected) {
    const k = left.findIndex((g) => close(g, e, relTol, absTol));
    if (k < 0) return false;
    left.splice(k, 1);
  }
  return true;
}

/** A compact exact string for a fraction-valued answer ("3/4"), or a rounded decimal. */
export function formatAnswer(x: Fraction | number, digits = 4): string {
  if (x instanceof Fraction)
    return x.isInteger() ? x.toString() : `${x.toString()} (≈ ${Number(x.toNumber().toFixed(digits))})`;
  return String(Number(x.toFixed(digits)));
}

// Small helpers to build a skill's checks and results consistently.
import type { SkillCheck, SkillResult } from '../skill.js';

/** One named check. */
export function check(name: string, passed: boolean, detail: string): SkillCheck {
  return { name, passed, detail };
}

/** True when every check passed. */
export function allPassed(checks: readonly SkillCheck[]): boolean {
  return checks.every((c) => c.passed);
}

/**
 * An offline result. Confidence drops to at most 0.5 when one of the skill's own verifications
 * (as opposed to findings about the subject) failed, because the output itself is then suspect.
 */
export function offlineResult<O>(
  output: O,
  parts: {
    summary: string;
    markdown: string;
    checks: SkillCheck[];
    confidence: number;
    selfChecksPassed?: boolean;
  },
): SkillResult<O> {
  const confidence = parts.selfChecksPassed === false ? Math.min(0.5, parts.confidence) : parts.confidence;
  return {
    output,
    summary: parts.summary.replace(/\s+/g, ' ').trim(),
    markdown: parts.markdown,
    checks: parts.checks,
    method: 'offline',
    confidence: round(confidence, 3),
  };
}

/** Rounds half away from zero to `digits` decimals (money and percentages in deliverables). */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return (Math.sign(value) * Math.round(Math.abs(value) * f)) / f;
}

/** `12.5%` from a 0..1 ratio. */
export function pct(ratio: number, digits = 1): string {
  return `${round(ratio * 100, digits)}%`;
}

/** `₹12,345` style amounts; the currency symbol is configurable, grouping is Indian for INR. */
export function money(amount: number, currency = 'INR'): string {
  const symbol: Record<string, string> = { INR: '₹', USD: '$', EUR: '€', GBP: '£' };
  const locale = currency === 'INR' ? 'en-IN' : 'en-US';
  const text = round(amount, 2).toLocaleString(locale, { maximumFractionDigits: 2 });
  return `${symbol[currency] ?? `${currency} `}${text}`;
}

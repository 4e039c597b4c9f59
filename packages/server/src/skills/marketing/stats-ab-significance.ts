// A/B significance: two-proportion z-tests of each variant against the control, with lift, a
// confidence interval for the difference, Bonferroni correction for several variants, and sample-size warnings.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, pct, round } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

/** Standard normal CDF via erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Inverse normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
    -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
    );
  }
  if (p > 1 - 0.02425) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}

/** Two-sided two-proportion z-test with pooled variance. */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): { z: number; p: number } {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { z: 0, p: 1 };
  const z = (p2 - p1) / se;
  return { z, p: 2 * (1 - normalCdf(Math.abs(z))) };
}

const inputSchema = z
  .object({
    metric: z.string().trim().max(40).default('conversion'),
    confidence: z.union([z.literal(0.9), z.literal(0.95), z.literal(0.99)]).default(0.95),
    variants: z
      .array(
        z.object({
          name: z.string().trim().min(1).max(40),
          visitors: z.number().int().min(1).max(1e9),
          conversions: z.number().int().min(0).max(1e9),
        }),
      )
      .min(2)
      .max(6),
  })
  .superRefine((v, ctx) => {
    v.variants.forEach((x, i) => {
      if (x.conversions > x.visitors)
        ctx.addIssue({
          code: 'custom',
          path: ['variants', i, 'conversions'],
          message: 'cannot exceed visitors',
        });
    });
  });

export const statsAbSignificance = defineSkill({
  id: 'stats.ab-significance',
  agentIds: [AgentId.email, AgentId.ppc, AgentId.social, AgentId.brand],
  title: 'A/B test significance',
  description:
    'Two-proportion z-tests against the control with lift, confidence intervals, Bonferroni correction and sample-size warnings.',
  inputSchema,
  async run(input) {
    const [control, ...others] = input.variants;
    const c = control as (typeof input.variants)[number];
    const alpha = (1 - input.confidence) / others.length;
    const zCrit = normalQuantile(1 - (1 - input.confidence) / 2);
    const rateC = c.conversions / c.visitors;
    const results = others.map((v) => {
      const rate = v.conversions / v.visitors;
      const { z, p } = twoProportionTest(c.conversions, c.visitors, v.conversions, v.visitors);
      const seDiff = Math.sqrt((rateC * (1 - rateC)) / c.visitors + (rate * (1 - rate)) / v.visitors);
      const diff = rate - rateC;
      return {
        name: v.name,
        rate: round(rate, 5),
        lift: rateC === 0 ? null : round(diff / rateC, 4),
        z: round(z, 3),
        pValue: round(p, 5),
        significant: p < alpha,
        ci: [round(diff - zCrit * seDiff, 5), round(diff + zCrit * seDiff, 5)] as [number, number],
      };
    });
    const small = input.variants
      .filter((v) => v.conversions < 10 || v.visitors - v.conversions < 10)
      .map((v) => v.name);
    const winner = results
      .filter((r) => r.significant && (r.lift ?? 0) > 0)
      .sort((a, b) => b.rate - a.rate)[0];
    const loser = results.filter((r) => r.significant && (r.lift ?? 0) < 0).map((r) => r.name);
    const checks = [
      check(
        'sample size',
        small.length === 0,
        small.length === 0
          ? 'each variant has ≥ 10 successes and failures'
          : `too few events for a reliable test: ${small.join(', ')}`,
      ),
      check(
        'significant difference',
        results.some((r) => r.significant),
        winner
          ? `${winner.name} beats ${c.name} (p = ${winner.pValue})`
          : loser.length
            ? `${loser.join(', ')} worse than ${c.name}`
            : `no variant differs from ${c.name} at ${input.confidence * 100}% confidence`,
      ),
    ];
    const verdict =
      small.length > 0
        ? 'Keep the test running: not enough events yet.'
        : winner
          ? `Roll out **${winner.name}**: ${pct(winner.lift ?? 0)} lift in ${input.metric} rate.`
          : 'No reliable winner yet; keep the control or test a bolder change.';
    const markdown = doc(
      `# A/B result — ${input.metric} rate`,
      table(
        [
          'Variant',
          'Visitors',
          'Conversions',
          'Rate',
          'Lift vs control',
          'p-value',
          `${input.confidence * 100}% CI of difference`,
          'Significant',
        ],
        [
          [c.name + ' (control)', c.visitors, c.conversions, pct(rateC, 2), '—', '—', '—', '—'],
          ...results.map((r, i) => [
            r.name,
            others[i]?.visitors,
            others[i]?.conversions,
            pct(r.rate, 2),
            r.lift === null ? '—' : pct(r.lift, 1),
            r.pValue,
            `${pct(r.ci[0], 2)} to ${pct(r.ci[1], 2)}`,
            r.significant ? 'yes' : 'no',
          ]),
        ],
      ),
      others.length > 1
        ? `_Bonferroni-corrected threshold: p < ${round(alpha, 4)} for ${others.length} comparisons._`
        : '',
      `**Verdict:** ${verdict}`,
      checksSection(checks),
    );
    return offlineResult(
      { control: { name: c.name, rate: round(rateC, 5) }, results, winner: winner?.name ?? null, verdict },
      {
        summary: winner
          ? `${winner.name} wins: ${pct(winner.lift ?? 0)} lift, p = ${winner.pValue}`
          : `No significant winner among ${input.variants.length} variants`,
        markdown,
        checks,
        confidence: small.length > 0 ? 0.7 : 0.97,
      },
    );
  },
});

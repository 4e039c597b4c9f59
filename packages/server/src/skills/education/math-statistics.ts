// Descriptive statistics with the working shown (CBSE class 10 / JEE): mean, median, mode, range,
// quartiles, variance and standard deviation, checked by Σ(x − mean) = 0.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { Fraction } from '../shared/fraction.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const inputSchema = z.object({
  data: z.array(z.number().finite().min(-1e12).max(1e12)).min(1).max(5000),
  digits: z.number().int().min(0).max(10).default(4),
});

/** Quantile by linear interpolation between order statistics (the "type 7" rule spreadsheets use). */
export function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

export const mathStatistics = defineSkill({
  id: 'math.statistics',
  agentIds: [AgentId.math],
  title: 'Descriptive statistics',
  description:
    'Mean, median, mode, range, quartiles, variance and standard deviation with steps, computed exactly where possible.',
  inputSchema,
  async run(input) {
    const xs = input.data;
    const n = xs.length;
    const sorted = [...xs].sort((a, b) => a - b);
    // Exact mean with fractions (decimal inputs are exact decimals).
    const fx = xs.map((x) => Fraction.fromNumber(x));
    const sum = fx.reduce((s, x) => s.add(x), Fraction.ZERO);
    const mean = sum.div(new Fraction(BigInt(n)));
    const deviationSum = fx.reduce((s, x) => s.add(x.sub(mean)), Fraction.ZERO);
    const ss = fx.reduce((s, x) => s.add(x.sub(mean).mul(x.sub(mean))), Fraction.ZERO);
    const popVar = ss.div(new Fraction(BigInt(n)));
    const sampleVar = n > 1 ? ss.div(new Fraction(BigInt(n - 1))) : null;
    const median =
      n % 2
        ? (sorted[(n - 1) / 2] as number)
        : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
    const freq = new Map<number, number>();
    for (const x of xs) freq.set(x, (freq.get(x) ?? 0) + 1);
    const top = Math.max(...freq.values());
    const modes =
      top > 1
        ? [...freq.entries()]
            .filter(([, c]) => c === top)
            .map(([x]) => x)
            .sort((a, b) => a - b)
        : [];
    const d = input.digits;
    const out = {
      n,
      sum: round(sum.toNumber(), d),
      mean: round(mean.toNumber(), d),
      meanExact: mean.toString(),
      median,
      modes,
      min: sorted[0] as number,
      max: sorted[n - 1] as number,
      range: (sorted[n - 1] as number) - (sorted[0] as number),
      q1: round(quantile(sorted, 0.25), d),
      q3: round(quantile(sorted, 0.75), d),
      populationVariance: round(popVar.toNumber(), d),
      populationSd: round(Math.sqrt(popVar.toNumber()), d),
      sampleVariance: sampleVar ? round(sampleVar.toNumber(), d) : null,
      sampleSd: sampleVar ? round(Math.sqrt(sampleVar.toNumber()), d) : null,
    };
    const steps = [
      `Σx = ${out.sum}; n = ${n}; mean = Σx / n = ${out.meanExact}${mean.isInteger() ? '' : ` ≈ ${out.mean}`}`,
      `Sorted: ${sorted.slice(0, 30).join(', ')}${n > 30 ? ', …' : ''}; median = ${median}`,
      modes.length ? `Mode: ${modes.join(', ')} (appears ${top} times)` : 'No mode: every value appears once',
      `Σ(x − mean)² = ${round(ss.toNumber(), d)}; variance = ${out.populationVariance} (÷ n)${sampleVar ? ` or ${out.sampleVariance} (÷ n − 1)` : ''}`,
      `Standard deviation = √variance = ${out.populationSd}`,
    ];
    const checks = [
      check('deviations sum to zero', deviationSum.isZero(), 'Σ(x − mean) = 0 exactly'),
      check(
        'order',
        out.min <= out.q1 && out.q1 <= median && median <= out.q3 && out.q3 <= out.max,
        'min ≤ Q1 ≤ median ≤ Q3 ≤ max',
      ),
    ];
    const markdown = doc(
      `# Statistics for ${n} values`,
      table(
        ['Measure', 'Value'],
        [
          ['Mean', out.mean],
          ['Median', out.median],
          ['Mode', modes.join(', ') || '—'],
          ['Range', out.range],
          ['Q1 / Q3', `${out.q1} / ${out.q3}`],
          ['Variance (population / sample)', `${out.populationVariance} / ${out.sampleVariance ?? '—'}`],
          ['Standard deviation (population / sample)', `${out.populationSd} / ${out.sampleSd ?? '—'}`],
        ],
      ),
      '## Working',
      bullets(steps),
      checksSection(checks),
    );
    return offlineResult(out, {
      summary: `n = ${n}, mean ${out.mean}, median ${out.median}, SD ${out.populationSd}`,
      markdown,
      checks,
      confidence: 1,
      selfChecksPassed: deviationSum.isZero(),
    });
  },
});

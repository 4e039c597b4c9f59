// Progress across mock tests: percentage trend by least squares, a 3-test moving average, projection
// of the next score, and topics improving or slipping.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { isoDate } from '../shared/dates.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { own } from '../shared/own.js';

const inputSchema = z.object({
  tests: z
    .array(
      z.object({
        date: isoDate,
        name: z.string().trim().max(80).optional(),
        score: z.number().min(-1000).max(10_000),
        maxScore: z.number().positive().max(10_000),
        topics: z.record(z.string().max(80), z.number().min(0).max(100)).optional(),
      }),
    )
    .min(2)
    .max(100),
  /** Points per test that count as a real trend. */
  trendThreshold: z.number().min(0).max(20).default(1),
});

/** Least-squares line through (i, y_i): slope and intercept. */
export function linearFit(ys: readonly number[]): { slope: number; intercept: number } {
  const n = ys.length;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  ys.forEach((y, i) => {
    sxy += (i - mx) * (y - my);
    sxx += (i - mx) ** 2;
  });
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

export const examProgress = defineSkill({
  id: 'exam.progress',
  agentIds: [AgentId.testPrep, AgentId.study],
  title: 'Mock-test progress tracker',
  description:
    'Trend of mock-test percentages (least squares), moving average, next-score projection and topics improving or slipping.',
  inputSchema,
  async run(input) {
    const tests = [...input.tests].sort((a, b) => a.date.localeCompare(b.date));
    const pcts = tests.map((t) => (t.score / t.maxScore) * 100);
    const fit = linearFit(pcts);
    const residuals = pcts.map((y, i) => y - (fit.intercept + fit.slope * i));
    const residualSum = residuals.reduce((a, b) => a + b, 0);
    const moving: (number | null)[] = pcts.map((p, i) =>
      i >= 2 ? round((p + (pcts[i - 1] as number) + (pcts[i - 2] as number)) / 3, 1) : null,
    );
    const projected = round(Math.max(0, Math.min(100, fit.intercept + fit.slope * pcts.length)), 1);
    const topicNames = [...new Set(tests.flatMap((t) => Object.keys(t.topics ?? {})))].sort();
    const topicTrends = topicNames.map((name) => {
      const series = tests
        .map((t) => (t.topics ? own(t.topics, name) : undefined))
        .filter((x): x is number => x !== undefined);
      const f = series.length >= 2 ? linearFit(series) : { slope: 0, intercept: series[0] ?? 0 };
      return {
        topic: name,
        tests: series.length,
        latest: series[series.length - 1] ?? null,
        slope: round(f.slope, 2),
        trend:
          series.length < 2
            ? 'not enough data'
            : f.slope > input.trendThreshold
              ? 'improving'
              : f.slope < -input.trendThreshold
                ? 'slipping'
                : 'flat',
      };
    });
    const direction =
      fit.slope > input.trendThreshold
        ? 'improving'
        : fit.slope < -input.trendThreshold
          ? 'declining'
          : 'flat';
    const best = pcts.indexOf(Math.max(...pcts));
    const worst = pcts.indexOf(Math.min(...pcts));
    const checks = [
      check('trend fitted', Math.abs(residualSum) < 1e-6, 'least-squares residuals sum to zero'),
      check(
        'improving',
        direction !== 'declining',
        `${round(fit.slope, 2)} percentage points per test (${direction})`,
      ),
      check(
        'no slipping topics',
        topicTrends.every((t) => t.trend !== 'slipping'),
        topicTrends
          .filter((t) => t.trend === 'slipping')
          .map((t) => t.topic)
          .join(', ') || 'none',
      ),
    ];
    const markdown = doc(
      `# Progress over ${tests.length} tests: ${direction}`,
      table(
        ['Date', 'Test', 'Score', '%', '3-test average'],
        tests.map((t, i) => [
          t.date,
          t.name ?? `Test ${i + 1}`,
          `${t.score}/${t.maxScore}`,
          round(pcts[i] as number, 1),
          moving[i] ?? '—',
        ]),
      ),
      `Trend ${round(fit.slope, 2)} points per test; projected next score **${projected}%**. Best: ${tests[best]?.date} (${round(pcts[best] as number, 1)}%), lowest: ${tests[worst]?.date} (${round(pcts[worst] as number, 1)}%).`,
      topicTrends.length > 0 &&
        `## Topics\n${table(
          ['Topic', 'Latest %', 'Change per test', 'Trend'],
          topicTrends.map((t) => [t.topic, t.latest ?? '—', t.slope, t.trend]),
        )}`,
      topicTrends.some((t) => t.trend === 'slipping') &&
        `## Focus next\n${bullets(topicTrends.filter((t) => t.trend === 'slipping').map((t) => `${t.topic}: down ${-t.slope} points per test`))}`,
      checksSection(checks),
    );
    return offlineResult(
      {
        percentages: pcts.map((p) => round(p, 2)),
        slope: round(fit.slope, 3),
        direction,
        projectedNext: projected,
        movingAverage: moving,
        topics: topicTrends,
      },
      {
        summary: `${direction} at ${round(fit.slope, 2)} points/test; next projected ${projected}%`,
        markdown,
        checks,
        confidence: tests.length >= 4 ? 0.9 : 0.7,
        selfChecksPassed: Math.abs(residualSum) < 1e-6,
      },
    );
  },
});

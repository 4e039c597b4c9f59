// Quota coverage: open pipeline closing in the period against the quota still to win, the win rate
// that would be needed, and how much new pipeline would restore a healthy 3× coverage.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, money, offlineResult, pct, round } from '../shared/checks.js';
import { isoDate } from '../shared/dates.js';
import { invalid } from '../shared/invalid.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { dayOfIso } from './deals.js';

const inputSchema = z.object({
  quota: z.number().positive().max(1e12),
  closedWon: z.number().min(0).max(1e12).default(0),
  periodStart: isoDate,
  periodEnd: isoDate,
  pipeline: z
    .array(
      z.object({
        id: z.string().trim().max(60).optional(),
        amount: z.number().min(0).max(1e12),
        closeDate: isoDate,
      }),
    )
    .max(5000),
  historicalWinRate: z.number().gt(0).max(1).default(0.25),
  targetCoverage: z.number().min(1).max(10).default(3),
  currency: z.string().trim().length(3).default('INR'),
});

export const aeQuotaCoverage = defineSkill({
  id: 'ae.quota-coverage',
  agentIds: [AgentId.ae],
  title: 'Quota coverage',
  description:
    'Pipeline coverage of the remaining quota, the win rate needed, the gap against your historical win rate and the new pipeline required.',
  inputSchema,
  async run(input) {
    const start = dayOfIso(input.periodStart);
    const end = dayOfIso(input.periodEnd);
    if (end < start) {
      throw invalid('periodEnd', 'is before periodStart');
    }
    const inPeriod = input.pipeline.filter(
      (d) => dayOfIso(d.closeDate) >= start && dayOfIso(d.closeDate) <= end,
    );
    const open = round(
      inPeriod.reduce((s, d) => s + d.amount, 0),
      2,
    );
    const remaining = Math.max(0, input.quota - input.closedWon);
    const coverage = remaining === 0 ? Infinity : open / remaining;
    const neededWinRate = remaining === 0 ? 0 : open === 0 ? Infinity : remaining / open;
    const expected = round(open * input.historicalWinRate, 2);
    const projected = round(input.closedWon + expected, 2);
    const newPipeline = round(Math.max(0, remaining * input.targetCoverage - open), 2);
    const attainable = neededWinRate <= input.historicalWinRate;
    const m = (x: number) => money(x, input.currency);
    const checks = [
      check(
        'coverage',
        coverage >= input.targetCoverage,
        remaining === 0
          ? 'quota already met'
          : `${round(coverage, 2)}× coverage (target ${input.targetCoverage}×)`,
      ),
      check(
        'attainable at historical win rate',
        attainable,
        remaining === 0
          ? 'nothing left to win'
          : `needs ${Number.isFinite(neededWinRate) ? pct(neededWinRate, 0) : '∞'} of pipeline to close vs ${pct(input.historicalWinRate, 0)} historically`,
      ),
      check(
        'arithmetic',
        Math.abs(projected - (input.closedWon + open * input.historicalWinRate)) < 0.01,
        'projection = won + pipeline × win rate',
      ),
    ];
    const markdown = doc(
      `# Quota coverage ${input.periodStart} → ${input.periodEnd}`,
      table(
        ['Measure', 'Value'],
        [
          ['Quota', m(input.quota)],
          ['Closed won', `${m(input.closedWon)} (${pct(input.closedWon / input.quota, 0)})`],
          ['Remaining', m(remaining)],
          ['Open pipeline in period', `${m(open)} (${inPeriod.length} deals)`],
          ['Coverage', remaining === 0 ? '—' : `${round(coverage, 2)}×`],
          [
            'Win rate needed',
            remaining === 0 ? '—' : Number.isFinite(neededWinRate) ? pct(neededWinRate, 0) : 'no pipeline',
          ],
          ['Projected attainment', `${m(projected)} (${pct(projected / input.quota, 0)})`],
        ],
      ),
      bullets([
        newPipeline > 0
          ? `Create ${m(newPipeline)} of new pipeline closing this period to reach ${input.targetCoverage}× coverage.`
          : 'Coverage is healthy; focus on progressing deals.',
        !attainable && remaining > 0
          ? 'Either raise the win rate on late-stage deals or pull deals forward.'
          : 'On track at your usual win rate.',
      ]),
      checksSection(checks),
    );
    return offlineResult(
      {
        remaining,
        openPipeline: open,
        coverage: Number.isFinite(coverage) ? round(coverage, 3) : null,
        neededWinRate: Number.isFinite(neededWinRate) ? round(neededWinRate, 4) : null,
        projected,
        newPipelineNeeded: newPipeline,
      },
      {
        summary: `${remaining === 0 ? 'Quota met' : `${round(coverage, 2)}× coverage`}; projected ${pct(projected / input.quota, 0)} of quota`,
        markdown,
        checks,
        confidence: 0.9,
      },
    );
  },
});

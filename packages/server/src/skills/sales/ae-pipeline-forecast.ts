// Weighted pipeline forecast: amount × stage probability per deal, rolled up by month or quarter and
// by forecast category (commit, best case, pipeline), with stale-deal and past-close-date alerts.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, money, offlineResult, round } from '../shared/checks.js';
import { formatDay, isoDate } from '../shared/dates.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { DEFAULT_STAGE_PROBABILITIES, dayOfIso, dealSchema, dealsFromCsv, probabilityOf } from './deals.js';
import { ui } from '../shared/form-meta.js';

const inputSchema = z
  .object({
    deals: z
      .array(dealSchema)
      .max(5000)
      .optional()
      .meta(
        ui({
          label: 'Your deals',
          help: 'One row per open or closed deal. Upload a CSV or Excel export from your CRM, or type them in.',
        }),
      ),
    csv: z
      .string()
      .max(1_000_000)
      .optional()
      .meta(
        ui({
          label: 'Deals as CSV',
          help: 'Instead of the table: a CRM export with columns id, amount, stage, close date.',
          widget: 'csv',
          advanced: true,
        }),
      ),
    stageProbabilities: z
      .record(z.string().max(40), z.number().min(0).max(1))
      .optional()
      .meta(
        ui({
          label: 'Win chance by stage',
          help: 'Your own chances (0–1) for stages, where they differ from the usual ones.',
          keyLabel: 'Stage',
          valueLabel: 'Win chance (0–1)',
          advanced: true,
        }),
      ),
    today: isoDate.optional().meta(ui({ label: 'Forecast as of', help: 'Leave empty for today.' })),
    staleDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(14)
      .meta(ui({ label: 'Flag deals idle for more than', unit: 'days', advanced: true })),
    period: z
      .enum(['month', 'quarter'])
      .default('month')
      .meta(ui({ label: 'Group the forecast by' })),
    currency: z
      .string()
      .trim()
      .length(3)
      .default('INR')
      .meta(ui({ label: 'Currency', example: 'INR', advanced: true })),
  })
  .refine((v) => v.deals !== undefined || v.csv !== undefined, {
    message: 'give deals or csv',
    path: ['deals'],
  });

export interface ForecastDeal {
  id: string;
  name: string;
  amount: number;
  stage: string;
  probability: number;
  weighted: number;
  period: string;
  category: 'commit' | 'best case' | 'pipeline' | 'won' | 'lost';
  alerts: string[];
}

/** "2026-03" or "2026-Q1". */
export function periodOf(date: string, period: 'month' | 'quarter'): string {
  const [y, m] = date.split('-');
  return period === 'month' ? `${y}-${m}` : `${y}-Q${Math.floor((Number(m) - 1) / 3) + 1}`;
}

export const aePipelineForecast = defineSkill({
  id: 'ae.pipeline-forecast',
  agentIds: [AgentId.ae, AgentId.crm],
  title: 'Weighted pipeline forecast',
  description:
    'Forecast by month or quarter from amount × stage probability, with commit / best-case / pipeline categories and stale-deal alerts.',
  inputSchema,
  async run(input, ctx) {
    const deals = input.deals ?? dealsFromCsv(input.csv ?? '');
    const probs = { ...DEFAULT_STAGE_PROBABILITIES, ...(input.stageProbabilities ?? {}) };
    const today = input.today ? dayOfIso(input.today) : Math.floor(ctx.now / 86_400_000);
    const rows: ForecastDeal[] = deals.map((d, i) => {
      const p = probabilityOf(d, probs, i);
      const closed = d.stage === 'closed-won' || d.stage === 'closed-lost';
      const alerts: string[] = [];
      if (!closed) {
        if (dayOfIso(d.closeDate) < today) alerts.push(`close date ${d.closeDate} has passed`);
        const last = d.lastActivity ? dayOfIso(d.lastActivity) : undefined;
        if (last === undefined) alerts.push('no activity logged');
        else if (today - last > input.staleDays) alerts.push(`no activity for ${today - last} days`);
      }
      const category =
        d.stage === 'closed-won'
          ? 'won'
          : d.stage === 'closed-lost'
            ? 'lost'
            : p >= 0.8
              ? 'commit'
              : p >= 0.4
                ? 'best case'
                : 'pipeline';
      return {
        id: d.id,
        name: d.name || d.account || d.id,
        amount: d.amount,
        stage: d.stage,
        probability: p,
        weighted: round(d.amount * p, 2),
        period: periodOf(d.closeDate, input.period),
        category,
        alerts,
      };
    });
    const open = rows.filter((r) => r.category !== 'won' && r.category !== 'lost');
    const periods = [...new Set(rows.map((r) => r.period))].sort().map((p) => {
      const rs = rows.filter((r) => r.period === p);
      const sumOf = (c: string) =>
        round(
          rs.filter((r) => r.category === c).reduce((s, r) => s + r.amount, 0),
          2,
        );
      return {
        period: p,
        deals: rs.length,
        won: sumOf('won'),
        commit: sumOf('commit'),
        bestCase: sumOf('best case'),
        pipeline: sumOf('pipeline'),
        weighted: round(
          rs.filter((r) => r.category !== 'lost').reduce((s, r) => s + r.weighted, 0),
          2,
        ),
      };
    });
    const weightedTotal = round(
      open.reduce((s, r) => s + r.weighted, 0),
      2,
    );
    // Independent recomputation in whole paise, to catch rounding drift.
    const paise =
      deals.reduce((s, d, i) => s + Math.round(d.amount * 100 * probabilityOf(d, probs, i)), 0) -
      rows.filter((r) => r.category === 'won').reduce((s, r) => s + Math.round(r.amount * 100), 0);
    const reconciled = Math.abs(paise / 100 - weightedTotal) <= 0.01 * Math.max(1, rows.length);
    const alerting = open.filter((r) => r.alerts.length > 0);
    const checks = [
      check(
        'forecast reconciles',
        reconciled,
        `weighted open pipeline ${money(weightedTotal, input.currency)}`,
      ),
      check(
        'pipeline hygiene',
        alerting.length === 0,
        alerting.length === 0 ? 'no stale or overdue deals' : `${alerting.length} deal(s) need attention`,
      ),
      check(
        'period roll-up complete',
        periods.reduce((s, p) => s + p.deals, 0) === rows.length,
        `${rows.length} deals across ${periods.length} period(s)`,
      ),
    ];
    const m = (x: number) => money(x, input.currency);
    const markdown = doc(
      `# Pipeline forecast (as of ${formatDay(today)})`,
      `Open pipeline ${m(open.reduce((s, r) => s + r.amount, 0))} · weighted ${m(weightedTotal)} · commit ${m(open.filter((r) => r.category === 'commit').reduce((s, r) => s + r.amount, 0))}`,
      table(
        ['Period', 'Deals', 'Won', 'Commit', 'Best case', 'Pipeline', 'Weighted (incl. won)'],
        periods.map((p) => [
          p.period,
          p.deals,
          m(p.won),
          m(p.commit),
          m(p.bestCase),
          m(p.pipeline),
          m(p.weighted),
        ]),
      ),
      alerting.length > 0 &&
        `## Deals needing attention\n${bullets(alerting.sort((a, b) => b.amount - a.amount).map((r) => `**${r.name}** (${m(r.amount)}, ${r.stage}): ${r.alerts.join('; ')}`))}`,
      checksSection(checks),
    );
    return offlineResult(
      {
        deals: rows,
        periods,
        weightedOpen: weightedTotal,
        alerts: alerting.map((a) => ({ id: a.id, alerts: a.alerts })),
      },
      {
        summary: `Weighted pipeline ${m(weightedTotal)} across ${open.length} open deals; ${alerting.length} alert(s)`,
        markdown,
        checks,
        confidence: 0.9,
        selfChecksPassed: reconciled,
      },
    );
  },
});

// Budget allocation across campaigns by efficiency (conversions per rupee for a CPA goal, revenue per
// rupee for ROAS), water-filled between each campaign's minimum and maximum, in whole paise so the
// total is exact.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, money, offlineResult, round } from '../shared/checks.js';
import { invalid } from '../shared/invalid.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { ui } from '../shared/form-meta.js';

export const budgetInputSchema = z.object({
  totalBudget: z
    .number()
    .positive()
    .max(1e10)
    .meta(
      ui({
        label: 'Budget to share out',
        help: 'For the period the spend figures cover, e.g. a month.',
        example: '100000',
      }),
    ),
  currency: z
    .string()
    .trim()
    .length(3)
    .default('INR')
    .meta(ui({ label: 'Currency', advanced: true })),
  objective: z
    .enum(['cpa', 'roas'])
    .default('cpa')
    .meta(
      ui({
        label: 'What matters most',
        options: { cpa: 'More conversions for the money', roas: 'More revenue for the money' },
      }),
    ),
  campaigns: z
    .array(
      z.object({
        name: z
          .string()
          .trim()
          .min(1)
          .max(100)
          .meta(ui({ label: 'Campaign' })),
        spend: z
          .number()
          .min(0)
          .max(1e10)
          .meta(ui({ label: 'Spent' })),
        conversions: z
          .number()
          .min(0)
          .max(1e9)
          .meta(ui({ label: 'Conversions' })),
        revenue: z
          .number()
          .min(0)
          .max(1e12)
          .optional()
          .meta(ui({ label: 'Revenue' })),
        minBudget: z
          .number()
          .min(0)
          .max(1e10)
          .default(0)
          .meta(ui({ label: 'At least' })),
        maxBudget: z
          .number()
          .min(0)
          .max(1e10)
          .optional()
          .meta(ui({ label: 'At most' })),
      }),
    )
    .min(1)
    .max(50)
    .meta(
      ui({
        label: 'Your campaigns',
        help: 'What each campaign spent and earned last period. Upload your ads export or type it in.',
      }),
    ),
});
type BudgetInput = z.output<typeof budgetInputSchema>;

/** Efficiency per campaign; campaigns without spend get the median so they are explored, not starved. */
export function efficiencies(input: BudgetInput): number[] {
  const raw = input.campaigns.map((c) =>
    c.spend <= 0
      ? undefined
      : input.objective === 'cpa'
        ? c.conversions / c.spend
        : (c.revenue ?? 0) / c.spend,
  );
  const known = raw.filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  const median =
    known.length === 0
      ? 1
      : known.length % 2
        ? (known[(known.length - 1) / 2] as number)
        : ((known[known.length / 2 - 1] as number) + (known[known.length / 2] as number)) / 2;
  return raw.map((x) => x ?? median);
}

/**
 * Allocates `total` (in paise) as clamp(λ·weight, min, max) with λ found by bisection so the sum is
 * `total` — the proportional share respecting every bound. Zero-weight campaigns get a tiny weight so
 * they only grow once everyone else is at their maximum. Returns integers summing to `total`.
 */
export function waterFill(
  total: number,
  weights: readonly number[],
  mins: readonly number[],
  maxs: readonly number[],
): number[] {
  // Normalise so the largest weight is 1; keep weights ≥ 1e-12 so λ stays in floating-point range.
  const top = Math.max(0, ...weights);
  const w = weights.map((x) => (top > 0 ? (x > 0 ? Math.max(x / top, 1e-12) : 1e-15) : 1));
  const at = (lambda: number) =>
    w.map((x, i) => Math.min(Math.max(lambda * x, mins[i] ?? 0), maxs[i] ?? Infinity));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  let lo = 0;
  let hi = 1;
  while (sum(at(hi)) < total && hi < 1e300) hi *= 2;
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (sum(at(mid)) < total) lo = mid;
    else hi = mid;
  }
  const alloc = at(hi);
  // Whole paise: floor, then hand out the remainder by largest fraction where there is headroom.
  const floors = alloc.map((a, i) => Math.max(mins[i] ?? 0, Math.floor(a + 1e-6)));
  let left = total - sum(floors);
  const order = alloc
    .map((a, i) => ({ i, frac: a - Math.floor(a + 1e-6) }))
    .sort((x, y) => y.frac - x.frac || x.i - y.i);
  for (let k = 0; left !== 0 && k < order.length * 4; k++) {
    const { i } = order[k % order.length] as { i: number };
    const step = left > 0 ? 1 : -1;
    const next = (floors[i] ?? 0) + step;
    if (next >= (mins[i] ?? 0) && next <= (maxs[i] ?? Infinity)) {
      floors[i] = next;
      left -= step;
    }
  }
  return floors;
}

export const ppcBudgetAllocation = defineSkill({
  id: 'ppc.budget-allocation',
  agentIds: [AgentId.ppc],
  title: 'Budget allocation by CPA / ROAS',
  description:
    'Shares a budget across campaigns in proportion to conversions (or revenue) per rupee, within each campaign’s min and max; the total is exact.',
  inputSchema: budgetInputSchema,
  async run(input) {
    input.campaigns.forEach((c, i) => {
      if (c.maxBudget !== undefined && c.maxBudget < c.minBudget)
        throw invalid(`campaigns[${i}].maxBudget`, `is below minBudget (${c.minBudget})`);
      if (input.objective === 'roas' && c.spend > 0 && c.revenue === undefined)
        throw invalid(`campaigns[${i}].revenue`, 'is required for a ROAS objective');
    });
    const toPaise = (x: number) => Math.round(x * 100);
    const total = toPaise(input.totalBudget);
    const mins = input.campaigns.map((c) => toPaise(c.minBudget));
    const maxs = input.campaigns.map((c) => (c.maxBudget === undefined ? Infinity : toPaise(c.maxBudget)));
    const minSum = mins.reduce((a, b) => a + b, 0);
    const maxSum = maxs.reduce((a, b) => a + b, 0);
    if (minSum > total)
      throw invalid(
        'totalBudget',
        `is below the sum of minimum budgets (${money(minSum / 100, input.currency)})`,
      );
    if (maxSum < total)
      throw invalid(
        'totalBudget',
        `exceeds the sum of maximum budgets (${money(maxSum / 100, input.currency)})`,
      );
    const eff = efficiencies(input);
    const paise = waterFill(total, eff, mins, maxs);
    const rows = input.campaigns.map((c, i) => {
      const budget = (paise[i] ?? 0) / 100;
      const e = eff[i] ?? 0;
      return {
        name: c.name,
        efficiency: round(e, 6),
        currentCpa: c.conversions > 0 ? round(c.spend / c.conversions, 2) : null,
        currentRoas: c.spend > 0 && c.revenue !== undefined ? round(c.revenue / c.spend, 2) : null,
        previousSpend: c.spend,
        budget,
        change: round(budget - c.spend, 2),
        atBound: paise[i] === mins[i] ? 'min' : paise[i] === maxs[i] ? 'max' : null,
        projected: round(budget * e, 2),
        noHistory: c.spend <= 0,
      };
    });
    const sumOk = paise.reduce((a, b) => a + b, 0) === total;
    const boundsOk = paise.every((p, i) => p >= (mins[i] ?? 0) && p <= (maxs[i] ?? Infinity));
    const freeRows = rows.filter((r) => r.atBound === null);
    const proportional = freeRows.every((a) =>
      freeRows.every((b) => a.efficiency <= b.efficiency || a.budget >= b.budget - 0.01),
    );
    const checks = [
      check(
        'total exact',
        sumOk,
        `allocated ${money(paise.reduce((a, b) => a + b, 0) / 100, input.currency)} of ${money(input.totalBudget, input.currency)}`,
      ),
      check('within min/max', boundsOk, 'every campaign within its bounds'),
      check(
        'follows efficiency',
        proportional,
        'among unconstrained campaigns, more efficient ones get more',
      ),
      check(
        'history available',
        rows.every((r) => !r.noHistory),
        rows.some((r) => r.noHistory)
          ? `no spend yet (median efficiency assumed): ${rows
              .filter((r) => r.noHistory)
              .map((r) => r.name)
              .join(', ')}`
          : 'all campaigns have spend data',
      ),
    ];
    const unit = input.objective === 'cpa' ? 'conversions' : 'revenue';
    const projectedTotal = round(
      rows.reduce((s, r) => s + r.projected, 0),
      2,
    );
    const markdown = doc(
      `# Budget plan — ${money(input.totalBudget, input.currency)} by ${input.objective.toUpperCase()}`,
      table(
        [
          'Campaign',
          input.objective === 'cpa' ? 'CPA' : 'ROAS',
          'Last spend',
          'New budget',
          'Change',
          'Bound',
          `Projected ${unit}`,
        ],
        rows.map((r) => [
          r.name,
          input.objective === 'cpa'
            ? r.currentCpa === null
              ? '—'
              : money(r.currentCpa, input.currency)
            : (r.currentRoas ?? '—'),
          money(r.previousSpend, input.currency),
          money(r.budget, input.currency),
          `${r.change >= 0 ? '+' : ''}${money(r.change, input.currency)}`,
          r.atBound ?? '—',
          input.objective === 'cpa' ? round(r.projected, 1) : money(r.projected, input.currency),
        ]),
      ),
      `Projected ${unit}: **${input.objective === 'cpa' ? round(projectedTotal, 1) : money(projectedTotal, input.currency)}** at current efficiency. Returns usually diminish as spend grows, so move budgets in steps of ≤ 20% a week and re-run with fresh data.`,
      checksSection(checks),
    );
    return offlineResult(
      { allocations: rows, projectedTotal },
      {
        summary: `Allocated ${money(input.totalBudget, input.currency)} across ${rows.length} campaigns by ${input.objective.toUpperCase()}`,
        markdown,
        checks,
        confidence: 0.9,
        selfChecksPassed: sumOk && boundsOk && proportional,
      },
    );
  },
});

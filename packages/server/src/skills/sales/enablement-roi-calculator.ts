// Customer ROI model: time saved and revenue gained against licence and implementation costs — yearly
// and cumulative net benefit, payback month, ROI, NPV and IRR (found by bisection and verified).
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, money, offlineResult, pct, round } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const inputSchema = z.object({
  currency: z.string().trim().length(3).default('INR'),
  annualLicenceCost: z.number().min(0).max(1e12),
  implementationCost: z.number().min(0).max(1e12).default(0),
  users: z.number().int().min(1).max(1_000_000),
  hoursSavedPerUserPerWeek: z.number().min(0).max(60),
  hourlyCost: z.number().min(0).max(1e6),
  workingWeeksPerYear: z.number().int().min(1).max(52).default(46),
  additionalRevenuePerYear: z.number().min(0).max(1e12).default(0),
  /** Share of the full benefit reached in year 1 (adoption ramp). */
  yearOneAdoption: z.number().min(0).max(1).default(0.7),
  years: z.number().int().min(1).max(5).default(3),
  discountRate: z.number().min(0).max(0.5).default(0.1),
});

/** Net present value of cash flows (index 0 = today). */
export function npv(rate: number, flows: readonly number[]): number {
  return flows.reduce((s, f, t) => s + f / (1 + rate) ** t, 0);
}

/** Internal rate of return by bisection on [−0.99, 100]; undefined when NPV does not change sign. */
export function irr(flows: readonly number[]): number | undefined {
  let lo = -0.99;
  let hi = 100;
  const f = (r: number) => npv(r, flows);
  if (f(lo) * f(hi) > 0) return undefined;
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (f(lo) * f(mid) <= 0) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

export const enablementRoiCalculator = defineSkill({
  id: 'enablement.roi-calculator',
  agentIds: [AgentId.enablement, AgentId.ae],
  title: 'ROI calculator',
  description:
    'Yearly and cumulative benefit, payback month, ROI, NPV and IRR for a customer business case, with the arithmetic verified.',
  inputSchema,
  async run(input) {
    const fullBenefit =
      input.users * input.hoursSavedPerUserPerWeek * input.workingWeeksPerYear * input.hourlyCost +
      input.additionalRevenuePerYear;
    const years = Array.from({ length: input.years }, (_, i) => {
      const benefit = fullBenefit * (i === 0 ? input.yearOneAdoption : 1);
      const cost = input.annualLicenceCost + (i === 0 ? input.implementationCost : 0);
      return { year: i + 1, benefit: round(benefit, 2), cost: round(cost, 2), net: round(benefit - cost, 2) };
    });
    let cum = 0;
    const rows = years.map((y) => ({ ...y, cumulative: round((cum += y.net), 2) }));
    // Payback: first month when cumulative (monthly, evenly spread) turns non-negative.
    let paybackMonth: number | null = null;
    let run = 0;
    for (let mth = 1; mth <= input.years * 12 && paybackMonth === null; mth++) {
      const y = years[Math.floor((mth - 1) / 12)] as (typeof years)[number];
      run += (y.benefit - input.annualLicenceCost) / 12 - (mth === 1 ? input.implementationCost : 0);
      if (run >= 0) paybackMonth = mth;
    }
    const totalCost = years.reduce((s, y) => s + y.cost, 0);
    const totalBenefit = years.reduce((s, y) => s + y.benefit, 0);
    const roi = totalCost > 0 ? (totalBenefit - totalCost) / totalCost : null;
    const flows = [-input.implementationCost, ...years.map((y) => y.benefit - input.annualLicenceCost)];
    const value = npv(input.discountRate, flows);
    const rate = irr(flows);
    const irrOk =
      rate === undefined ||
      Math.abs(npv(rate, flows)) < 1e-6 * Math.max(1, Math.abs(flows[0] ?? 1), fullBenefit);
    const m = (x: number) => money(x, input.currency);
    const checks = [
      check(
        'pays back within the horizon',
        paybackMonth !== null,
        paybackMonth !== null
          ? `payback in month ${paybackMonth}`
          : `no payback within ${input.years} year(s)`,
      ),
      check('positive NPV', value > 0, `NPV ${m(round(value, 2))} at ${pct(input.discountRate, 0)}`),
      check(
        'IRR verified',
        irrOk,
        rate === undefined
          ? 'IRR undefined (cash flows never change sign)'
          : `NPV at IRR ${pct(rate, 1)} is zero`,
      ),
    ];
    const markdown = doc(
      '# ROI business case',
      `Full annual benefit ${m(round(fullBenefit, 2))} (${input.users} users × ${input.hoursSavedPerUserPerWeek} h/week × ${input.workingWeeksPerYear} weeks × ${m(input.hourlyCost)}/h${input.additionalRevenuePerYear ? ` + ${m(input.additionalRevenuePerYear)} revenue` : ''}); year 1 at ${pct(input.yearOneAdoption, 0)} adoption.`,
      table(
        ['Year', 'Benefit', 'Cost', 'Net', 'Cumulative'],
        rows.map((r) => [r.year, m(r.benefit), m(r.cost), m(r.net), m(r.cumulative)]),
      ),
      table(
        ['Measure', 'Value'],
        [
          ['ROI', roi === null ? '—' : pct(roi, 0)],
          ['Payback', paybackMonth === null ? 'not within horizon' : `${paybackMonth} months`],
          ['NPV', m(round(value, 2))],
          ['IRR', rate === undefined ? '—' : pct(rate, 1)],
        ],
      ),
      '_Assumptions are the customer’s own numbers; validate them with the customer before sharing._',
      checksSection(checks),
    );
    return offlineResult(
      {
        years: rows,
        roi: roi === null ? null : round(roi, 4),
        paybackMonth,
        npv: round(value, 2),
        irr: rate === undefined ? null : round(rate, 5),
      },
      {
        summary: `ROI ${roi === null ? '—' : pct(roi, 0)}, payback ${paybackMonth ?? '—'} months, NPV ${m(round(value, 0))}`,
        markdown,
        checks,
        confidence: 0.95,
        selfChecksPassed: irrOk,
      },
    );
  },
});

// Mutual action plan: the steps from today to signature, scheduled backwards from the target close date
// on business days, with owners — and an honest verdict when the date cannot be met.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { businessDaysBetween, formatDay, isWeekend, isoDate, parseIsoDay } from '../shared/dates.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const DEFAULT_STEPS = [
  { name: 'Discovery recap and success criteria agreed', owner: 'seller', days: 2 },
  { name: 'Technical validation / proof of concept', owner: 'both', days: 10 },
  { name: 'Security and compliance review', owner: 'buyer', days: 7 },
  { name: 'Business case and ROI sign-off', owner: 'buyer', days: 3 },
  { name: 'Commercial proposal and negotiation', owner: 'both', days: 4 },
  { name: 'Legal review (contract redlines)', owner: 'buyer', days: 7 },
  { name: 'Procurement and purchase order', owner: 'buyer', days: 5 },
  { name: 'Signature', owner: 'buyer', days: 1 },
] as const;

const inputSchema = z.object({
  account: z.string().trim().min(1).max(120),
  targetCloseDate: isoDate,
  today: isoDate.optional(),
  steps: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(120),
        owner: z.enum(['buyer', 'seller', 'both']),
        days: z.number().int().min(1).max(120),
      }),
    )
    .min(1)
    .max(20)
    .optional(),
  holidays: z.array(isoDate).max(60).default([]),
});

export interface PlanStep {
  name: string;
  owner: string;
  start: string;
  end: string;
  businessDays: number;
}

export const aeMutualActionPlan = defineSkill({
  id: 'ae.mutual-action-plan',
  agentIds: [AgentId.ae],
  title: 'Mutual action plan',
  description:
    'Schedules the steps to signature backwards from the target close date on business days, with owners, and says if the date is realistic.',
  inputSchema,
  async run(input, ctx) {
    const steps = input.steps ?? DEFAULT_STEPS.map((s) => ({ ...s }));
    const holidays = new Set(input.holidays.map((h) => parseIsoDay(h) as number));
    const workday = (d: number) => !isWeekend(d) && !holidays.has(d);
    const today = input.today ? (parseIsoDay(input.today) as number) : Math.floor(ctx.now / 86_400_000);
    let end = parseIsoDay(input.targetCloseDate) as number;
    while (!workday(end)) end--;
    const planned: PlanStep[] = [];
    for (const s of [...steps].reverse()) {
      let start = end;
      for (let k = 1; k < s.days; k++) {
        start--;
        while (!workday(start)) start--;
      }
      planned.unshift({
        name: s.name,
        owner: s.owner,
        start: formatDay(start),
        end: formatDay(end),
        businessDays: s.days,
      });
      end = start - 1;
      while (!workday(end)) end--;
    }
    const firstStart = parseIsoDay(planned[0]?.start ?? input.targetCloseDate) as number;
    const feasible = firstStart >= today;
    const short = feasible ? 0 : businessDaysBetween(firstStart - 1, today - 1);
    const needed = steps.reduce((s, x) => s + x.days, 0);
    const ordered = planned.every((p, i) => i === 0 || p.start > (planned[i - 1]?.end ?? ''));
    const onWorkdays = planned.every(
      (p) => workday(parseIsoDay(p.start) as number) && workday(parseIsoDay(p.end) as number),
    );
    const checks = [
      check(
        'date is realistic',
        feasible,
        feasible
          ? `first step starts ${planned[0]?.start}; ${needed} business days of work fit`
          : `the plan would have had to start ${short} business day(s) ago; move the close date or run steps in parallel`,
      ),
      check('steps in sequence', ordered, 'each step starts after the previous one ends'),
      check('business days only', onWorkdays, 'no step starts or ends on a weekend or holiday'),
    ];
    const markdown = doc(
      `# Mutual action plan — ${input.account}`,
      `Target signature ${input.targetCloseDate} · ${needed} business days of steps · ${feasible ? 'achievable' : '⚠️ not achievable as planned'}`,
      table(
        ['#', 'Step', 'Owner', 'Start', 'Finish', 'Business days'],
        planned.map((p, i) => [i + 1, p.name, p.owner, p.start, p.end, p.businessDays]),
      ),
      'Share this plan with your champion and agree every date; a plan the buyer has not seen is a forecast risk.',
      checksSection(checks),
    );
    return offlineResult(
      { steps: planned, feasible, businessDaysShort: short },
      {
        summary: `${planned.length}-step plan to ${input.targetCloseDate}: ${feasible ? 'achievable' : `${short} business days short`}`,
        markdown,
        checks,
        confidence: 0.9,
        selfChecksPassed: ordered && onWorkdays,
      },
    );
  },
});

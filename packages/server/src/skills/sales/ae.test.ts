import { describe, expect, it } from 'vitest';
import { isPlatformError } from '../../errors.js';
import { isWeekend, parseIsoDay } from '../shared/dates.js';
import { skillRunner } from '../execute.js';
import type { ForecastDeal } from './ae-pipeline-forecast.js';
import { periodOf } from './ae-pipeline-forecast.js';
import type { PlanStep } from './ae-mutual-action-plan.js';
import { aeDealHealth } from './ae-deal-health.js';
import { aeDiscountApproval } from './ae-discount-approval.js';
import { aeMutualActionPlan } from './ae-mutual-action-plan.js';
import { aePipelineForecast } from './ae-pipeline-forecast.js';
import { aeQuotaCoverage } from './ae-quota-coverage.js';
import { aeWinLoss } from './ae-win-loss.js';

const runSkill = skillRunner([
  aeDealHealth,
  aeDiscountApproval,
  aeMutualActionPlan,
  aePipelineForecast,
  aeQuotaCoverage,
  aeWinLoss,
]);

const ctx = { now: Date.UTC(2026, 0, 15) };

const deals = [
  {
    id: 'd1',
    name: 'Acme',
    amount: 1_000_000,
    stage: 'negotiation',
    closeDate: '2026-01-30',
    lastActivity: '2026-01-12',
  },
  {
    id: 'd2',
    name: 'Beta',
    amount: 500_000,
    stage: 'proposal',
    closeDate: '2026-02-15',
    lastActivity: '2025-12-01',
  },
  {
    id: 'd3',
    name: 'Gamma',
    amount: 200_000,
    stage: 'discovery',
    closeDate: '2026-01-05',
    lastActivity: '2026-01-14',
  },
  { id: 'd4', name: 'Delta', amount: 300_000, stage: 'closed-won', closeDate: '2026-01-10' },
  { id: 'd5', name: 'Eps', amount: 400_000, stage: 'closed-lost', closeDate: '2026-01-08' },
];

describe('ae.pipeline-forecast', () => {
  it('weights by stage probability, rolls up by month and raises alerts', async () => {
    const r = await runSkill('ae.pipeline-forecast', { deals }, ctx);
    const o = r.output as {
      weightedOpen: number;
      deals: ForecastDeal[];
      periods: { period: string; commit: number; weighted: number; won: number }[];
      alerts: { id: string; alerts: string[] }[];
    };
    // 1,000,000 × 0.8 + 500,000 × 0.6 + 200,000 × 0.3 = 1,160,000.
    expect(o.weightedOpen).toBe(1_160_000);
    expect(o.periods.find((p) => p.period === '2026-01')).toMatchObject({
      commit: 1_000_000,
      won: 300_000,
      weighted: 800_000 + 60_000 + 300_000,
    });
    expect(o.alerts.map((a) => a.id).sort()).toEqual(['d2', 'd3']);
    expect(o.alerts.find((a) => a.id === 'd2')?.alerts[0]).toMatch(/no activity for 45 days/);
    expect(o.alerts.find((a) => a.id === 'd3')?.alerts[0]).toMatch(/close date 2026-01-05 has passed/);
    expect(r.checks[0]?.passed).toBe(true);
    expect(periodOf('2026-05-10', 'quarter')).toBe('2026-Q2');
  });

  it('reads a CSV export and rejects unknown stages naming the deal', async () => {
    const csv = 'Deal ID,Deal Name,Value,Deal Stage,Close Date\nx1,Foo,"1,00,000",demo,2026-03-01\n';
    const r = await runSkill('ae.pipeline-forecast', { csv }, ctx);
    expect((r.output as { weightedOpen: number }).weightedOpen).toBe(40_000);
    await expect(
      runSkill('ae.pipeline-forecast', { deals: [{ ...deals[0], stage: 'vibes' }] }, ctx),
    ).rejects.toSatisfy(
      (e: unknown) => isPlatformError(e, 'VALIDATION') && e.details['field'] === 'deals[0].stage',
    );
  });
});

describe('ae.deal-health', () => {
  it('scores MEDDICC and raises stage-appropriate flags', async () => {
    const r = await runSkill(
      'ae.deal-health',
      {
        today: '2026-01-15',
        deals: [
          {
            id: 'good',
            stage: 'proposal',
            metrics: '20% faster close',
            economicBuyer: 'CFO Rao',
            decisionCriteria: true,
            decisionProcess: true,
            paperProcess: 'legal then PO',
            pain: true,
            champion: 'Asha',
            competition: 'Zoho',
            contacts: 4,
            nextStep: { date: '2026-01-20', description: 'security review' },
          },
          {
            id: 'risky',
            stage: 'negotiation',
            metrics: true,
            pain: true,
            champion: 'unknown',
            contacts: 1,
            nextStep: { date: '2026-01-02', description: 'send contract' },
          },
        ],
      },
      ctx,
    );
    const rows = (r.output as { deals: { id: string; score: number; health: string; flags: string[] }[] })
      .deals;
    expect(rows[0]).toMatchObject({ score: 100, health: 'healthy', flags: [] });
    expect(rows[1]?.health).toBe('at risk');
    expect(rows[1]?.flags).toEqual(
      expect.arrayContaining([
        'no champion past the demo stage',
        'economic buyer unknown at proposal',
        'next step overdue since 2026-01-02',
        'single-threaded (one contact)',
      ]),
    );
  });
});

describe('ae.quota-coverage', () => {
  it('computes coverage, needed win rate and new pipeline', async () => {
    const r = await runSkill(
      'ae.quota-coverage',
      {
        quota: 10_000_000,
        closedWon: 4_000_000,
        periodStart: '2026-01-01',
        periodEnd: '2026-03-31',
        historicalWinRate: 0.25,
        pipeline: [
          { amount: 8_000_000, closeDate: '2026-02-01' },
          { amount: 4_000_000, closeDate: '2026-03-15' },
          { amount: 9_000_000, closeDate: '2026-05-01' },
        ],
      },
      ctx,
    );
    expect(r.output).toMatchObject({
      remaining: 6_000_000,
      openPipeline: 12_000_000,
      coverage: 2,
      neededWinRate: 0.5,
      projected: 7_000_000,
      newPipelineNeeded: 6_000_000,
    });
    expect(r.checks.find((c) => c.name === 'attainable at historical win rate')?.passed).toBe(false);
  });
});

describe('ae.mutual-action-plan', () => {
  it('schedules backwards on business days and judges feasibility', async () => {
    const r = await runSkill(
      'ae.mutual-action-plan',
      {
        account: 'Acme',
        targetCloseDate: '2026-03-31',
        today: '2026-01-15',
        steps: [
          { name: 'Security review', owner: 'buyer', days: 5 },
          { name: 'Legal', owner: 'buyer', days: 3 },
          { name: 'Signature', owner: 'buyer', days: 1 },
        ],
      },
      ctx,
    );
    const steps = (r.output as { steps: PlanStep[] }).steps;
    // Signature on the close date; each earlier step ends the business day before the next starts.
    expect(steps[2]).toMatchObject({ start: '2026-03-31', end: '2026-03-31' });
    expect(steps[1]).toMatchObject({ start: '2026-03-26', end: '2026-03-30' });
    expect(steps[0]).toMatchObject({ start: '2026-03-19', end: '2026-03-25' });
    for (const s of steps) expect(isWeekend(parseIsoDay(s.start) as number)).toBe(false);
    expect((r.output as { feasible: boolean }).feasible).toBe(true);
  });

  it('says when the date cannot be met', async () => {
    const r = await runSkill(
      'ae.mutual-action-plan',
      { account: 'Acme', targetCloseDate: '2026-01-20', today: '2026-01-15' },
      ctx,
    );
    expect((r.output as { feasible: boolean; businessDaysShort: number }).feasible).toBe(false);
    expect((r.output as { businessDaysShort: number }).businessDaysShort).toBeGreaterThan(30);
  });
});

describe('ae.discount-approval', () => {
  it('computes values and the approver from the policy', async () => {
    const r = await runSkill(
      'ae.discount-approval',
      { listPricePerSeatMonth: 1000, seats: 50, termMonths: 12, discountPercent: 18, costPerSeatMonth: 200 },
      ctx,
    );
    expect(r.output).toMatchObject({
      listValue: 600_000,
      netValue: 492_000,
      discountPercent: 18,
      perSeatMonth: 820,
      approver: 'Sales manager',
    });
    expect((r.output as { marginPercent: number }).marginPercent).toBeCloseTo(
      ((492_000 - 120_000) / 492_000) * 100,
      1,
    );
    const t = await runSkill(
      'ae.discount-approval',
      { listPricePerSeatMonth: 1000, seats: 10, termMonths: 12, requestedTotal: 78_000 },
      ctx,
    );
    expect(t.output).toMatchObject({ discountPercent: 35, approver: 'CFO' });
    await expect(
      runSkill('ae.discount-approval', { listPricePerSeatMonth: 1, seats: 1 }, ctx),
    ).rejects.toThrow(/discountPercent/);
  });
});

describe('ae.win-loss', () => {
  it('computes win rates by dimension, cycle length and loss reasons', async () => {
    const r = await runSkill(
      'ae.win-loss',
      {
        deals: [
          {
            id: '1',
            outcome: 'won',
            amount: 100,
            segment: 'SMB',
            competitor: 'Zoho',
            createdDate: '2026-01-01',
            closedDate: '2026-01-31',
          },
          {
            id: '2',
            outcome: 'lost',
            amount: 300,
            segment: 'SMB',
            competitor: 'Zoho',
            lossReason: 'Price',
            createdDate: '2026-01-01',
            closedDate: '2026-03-02',
          },
          {
            id: '3',
            outcome: 'won',
            amount: 500,
            segment: 'Enterprise',
            competitor: 'Salesforce',
            createdDate: '2026-01-01',
            closedDate: '2026-04-11',
          },
          {
            id: '4',
            outcome: 'lost',
            amount: 100,
            segment: 'Enterprise',
            competitor: 'Salesforce',
            lossReason: 'price',
          },
        ],
      },
      ctx,
    );
    const o = r.output as {
      overall: { winRate: number; valueWinRate: number };
      bySegment: { key: string; winRate: number }[];
      cycleDays: { won: number; lost: number };
      lossReasons: { reason: string; count: number }[];
    };
    expect(o.overall).toMatchObject({ winRate: 0.5, valueWinRate: 0.6 });
    expect(o.cycleDays).toEqual({ won: 65, lost: 60 });
    expect(o.lossReasons).toEqual([{ reason: 'price', count: 2 }]);
    expect(r.checks.find((c) => c.name === 'counts reconcile')?.passed).toBe(true);
  });
});

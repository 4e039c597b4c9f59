import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlatformError } from '../../errors.js';
import { skillRunner } from '../execute.js';
import type { SkillWriter } from '../skill.js';
import { adLength } from './ppc-ad-copy-check.js';
import { waterFill } from './ppc-budget-allocation.js';
import { blocks } from './ppc-negative-keywords.js';
import { ppcAdCopyCheck } from './ppc-ad-copy-check.js';
import { ppcAdCopyVariants } from './ppc-ad-copy-variants.js';
import { ppcBudgetAllocation } from './ppc-budget-allocation.js';
import { ppcKeywordGrouping } from './ppc-keyword-grouping.js';
import { ppcNegativeKeywords } from './ppc-negative-keywords.js';
import { ppcPerformanceMetrics } from './ppc-performance-metrics.js';

const runSkill = skillRunner([
  ppcAdCopyCheck,
  ppcAdCopyVariants,
  ppcBudgetAllocation,
  ppcKeywordGrouping,
  ppcNegativeKeywords,
  ppcPerformanceMetrics,
]);

const ctx = { now: Date.UTC(2026, 0, 5) };
type Alloc = { name: string; budget: number; atBound: string | null; efficiency: number };

describe('ppc.budget-allocation', () => {
  it('shares the budget in proportion to conversions per rupee when unconstrained', async () => {
    const r = await runSkill(
      'ppc.budget-allocation',
      {
        totalBudget: 100_000,
        campaigns: [
          { name: 'Brand', spend: 10_000, conversions: 100 }, // CPA 100 → 0.01/₹
          { name: 'Generic', spend: 20_000, conversions: 50 }, // CPA 400 → 0.0025/₹
          { name: 'Competitor', spend: 10_000, conversions: 25 }, // CPA 400
        ],
      },
      ctx,
    );
    const a = (r.output as { allocations: Alloc[] }).allocations;
    // Independent computation: 0.01 : 0.0025 : 0.0025 = 4 : 1 : 1.
    expect(a.map((x) => x.budget)).toEqual([66_666.67, 16_666.67, 16_666.66]);
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });

  it('respects min and max and redistributes the excess', async () => {
    const r = await runSkill(
      'ppc.budget-allocation',
      {
        totalBudget: 50_000,
        objective: 'roas',
        campaigns: [
          { name: 'A', spend: 10_000, conversions: 10, revenue: 80_000, maxBudget: 20_000 },
          { name: 'B', spend: 10_000, conversions: 10, revenue: 20_000 },
          { name: 'C', spend: 10_000, conversions: 0, revenue: 0, minBudget: 5_000 },
        ],
      },
      ctx,
    );
    const a = (r.output as { allocations: Alloc[] }).allocations;
    expect(a.map((x) => [x.budget, x.atBound])).toEqual([
      [20_000, 'max'],
      [25_000, null],
      [5_000, 'min'],
    ]);
  });

  it('always sums exactly and stays within bounds (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            w: fc.double({ min: 0, max: 10, noNaN: true }),
            min: fc.integer({ min: 0, max: 1000 }),
            span: fc.integer({ min: 0, max: 100_000 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (cs, t) => {
          const mins = cs.map((c) => c.min);
          const maxs = cs.map((c) => c.min + c.span);
          const lo = mins.reduce((a, b) => a + b, 0);
          const hi = maxs.reduce((a, b) => a + b, 0);
          const total = Math.round(lo + (hi - lo) * t);
          const out = waterFill(
            total,
            cs.map((c) => c.w),
            mins,
            maxs,
          );
          expect(out.reduce((a, b) => a + b, 0)).toBe(total);
          out.forEach((x, i) => {
            expect(x).toBeGreaterThanOrEqual(mins[i] as number);
            expect(x).toBeLessThanOrEqual(maxs[i] as number);
            expect(Number.isInteger(x)).toBe(true);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects an infeasible budget naming the field', async () => {
    await expect(
      runSkill(
        'ppc.budget-allocation',
        { totalBudget: 1000, campaigns: [{ name: 'A', spend: 1, conversions: 1, minBudget: 2000 }] },
        ctx,
      ),
    ).rejects.toSatisfy(
      (e: unknown) => isPlatformError(e, 'VALIDATION') && e.details['field'] === 'totalBudget',
    );
    await expect(
      runSkill(
        'ppc.budget-allocation',
        { totalBudget: 1000, objective: 'roas', campaigns: [{ name: 'A', spend: 1, conversions: 1 }] },
        ctx,
      ),
    ).rejects.toThrow(/campaigns\[0\]\.revenue/);
  });
});

describe('ppc.ad-copy-check', () => {
  it('enforces RSA lengths, counts and the no-"!" headline rule', async () => {
    const r = await runSkill(
      'ppc.ad-copy-check',
      {
        headlines: [
          'Running Shoes Sale',
          'Best Running Shoes In India Today',
          'Free Delivery!',
          'Running Shoes Sale',
        ],
        descriptions: [
          'Lightweight shoes for daily runs. Order today and get free delivery across India.',
          'x'.repeat(91),
        ],
        path1: 'running-shoes-men',
        keywords: ['running shoes'],
      },
      ctx,
    );
    const o = r.output as { assets: { text: string; problems: string[] }[]; setProblems: string[] };
    const problemsOf = (t: string) => o.assets.find((a) => a.text === t)?.problems ?? [];
    expect(problemsOf('Best Running Shoes In India Today').join()).toMatch(/33 chars \(max 30\)/);
    expect(problemsOf('Free Delivery!').join()).toMatch(/"!"/);
    expect(problemsOf('x'.repeat(91)).join()).toMatch(/91 chars \(max 90\)/);
    expect(problemsOf('running-shoes-men').join()).toMatch(/17 chars \(max 15\)/);
    expect(o.setProblems.join()).toMatch(/duplicate headlines/);
    expect(adLength('日本語')).toBe(6);
  });
});

describe('ppc.ad-copy-variants', () => {
  const input = {
    brand: 'Stride',
    product: 'running shoes',
    keyword: 'running shoes',
    benefits: ['Lightweight mesh upper', 'Cushioned sole', 'Free 30-day returns'],
    offer: 'Flat 20% off',
  };

  it('drafts a complete, compliant RSA offline', async () => {
    const r = await runSkill('ppc.ad-copy-variants', input, ctx);
    const o = r.output as { headlines: string[]; descriptions: string[] };
    expect(o.headlines.length).toBeGreaterThanOrEqual(3);
    expect(o.descriptions.length).toBeGreaterThanOrEqual(2);
    for (const h of o.headlines) expect(adLength(h)).toBeLessThanOrEqual(30);
    for (const d of o.descriptions) expect(adLength(d)).toBeLessThanOrEqual(90);
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });

  it('keeps only model assets that pass the checks', async () => {
    const writer: SkillWriter = {
      write: async () => ({
        text: 'H: Run Lighter Every Day\nH: This headline is definitely far too long to fit\nD: Shoes that go the distance.',
        provider: 'm',
        offline: false,
      }),
    };
    const r = await runSkill('ppc.ad-copy-variants', input, { ...ctx, writer });
    const o = r.output as { headlines: string[]; fromModel: string[] };
    expect(o.headlines[0]).toBe('Run Lighter Every Day');
    expect(o.fromModel).not.toContain('This headline is definitely far too long to fit');
    expect(r.method).toBe('model');
  });
});

describe('ppc.performance-metrics', () => {
  it('computes metrics, break-even and bids', async () => {
    const r = await runSkill(
      'ppc.performance-metrics',
      {
        targetCpa: 500,
        margin: 0.4,
        campaigns: [
          { name: 'A', impressions: 10_000, clicks: 200, cost: 4_000, conversions: 10, revenue: 20_000 },
          { name: 'B', impressions: 50_000, clicks: 250, cost: 10_000, conversions: 5, revenue: 20_000 },
        ],
      },
      ctx,
    );
    const o = r.output as {
      campaigns: {
        ctr: number;
        cpc: number;
        cpa: number;
        roas: number;
        profit: number;
        suggestedMaxCpc: number;
        flags: string[];
      }[];
      breakEvenRoas: number;
    };
    const [a, b] = o.campaigns;
    expect(a).toMatchObject({ ctr: 0.02, cpc: 20, cpa: 400, roas: 5, profit: 4_000, suggestedMaxCpc: 25 });
    expect(b?.flags.join()).toMatch(/CTR under 1%/);
    expect(b?.flags.join()).toMatch(/CPA/);
    expect(b?.flags.join()).toMatch(/losing money/); // ROAS 2 < 2.5
    expect(o.breakEvenRoas).toBe(2.5);
  });

  it('rejects clicks above impressions naming the field', async () => {
    await expect(
      runSkill(
        'ppc.performance-metrics',
        { campaigns: [{ name: 'A', impressions: 1, clicks: 2, cost: 1, conversions: 0 }] },
        ctx,
      ),
    ).rejects.toThrow(/campaigns\[0\]\.clicks/);
  });
});

describe('ppc.negative-keywords', () => {
  it('proposes negatives for waste without blocking keywords or converting terms', async () => {
    const csv = [
      'Search term,Clicks,Cost,Conversions',
      'running shoes free,20,600,0',
      'running shoes jobs,5,100,0',
      'running shoes repair,30,900,0',
      'running shoes men,40,2000,6',
      'running shoes women,30,1500,3',
      'trail running shoes kids,16,400,0',
    ].join('\n');
    const r = await runSkill(
      'ppc.negative-keywords',
      { csv, keywords: ['running shoes', 'kids running shoes'] },
      ctx,
    );
    const o = r.output as { negatives: { negative: string; match: string }[]; wasted: number };
    const negs = o.negatives.map((n) => n.negative);
    expect(negs).toEqual(expect.arrayContaining(['free', 'jobs', 'running shoes repair']));
    expect(negs).not.toContain('kids');
    expect(negs).not.toContain('running');
    expect(o.wasted).toBe(1900);
    expect(r.checks[0]?.passed).toBe(true);
  });

  it('knows when a phrase negative blocks a keyword', () => {
    expect(blocks('shoes repair', 'running shoes repair kit')).toBe(true);
    expect(blocks('repair', 'running shoes')).toBe(false);
  });
});

describe('ppc.keyword-grouping', () => {
  it('removes close variants and groups by theme', async () => {
    const r = await runSkill(
      'ppc.keyword-grouping',
      {
        keywords: [
          'running shoes',
          'running shoe',
          'buy running shoes online',
          'trail running shoes',
          'yoga mat',
          'yoga mats online',
          'best yoga mat',
        ],
      },
      ctx,
    );
    const o = r.output as {
      adGroups: { name: string; keywords: string[] }[];
      duplicates: { keyword: string }[];
    };
    expect(o.duplicates.map((d) => d.keyword)).toEqual(['running shoe']);
    const byKw = (k: string) => o.adGroups.find((g) => g.keywords.includes(k))?.name;
    expect(byKw('running shoes')).toBe(byKw('trail running shoes'));
    expect(byKw('yoga mat')).toBe(byKw('best yoga mat'));
    expect(byKw('yoga mat')).not.toBe(byKw('running shoes'));
    expect(r.checks[0]?.passed).toBe(true);
  });
});

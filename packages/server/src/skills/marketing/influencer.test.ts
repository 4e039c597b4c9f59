import { describe, expect, it } from 'vitest';
import { isPlatformError } from '../../errors.js';
import { isWeekend, parseIsoDay } from '../shared/dates.js';
import { skillRunner } from '../execute.js';
import type { BriefScheduleItem } from './influencer-brief.js';
import { knapsack } from './influencer-budget-mix.js';
import type { CreatorScore } from './influencer-shortlist.js';
import { influencerBrief } from './influencer-brief.js';
import { influencerBudgetMix } from './influencer-budget-mix.js';
import { influencerCampaignReport } from './influencer-campaign-report.js';
import { influencerDisclosureCheck } from './influencer-disclosure-check.js';
import { influencerShortlist } from './influencer-shortlist.js';

const runSkill = skillRunner([
  influencerBrief,
  influencerBudgetMix,
  influencerCampaignReport,
  influencerDisclosureCheck,
  influencerShortlist,
]);

const ctx = { now: Date.UTC(2026, 0, 5) };

const creators = [
  'handle,platform,followers,avg likes,avg comments,following,growth 30d,category,country,country share,age,fee',
  '@fitwithasha,instagram,45000,1500,90,800,3,fitness;nutrition,India,78,18-24,25000',
  '@bulkbuddy,instagram,120000,300,1,150000,45,fitness,India,40,25-34,30000',
  '@yogaravi,instagram,8000,420,40,500,2,yoga,India,85,25-34,6000',
  '@techtanya,instagram,60000,2000,100,300,4,tech,India,70,18-24,20000',
  '@globalgains,youtube,90000,2500,200,100,2,fitness,USA,60,25-34,40000',
].join('\n');

describe('influencer.shortlist', () => {
  it('ranks fitting, authentic creators first and explains exclusions', async () => {
    const r = await runSkill(
      'influencer.shortlist',
      {
        csv: creators,
        brief: { categories: ['fitness', 'yoga'], targetCountry: 'India', platform: 'instagram' },
      },
      ctx,
    );
    const o = r.output as { shortlist: CreatorScore[]; excluded: CreatorScore[] };
    const handles = o.shortlist.map((s) => s.handle);
    expect(handles.slice(0, 2).sort()).toEqual(['@fitwithasha', '@yogaravi']);
    // ER = (1500 + 90) / 45000 = 3.53% vs micro benchmark 2.5%.
    expect(o.shortlist.find((s) => s.handle === '@fitwithasha')?.engagementRate).toBeCloseTo(1590 / 45000, 5);
    // Bulk buddy: ER 0.25% (< ¼ of 1.8%), bot likes, 45% growth spike, follow-for-follow → excluded.
    expect(o.excluded.find((s) => s.handle === '@bulkbuddy')?.excluded).toBe(
      'too many authenticity red flags',
    );
    expect(o.excluded.find((s) => s.handle === '@globalgains')?.excluded).toMatch(/youtube/);
    // Tech creator is authentic but off-category: ranked below the fitness creators.
    expect(handles.indexOf('@techtanya')).toBeGreaterThan(1);
    expect(r.checks[0]?.passed).toBe(true);
  });

  it('names a missing column', async () => {
    await expect(
      runSkill('influencer.shortlist', { csv: 'handle,followers\n@a,100\n' }, ctx),
    ).rejects.toThrow(/missing column "avgLikes"/);
  });
});

describe('influencer.budget-mix', () => {
  it('matches brute force on small inputs', () => {
    const costs = [3, 4, 5, 2, 6, 1];
    const values = [30, 50, 60, 10, 70, 8];
    for (const cap of [0, 5, 8, 11, 15, 21]) {
      let best = 0;
      for (let mask = 0; mask < 1 << costs.length; mask++) {
        let c = 0;
        let v = 0;
        costs.forEach((x, i) => {
          if (mask & (1 << i)) {
            c += x;
            v += values[i] as number;
          }
        });
        if (c <= cap) best = Math.max(best, v);
      }
      const chosen = knapsack(costs, values, cap);
      expect(chosen.reduce((s, i) => s + (costs[i] as number), 0)).toBeLessThanOrEqual(cap);
      expect(chosen.reduce((s, i) => s + (values[i] as number), 0)).toBe(best);
    }
  });

  it('beats greedy where greedy is wrong and keeps must-haves', async () => {
    const r = await runSkill(
      'influencer.budget-mix',
      {
        budget: 100_000,
        creators: [
          { handle: 'A', fee: 60_000, expectedEngagements: 6_100 },
          { handle: 'B', fee: 50_000, expectedEngagements: 5_000 },
          { handle: 'C', fee: 50_000, expectedEngagements: 5_000 },
          { handle: 'D', fee: 10_000, expectedEngagements: 500 },
        ],
        mustInclude: ['D'],
      },
      ctx,
    );
    const o = r.output as { chosen: string[]; spend: number; total: number };
    // D is forced; with ₹90,000 left the best single pick is A (6,100 > 5,000).
    expect(o.chosen).toEqual(['D', 'A']);
    expect(o.total).toBe(6_600);
    expect(o.spend).toBeLessThanOrEqual(100_000);
    const r2 = await runSkill(
      'influencer.budget-mix',
      {
        budget: 100_000,
        creators: [
          { handle: 'A', fee: 60_000, expectedEngagements: 6_100 },
          { handle: 'B', fee: 50_000, expectedEngagements: 5_000 },
          { handle: 'C', fee: 50_000, expectedEngagements: 5_000 },
        ],
      },
      ctx,
    );
    // Greedy by engagements per rupee would take A (6,100) and stop; B + C gives 10,000.
    expect((r2.output as { chosen: string[]; total: number }).chosen).toEqual(['B', 'C']);
    expect((r2.output as { total: number }).total).toBe(10_000);
    expect(r2.checks.every((c) => c.passed)).toBe(true);
  });
});

describe('influencer.disclosure-check', () => {
  it('requires an upfront, unburied, unambiguous label on paid posts', async () => {
    const r = await runSkill(
      'influencer.disclosure-check',
      {
        posts: [
          { caption: '#ad Loving my new running shoes from Stride!' },
          { caption: `${'Long story about my morning run and why I love it. '.repeat(4)}#ad` },
          { caption: 'New shoes! #run #fit #shoes #ad' },
          { caption: 'Thanks to the team #sp' },
          { caption: 'My own photo', paid: false },
        ],
      },
      ctx,
    );
    const posts = (r.output as { posts: { compliant: boolean; problems: string[] }[] }).posts;
    expect(posts.map((p) => p.compliant)).toEqual([true, false, false, false, true]);
    expect(posts[1]?.problems.join()).toMatch(/after the 125-character fold/);
    expect(posts[2]?.problems.join()).toMatch(/buried/);
    expect(posts[3]?.problems.join()).toMatch(/ambiguous/);
  });
});

describe('influencer.campaign-report', () => {
  it('computes per-creator costs and ranks by CPE', async () => {
    const csv =
      'creator,fee,reach,likes,comments,shares,clicks,orders,revenue\nA,20000,100000,3000,500,500,800,40,80000\nB,10000,20000,400,50,50,100,5,5000\n';
    const r = await runSkill('influencer.campaign-report', { csv }, ctx);
    const o = r.output as {
      creators: {
        handle: string;
        cpe: number;
        cpm: number;
        cpa: number;
        roi: number;
        engagementRate: number;
      }[];
      totals: { cpe: number };
    };
    expect(o.creators[0]).toMatchObject({
      handle: 'A',
      cpe: 5,
      cpm: 200,
      cpa: 500,
      roi: 3,
      engagementRate: 0.04,
    });
    expect(o.creators[1]).toMatchObject({ handle: 'B', cpe: 20, roi: -0.5 });
    expect(o.totals.cpe).toBeCloseTo(30000 / 4500, 6);
  });
});

describe('influencer.brief', () => {
  const input = {
    brand: 'Stride',
    product: 'Aero running shoes',
    keyMessages: ['Lightest shoe in our range'],
    deliverables: [
      { platform: 'instagram', format: 'reel', count: 2 },
      { platform: 'x', format: 'post', count: 1 },
    ],
    startDate: '2026-02-02',
    endDate: '2026-02-20',
    hashtags: ['StrideRun'],
  };

  it('schedules drafts before approvals before go-live on business days', async () => {
    const r = await runSkill('influencer.brief', input, ctx);
    const o = r.output as { schedule: BriefScheduleItem[]; disclosure: string };
    expect(o.schedule).toHaveLength(3);
    for (const s of o.schedule) {
      expect(s.draftDue < s.approvalBy && s.approvalBy < s.goLive).toBe(true);
      for (const d of [s.draftDue, s.approvalBy, s.goLive])
        expect(isWeekend(parseIsoDay(d) as number)).toBe(false);
    }
    expect(o.disclosure).toContain('#ad');
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });

  it('rejects an end before the start naming the field', async () => {
    await expect(runSkill('influencer.brief', { ...input, endDate: '2026-01-01' }, ctx)).rejects.toSatisfy(
      (e: unknown) => isPlatformError(e, 'VALIDATION') && e.details['field'] === 'endDate',
    );
  });
});

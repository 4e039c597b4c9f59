import { describe, expect, it } from 'vitest';
import { skillRunner } from '../execute.js';
import type { SkillWriter } from '../skill.js';
import type { Battlecard } from './enablement-battlecard.js';
import { irr, npv } from './enablement-roi-calculator.js';
import { enablementBattlecard } from './enablement-battlecard.js';
import { enablementFeatureMatrix } from './enablement-feature-matrix.js';
import { enablementObjectionHandler } from './enablement-objection-handler.js';
import { enablementRoiCalculator } from './enablement-roi-calculator.js';

const runSkill = skillRunner([
  enablementBattlecard,
  enablementFeatureMatrix,
  enablementObjectionHandler,
  enablementRoiCalculator,
]);

const ctx = { now: Date.UTC(2026, 0, 5) };

const battle = {
  us: {
    name: 'RouteIQ',
    pricing: { amount: 12_000, period: 'year' },
    features: {
      'Lead routing': 'yes',
      'Round robin': 'yes',
      'Territory rules': 'partial',
      'Native dialer': 'no',
    },
    strengths: ['Live in a day'],
  },
  competitor: {
    name: 'OldCRM',
    pricing: { amount: 1_500, period: 'month' },
    features: {
      'Lead routing': 'partial',
      'Round robin': 'yes',
      'Native dialer': 'yes',
      'Territory rules': 'partial',
    },
    weaknesses: ['Six-week implementations'],
  },
  importance: { 'Lead routing': 5, 'Native dialer': 2 },
};

describe('enablement.battlecard', () => {
  it('categorises every feature and normalises prices', async () => {
    const r = await runSkill('enablement.battlecard', battle, ctx);
    const c = r.output as Battlecard;
    expect(c.win).toEqual(['Lead routing']);
    expect(c.lose).toEqual(['Native dialer']);
    expect(c.tie.sort()).toEqual(['Round robin', 'Territory rules']);
    expect(c.ourPrice).toBe(1000);
    expect(c.theirPrice).toBe(1500);
    expect(c.priceDifference).toBeCloseTo(-1 / 3, 4);
    // Weighted: ours = 5 + 3 + 1.5 + 0 = 9.5 of 13; theirs = 2.5 + 3 + 1.5 + 2 = 9 of 13.
    expect(c.ourScore).toBeCloseTo((9.5 / 13) * 100, 1);
    expect(c.theirScore).toBeCloseTo((9 / 13) * 100, 1);
    expect(c.landmines[0]).toMatch(/lead routing/);
    expect(r.checks.find((x) => x.name === 'objection handling')?.passed).toBe(false);
  });

  it('adds a model counter-pitch when configured', async () => {
    const writer: SkillWriter = {
      write: async () => ({ text: 'RouteIQ goes live in a day.', provider: 'm', offline: false }),
    };
    const r = await runSkill('enablement.battlecard', battle, { ...ctx, writer });
    expect(r.method).toBe('model');
    expect(r.markdown).toContain('Counter-pitch (model: m)');
  });
});

describe('enablement.feature-matrix', () => {
  it('scores weighted coverage, gaps and unique features', async () => {
    const r = await runSkill(
      'enablement.feature-matrix',
      {
        importance: { SSO: 5 },
        products: [
          { name: 'A', features: { SSO: 'yes', API: 'yes', Mobile: 'no' } },
          { name: 'B', features: { SSO: 'partial', API: 'yes', Mobile: 'yes' } },
        ],
      },
      ctx,
    );
    const p = (r.output as { products: { name: string; score: number; gaps: string[]; unique: string[] }[] })
      .products;
    expect(p.find((x) => x.name === 'A')).toMatchObject({
      score: round(((5 + 3) / 11) * 100),
      gaps: ['Mobile'],
      unique: [],
    });
    expect(p.find((x) => x.name === 'B')).toMatchObject({
      score: round(((2.5 + 3 + 3) / 11) * 100),
      unique: ['Mobile'],
    });
  });
});

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

describe('enablement.objection-handler', () => {
  it('matches objections to talk tracks, custom library first', async () => {
    const r = await runSkill(
      'enablement.objection-handler',
      {
        objections: [
          'Honestly your price is too high for us',
          'We are already using HubSpot for this',
          'I need to check with my boss',
          'Our data must stay in India',
          'blue bananas',
        ],
        library: [
          {
            category: 'data residency',
            examples: ['data must stay in india', 'data residency'],
            clarify: 'Which data and which regulation?',
            respond: 'We host in Mumbai.',
            confirm: 'Does that meet your policy?',
          },
        ],
      },
      ctx,
    );
    const rows = (r.output as { objections: { category: string | null }[] }).objections;
    expect(rows.map((x) => x.category)).toEqual(['price', 'competitor', 'authority', 'data residency', null]);
    expect(r.checks[0]?.passed).toBe(false);
  });
});

describe('enablement.roi-calculator', () => {
  it('computes payback, ROI, NPV and a verified IRR', async () => {
    const r = await runSkill(
      'enablement.roi-calculator',
      {
        annualLicenceCost: 600_000,
        implementationCost: 200_000,
        users: 20,
        hoursSavedPerUserPerWeek: 3,
        hourlyCost: 800,
        workingWeeksPerYear: 46,
        yearOneAdoption: 1,
        years: 3,
        discountRate: 0.1,
      },
      ctx,
    );
    const o = r.output as {
      years: { benefit: number; net: number; cumulative: number }[];
      roi: number;
      paybackMonth: number;
      npv: number;
      irr: number;
    };
    // Benefit 20 × 3 × 46 × 800 = 2,208,000 a year.
    expect(o.years[0]).toMatchObject({ benefit: 2_208_000, net: 1_408_000 });
    expect(o.years[2]?.cumulative).toBe(1_408_000 + 2 * 1_608_000);
    expect(o.roi).toBeCloseTo((3 * 2_208_000 - 2_000_000) / 2_000_000, 4);
    expect(o.paybackMonth).toBe(2);
    expect(o.npv).toBeCloseTo(npv(0.1, [-200_000, 1_608_000, 1_608_000, 1_608_000]), 1);
    expect(Math.abs(npv(o.irr, [-200_000, 1_608_000, 1_608_000, 1_608_000]))).toBeLessThan(1);
    expect(irr([-100, 110])).toBeCloseTo(0.1, 6);
    expect(irr([100, 100])).toBeUndefined();
  });
});

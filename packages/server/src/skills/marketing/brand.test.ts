import { describe, expect, it } from 'vitest';
import { skillRunner } from '../execute.js';
import type { SkillWriter } from '../skill.js';
import type { Positioning } from './brand-positioning.js';
import type { VoiceReport } from './brand-voice-check.js';
import { computeNps } from './brand-nps-survey.js';
import { brandConsistencyAudit } from './brand-consistency-audit.js';
import { brandNameCheck } from './brand-name-check.js';
import { brandNpsSurvey } from './brand-nps-survey.js';
import { brandPositioning } from './brand-positioning.js';
import { brandVoiceCheck } from './brand-voice-check.js';

const runSkill = skillRunner([
  brandConsistencyAudit,
  brandNameCheck,
  brandNpsSurvey,
  brandPositioning,
  brandVoiceCheck,
]);

const ctx = { now: Date.UTC(2026, 0, 5) };
const guide = {
  brandName: 'WAOOAW',
  bannedWords: [{ word: 'synergy', replacement: 'working together' }, 'cheap'],
  requiredTerms: ['free trial'],
  maxExclamations: 0,
  spelling: 'en-GB',
  tone: 'formal',
};

describe('brand.voice-check', () => {
  it('finds each kind of deviation', async () => {
    const text =
      "Waooaw brings synergy to cheap hiring! We're organizing your color palette. The agents were trained by experts.";
    const r = await runSkill('brand.voice-check', { text, guide }, ctx);
    const o = r.output as VoiceReport;
    const rules = o.violations.map((v) => v.rule);
    expect(rules.filter((x) => x === 'banned word')).toHaveLength(2);
    expect(rules).toEqual(
      expect.arrayContaining([
        'required term',
        'brand name',
        'exclamation marks',
        'passive voice',
        'tone',
        'spelling',
      ]),
    );
    expect(o.violations.find((v) => v.detail.includes('synergy'))?.suggestion).toBe('use "working together"');
    expect(o.violations.filter((v) => v.rule === 'spelling').map((v) => v.detail)).toEqual([
      '"color" is US spelling',
      '"organize" is US spelling',
    ]);
    expect(o.score).toBeLessThan(30);
  });

  it('passes text that follows the guide', async () => {
    const r = await runSkill(
      'brand.voice-check',
      { text: 'WAOOAW offers a seven-day free trial. You keep every deliverable.', guide },
      ctx,
    );
    expect((r.output as VoiceReport).violations).toEqual([]);
    expect((r.output as VoiceReport).score).toBe(100);
  });
});

describe('brand.consistency-audit', () => {
  it('detects brand-name drift and an altered tagline across assets', async () => {
    const r = await runSkill(
      'brand.consistency-audit',
      {
        guide: { brandName: 'Acme Cloud' },
        tagline: 'Cloud bills, tamed',
        assets: [
          { name: 'Home page', text: 'Acme Cloud keeps costs down. Cloud bills, tamed.' },
          { name: 'Email', text: 'AcmeCloud sends you a weekly report. Cloud bills tamed!' },
          { name: 'Ad', text: 'acme cloud: cloud bills, tamed.' },
        ],
      },
      ctx,
    );
    const o = r.output as {
      brandNameForms: Record<string, number>;
      assets: { name: string; taglineExact: boolean }[];
    };
    expect(Object.keys(o.brandNameForms).sort()).toEqual(['Acme Cloud', 'AcmeCloud', 'acme cloud']);
    expect(o.assets.find((a) => a.name === 'Email')?.taglineExact).toBe(false);
    expect(r.checks.find((c) => c.name === 'one brand-name form')?.passed).toBe(false);
  });
});

describe('brand.positioning', () => {
  const input = {
    brandName: 'Tally Tutor',
    targetCustomer: 'Parents of class 10 students',
    need: 'want affordable exam practice at home',
    category: 'online tutoring service',
    keyBenefit: 'builds exam confidence with daily checked practice',
    competitorAlternative: 'Coaching centres',
    differentiator: 'adapts every day to what your child got wrong',
    proofPoints: ['Verified answers for every problem', '9 in 10 students practise daily'],
  };

  it('builds a complete statement and short taglines', async () => {
    const r = await runSkill('brand.positioning', input, ctx);
    const o = r.output as Positioning;
    expect(o.statement).toBe(
      'For parents of class 10 students who want affordable exam practice at home, Tally Tutor is the online tutoring service that builds exam confidence with daily checked practice. Unlike coaching centres, Tally Tutor adapts every day to what your child got wrong.',
    );
    for (const t of o.taglines) expect(t.split(/\s+/).length).toBeLessThanOrEqual(6);
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });

  it('flags unprovable superlatives and labels model alternatives', async () => {
    const writer: SkillWriter = {
      write: async () => ({ text: '1. Practice that adapts.', provider: 'm', offline: false }),
    };
    const r = await runSkill(
      'brand.positioning',
      { ...input, keyBenefit: 'is the best way to prepare' },
      { ...ctx, writer },
    );
    expect((r.output as Positioning).superlatives).toContain('best');
    expect(r.method).toBe('model');
    expect(r.markdown).toContain('Model alternatives (m)');
  });
});

describe('brand.name-check', () => {
  it('flags names close to competitors and hard to say, ranking clean ones first', async () => {
    const r = await runSkill(
      'brand.name-check',
      { candidates: ['Zomata', 'Strngth', 'Lumora'], competitors: ['Zomato', 'Swiggy'] },
      ctx,
    );
    const ranked = (r.output as { ranked: { name: string; conflict: boolean; issues: string[] }[] }).ranked;
    expect(ranked[0]?.name).toBe('Lumora');
    expect(ranked.find((x) => x.name === 'Zomata')?.conflict).toBe(true);
    expect(ranked.find((x) => x.name === 'Strngth')?.issues.join()).toMatch(/consonant run|vowel/);
  });
});

describe('brand.nps-survey', () => {
  it('computes NPS and its margin of error independently', () => {
    const scores = [10, 10, 9, 8, 7, 6, 5, 0, 9, 10];
    const r = computeNps(scores);
    // 5 promoters, 2 passives, 3 detractors → 50% − 30% = 20.
    expect(r).toMatchObject({ promoters: 5, passives: 2, detractors: 3, nps: 20 });
    const variance = 0.5 + 0.3 - 0.2 ** 2;
    expect(r.marginOfError).toBeCloseTo(1.96 * Math.sqrt(variance / 10) * 100, 1);
  });

  it('reports segments and detractor themes', async () => {
    const responses = [
      ...Array.from({ length: 20 }, () => ({ score: 9, segment: 'SMB' })),
      ...Array.from({ length: 10 }, () => ({
        score: 3,
        segment: 'Enterprise',
        comment: 'Support was slow and pricing confusing',
      })),
    ];
    const r = await runSkill('brand.nps-survey', { responses }, ctx);
    const o = r.output as {
      overall: { nps: number };
      bySegment: { segment: string; nps: number }[];
      detractorThemes: { word: string; count: number }[];
    };
    expect(o.overall.nps).toBeCloseTo(33.3, 1);
    expect(o.bySegment.map((s) => [s.segment, s.nps])).toEqual([
      ['Enterprise', -100],
      ['SMB', 100],
    ]);
    expect(o.detractorThemes.map((t) => t.word)).toEqual(
      expect.arrayContaining(['support', 'slow', 'pricing']),
    );
  });
});

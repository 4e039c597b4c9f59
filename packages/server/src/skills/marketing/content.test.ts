import { describe, expect, it } from 'vitest';
import { isPlatformError } from '../../errors.js';
import { skillRunner } from '../execute.js';
import type { SkillWriter } from '../skill.js';
import { apportion, type Brief } from './content-brief-outline.js';
import type { ArticleDraft } from './content-article-draft.js';
import { findHealthClaims } from './content-health-claims.js';
import { contentArticleDraft } from './content-article-draft.js';
import { contentBriefOutline } from './content-brief-outline.js';
import { contentHealthClaims } from './content-health-claims.js';

const runSkill = skillRunner([contentArticleDraft, contentBriefOutline, contentHealthClaims]);

const ctx = { now: Date.UTC(2026, 0, 5) };
const briefInput = {
  topic: 'Managing type 2 diabetes with diet and exercise',
  primaryKeyword: 'type 2 diabetes',
  secondaryKeywords: ['blood sugar', 'HbA1c', 'meal plan'],
  wordCount: 1500,
};

describe('content.brief-outline', () => {
  it('splits the word count exactly and places every keyword', async () => {
    const r = await runSkill('content.brief-outline', briefInput, ctx);
    const brief = r.output as Brief;
    expect(brief.outline.reduce((s, o) => s + o.words, 0)).toBe(1500);
    const placed = brief.outline.flatMap((o) => o.keywords);
    for (const k of briefInput.secondaryKeywords) expect(placed).toContain(k);
    expect(brief.title.toLowerCase()).toContain('type 2 diabetes');
    expect(brief.title.length).toBeGreaterThanOrEqual(30);
    expect(brief.title.length).toBeLessThanOrEqual(60);
    expect(brief.metaDescription.length).toBeGreaterThanOrEqual(70);
    expect(brief.metaDescription.length).toBeLessThanOrEqual(160);
    expect(brief.outline.some((o) => o.heading === 'When to see a doctor')).toBe(true);
    expect(r.checks.every((c) => c.passed)).toBe(true);
    expect(r.markdown).toContain('## Outline');
  });

  it('uses custom sections and FAQ questions when asked', async () => {
    const custom = await runSkill(
      'content.brief-outline',
      { ...briefInput, sections: ['Food swaps', 'Walking plan'] },
      ctx,
    );
    expect((custom.output as Brief).outline.map((o) => o.heading)).toEqual([
      'Introduction',
      'Food swaps',
      'Walking plan',
      'Conclusion',
    ]);
    const faq = await runSkill('content.brief-outline', { ...briefInput, format: 'faq' }, ctx);
    expect((faq.output as Brief).outline.filter((o) => o.heading.endsWith('?'))).toHaveLength(6);
  });

  it('apportions with the largest-remainder method', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0.5, 0.25, 0.25]).reduce((a, b) => a + b)).toBe(7);
  });

  it('rejects an out-of-range word count naming the field', async () => {
    await expect(runSkill('content.brief-outline', { ...briefInput, wordCount: 50 }, ctx)).rejects.toSatisfy(
      (e: unknown) => isPlatformError(e, 'VALIDATION') && e.details['field'] === 'wordCount',
    );
  });
});

describe('content.health-claims', () => {
  it('flags cures, guarantees and absolute safety but not statements of fact', async () => {
    const text =
      'Our herbal tea cures diabetes and is 100% safe with no side effects. Results guaranteed! A permanent cure. ' +
      'There is no cure for type 1 diabetes, but insulin helps. Clinically proven to work.';
    const r = await runSkill('content.health-claims', { text }, ctx);
    const o = r.output as { risk: string; flags: { rule: string; phrase: string; severity: string }[] };
    const rules = o.flags.map((f) => f.rule);
    expect(rules).toContain('cure');
    expect(rules).toContain('disease-claim');
    expect(rules).toContain('absolute-safety');
    expect(rules).toContain('no-side-effects');
    expect(rules).toContain('guarantee');
    expect(rules).toContain('clinically-proven');
    // "no cure for type 1 diabetes" is a fact, not a claim.
    expect(o.flags.filter((f) => f.rule === 'cure' || f.rule === 'disease-claim')).toHaveLength(2);
    expect(o.risk).toBe('high');
    expect(r.checks.find((c) => c.name === 'medical disclaimer')?.passed).toBe(false);
    expect(r.checks.find((c) => c.name === 'evidence cited')?.passed).toBe(false);
  });

  it('passes careful copy with a disclaimer and citation', async () => {
    const text =
      'Regular walking may help lower blood sugar (Colberg et al., 2016). Talk to your doctor before changing your routine. ' +
      'This article is not a substitute for professional medical advice.';
    const r = await runSkill('content.health-claims', { text }, ctx);
    expect((r.output as { risk: string }).risk).toBe('low');
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });

  it('reports overlapping matches once', () => {
    const flags = findHealthClaims('A 100% cure.');
    expect(flags).toHaveLength(1);
    expect(flags[0]?.severity).toBe('high');
  });
});

describe('content.article-draft', () => {
  it('returns a writer-ready skeleton offline', async () => {
    const r = await runSkill('content.article-draft', briefInput, ctx);
    const o = r.output as ArticleDraft;
    expect(r.method).toBe('offline');
    expect(o.writtenBy).toBe('offline');
    expect(o.draft).toContain('## What is Type 2 Diabetes?');
    expect(o.draft).toContain('not a substitute for professional medical advice');
  });

  it('screens a model-written draft and marks it as model output', async () => {
    const writer: SkillWriter = {
      write: async () => ({
        text: '# Type 2 diabetes\n\nThis diet cures diabetes in weeks. Talk to your doctor.',
        provider: 'test-model',
        offline: false,
      }),
    };
    const r = await runSkill('content.article-draft', briefInput, { ...ctx, writer });
    expect(r.method).toBe('model');
    expect(r.markdown).toContain('test-model');
    expect(r.checks.find((c) => c.name === 'no prohibited claims in draft')?.passed).toBe(false);
    expect(r.confidence).toBeLessThanOrEqual(0.3);
  });

  it('ignores the scripted offline provider and a failing writer', async () => {
    const scripted: SkillWriter = {
      write: async () => ({ text: 'canned', provider: 'scripted', offline: true }),
    };
    const failing: SkillWriter = {
      write: async () => {
        throw new Error('connection refused');
      },
    };
    const a = await runSkill('content.article-draft', briefInput, { ...ctx, writer: scripted });
    const b = await runSkill('content.article-draft', briefInput, { ...ctx, writer: failing });
    expect(a.method).toBe('offline');
    expect(b.method).toBe('offline');
    expect(b.markdown).toContain('connection refused');
  });
});

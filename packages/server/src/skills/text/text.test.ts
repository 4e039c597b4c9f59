import { describe, expect, it } from 'vitest';
import { isPlatformError } from '../../errors.js';
import { skillRunner } from '../execute.js';
import { keywordDensity } from './text-keyword-density.js';
import { takesAn, type StyleIssue } from './text-style-check.js';
import { textKeywordDensity } from './text-keyword-density.js';
import { textReadability } from './text-readability.js';
import { textStyleCheck } from './text-style-check.js';

const runSkill = skillRunner([textKeywordDensity, textReadability, textStyleCheck]);

const ctx = { now: Date.UTC(2026, 0, 5) };

describe('text.readability', () => {
  it('computes the Flesch formula from its own counts and flags long sentences', async () => {
    const text =
      'Diabetes is common. Eat well and walk daily. ' +
      'Patients who have been diagnosed with type two diabetes mellitus should consult their physician regarding individualised nutritional recommendations and medication adjustments before making significant dietary modifications.';
    const r = await runSkill('text.readability', { text, audience: 'patients' }, ctx);
    const o = r.output as {
      fleschReadingEase: number;
      words: number;
      sentences: number;
      syllables: number;
      longSentences: unknown[];
      meetsTarget: boolean;
    };
    expect(o.sentences).toBe(3);
    const expected = 206.835 - 1.015 * (o.words / o.sentences) - 84.6 * (o.syllables / o.words);
    expect(o.fleschReadingEase).toBeCloseTo(expected, 1);
    expect(o.longSentences).toHaveLength(1);
    expect(r.checks.find((c) => c.name === 'long sentences')?.passed).toBe(false);
    expect(r.method).toBe('offline');
  });

  it('rejects empty text naming the field', async () => {
    await expect(runSkill('text.readability', { text: '' }, ctx)).rejects.toSatisfy(
      (e: unknown) => isPlatformError(e, 'VALIDATION') && e.details['field'] === 'text',
    );
  });
});

describe('text.keyword-density', () => {
  it('counts whole-word phrases and classifies density', async () => {
    const filler = Array.from({ length: 90 }, (_, i) => `word${i}`).join(' ');
    const text = `# Blood pressure basics\nBlood pressure matters. ${filler} Check your blood pressure. Salt intake matters.`;
    const r = await runSkill(
      'text.keyword-density',
      { text, keywords: ['blood pressure', 'salt', 'insulin'] },
      ctx,
    );
    const o = r.output as {
      totalWords: number;
      keywords: { keyword: string; count: number; density: number; status: string; inHeading: boolean }[];
    };
    const bp = o.keywords[0];
    expect(bp?.count).toBe(3);
    expect(bp?.inHeading).toBe(true);
    expect(bp?.density).toBeCloseTo(keywordDensity(3, 2, o.totalWords), 2);
    expect(bp?.status).toBe('stuffed'); // 6 of ~104 words
    expect(o.keywords[1]?.status).toBe('ok'); // 1 of ~104 ≈ 0.96%
    expect(o.keywords[2]).toMatchObject({ count: 0, status: 'missing' });
  });

  it('does not count a keyword inside a longer word', async () => {
    const r = await runSkill(
      'text.keyword-density',
      { text: 'Saltwater is not salt. Salty food.', keywords: ['salt'] },
      ctx,
    );
    expect((r.output as { keywords: { count: number }[] }).keywords[0]?.count).toBe(1);
  });

  it('requires at least one keyword', async () => {
    await expect(runSkill('text.keyword-density', { text: 'x', keywords: [] }, ctx)).rejects.toThrow(
      /keywords/,
    );
  });
});

describe('text.style-check', () => {
  const run = async (text: string) => {
    const r = await runSkill('text.style-check', { text }, ctx);
    return { r, issues: (r.output as { issues: StyleIssue[] }).issues };
  };

  it('finds each classic error at the right place', async () => {
    const text =
      'I think the the plan works. She is a honest person and an useful ally. We could of won. This is better then that. Their is hope.';
    const { r, issues } = await run(text);
    const rules = issues.map((i) => `${i.rule}:${i.excerpt}`);
    expect(rules).toContain('repeated-word:the the');
    expect(rules).toContain('article:a honest');
    expect(rules).toContain('article:an useful');
    expect(rules).toContain('confused-word:could of');
    expect(rules).toContain('confused-word:better then');
    expect(rules).toContain('confused-word:Their is');
    for (const i of issues)
      if (i.excerpt) expect(text.slice(i.offset, i.offset + i.excerpt.length)).toBe(i.excerpt);
    expect(r.checks.find((c) => c.name === 'grammar errors')?.passed).toBe(false);
    expect(r.checks.find((c) => c.name === 'issues located')?.passed).toBe(true);
  });

  it('accepts correct articles including acronyms and silent h', async () => {
    const { issues } = await run(
      'An hour with a university tutor, an MBA student and a CBSE teacher is an honour. A one-off event.',
    );
    expect(issues.filter((i) => i.rule === 'article')).toEqual([]);
  });

  it('flags long sentences and passive voice', async () => {
    const long = `The results were analysed by the committee ${'and then discussed at length '.repeat(6)}today.`;
    const { issues } = await run(long);
    expect(issues.some((i) => i.rule === 'long-sentence')).toBe(true);
    expect(issues.some((i) => i.rule === 'passive-voice' && i.excerpt === 'were analysed')).toBe(true);
  });

  it('gives clean prose a high score', async () => {
    const { r } = await run('Our team ships small changes every day. Customers see fixes within hours.');
    expect((r.output as { score: number }).score).toBe(100);
  });

  it('decides a/an by sound', () => {
    expect(takesAn('apple')).toBe(true);
    expect(takesAn('user')).toBe(false);
    expect(takesAn('FAQ')).toBe(true);
    expect(takesAn('NEET')).toBe(true);
    expect(takesAn('JEE')).toBe(false);
    expect(takesAn('hour')).toBe(true);
    expect(takesAn('8-week')).toBe(true);
  });
});

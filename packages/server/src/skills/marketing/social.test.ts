import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoDay, weekday } from '../shared/dates.js';
import { skillRunner } from '../execute.js';
import type { SkillWriter } from '../skill.js';
import { hashtagsIn, platformLength } from './platforms.js';
import type { CalendarSlot } from './social-calendar.js';
import { interleave } from './social-calendar.js';
import { splitThread } from './social-thread-splitter.js';
import type { Variant } from './social-post-variants.js';
import { socialCalendar } from './social-calendar.js';
import { socialHashtags } from './social-hashtags.js';
import { socialPerformanceReport } from './social-performance-report.js';
import { socialPostCheck } from './social-post-check.js';
import { socialPostVariants } from './social-post-variants.js';
import { socialThreadSplitter } from './social-thread-splitter.js';

const runSkill = skillRunner([
  socialCalendar,
  socialHashtags,
  socialPerformanceReport,
  socialPostCheck,
  socialPostVariants,
  socialThreadSplitter,
]);

const ctx = { now: Date.UTC(2026, 0, 5) };

describe('social.calendar', () => {
  const input = {
    startDate: '2026-01-05',
    weeks: 3,
    platforms: [
      { platform: 'linkedin', postsPerWeek: 3 },
      { platform: 'x', postsPerWeek: 5 },
    ],
    pillars: [
      { name: 'Product', weight: 2 },
      { name: 'Customers', weight: 1 },
      { name: 'Culture', weight: 1 },
    ],
    holidays: ['2026-01-26'],
  };

  it('meets weekly counts on weekdays only, skipping holidays, with balanced pillars', async () => {
    const r = await runSkill('social.calendar', input, ctx);
    const slots = (r.output as { slots: CalendarSlot[] }).slots;
    expect(slots).toHaveLength(3 * (3 + 5));
    for (const s of slots) {
      const d = parseIsoDay(s.date) as number;
      expect([1, 2, 3, 4, 5]).toContain(weekday(d));
      expect(s.date >= '2026-01-05' && s.date <= '2026-01-25').toBe(true);
    }
    for (let w = 1; w <= 3; w++) {
      expect(slots.filter((s) => s.week === w && s.platform === 'x')).toHaveLength(5);
      expect(slots.filter((s) => s.week === w && s.platform === 'linkedin')).toHaveLength(3);
    }
    const product = slots.filter((s) => s.pillar === 'Product').length;
    expect(product).toBe(12);
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });

  it('reports a shortfall when a holiday week has too few days', async () => {
    const r = await runSkill(
      'social.calendar',
      {
        ...input,
        startDate: '2026-01-26',
        weeks: 1,
        platforms: [{ platform: 'x', postsPerWeek: 9 }],
        postingDays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'],
      },
      ctx,
    );
    // Monday 26 Jan is a holiday: 4 days × 2 posts = 8.
    expect((r.output as { slots: CalendarSlot[] }).slots).toHaveLength(8);
    expect(r.checks.find((c) => c.name === 'posts per week')?.passed).toBe(false);
    expect(r.checks.find((c) => c.name === 'no double booking')?.passed).toBe(true);
  });

  it('interleaves exact counts evenly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 6 }), (counts) => {
        const order = interleave(counts);
        counts.forEach((c, i) => expect(order.filter((x) => x === i)).toHaveLength(c));
      }),
    );
    expect(interleave([2, 1, 1])).toEqual([0, 1, 2, 0]);
  });
});

describe('social.post-check', () => {
  it('counts X URLs as 23 and flags posts over the limit', async () => {
    const url = `https://example.com/${'a'.repeat(100)}`;
    expect(platformLength(`Read this ${url}`, 'x')).toBe(10 + 23);
    expect(platformLength('日本', 'x')).toBe(4);
    const r = await runSkill(
      'social.post-check',
      {
        posts: [
          { platform: 'x', text: 'x'.repeat(281) },
          { platform: 'x', text: `${'y'.repeat(250)} ${url}` },
          {
            platform: 'instagram',
            text: `New drop! https://shop.example ${Array.from({ length: 31 }, (_, i) => `#tag${i}`).join(' ')}`,
          },
        ],
      },
      ctx,
    );
    const posts = (r.output as { posts: { problems: string[]; warnings: string[]; length: number }[] }).posts;
    expect(posts[0]?.problems).toHaveLength(1);
    expect(posts[1]?.problems).toEqual([]);
    expect(posts[1]?.length).toBe(274);
    expect(posts[2]?.problems.join()).toMatch(/31 hashtags/);
    expect(posts[2]?.warnings.join()).toMatch(/link in bio/);
  });
});

describe('social.hashtags', () => {
  it('builds valid, unique CamelCase tags from seeds and text, dropping spam', async () => {
    const r = await runSkill(
      'social.hashtags',
      {
        text: 'Cloud cost optimisation helps SaaS teams. Cloud cost reviews every quarter cut waste for SaaS finance teams.',
        platform: 'linkedin',
        seeds: ['FinOps', 'saas', 'followforfollow', '###'],
      },
      ctx,
    );
    const o = r.output as { hashtags: string[]; removed: string[] };
    expect(o.hashtags).toHaveLength(5);
    expect(o.hashtags[0]).toBe('#FinOps');
    expect(o.hashtags).toContain('#CloudCost');
    expect(new Set(o.hashtags.map((h) => h.toLowerCase())).size).toBe(5);
    expect(o.removed).toEqual(expect.arrayContaining(['#Followforfollow (spammy)', '### (invalid)']));
    for (const h of o.hashtags) expect(hashtagsIn(h)).toEqual([h]);
  });
});

describe('social.thread-splitter', () => {
  it('keeps every numbered part within 280 and loses nothing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z]{1,30}[.!?]?$/), { minLength: 1, maxLength: 200 }),
        (ws) => {
          const text = ws.join(' ');
          const parts = splitThread(text, 'x', true);
          for (const p of parts) expect(platformLength(p, 'x')).toBeLessThanOrEqual(280);
          expect(parts.map((p) => p.replace(/ \d+\/\d+$/, '')).join(' ')).toBe(text);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('prefers sentence ends', async () => {
    const sentence = 'This sentence is exactly long enough to matter here.';
    const r = await runSkill(
      'social.thread-splitter',
      { text: Array.from({ length: 8 }, () => sentence).join(' ') },
      ctx,
    );
    const parts = (r.output as { parts: string[] }).parts;
    expect(parts.length).toBe(2);
    for (const p of parts) expect(p.replace(/ \d\/\d$/, '')).toMatch(/\.$/);
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });
});

describe('social.post-variants', () => {
  const input = {
    message:
      'We cut cloud bills by 31% for 40 SaaS teams last quarter. Here is the playbook we used, step by step, with the numbers.',
    link: 'https://example.com/playbook',
    hashtags: ['FinOps', 'SaaS', 'cloud cost', 'DevOps'],
    callToAction: 'Get the playbook.',
    platforms: ['x', 'linkedin', 'instagram', 'threads'],
  };

  it('fits every platform offline', async () => {
    const r = await runSkill('social.post-variants', input, ctx);
    const variants = (r.output as { variants: Variant[] }).variants;
    expect(variants.map((v) => v.platform)).toEqual(['x', 'linkedin', 'instagram', 'threads']);
    expect(variants.find((v) => v.platform === 'instagram')?.text).not.toContain('https://');
    expect(variants.find((v) => v.platform === 'x')?.text).toContain('#FinOps #SaaS');
    expect(r.checks[0]?.passed).toBe(true);
    expect(r.method).toBe('offline');
  });

  it('shortens a long message for X but keeps the link', async () => {
    const r = await runSkill(
      'social.post-variants',
      { ...input, message: 'word '.repeat(150), platforms: ['x'] },
      ctx,
    );
    const v = (r.output as { variants: Variant[] }).variants[0] as Variant;
    expect(v.length).toBeLessThanOrEqual(280);
    expect(v.text).toContain('https://example.com/playbook');
  });

  it('uses model variants that fit and replaces those that do not', async () => {
    const writer: SkillWriter = {
      write: async () => ({
        text: `x: Short and sharp.\nlinkedin: ${'z'.repeat(3100)}`,
        provider: 'm1',
        offline: false,
      }),
    };
    const r = await runSkill(
      'social.post-variants',
      { ...input, platforms: ['x', 'linkedin'] },
      { ...ctx, writer },
    );
    const variants = (r.output as { variants: Variant[] }).variants;
    expect(variants[0]).toMatchObject({ source: 'model', text: 'Short and sharp.' });
    expect(variants[1]?.source).toBe('offline');
    expect(r.method).toBe('model');
  });
});

describe('social.performance-report', () => {
  it('computes rates per platform and reconciles totals', async () => {
    const csv = [
      'date,platform,pillar,post,impressions,likes,comments,shares,clicks',
      '2026-01-05,LinkedIn,Product,A,1000,40,5,5,20',
      '2026-01-06,LinkedIn,Culture,B,500,5,0,0,1',
      '2026-01-06,X,Product,C,2000,20,0,0,10',
      '2026-01-07,X,Product,D,0,0,0,0,0',
    ].join('\n');
    const r = await runSkill('social.performance-report', { csv }, ctx);
    const o = r.output as {
      byPlatform: { key: string; engagementRate: number; ctr: number }[];
      best: { post: string }[];
    };
    expect(o.byPlatform[0]).toMatchObject({ key: 'linkedin', engagementRate: 0.0367, ctr: 0.014 });
    expect(o.byPlatform[1]).toMatchObject({ key: 'x', engagementRate: 0.01 });
    expect(o.best[0]?.post).toBe('A');
    expect(r.checks.find((c) => c.name === 'rows usable')?.passed).toBe(false);
    expect(r.checks.find((c) => c.name === 'totals reconcile')?.passed).toBe(true);
  });

  it('names the bad cell', async () => {
    await expect(
      runSkill('social.performance-report', { csv: 'platform,impressions\nx,many\n' }, ctx),
    ).rejects.toThrow(/csv\[row 1\]\.impressions/);
  });
});

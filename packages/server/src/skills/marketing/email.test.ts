import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlatformError } from '../../errors.js';
import { isWeekend, parseIsoDay } from '../shared/dates.js';
import { skillRunner } from '../execute.js';
import { analyseSubject } from './email-rules.js';
import type { ScheduledStep } from './email-sequence.js';
import { normalCdf, normalQuantile, twoProportionTest } from './stats-ab-significance.js';
import { emailAbSplit } from './email-ab-split.js';
import { emailListHygiene } from './email-list-hygiene.js';
import { emailPersonalizationCheck } from './email-personalization-check.js';
import { emailSequence } from './email-sequence.js';
import { emailSpamCheck } from './email-spam-check.js';
import { emailSubjectCheck } from './email-subject-check.js';
import { statsAbSignificance } from './stats-ab-significance.js';

const runSkill = skillRunner([
  emailAbSplit,
  emailListHygiene,
  emailPersonalizationCheck,
  emailSequence,
  emailSpamCheck,
  emailSubjectCheck,
  statsAbSignificance,
]);

const ctx = { now: Date.UTC(2026, 0, 5) };

describe('email.sequence', () => {
  it('moves sends off weekends and holidays without shrinking gaps', async () => {
    const r = await runSkill(
      'email.sequence',
      {
        startDate: '2026-01-02', // Friday
        holidays: ['2026-01-05'],
        steps: [
          { name: 'Welcome', delayDays: 1, subject: 'Welcome to Acme, {{first_name}}' },
          { name: 'Tips', delayDays: 2, subject: '3 quick tips to get started' },
          { name: 'Offer', delayDays: 3, subject: 'Your onboarding call is ready' },
        ],
      },
      ctx,
    );
    const steps = (r.output as { steps: ScheduledStep[] }).steps;
    // Sat 3 → Mon 5 is a holiday → Tue 6; +2 → Thu 8; +3 → Sun 11 → Mon 12.
    expect(steps.map((s) => s.date)).toEqual(['2026-01-06', '2026-01-08', '2026-01-12']);
    for (const s of steps) expect(isWeekend(parseIsoDay(s.date) as number)).toBe(false);
    expect(r.checks.filter((c) => !c.passed)).toEqual([]);
  });

  it('flags weak subject lines', async () => {
    const r = await runSkill(
      'email.sequence',
      { startDate: '2026-01-05', steps: [{ name: 'x', delayDays: 0, subject: 'FREE MONEY!!! ACT NOW' }] },
      ctx,
    );
    expect(r.checks.find((c) => c.name === 'subject lines')?.passed).toBe(false);
  });

  it('rejects an impossible date naming the field', async () => {
    await expect(
      runSkill(
        'email.sequence',
        { startDate: '2026-02-30', steps: [{ name: 'x', delayDays: 0, subject: 'Hello there friend' }] },
        ctx,
      ),
    ).rejects.toSatisfy(
      (e: unknown) => isPlatformError(e, 'VALIDATION') && e.details['field'] === 'startDate',
    );
  });
});

describe('email subject rules', () => {
  it('rewards clear subjects and penalises spammy ones', () => {
    const good = analyseSubject('Your March invoice summary is ready');
    const bad = analyseSubject('RE: FREE MONEY!!! Winner');
    expect(good.issues).toEqual([]);
    expect(bad.issues.length).toBeGreaterThanOrEqual(4);
    expect(good.score).toBeGreaterThan(bad.score);
  });

  it('ranks candidates best first', async () => {
    const r = await runSkill(
      'email.subject-check',
      { subjects: ['FREE!!!', 'Cut your AWS bill by 20% this quarter', 'hi'] },
      ctx,
    );
    const ranked = (r.output as { ranked: { subject: string }[] }).ranked;
    expect(ranked[0]?.subject).toBe('Cut your AWS bill by 20% this quarter');
  });
});

describe('email.spam-check', () => {
  it('scores a spammy HTML email as high risk', async () => {
    const body =
      '<html><body><p>CONGRATULATIONS WINNER!!! Click here for FREE MONEY, 100% free, no obligation!</p><a href="https://bit.ly/x">click here</a><a href="https://evil.example">https://bank.example</a></body></html>';
    const r = await runSkill('email.spam-check', { subject: 'You have been selected!!!', body }, ctx);
    const o = r.output as { risk: string; findings: { rule: string }[] };
    expect(o.risk).toBe('high');
    const rules = o.findings.map((f) => f.rule);
    expect(rules).toEqual(
      expect.arrayContaining([
        'spam phrase in subject',
        'spam phrase',
        'URL shortener',
        'deceptive link',
        'no unsubscribe',
      ]),
    );
  });

  it('passes a plain, honest newsletter', async () => {
    const body =
      'Hi Asha,\n\nHere are the three product updates from March, with a short video for each.\n\nThanks,\nMeera\n\nUnsubscribe: https://acme.example/u';
    const r = await runSkill('email.spam-check', { subject: 'Three product updates from March', body }, ctx);
    expect((r.output as { risk: string }).risk).toBe('low');
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });
});

describe('email.ab-split', () => {
  const recipients = Array.from({ length: 101 }, (_, i) => `user${i}@example.com`);

  it('assigns everyone exactly once with exact sizes, deterministically', async () => {
    const input = {
      testId: 'spring',
      recipients: [...recipients, 'USER1@example.com', 'bad'],
      variants: [
        { name: 'A', weight: 1 },
        { name: 'B', weight: 2 },
      ],
    };
    const a = await runSkill('email.ab-split', input, ctx);
    const b = await runSkill(
      'email.ab-split',
      { ...input, recipients: [...input.recipients].reverse() },
      ctx,
    );
    const ga = a.output as {
      groups: { name: string; recipients: string[] }[];
      duplicates: number;
      invalid: string[];
    };
    expect(ga.groups.map((g) => g.recipients.length)).toEqual([34, 67]);
    expect(ga.duplicates).toBe(1);
    expect(ga.invalid).toEqual(['bad']);
    expect(new Set(ga.groups.flatMap((g) => g.recipients)).size).toBe(101);
    // Order of the input list does not change who lands where.
    expect((b.output as typeof ga).groups).toEqual(ga.groups);
  });

  it('keeps a holdout and changes assignment with the test id', async () => {
    const a = await runSkill('email.ab-split', { testId: 't1', recipients, holdoutPercent: 10 }, ctx);
    const b = await runSkill('email.ab-split', { testId: 't2', recipients }, ctx);
    const oa = a.output as { groups: { recipients: string[] }[]; holdout: string[] };
    expect(oa.holdout).toHaveLength(10);
    expect(oa.groups.map((g) => g.recipients.length)).toEqual([46, 45]);
    expect((b.output as typeof oa).groups[0]?.recipients).not.toEqual(oa.groups[0]?.recipients);
  });

  it('rejects duplicate variant names naming the field', async () => {
    await expect(
      runSkill(
        'email.ab-split',
        {
          testId: 'x',
          recipients,
          variants: [
            { name: 'A', weight: 1 },
            { name: 'A', weight: 1 },
          ],
        },
        ctx,
      ),
    ).rejects.toThrow(/variants\[1\]\.name/);
  });
});

describe('email.list-hygiene', () => {
  it('classifies each address and reconciles the counts', async () => {
    const r = await runSkill(
      'email.list-hygiene',
      {
        emails: [
          'asha.k@gmail.com',
          'ashak+promo@gmail.com',
          'x@mailinator.com',
          'info@acme.in',
          'ravi@gmial.com',
          'nope',
          'meera@acme.in',
        ],
      },
      ctx,
    );
    const o = r.output as { counts: Record<string, number>; clean: string[] };
    expect(o.counts).toEqual({ ok: 2, invalid: 1, duplicate: 1, disposable: 1, role: 1, typo: 1 });
    expect(o.clean).toEqual(['asha.k@gmail.com', 'meera@acme.in']);
    expect(r.checks[0]?.passed).toBe(true);
  });
});

describe('email.personalization-check', () => {
  it('finds recipients whose tags would not resolve and honours fallbacks', async () => {
    const r = await runSkill(
      'email.personalization-check',
      {
        subject: 'Hi {{first_name}}',
        body: 'Your plan at {{company}} renews on {{renewal_date}}. Cheers, {{sender | "Team Acme"}}',
        recipients: [
          { first_name: 'Asha', company: 'Acme', renewal_date: '1 March' },
          { first_name: '', company: 'Beta', renewal_date: '2 March' },
          { first_name: 'Ravi', company: 'Gamma' },
        ],
        fallbacks: { first_name: 'there' },
      },
      ctx,
    );
    const o = r.output as {
      failures: { recipient: number; missing: string[] }[];
      previews: { subject: string; body: string }[];
    };
    expect(o.failures).toEqual([{ recipient: 2, missing: ['renewal_date'] }]);
    expect(o.previews[1]?.subject).toBe('Hi there');
    expect(o.previews[0]?.body).toBe('Your plan at Acme renews on 1 March. Cheers, Team Acme');
  });

  it('detects malformed tags', async () => {
    const r = await runSkill(
      'email.personalization-check',
      { body: 'Hi {{first_name}, welcome', recipients: [{ first_name: 'A' }] },
      ctx,
    );
    expect(r.checks.find((c) => c.name === 'tag syntax')?.passed).toBe(false);
  });
});

describe('stats.ab-significance', () => {
  it('matches a hand-computed z-test', () => {
    const { z, p } = twoProportionTest(100, 1000, 130, 1000);
    expect(z).toBeCloseTo(2.1027, 3);
    expect(p).toBeCloseTo(0.0355, 3);
  });

  it('has accurate normal functions', () => {
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), (p) => {
        expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
      }),
    );
  });

  it('names a winner only when significant, with Bonferroni for several variants', async () => {
    const r = await runSkill(
      'stats.ab-significance',
      {
        variants: [
          { name: 'A', visitors: 1000, conversions: 100 },
          { name: 'B', visitors: 1000, conversions: 130 },
        ],
      },
      ctx,
    );
    expect((r.output as { winner: string | null }).winner).toBe('B');
    const r3 = await runSkill(
      'stats.ab-significance',
      {
        variants: [
          { name: 'A', visitors: 1000, conversions: 100 },
          { name: 'B', visitors: 1000, conversions: 130 },
          { name: 'C', visitors: 1000, conversions: 101 },
        ],
      },
      ctx,
    );
    // p = 0.0355 > 0.05/2 after correction.
    expect((r3.output as { winner: string | null }).winner).toBeNull();
  });

  it('rejects conversions above visitors naming the field', async () => {
    await expect(
      runSkill(
        'stats.ab-significance',
        {
          variants: [
            { name: 'A', visitors: 10, conversions: 11 },
            { name: 'B', visitors: 10, conversions: 1 },
          ],
        },
        ctx,
      ),
    ).rejects.toSatisfy(
      (e: unknown) => isPlatformError(e, 'VALIDATION') && e.details['field'] === 'variants[0].conversions',
    );
  });
});

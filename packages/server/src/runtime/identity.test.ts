import { describe, expect, it } from 'vitest';
import { createPersonality, displayName, introduce, isWithinWorkingHours } from './personality.js';
import { defineSpecialisation } from './specialisation.js';

const spec = defineSpecialisation({
  agentType: 'content-marketing-healthcare',
  role: 'Content Marketing Specialist',
  domain: 'marketing',
  expertise: 'healthcare articles that pass medical review',
  version: '1.2.0',
  capabilities: ['write-blog-post', 'plan-calendar'],
  constraints: [
    {
      rule: 'Never give medical advice',
      reason: 'Only clinicians may advise patients',
      forbids: ['advise:medical'],
    },
    { rule: 'Never publish without review', reason: 'The customer chose review-all', forbids: ['publish:*'] },
  ],
});

describe('defineSpecialisation', () => {
  it('answers canDo and isConstrained (with the reason)', () => {
    expect(spec.canDo('write-blog-post')).toBe(true);
    expect(spec.canDo('trade-stocks')).toBe(false);
    expect(spec.isConstrained('advise:medical')).toBe('Only clinicians may advise patients');
    expect(spec.isConstrained('publish:linkedin')).toBe('The customer chose review-all');
    expect(spec.isConstrained('draft:post')).toBeUndefined();
  });

  it('is immutable', () => {
    expect(() => {
      (spec as { domain: string }).domain = 'sales';
    }).toThrow(TypeError);
    expect(() => (spec.capabilities as string[]).push('x')).toThrow(TypeError);
    expect(Object.isFrozen(spec.constraints[0])).toBe(true);
  });

  it('rejects bad input naming the field', () => {
    expect(() =>
      defineSpecialisation({
        agentType: 'X Y',
        role: 'r',
        domain: 'd',
        expertise: 'e',
        version: '1',
        capabilities: [],
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'VALIDATION',
        details: expect.objectContaining({ field: 'agentType' }),
      }),
    );
  });
});

describe('personality', () => {
  it('defaults to professional, concise, review-all and the role title as name — never a human name', () => {
    const p = createPersonality();
    expect(p).toMatchObject({
      tone: 'professional',
      verbosity: 'concise',
      language: 'en',
      timezone: 'UTC',
      approvalMode: 'review_all',
    });
    expect(p.name).toBeUndefined();
    expect(displayName(p, spec)).toBe('Content Marketing Specialist');
    expect(introduce(p, spec, 'Acme Clinic')).toBe(
      'I am your Content Marketing Specialist for Acme Clinic (marketing): healthcare articles that pass medical review.',
    );
  });

  it('uses the name the customer gives', () => {
    const p = createPersonality({ name: '  Clinic Writer ', tone: 'casual' });
    expect(displayName(p, spec)).toBe('Clinic Writer');
    expect(introduce(p, spec)).toMatch(/^I am Clinic Writer, your Content Marketing Specialist/);
  });

  it('validates time zones, languages and working hours', () => {
    expect(() => createPersonality({ timezone: 'Mars/Olympus' })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'timezone' }) }),
    );
    expect(() => createPersonality({ workingHours: { start: '9:00', end: '17:00' } })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'workingHours.start' }) }),
    );
    expect(() => createPersonality({ language: 'english!' })).toThrow(/language/);
  });

  it('knows its working hours in its own time zone, including windows past midnight', () => {
    const p = createPersonality({ timezone: 'Asia/Kolkata', workingHours: { start: '09:00', end: '18:00' } });
    // Monday 2026-01-05 03:30 UTC = 09:00 IST.
    expect(isWithinWorkingHours(p, Date.UTC(2026, 0, 5, 3, 30))).toBe(true);
    expect(isWithinWorkingHours(p, Date.UTC(2026, 0, 5, 3, 29))).toBe(false);
    expect(isWithinWorkingHours(p, Date.UTC(2026, 0, 5, 12, 29))).toBe(true);
    expect(isWithinWorkingHours(p, Date.UTC(2026, 0, 5, 12, 30))).toBe(false);
    // Saturday.
    expect(isWithinWorkingHours(p, Date.UTC(2026, 0, 10, 6))).toBe(false);
    const night = createPersonality({ workingHours: { start: '22:00', end: '06:00', days: [5] } });
    expect(isWithinWorkingHours(night, Date.UTC(2026, 0, 9, 23))).toBe(true); // Friday 23:00
    expect(isWithinWorkingHours(night, Date.UTC(2026, 0, 10, 5))).toBe(true); // Saturday 05:00, Friday's shift
    expect(isWithinWorkingHours(night, Date.UTC(2026, 0, 10, 23))).toBe(false);
    expect(isWithinWorkingHours(createPersonality(), 0)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../time.js';
import { checkEligibility, trialDue, type EligibilityFacts } from './trial-rules.js';

const now = Date.UTC(2026, 0, 10);
const limits = { cooldownDays: 30, trialsPerIpPerWeek: 3 };
const ok: EligibilityFacts = {
  emailVerified: true,
  emailDisposable: false,
  agentAvailable: true,
  agentTrials: [],
  hasActiveHire: false,
  lastHireCancelledAt: null,
  ipTrialStarts: [],
};

describe('checkEligibility', () => {
  it('accepts a verified customer with no history', () => {
    expect(checkEligibility(ok, now, limits)).toEqual({ eligible: true });
  });

  it.each([
    ['email-not-verified', { emailVerified: false }],
    ['disposable-email', { emailDisposable: true }],
    ['agent-unavailable', { agentAvailable: false }],
    ['already-hired', { hasActiveHire: true }],
    ['active-trial-exists', { agentTrials: [{ status: 'ACTIVE' as const, endedAt: null }] }],
    ['active-trial-exists', { agentTrials: [{ status: 'PROVISIONING' as const, endedAt: null }] }],
  ])('refuses with %s', (reason, patch) => {
    const v = checkEligibility({ ...ok, ...patch }, now, limits);
    expect(v.eligible).toBe(false);
    expect(v.reason).toBe(reason);
    expect(v.message).toBeTruthy();
  });

  it('keeps a 30-day cooldown after a cancelled trial and lifts it exactly then', () => {
    const cancelledAt = now - 29 * DAY;
    const facts = { ...ok, agentTrials: [{ status: 'CANCELLED' as const, endedAt: cancelledAt }] };
    const v = checkEligibility(facts, now, limits);
    expect(v).toMatchObject({
      eligible: false,
      reason: 'cooldown',
      retryAt: new Date(cancelledAt + 30 * DAY).toISOString(),
    });
    expect(checkEligibility(facts, cancelledAt + 30 * DAY, limits).eligible).toBe(true);
  });

  it('applies the cooldown after an expired trial and after a cancelled hire', () => {
    expect(
      checkEligibility({ ...ok, agentTrials: [{ status: 'EXPIRED', endedAt: now - DAY }] }, now, limits)
        .reason,
    ).toBe('cooldown');
    expect(checkEligibility({ ...ok, lastHireCancelledAt: now - DAY }, now, limits).reason).toBe('cooldown');
    expect(
      checkEligibility({ ...ok, agentTrials: [{ status: 'CONVERTED', endedAt: now - DAY }] }, now, limits)
        .eligible,
    ).toBe(true);
  });

  it('allows at most 3 trials per IP in 7 days and says when the next one is possible', () => {
    const starts = [now - 6 * DAY, now - 2 * DAY, now - HOUR];
    const v = checkEligibility({ ...ok, ipTrialStarts: starts }, now, limits);
    expect(v).toMatchObject({
      eligible: false,
      reason: 'ip-limit',
      retryAt: new Date(now + DAY).toISOString(),
    });
    expect(
      checkEligibility({ ...ok, ipTrialStarts: [now - 8 * DAY, ...starts.slice(1)] }, now, limits).eligible,
    ).toBe(true);
  });

  it('checks the rules in a fixed order (unverified before disposable)', () => {
    expect(checkEligibility({ ...ok, emailVerified: false, emailDisposable: true }, now, limits).reason).toBe(
      'email-not-verified',
    );
  });
});

describe('trialDue', () => {
  const endsAt = now + 7 * DAY;
  const trial = {
    status: 'ACTIVE' as const,
    endsAt,
    reminders: { '2d': null, '1d': null, '6h': null },
    endNoticeAt: null,
  };
  const grace = 24 * HOUR;

  it('waits for the 2-day reminder first', () => {
    expect(trialDue(trial, now, grace)).toEqual({
      reminders: [],
      endNotice: false,
      expire: false,
      nextAt: endsAt - 2 * DAY,
    });
  });

  it('reports each reminder when due and the next event after it', () => {
    expect(trialDue(trial, endsAt - 2 * DAY, grace)).toMatchObject({
      reminders: ['2d'],
      nextAt: endsAt - DAY,
    });
    const sent2d = { ...trial, reminders: { '2d': 1, '1d': null, '6h': null } };
    expect(trialDue(sent2d, endsAt - 6 * HOUR, grace)).toMatchObject({
      reminders: ['1d', '6h'],
      nextAt: endsAt,
    });
  });

  it('sends the end notice at the end and expires after the grace period', () => {
    const allSent = { ...trial, reminders: { '2d': 1, '1d': 1, '6h': 1 } };
    expect(trialDue(allSent, endsAt, grace)).toEqual({
      reminders: [],
      endNotice: true,
      expire: false,
      nextAt: endsAt + grace,
    });
    expect(trialDue({ ...allSent, endNoticeAt: endsAt }, endsAt + grace, grace)).toMatchObject({
      expire: true,
    });
  });

  it('does nothing for trials that are not active', () => {
    expect(trialDue({ ...trial, status: 'CANCELLED' }, endsAt + grace, grace)).toEqual({
      reminders: [],
      endNotice: false,
      expire: false,
      nextAt: null,
    });
  });
});

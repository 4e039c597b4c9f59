import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Eligibility, MailMessage, Page, Session, Trial } from '../../contracts/contracts.js';
import { createHarness, setup, type Harness } from '../testing/marketplace-harness.js';
import type { MailRecord } from '../../store/marketplace-records.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

async function start(
  session: Session,
  agentId = 'content-marketing',
  ip = '10.0.0.1',
  body: object = { agentId, setup },
) {
  return h.call('POST', '/api/v1/trials', { token: session.accessToken, body, ip });
}

async function mails(userId: string): Promise<MailRecord[]> {
  const page = await h.store.mail.list({ limit: 1000, where: { userId } });
  return page.items.map((d) => d.data);
}

function refusal(res: { statusCode: number; json(): unknown }): string | undefined {
  expect(res.statusCode).toBe(412);
  return (res.json() as { error: { code: string; details: { reason?: string } } }).error.details.reason;
}

describe('starting a trial', () => {
  it('provisions the agent, produces a first deliverable from the setup data, and starts the 7-day clock', async () => {
    const s = await h.customer('ann@acme.com', 'Acme');
    const res = await start(s);
    expect(res.statusCode).toBe(201);
    const trial = res.json() as Trial;
    expect(trial).toMatchObject({
      agentId: 'content-marketing',
      status: 'ACTIVE',
      startedAt: '2026-01-05T09:00:00.000Z',
      endsAt: '2026-01-12T09:00:00.000Z',
      graceEndsAt: '2026-01-13T09:00:00.000Z',
      inGrace: false,
      deliverableCount: 1,
      pendingApprovals: 1,
      setup: { instanceName: 'Blog desk' },
    });
    expect(trial.budget).toMatchObject({ runsUsed: 1, exhausted: false });
    expect(trial.reminders.map((r) => [r.kind, r.dueAt])).toEqual([
      ['2d', '2026-01-10T09:00:00.000Z'],
      ['1d', '2026-01-11T09:00:00.000Z'],
      ['6h', '2026-01-12T03:00:00.000Z'],
    ]);
    const list = (
      await h.call('GET', `/api/v1/deliverables?trialId=${trial.id}`, { token: s.accessToken })
    ).json() as Page<{ title: string; summary: string; method: string }>;
    expect(list.items[0]?.title).toBe('Content brief and outline for Acme Clinics');
    // The customer's topic from the wizard drove the work, not the canned example.
    expect(list.items[0]?.summary).toContain('Diabetes Diet Tips');
    expect(list.items[0]?.method).toBe('offline');
    expect((await mails(s.user.id)).map((m) => m.kind)).toEqual(
      expect.arrayContaining(['trial-started', 'approval-needed']),
    );
  });

  it('publishes directly in auto-publish mode (no approval)', async () => {
    const s = await h.customer('bo@acme.com');
    const res = await start(s, 'content-marketing', '10.0.0.2', {
      agentId: 'content-marketing',
      setup: { ...setup, approvalMode: 'auto_publish', notificationChannel: 'in_app' },
    });
    expect(res.json()).toMatchObject({ deliverableCount: 1, pendingApprovals: 0 });
  });

  it('never defaults the instance name: an empty name is a validation error naming the field', async () => {
    const s = await h.customer('cy@acme.com');
    const res = await start(s, 'content-marketing', '10.0.0.3', {
      agentId: 'content-marketing',
      setup: { ...setup, instanceName: '  ' },
    });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { message: string } }).error.message).toContain('instanceName');
    const missing = await start(s, 'content-marketing', '10.0.0.3', {
      agentId: 'content-marketing',
      setup: { business: setup.business, approvalMode: 'review_all', notificationChannel: 'email' },
    });
    expect(missing.statusCode).toBe(400);
  });

  it('answers 404 for an unknown agent', async () => {
    const s = await h.customer('di@acme.com');
    expect((await start(s, 'plumber')).statusCode).toBe(404);
  });
});

describe('trial eligibility, each refusal with its reason', () => {
  it('needs a verified email', async () => {
    const s = await h.signUp('unverified@acme.com');
    expect(refusal(await start(s))).toBe('email-not-verified');
  });

  it('refuses disposable email domains', async () => {
    const s = await h.customer('throwaway@mailinator.com');
    expect(refusal(await start(s))).toBe('disposable-email');
  });

  it('allows one active trial per agent type per organisation, but other agents', async () => {
    const s = await h.customer('ed@acme.com');
    expect((await start(s)).statusCode).toBe(201);
    expect(refusal(await start(s, 'content-marketing', '10.0.0.9'))).toBe('active-trial-exists');
    expect((await start(s, 'seo-specialist', '10.0.0.9')).statusCode).toBe(201);
  });

  it('keeps a 30-day cooldown after cancelling, with the date it ends', async () => {
    const s = await h.customer('flo@acme.com');
    const trial = (await start(s)).json() as Trial;
    await h.call('POST', `/api/v1/trials/${trial.id}/cancel`, {
      token: s.accessToken,
      body: { reason: 'not now' },
    });
    const res = await start(s, 'content-marketing', '10.0.0.7');
    expect(refusal(res)).toBe('cooldown');
    expect(res.json()).toMatchObject({
      error: { details: { retryAt: new Date(Date.UTC(2026, 0, 5, 9) + 30 * DAY).toISOString() } },
    });
    await h.advance(30 * DAY);
    expect((await start(await h.login('flo@acme.com'), 'content-marketing', '10.0.0.7')).statusCode).toBe(
      201,
    );
  });

  it('allows at most 3 trials per IP in 7 days, across organisations', async () => {
    const ip = '192.0.2.50';
    for (const [i, agent] of ['content-marketing', 'seo-specialist', 'english-tutor'].entries()) {
      const s = await h.customer(`ip${i}@org${i}.com`);
      expect((await start(s, agent, ip)).statusCode).toBe(201);
    }
    const fourth = await h.customer('ip4@org4.com');
    expect(refusal(await start(fourth, 'content-marketing', ip))).toBe('ip-limit');
    expect((await start(fourth, 'content-marketing', '192.0.2.51')).statusCode).toBe(201);
  });

  it('refuses offline (retired) agents', async () => {
    const s = await h.customer('gil@acme.com');
    expect(refusal(await start(s, 'sales-development-rep'))).toBe('agent-unavailable');
  });

  it('refuses a new trial of an agent already hired', async () => {
    const s = await h.customer('hana@acme.com');
    const trial = (await start(s)).json() as Trial;
    await h.call('POST', `/api/v1/trials/${trial.id}/convert`, {
      token: s.accessToken,
      body: { plan: 'monthly' },
    });
    expect(refusal(await start(s, 'content-marketing', '10.0.0.8'))).toBe('already-hired');
  });

  it('tells the UI in advance through the eligibility route', async () => {
    const s = await h.signUp('pre@acme.com');
    const res = await h.call('GET', '/api/v1/trials/eligibility?agentId=content-marketing', {
      token: s.accessToken,
    });
    expect(res.json() as Eligibility).toMatchObject({ eligible: false, reason: 'email-not-verified' });
    const v = await h.customer('ok@acme.com');
    expect(
      (
        await h.call('GET', '/api/v1/trials/eligibility?agentId=content-marketing', {
          token: v.accessToken,
          ip: '10.1.1.1',
        })
      ).json(),
    ).toEqual({ eligible: true });
  });

  it('lets only one of two simultaneous starts through', async () => {
    const s = await h.customer('race@acme.com');
    const [a, b] = await Promise.all([
      start(s, 'content-marketing', '10.0.1.1'),
      start(s, 'content-marketing', '10.0.1.2'),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 412]);
  });
});

describe('the trial timeline on a fake clock', () => {
  it('sends reminders 2 d, 1 d and 6 h before the end, a grace notice at the end, and expires 24 h later', async () => {
    const s = await h.customer('tim@acme.com');
    const trial = (await start(s)).json() as Trial;
    const kinds = async () =>
      (await mails(s.user.id))
        .filter((m) => m.kind.startsWith('trial-'))
        .map((m) => `${m.kind}:${m.subject}`);

    await h.advance(5 * DAY - 1);
    expect((await kinds()).filter((k) => k.startsWith('trial-reminder'))).toEqual([]);
    await h.advance(1);
    expect((await kinds()).filter((k) => k.startsWith('trial-reminder'))).toEqual([
      'trial-reminder:2 days left in your Content Marketing Agent trial',
    ]);
    await h.advance(DAY);
    await h.advance(18 * HOUR);
    expect((await kinds()).filter((k) => k.startsWith('trial-reminder'))).toHaveLength(3);

    await h.advance(6 * HOUR);
    const token = (await h.login('tim@acme.com')).accessToken;
    const atEnd = (await h.call('GET', `/api/v1/trials/${trial.id}`, { token })).json() as Trial;
    expect(atEnd).toMatchObject({ status: 'ACTIVE', inGrace: true });
    expect(atEnd.reminders.every((r) => r.sentAt !== null)).toBe(true);
    expect(await kinds()).toContain(
      'trial-expired:Your Content Marketing Agent trial has ended — 24 h of grace',
    );

    await h.advance(24 * HOUR - 1);
    expect(
      (
        (
          await h.call('GET', `/api/v1/trials/${trial.id}`, {
            token: (await h.login('tim@acme.com')).accessToken,
          })
        ).json() as Trial
      ).status,
    ).toBe('ACTIVE');
    await h.advance(1);
    const later = (await h.login('tim@acme.com')).accessToken;
    const expired = (await h.call('GET', `/api/v1/trials/${trial.id}`, { token: later })).json() as Trial;
    expect(expired).toMatchObject({ status: 'EXPIRED', inGrace: false, endedAt: '2026-01-13T09:00:00.000Z' });
    expect((await kinds()).filter((k) => k.startsWith('trial-grace-ended'))).toHaveLength(1);
    // Deliverables outlive the trial.
    expect(
      ((await h.call('GET', '/api/v1/deliverables', { token: later })).json() as Page<unknown>).items,
    ).toHaveLength(1);
  });

  it('resumes timers after a restart and sends only the latest reminder that fell due meanwhile', async () => {
    const s = await h.customer('res@acme.com');
    const trial = (await start(s)).json() as Trial;
    // The worker is down while three reminders fall due; its durable timers fire when it is back.
    await h.engine.close();
    await h.clock.setTime(h.clock.now() + 6 * DAY + 20 * HOUR);
    await h.engine.open();
    await h.advance(0);
    const reminders = (await mails(s.user.id)).filter((m) => m.kind === 'trial-reminder');
    expect(reminders.map((m) => m.subject)).toEqual(['6 hours left in your Content Marketing Agent trial']);
    const t = (
      await h.call('GET', `/api/v1/trials/${trial.id}`, {
        token: (await h.login('res@acme.com')).accessToken,
      })
    ).json() as Trial;
    expect(t.reminders.every((r) => r.sentAt !== null)).toBe(true);
  });

  it('stops the timeline when the trial is cancelled, keeping its deliverables', async () => {
    const s = await h.customer('can@acme.com');
    const trial = (await start(s)).json() as Trial;
    const res = await h.call('POST', `/api/v1/trials/${trial.id}/cancel`, { token: s.accessToken, body: {} });
    expect(res.json()).toMatchObject({
      status: 'CANCELLED',
      endedAt: '2026-01-05T09:00:00.000Z',
      deliverableCount: 1,
    });
    await h.advance(10 * DAY);
    expect((await mails(s.user.id)).filter((m) => m.kind === 'trial-reminder')).toEqual([]);
    const token = (await h.login('can@acme.com')).accessToken;
    expect(refusal(await h.call('POST', `/api/v1/trials/${trial.id}/cancel`, { token, body: {} }))).toBe(
      'trial-not-active',
    );
  });
});

describe('setup changes, listing and admin extension', () => {
  it('updates the setup of an open trial only', async () => {
    const s = await h.customer('set@acme.com');
    const trial = (await start(s)).json() as Trial;
    const res = await h.call('PATCH', `/api/v1/trials/${trial.id}/setup`, {
      token: s.accessToken,
      body: { instanceName: 'Newsroom', approvalMode: 'auto_publish' },
    });
    expect(res.json()).toMatchObject({
      setup: { instanceName: 'Newsroom', approvalMode: 'auto_publish', notificationChannel: 'email' },
    });
    expect(
      (await h.call('PATCH', `/api/v1/trials/${trial.id}/setup`, { token: s.accessToken, body: {} }))
        .statusCode,
    ).toBe(400);
    await h.call('POST', `/api/v1/trials/${trial.id}/cancel`, { token: s.accessToken, body: {} });
    expect(
      refusal(
        await h.call('PATCH', `/api/v1/trials/${trial.id}/setup`, {
          token: s.accessToken,
          body: { instanceName: 'Late' },
        }),
      ),
    ).toBe('trial-not-active');
  });

  it('lists the organisation’s trials with a status filter', async () => {
    const s = await h.customer('lst@acme.com');
    await start(s);
    const b = (await start(s, 'seo-specialist', '10.0.0.4')).json() as Trial;
    await h.call('POST', `/api/v1/trials/${b.id}/cancel`, { token: s.accessToken, body: {} });
    const all = (await h.call('GET', '/api/v1/trials', { token: s.accessToken })).json() as Page<Trial>;
    expect(all.items.map((t) => t.agentId)).toEqual(['seo-specialist', 'content-marketing']);
    const cancelled = (
      await h.call('GET', '/api/v1/trials?status=CANCELLED', { token: s.accessToken })
    ).json() as Page<Trial>;
    expect(cancelled.items.map((t) => t.id)).toEqual([b.id]);
    expect((await h.call('GET', '/api/v1/trials?status=NOPE', { token: s.accessToken })).statusCode).toBe(
      400,
    );
  });

  it('lets an admin extend an active trial (reminders move) or revive an expired one', async () => {
    const s = await h.customer('ext@acme.com');
    const trial = (await start(s)).json() as Trial;
    await h.advance(5 * DAY);
    const admin = await h.staff('admin');
    const extended = await h.call('POST', `/api/v1/admin/trials/${trial.id}/extend`, {
      token: admin.accessToken,
      body: { days: 3, reason: 'holiday' },
    });
    expect(extended.json()).toMatchObject({ endsAt: '2026-01-15T09:00:00.000Z', extendedDays: 3 });
    // The 2-day reminder went out at day 5; after the extension it is due again 2 days before the new end.
    expect((extended.json() as Trial).reminders[0]).toEqual({
      kind: '2d',
      dueAt: '2026-01-13T09:00:00.000Z',
      sentAt: null,
    });
    await h.advance(6 * DAY);
    expect(
      (
        (
          await h.call('GET', `/api/v1/trials/${trial.id}`, {
            token: (await h.login('ext@acme.com')).accessToken,
          })
        ).json() as Trial
      ).status,
    ).toBe('EXPIRED');
    const admin2 = await h.login(admin.user.email, 'staff password 123');
    const revived = await h.call('POST', `/api/v1/admin/trials/${trial.id}/extend`, {
      token: admin2.accessToken,
      body: { days: 2, reason: 'goodwill' },
    });
    expect(revived.json()).toMatchObject({ status: 'ACTIVE', endedAt: null, extendedDays: 5 });
    expect((await mails(s.user.id)).some((m) => m.subject === 'Your trial was extended')).toBe(true);
  });

  it('lets operators list every organisation’s trials but not extend them', async () => {
    const s = await h.customer('op@acme.com');
    const trial = (await start(s)).json() as Trial;
    const op = await h.staff('operator');
    const list = (
      await h.call('GET', '/api/v1/admin/trials', { token: op.accessToken })
    ).json() as Page<Trial>;
    expect(list.items.map((t) => t.id)).toContain(trial.id);
    expect(
      (
        await h.call('POST', `/api/v1/admin/trials/${trial.id}/extend`, {
          token: op.accessToken,
          body: { days: 1, reason: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await h.call('POST', `/api/v1/admin/trials/trl_missing/extend`, {
          token: (await h.staff('admin')).accessToken,
          body: { days: 1, reason: 'x' },
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('the trial budget', () => {
  it('is a hard cap: runs beyond it fail with BUDGET_EXHAUSTED and change nothing', async () => {
    const small = await createHarness({ limits: { trialRunLimit: 2, trialCostLimitUsd: 0.5 } });
    try {
      const s = await small.customer('bud@acme.com');
      const trial = (
        await small.call('POST', '/api/v1/trials', {
          token: s.accessToken,
          body: { agentId: 'content-marketing', setup },
          ip: '10.9.9.9',
        })
      ).json() as Trial;
      const trials = small.marketplace.services.trials;
      await expect(trials.chargeRun(s.tenant.id, trial.id, 0.6)).rejects.toMatchObject({
        code: 'BUDGET_EXHAUSTED',
      });
      await trials.chargeRun(s.tenant.id, trial.id, 0.25);
      await expect(trials.chargeRun(s.tenant.id, trial.id)).rejects.toMatchObject({
        code: 'BUDGET_EXHAUSTED',
      });
      const view = (
        await small.call('GET', `/api/v1/trials/${trial.id}`, { token: s.accessToken })
      ).json() as Trial;
      expect(view.budget).toEqual({
        runLimit: 2,
        runsUsed: 2,
        costLimitUsd: 0.5,
        costUsedUsd: 0.25,
        exhausted: true,
      });
      await expect(trials.chargeRun('another-tenant', trial.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await small.close();
    }
  });
});

describe('trial mails in the outbox', () => {
  it('are listed for the customer with a dashboard link', async () => {
    const s = await h.customer('mail@acme.com');
    await start(s);
    const page = (
      await h.call('GET', '/api/v1/mail/outbox', { token: s.accessToken })
    ).json() as Page<MailMessage>;
    expect(page.items.find((m) => m.kind === 'trial-started')?.actionUrl).toBe('/dashboard');
  });
});

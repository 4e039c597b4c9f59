import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Hire, Invoice, Me, Page, Session, Trial } from '../../contracts/contracts.js';
import { createHarness, setup, type Harness } from '../testing/marketplace-harness.js';

const DAY = 86_400_000;

let h: Harness;
let s: Session;
let trial: Trial;
beforeEach(async () => {
  h = await createHarness();
  s = await h.customer('buyer@acme.com', 'Acme');
  trial = (
    await h.call('POST', '/api/v1/trials', {
      token: s.accessToken,
      body: { agentId: 'content-marketing', setup },
      ip: '10.2.0.1',
    })
  ).json() as Trial;
});
afterEach(async () => {
  await h.close();
});

async function convert(plan: 'monthly' | 'annual' = 'monthly', token = s.accessToken) {
  return h.call('POST', `/api/v1/trials/${trial.id}/convert`, { token, body: { plan } });
}

async function invoices(token = s.accessToken): Promise<Invoice[]> {
  return ((await h.call('GET', '/api/v1/invoices', { token })).json() as Page<Invoice>).items;
}

describe('converting a trial', () => {
  it('hires monthly: the trial becomes CONVERTED, the first invoice is issued, the plan becomes business', async () => {
    const res = await convert();
    expect(res.statusCode).toBe(201);
    const hire = res.json() as Hire;
    expect(hire).toMatchObject({
      trialId: trial.id,
      agentId: 'content-marketing',
      instanceName: 'Blog desk',
      plan: 'monthly',
      status: 'active',
      price: { amount: 15000, currency: 'INR' },
      startedAt: '2026-01-05T09:00:00.000Z',
      currentPeriodEnd: '2026-02-05T09:00:00.000Z',
      reviewId: null,
    });
    expect(
      (await h.call('GET', `/api/v1/trials/${trial.id}`, { token: s.accessToken })).json(),
    ).toMatchObject({ status: 'CONVERTED', hireId: hire.id });
    const [invoice] = await invoices();
    expect(invoice).toMatchObject({
      number: 'INV-2026-000001',
      hireId: hire.id,
      status: 'open',
      total: { amount: 15000, currency: 'INR' },
      periodStart: '2026-01-05T09:00:00.000Z',
      periodEnd: '2026-02-05T09:00:00.000Z',
      dueAt: '2026-01-19T09:00:00.000Z',
      provider: 'manual',
    });
    expect(((await h.call('GET', '/api/v1/me', { token: s.accessToken })).json() as Me).tenant.plan).toBe(
      'business',
    );
    expect((await h.lastMail(s.user.id, 'invoice'))?.subject).toBe('Invoice INV-2026-000001: ₹15,000.00');
  });

  it('prices the annual plan at ten months for twelve', async () => {
    const hire = (await convert('annual')).json() as Hire;
    expect(hire).toMatchObject({ price: { amount: 150000 }, currentPeriodEnd: '2027-01-05T09:00:00.000Z' });
    expect((await invoices())[0]?.lines[0]?.description).toContain('2 months free');
  });

  it('converts during grace and after expiry, but never twice or after cancelling', async () => {
    await h.advance(7 * DAY + 3600_000);
    const again = await h.login('buyer@acme.com');
    expect(
      (await h.call('GET', `/api/v1/trials/${trial.id}`, { token: again.accessToken })).json(),
    ).toMatchObject({ inGrace: true });
    expect((await convert('monthly', again.accessToken)).statusCode).toBe(201);
    const twice = await convert('monthly', again.accessToken);
    expect(twice.statusCode).toBe(412);
    expect(twice.json()).toMatchObject({ error: { details: { reason: 'trial-not-convertible' } } });
  });

  it('refuses a cancelled trial', async () => {
    await h.call('POST', `/api/v1/trials/${trial.id}/cancel`, { token: s.accessToken, body: {} });
    expect((await convert()).json()).toMatchObject({
      error: { code: 'PRECONDITION_FAILED', details: { reason: 'trial-not-convertible' } },
    });
  });

  it('validates the plan', async () => {
    expect(
      (
        await h.call('POST', `/api/v1/trials/${trial.id}/convert`, {
          token: s.accessToken,
          body: { plan: 'weekly' },
        })
      ).statusCode,
    ).toBe(400);
  });
});

describe('hire lifecycle and billing periods on a fake clock', () => {
  it('renews each month with a new invoice, numbered in sequence', async () => {
    const hire = (await convert()).json() as Hire;
    await h.advance(31 * DAY);
    const token = (await h.login('buyer@acme.com')).accessToken;
    const list = await invoices(token);
    expect(list.map((i) => [i.number, i.periodStart])).toEqual([
      ['INV-2026-000002', '2026-02-05T09:00:00.000Z'],
      ['INV-2026-000001', '2026-01-05T09:00:00.000Z'],
    ]);
    expect((await h.call('GET', `/api/v1/hires/${hire.id}`, { token })).json()).toMatchObject({
      currentPeriodEnd: '2026-03-05T09:00:00.000Z',
    });
  });

  it('does not renew while paused; resuming after the period starts a new one with its invoice', async () => {
    const hire = (await convert()).json() as Hire;
    const paused = await h.call('POST', `/api/v1/hires/${hire.id}/pause`, { token: s.accessToken });
    expect(paused.json()).toMatchObject({ status: 'paused', pausedAt: '2026-01-05T09:00:00.000Z' });
    expect(
      (await h.call('POST', `/api/v1/hires/${hire.id}/pause`, { token: s.accessToken })).statusCode,
    ).toBe(412);
    await h.advance(40 * DAY);
    const token = (await h.login('buyer@acme.com')).accessToken;
    expect(await invoices(token)).toHaveLength(1);
    const resumed = (await h.call('POST', `/api/v1/hires/${hire.id}/resume`, { token })).json() as Hire;
    expect(resumed).toMatchObject({
      status: 'active',
      pausedAt: null,
      currentPeriodEnd: '2026-03-14T09:00:00.000Z',
    });
    expect(await invoices(token)).toHaveLength(2);
    expect((await h.call('POST', `/api/v1/hires/${hire.id}/resume`, { token })).statusCode).toBe(412);
  });

  it('cancels: no further invoices, deliverables stay, retention drops', async () => {
    const hire = (await convert()).json() as Hire;
    const res = await h.call('POST', `/api/v1/hires/${hire.id}/cancel`, {
      token: s.accessToken,
      body: { reason: 'budget' },
    });
    expect(res.json()).toMatchObject({ status: 'cancelled', cancelledAt: '2026-01-05T09:00:00.000Z' });
    await h.advance(60 * DAY);
    const token = (await h.login('buyer@acme.com')).accessToken;
    expect(await invoices(token)).toHaveLength(1);
    expect(
      ((await h.call('GET', '/api/v1/deliverables', { token })).json() as Page<unknown>).items,
    ).toHaveLength(1);
    expect((await h.call('POST', `/api/v1/hires/${hire.id}/cancel`, { token, body: {} })).statusCode).toBe(
      412,
    );
    expect((await h.call('GET', '/api/v1/agents?industry=marketing', {})).json()).toMatchObject({
      items: [{ retentionPercent: 0 }, {}],
    });
  });

  it('lists hires and reads one invoice', async () => {
    const hire = (await convert()).json() as Hire;
    expect(
      ((await h.call('GET', '/api/v1/hires', { token: s.accessToken })).json() as Page<Hire>).items.map(
        (x) => x.id,
      ),
    ).toEqual([hire.id]);
    const [invoice] = await invoices();
    expect((await h.call('GET', `/api/v1/invoices/${invoice!.id}`, { token: s.accessToken })).json()).toEqual(
      invoice,
    );
    expect((await h.call('GET', '/api/v1/hires/hir_nope', { token: s.accessToken })).statusCode).toBe(404);
  });
});

describe('manual invoices', () => {
  it('are marked paid by an admin only, once', async () => {
    await convert();
    const [invoice] = await invoices();
    const op = await h.staff('operator');
    expect(
      (await h.call('POST', `/api/v1/admin/invoices/${invoice!.id}/mark-paid`, { token: op.accessToken }))
        .statusCode,
    ).toBe(403);
    expect(
      (await h.call('POST', `/api/v1/admin/invoices/${invoice!.id}/mark-paid`, { token: s.accessToken }))
        .statusCode,
    ).toBe(403);
    const admin = await h.staff('admin');
    const paid = await h.call('POST', `/api/v1/admin/invoices/${invoice!.id}/mark-paid`, {
      token: admin.accessToken,
    });
    expect(paid.json()).toMatchObject({ status: 'paid', paidAt: '2026-01-05T09:00:00.000Z' });
    expect(
      (await h.call('POST', `/api/v1/admin/invoices/${invoice!.id}/mark-paid`, { token: admin.accessToken }))
        .statusCode,
    ).toBe(409);
    expect(
      (await h.call('POST', '/api/v1/admin/invoices/inv_nope/mark-paid', { token: admin.accessToken }))
        .statusCode,
    ).toBe(404);
  });
});

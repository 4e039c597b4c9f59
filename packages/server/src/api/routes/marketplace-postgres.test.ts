// The main marketplace journey on PostgreSQL (the clustered store), so JSON filters, keys and
// transactions behave there as they do on the embedded SQLite the other route tests use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Approval, CataloguePage, Hire, Page, Trial } from '../../contracts/contracts.js';
import { createHarness, setup, type Harness } from '../testing/marketplace-harness.js';
import { testPostgres } from '../../testing/services.js';

const pg = await testPostgres();

describe.skipIf(!pg)('marketplace on PostgreSQL', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ postgresUrl: pg!.url });
  });
  afterAll(async () => {
    await h?.close();
    await pg?.drop();
  });

  it('runs sign-up → trial → approval → hire → review, isolated per tenant, through expiry rules', async () => {
    const a = await h.customer('pg-a@acme.com', 'Acme');
    const b = await h.customer('pg-b@other.com', 'Other');
    const trial = (
      await h.call('POST', '/api/v1/trials', {
        token: a.accessToken,
        body: { agentId: 'content-marketing', setup },
        ip: '10.50.0.1',
      })
    ).json() as Trial;
    expect(trial).toMatchObject({ status: 'ACTIVE', deliverableCount: 1, pendingApprovals: 1 });
    expect((await h.call('GET', `/api/v1/trials/${trial.id}`, { token: b.accessToken })).statusCode).toBe(
      404,
    );
    const second = await h.call('POST', '/api/v1/trials', {
      token: a.accessToken,
      body: { agentId: 'content-marketing', setup },
      ip: '10.50.0.2',
    });
    expect(second.json()).toMatchObject({ error: { details: { reason: 'active-trial-exists' } } });

    const [approval] = (
      (
        await h.call('GET', '/api/v1/approvals?status=pending', { token: a.accessToken })
      ).json() as Page<Approval>
    ).items;
    expect(
      (
        await h.call('POST', `/api/v1/approvals/${approval!.id}/decision`, {
          token: a.accessToken,
          body: { decision: 'approve' },
        })
      ).json(),
    ).toMatchObject({ status: 'approved' });
    expect(
      ((await h.call('GET', '/api/v1/approvals', { token: b.accessToken })).json() as Page<Approval>).items,
    ).toEqual([]);

    const hire = (
      await h.call('POST', `/api/v1/trials/${trial.id}/convert`, {
        token: a.accessToken,
        body: { plan: 'annual' },
      })
    ).json() as Hire;
    expect(hire).toMatchObject({ status: 'active', plan: 'annual' });
    expect(
      (await h.call('PUT', `/api/v1/hires/${hire.id}/review`, { token: a.accessToken, body: { rating: 5 } }))
        .statusCode,
    ).toBe(200);
    const page = (await h.call('GET', '/api/v1/agents?minRating=5')).json() as CataloguePage;
    expect(page.items.map((x) => x.id)).toEqual(['content-marketing']);
    expect(page.items[0]).toMatchObject({ rating: { average: 5, count: 1 }, retentionPercent: 100 });

    const other = (
      await h.call('POST', '/api/v1/trials', {
        token: b.accessToken,
        body: { agentId: 'english-tutor', setup },
        ip: '10.50.0.3',
      })
    ).json() as Trial;
    await h.advance(8 * 86_400_000);
    const fresh = await h.login('pg-b@other.com');
    expect(
      (await h.call('GET', `/api/v1/trials/${other.id}`, { token: fresh.accessToken })).json(),
    ).toMatchObject({ status: 'EXPIRED' });
    expect(
      (await h.call('GET', '/api/v1/deliverables/export', { token: fresh.accessToken })).headers[
        'x-deliverable-count'
      ],
    ).toBe('1');
  });
});

// The jobs as the platform wires them (platform.ts): a campaign job started over HTTP runs the campaign
// workflow on the customer's trial with the Brand consult and the Content → Social handoff recorded in
// the store, answers 401 without a token and 404 to another tenant, and is in /openapi.json.
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../contracts/work.js';
import type { Platform } from '../../platform.js';
import { createTestPlatform, verifiedCustomer } from '../testing/test-platform.js';
import { setup } from '../testing/marketplace-harness.js';

describe('jobs on the platform', () => {
  let platform: Platform | undefined;
  afterEach(async () => {
    await platform?.stop();
    platform = undefined;
  });

  it('runs a campaign job to its approval with a consult and a handoff in the production path', async () => {
    platform = await createTestPlatform();
    await platform.start();
    const p = platform;
    const call = async <T>(method: string, url: string, token?: string, body?: unknown) => {
      const res = await p.app.inject({
        method: method as 'GET',
        url,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: res.statusCode, body: res.json() as T };
    };
    const owner = await verifiedCustomer(p, { email: 'mia@clinic.test', password: 'correct horse 12' });
    const other = await verifiedCustomer(p, { email: 'sam@other.test', password: 'correct horse 12' });
    const trial = await call('POST', '/api/v1/trials', owner, {
      agentId: 'content-marketing',
      setup: { ...setup, approvalMode: 'auto_publish' },
    });
    expect(trial.status).toBe(201);

    const brief = { product: 'Sugar-free sweets', audience: 'patients', goal: 'more visits' };
    expect((await call('POST', '/api/v1/jobs', undefined, { kind: 'campaign', brief })).status).toBe(401);
    const created = await call<Job>('POST', '/api/v1/jobs', owner, { kind: 'campaign', brief });
    expect(created.status).toBe(201);
    await p.engine.idle();

    const { body: job } = await call<Job>('GET', `/api/v1/jobs/${created.body.id}`, owner);
    expect(job.status).toBe('awaiting-approval');
    expect(job.timeline.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['consult', 'consult-answered', 'handoff', 'handoff-accepted', 'approval']),
    );
    const interactions = await p.store.protocol.list({ kind: 'consult' });
    expect(interactions.map((i) => [i.initiator, i.assignee, i.status])).toEqual([
      ['email-marketing', 'brand-strategist', 'answered'],
    ]);
    expect((await call('GET', `/api/v1/jobs/${job.id}`, other)).status).toBe(404);

    await p.jobs.answerApproval(await tenantOf(p, 'mia@clinic.test'), job.id, { approved: true }, 'usr');
    await p.engine.idle();
    expect((await call<Job>('GET', `/api/v1/jobs/${job.id}`, owner)).body.status).toBe('done');

    const doc = (await call<{ paths: Record<string, unknown> }>('GET', '/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/jobs', '/api/v1/jobs/{jobId}']));
  });
});

async function tenantOf(p: Platform, email: string): Promise<string> {
  return (await p.store.accounts.getByEmail(email))!.tenantId!;
}

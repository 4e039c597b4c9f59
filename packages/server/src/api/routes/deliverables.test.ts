import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  Approval,
  Dashboard,
  Deliverable,
  DeliverableSummary,
  Page,
  Session,
  Trial,
} from '../../contracts/contracts.js';
import { createHarness, setup, type Harness } from '../testing/marketplace-harness.js';

let h: Harness;
let s: Session;
let trial: Trial;
beforeEach(async () => {
  h = await createHarness();
  s = await h.customer('owner@acme.com', 'Acme');
  trial = (
    await h.call('POST', '/api/v1/trials', {
      token: s.accessToken,
      body: { agentId: 'content-marketing', setup },
      ip: '10.3.0.1',
    })
  ).json() as Trial;
});
afterEach(async () => {
  await h.close();
});

async function deliverables(query = ''): Promise<DeliverableSummary[]> {
  return (
    (
      await h.call('GET', `/api/v1/deliverables${query}`, { token: s.accessToken })
    ).json() as Page<DeliverableSummary>
  ).items;
}

async function pending(): Promise<Approval[]> {
  return (
    (
      await h.call('GET', '/api/v1/approvals?status=pending', { token: s.accessToken })
    ).json() as Page<Approval>
  ).items;
}

/** Records one more deliverable the way the agent runtime does. */
async function produce(title: string) {
  return h.marketplace.services.deliverables.record({
    tenantId: s.tenant.id,
    trialId: trial.id,
    hireId: null,
    agentId: 'content-marketing',
    instanceName: 'Blog desk',
    approvalMode: 'review_all',
    notify: null,
    skillId: 'text.readability',
    title,
    result: {
      output: { ease: 70 },
      summary: `${title} summary`,
      markdown: `# ${title}\n\nBody.`,
      checks: [{ name: 'ease', passed: true, detail: '70' }],
      method: 'offline',
      confidence: 1,
    },
  });
}

describe('deliverables', () => {
  it('lists, filters and shows one with its content and checks', async () => {
    const [first] = await deliverables();
    expect(first).toMatchObject({
      trialId: trial.id,
      status: 'pending_approval',
      method: 'offline',
      skillId: 'content.brief-outline',
    });
    await produce('Weekly readability report');
    expect((await deliverables()).map((d) => d.title)).toEqual([
      'Weekly readability report',
      'Content brief and outline for Acme Clinics',
    ]);
    expect(await deliverables('?agentId=seo-specialist')).toEqual([]);
    const full = (
      await h.call('GET', `/api/v1/deliverables/${first!.id}`, { token: s.accessToken })
    ).json() as Deliverable;
    expect(full.markdown).toContain('#');
    expect(full.checks.length).toBeGreaterThan(0);
    expect(full.approvalId).toMatch(/^apr_/);
  });

  it('downloads one as a Markdown attachment', async () => {
    const [first] = await deliverables();
    const res = await h.call('GET', `/api/v1/deliverables/${first!.id}/download`, { token: s.accessToken });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="2026-01-05-content-brief-and-outline-for-acme-clinics-dlv_[0-9a-z]+\.md"$/,
    );
    const full = (
      await h.call('GET', `/api/v1/deliverables/${first!.id}`, { token: s.accessToken })
    ).json() as Deliverable;
    expect(res.body).toBe(full.markdown);
  });

  it('exports everything as a ZIP with a manifest, also after the trial is cancelled', async () => {
    await produce('Second piece');
    await h.call('POST', `/api/v1/trials/${trial.id}/cancel`, { token: s.accessToken, body: {} });
    const res = await h.call('GET', '/api/v1/deliverables/export', { token: s.accessToken });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['x-deliverable-count']).toBe('2');
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const names = Object.keys(files).sort();
    expect(names).toHaveLength(3);
    expect(names).toContain('manifest.json');
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as {
      count: number;
      deliverables: Array<{ file: string; producedBy: string; agent: string }>;
    };
    expect(manifest.count).toBe(2);
    for (const d of manifest.deliverables) {
      expect(files[d.file]).toBeDefined();
      expect(d).toMatchObject({ producedBy: 'offline', agent: 'Content Marketing Agent' });
    }
    const one = await h.call('GET', `/api/v1/deliverables/export?trialId=${trial.id}`, {
      token: s.accessToken,
    });
    expect(one.headers['content-disposition']).toContain(trial.id);
    expect(
      (await h.call('GET', '/api/v1/deliverables/export?trialId=trl_nope', { token: s.accessToken }))
        .statusCode,
    ).toBe(404);
  });
});

describe('approvals inbox', () => {
  it('holds review-all deliverables and approves one with a comment', async () => {
    const [item] = await pending();
    expect(item).toMatchObject({
      trialId: trial.id,
      status: 'pending',
      agentName: 'Content Marketing Agent',
      instanceName: 'Blog desk',
      dueAt: '2026-01-06T09:00:00.000Z',
    });
    const res = await h.call('POST', `/api/v1/approvals/${item!.id}/decision`, {
      token: s.accessToken,
      body: { decision: 'approve', comment: 'Good start' },
    });
    expect(res.json()).toMatchObject({
      status: 'approved',
      comment: 'Good start',
      decidedBy: s.user.id,
      decidedAt: '2026-01-05T09:00:00.000Z',
    });
    expect((await deliverables())[0]?.status).toBe('approved');
    const again = await h.call('POST', `/api/v1/approvals/${item!.id}/decision`, {
      token: s.accessToken,
      body: { decision: 'reject', comment: 'changed my mind' },
    });
    expect(again.statusCode).toBe(409);
    expect(await pending()).toEqual([]);
  });

  it('rejects with a required comment', async () => {
    const [item] = await pending();
    const noComment = await h.call('POST', `/api/v1/approvals/${item!.id}/decision`, {
      token: s.accessToken,
      body: { decision: 'reject' },
    });
    expect(noComment.statusCode).toBe(400);
    expect((noComment.json() as { error: { message: string } }).error.message).toContain('comment');
    await h.call('POST', `/api/v1/approvals/${item!.id}/decision`, {
      token: s.accessToken,
      body: { decision: 'reject', comment: 'Off-brand tone' },
    });
    expect((await deliverables())[0]).toMatchObject({ status: 'rejected' });
  });

  it('modifies: the corrected text replaces the deliverable', async () => {
    const [item] = await pending();
    expect(
      (
        await h.call('POST', `/api/v1/approvals/${item!.id}/decision`, {
          token: s.accessToken,
          body: { decision: 'modify' },
        })
      ).statusCode,
    ).toBe(400);
    const res = await h.call('POST', `/api/v1/approvals/${item!.id}/decision`, {
      token: s.accessToken,
      body: { decision: 'modify', markdown: '# Fixed title', comment: 'tightened' },
    });
    expect(res.json()).toMatchObject({ status: 'modified' });
    const full = (
      await h.call('GET', `/api/v1/deliverables/${item!.deliverableId}`, { token: s.accessToken })
    ).json() as Deliverable;
    expect(full).toMatchObject({ markdown: '# Fixed title', status: 'approved', reviewComment: 'tightened' });
  });

  it('approves all pending items at once, or the listed ones', async () => {
    await produce('Two');
    await produce('Three');
    const [newest] = await pending();
    expect(
      (
        await h.call('POST', '/api/v1/approvals/approve-all', {
          token: s.accessToken,
          body: { ids: [newest!.id] },
        })
      ).json(),
    ).toEqual({ approved: 1 });
    expect(
      (await h.call('POST', '/api/v1/approvals/approve-all', { token: s.accessToken, body: {} })).json(),
    ).toEqual({ approved: 2 });
    expect(await pending()).toEqual([]);
    expect(
      (await h.call('GET', `/api/v1/approvals/${newest!.id}`, { token: s.accessToken })).json(),
    ).toMatchObject({ status: 'approved' });
  });
});

describe('dashboard', () => {
  it('shows each agent with its trial, weekly output and pending approvals', async () => {
    await produce('Extra');
    const d = (await h.call('GET', '/api/v1/dashboard', { token: s.accessToken })).json() as Dashboard;
    expect(d).toMatchObject({ pendingApprovals: 2, deliverablesThisWeek: 2, openInvoices: 0 });
    expect(d.agents).toHaveLength(1);
    expect(d.agents[0]).toMatchObject({
      agentId: 'content-marketing',
      instanceName: 'Blog desk',
      engagement: 'trial',
      weeklyOutput: 2,
      pendingApprovals: 2,
      hire: null,
      tier: 'premium',
      specialty: 'Healthcare',
    });
    await h.call('POST', `/api/v1/trials/${trial.id}/convert`, {
      token: s.accessToken,
      body: { plan: 'monthly' },
    });
    const after = (await h.call('GET', '/api/v1/dashboard', { token: s.accessToken })).json() as Dashboard;
    expect(after.agents[0]).toMatchObject({ engagement: 'hired', hire: { plan: 'monthly' } });
    expect(after.openInvoices).toBe(1);
  });
});

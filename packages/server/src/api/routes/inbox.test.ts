// The one inbox over HTTP on both stores: deliverable approvals appear as items and are answered there
// or through the approvals routes (kept in step), tenants are isolated (404), operators see all,
// MODIFY creates a revision task through the TaskCreator port, and the SLA escalates on a fake clock.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Approval, Deliverable, Page, Session, Trial } from '../../contracts/contracts.js';
import type { InboxItem } from '../../contracts/work.js';
import { HOUR } from '../../marketplace/time.js';
import { InboxSlaSweeper } from '../../marketplace/inbox/inbox-sla-sweeper.js';
import { openPendingApprovals } from '../../marketplace/inbox/sources/approval-source.js';
import type { NewTask, TaskCreator } from '../../marketplace/work/work-ports.js';
import { createHarness, setup, type Harness } from '../testing/marketplace-harness.js';
import { testPostgres } from '../../testing/services.js';

const pg = await testPostgres();
afterAll(async () => {
  await pg?.drop();
});

/** The in-memory TaskCreator the tests give the inbox (the real one is the task service). */
function memoryTasks(): TaskCreator & { created: NewTask[] } {
  const created: NewTask[] = [];
  return {
    created,
    async create(task) {
      created.push(task);
      return { taskId: `tsk_rev${created.length}`, status: 'queued', created: true };
    },
  };
}

describe.each([
  { store: 'sqlite', url: undefined as string | undefined },
  ...(pg ? [{ store: 'postgres', url: pg.url }] : []),
])('the one inbox on $store', ({ url }) => {
  let h: Harness;
  let a: Session;
  let b: Session;
  let trial: Trial;
  let n = 0;
  beforeAll(async () => {
    h = await createHarness(url ? { postgresUrl: url } : {});
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    n += 1;
    a = await h.customer(`inbox-a${n}@acme.com`, 'Acme');
    b = await h.customer(`inbox-b${n}@other.com`, 'Other');
    trial = (
      await h.call('POST', '/api/v1/trials', {
        token: a.accessToken,
        body: { agentId: 'content-marketing', setup },
        ip: `10.77.0.${n}`,
      })
    ).json() as Trial;
  });
  afterEach(() => undefined);

  const list = async (token: string, query = '') =>
    (await h.call('GET', `/api/v1/inbox${query}`, { token })).json() as Page<InboxItem>;

  it('shows a review-all deliverable as an approval item, answered in the inbox, isolated per tenant', async () => {
    const [item] = (await list(a.accessToken, '?status=open')).items;
    expect(item).toMatchObject({
      kind: 'approval',
      reason: 'review-all',
      status: 'open',
      tenantId: a.tenant.id,
      agentId: 'content-marketing',
      escalationLevel: 0,
      actions: ['approve', 'reject', 'modify'],
    });
    expect((await list(b.accessToken)).items.some((i) => i.id === item!.id)).toBe(false);
    expect((await h.call('GET', `/api/v1/inbox/${item!.id}`, { token: b.accessToken })).statusCode).toBe(404);
    const foreign = await h.call('POST', `/api/v1/inbox/${item!.id}/answer`, {
      token: b.accessToken,
      body: { decision: 'approve' },
    });
    expect(foreign.statusCode).toBe(404);

    const missingWhy = await h.call('POST', `/api/v1/inbox/${item!.id}/answer`, {
      token: a.accessToken,
      body: { decision: 'reject' },
    });
    expect(missingWhy.statusCode).toBe(400);

    const answered = await h.call('POST', `/api/v1/inbox/${item!.id}/answer`, {
      token: a.accessToken,
      body: { decision: 'approve', comment: 'Looks right' },
    });
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toMatchObject({
      status: 'approved',
      answer: { decision: 'approve', comment: 'Looks right', by: a.user.id },
    });
    // The source was called back: the approval is decided and the deliverable published.
    const approvals = (
      (await h.call('GET', '/api/v1/approvals', { token: a.accessToken })).json() as Page<Approval>
    ).items;
    expect(approvals[0]).toMatchObject({ status: 'approved', deliverableId: item!.deliverableId });
    const deliverable = (
      await h.call('GET', `/api/v1/deliverables/${item!.deliverableId}`, { token: a.accessToken })
    ).json() as Deliverable;
    expect(deliverable.status).toBe('approved');
    const again = await h.call('POST', `/api/v1/inbox/${item!.id}/answer`, {
      token: a.accessToken,
      body: { decision: 'approve' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('keeps the approvals routes as a view: deciding there answers the inbox item', async () => {
    const [approval] = (
      (
        await h.call('GET', '/api/v1/approvals?status=pending', { token: a.accessToken })
      ).json() as Page<Approval>
    ).items;
    const decided = await h.call('POST', `/api/v1/approvals/${approval!.id}/decision`, {
      token: a.accessToken,
      body: { decision: 'reject', comment: 'Wrong audience' },
    });
    expect(decided.statusCode).toBe(200);
    const [item] = (await list(a.accessToken, '?kind=approval')).items;
    expect(item).toMatchObject({
      deliverableId: approval!.deliverableId,
      status: 'rejected',
      answer: { decision: 'reject', comment: 'Wrong audience' },
    });
    expect((await list(a.accessToken, '?status=open')).items).toHaveLength(0);
  });

  it('lets an operator see every tenant (or one) and answer for it; auto-publish opens nothing', async () => {
    const op = await h.staff('operator');
    const all = (await list(op.accessToken, '?status=open&limit=100')).items;
    expect(all.some((i) => i.tenantId === a.tenant.id)).toBe(true);
    const onlyB = (await list(op.accessToken, `?tenantId=${b.tenant.id}`)).items;
    expect(onlyB).toHaveLength(0);
    const [item] = (await list(op.accessToken, `?tenantId=${a.tenant.id}&status=open`)).items;
    // A customer cannot widen the view with tenantId.
    expect((await list(b.accessToken, `?tenantId=${a.tenant.id}`)).items).toHaveLength(0);
    const answered = await h.call('POST', `/api/v1/inbox/${item!.id}/answer`, {
      token: op.accessToken,
      body: { decision: 'modify', comment: 'Tighter intro', data: { markdown: '# Better\n\nText.' } },
    });
    expect(answered.json()).toMatchObject({ status: 'modified', answer: { by: op.user.id } });
    const deliverable = (
      await h.call('GET', `/api/v1/deliverables/${item!.deliverableId}`, { token: a.accessToken })
    ).json() as Deliverable;
    expect(deliverable).toMatchObject({ status: 'approved', markdown: '# Better\n\nText.' });

    const before = (await list(a.accessToken)).items.length;
    await h.marketplace.services.deliverables.record({
      tenantId: a.tenant.id,
      trialId: trial.id,
      hireId: null,
      agentId: 'content-marketing',
      instanceName: 'Blog desk',
      approvalMode: 'auto_publish',
      notify: null,
      skillId: 'text.readability',
      title: 'Published at once',
      result: {
        output: {},
        summary: 's',
        markdown: '# s',
        checks: [],
        method: 'offline',
        confidence: 1,
      },
    });
    expect((await list(a.accessToken)).items).toHaveLength(before);
  });

  it('sends a MODIFY of a task item back as a revision task carrying the comment', async () => {
    const inbox = h.marketplace.services.inbox;
    const tasks = memoryTasks();
    inbox.useRevisions(tasks);
    const answers: string[] = [];
    inbox.registerSource(`test-task-${n}`, { answer: async (_i, ans) => void answers.push(ans.decision) });
    const { itemId } = await inbox.open({
      kind: 'approval',
      reason: 'spec-requires-review',
      tenantId: a.tenant.id,
      instanceId: 'ins_test',
      taskId: 'tsk_original',
      title: 'Audit of acme.com',
      body: 'Review the audit',
      actions: ['approve', 'reject', 'modify'],
      source: { kind: `test-task-${n}`, ref: 'tsk_original' },
      revision: { skill: 'seo.page-audit', input: { html: '<title>x</title>' } },
    });
    // Opening again with the same source answers the open item.
    expect(
      (
        await inbox.open({
          kind: 'approval',
          reason: 'spec-requires-review',
          tenantId: a.tenant.id,
          title: 'dup',
          body: 'dup',
          actions: ['approve'],
          source: { kind: `test-task-${n}`, ref: 'tsk_original' },
        })
      ).itemId,
    ).toBe(itemId);
    const res = await h.call('POST', `/api/v1/inbox/${itemId}/answer`, {
      token: a.accessToken,
      body: { decision: 'modify', comment: 'Check the meta description too' },
    });
    expect(res.json()).toMatchObject({ status: 'modified', taskId: 'tsk_original' });
    expect(answers).toEqual(['modify']);
    expect(tasks.created).toEqual([
      {
        tenantId: a.tenant.id,
        instanceId: 'ins_test',
        skill: 'seo.page-audit',
        input: { html: '<title>x</title>' },
        source: 'revision',
        revisionOf: 'tsk_original',
        revisionComment: 'Check the meta description too',
      },
    ]);
    const stored = await h.store.inboxItems.get(itemId);
    expect(stored?.data.answer?.revisionTaskId).toBe('tsk_rev1');
  });

  it('withdraws an item whose source no longer waits, and reopens it when the source fails', async () => {
    const inbox = h.marketplace.services.inbox;
    let fail: Error | undefined;
    inbox.registerSource(`flaky-${n}`, {
      answer: async () => {
        if (fail) throw fail;
      },
    });
    const open = (ref: string) =>
      inbox.open({
        kind: 'escalation',
        reason: 'agent-question',
        tenantId: a.tenant.id,
        title: 'A question',
        body: 'Which tone?',
        actions: ['approve', 'reject'],
        source: { kind: `flaky-${n}`, ref },
      });
    const broken = await open('q1');
    fail = new Error('source down');
    const r1 = await h.call('POST', `/api/v1/inbox/${broken.itemId}/answer`, {
      token: a.accessToken,
      body: { decision: 'approve' },
    });
    expect(r1.statusCode).toBe(500);
    expect((await inbox.get(principal(a), broken.itemId)).status).toBe('open');
    const { PlatformError } = await import('../../errors.js');
    fail = new PlatformError('CONFLICT', 'already resolved');
    const r2 = await h.call('POST', `/api/v1/inbox/${broken.itemId}/answer`, {
      token: a.accessToken,
      body: { decision: 'approve' },
    });
    expect(r2.statusCode).toBe(409);
    expect((await inbox.get(principal(a), broken.itemId)).status).toBe('withdrawn');
    const modifyNotAllowed = await h.call('POST', `/api/v1/inbox/${(await open('q2')).itemId}/answer`, {
      token: a.accessToken,
      body: { decision: 'modify', comment: 'x' },
    });
    expect(modifyNotAllowed.statusCode).toBe(400);
    await inbox.withdraw({ kind: `flaky-${n}`, ref: 'q2' });
    expect((await list(a.accessToken, '?status=withdrawn&kind=escalation')).items).toHaveLength(2);
  });

  it('opens items for approvals still pending from before the inbox, which then answer as usual', async () => {
    const [dlv] = (await h.store.deliverables.list({ tenantId: a.tenant.id, limit: 1 })).items;
    const [apr] = (await h.store.approvals.list({ tenantId: a.tenant.id, limit: 1 })).items;
    const old = await h.store.deliverables.insert({
      id: `dlv_old${n}`,
      tenantId: a.tenant.id,
      data: { ...dlv!.data, title: 'From before', status: 'pending_approval' },
    });
    await h.store.approvals.insert({
      id: `apr_old${n}`,
      tenantId: a.tenant.id,
      data: { ...apr!.data, deliverableId: old.entity.id, title: 'From before', status: 'pending' },
    });
    expect(await h.store.inboxItems.getBySource('approval', `apr_old${n}`)).toBeUndefined();
    await openPendingApprovals(h.store, h.marketplace.services.inbox);
    const item = await h.store.inboxItems.getBySource('approval', `apr_old${n}`);
    expect(item).toMatchObject({
      tenantId: a.tenant.id,
      data: { kind: 'approval', status: 'open', title: 'From before', deliverableId: old.entity.id },
    });
    await h.marketplace.services.inbox.answer(principal(a), item!.id, { decision: 'approve' });
    expect((await h.store.approvals.get(`apr_old${n}`))?.data.status).toBe('approved');
    expect((await h.store.deliverables.get(old.entity.id))?.data.status).toBe('approved');
  });

  it('escalates past-due items from the customer to an operator on the platform clock', async () => {
    const inbox = h.marketplace.services.inbox;
    const sweeper = new InboxSlaSweeper(inbox, h.clock, 60_000);
    await sweeper.start();
    try {
      const [item] = (await list(a.accessToken, '?status=open')).items;
      expect(item!.escalationLevel).toBe(0);
      const due = Date.parse(item!.dueAt);
      await h.advance(due - h.clock.now() - 60_000);
      await sweeper.idle();
      expect((await inbox.get(principal(a), item!.id)).escalationLevel).toBe(0);
      await h.advance(2 * 60_000);
      await sweeper.idle();
      const escalated = await inbox.get(principal(a), item!.id);
      expect(escalated.escalationLevel).toBe(1);
      expect(Date.parse(escalated.dueAt)).toBeGreaterThan(
        h.clock.now() + inbox.slaFor('approval') - 2 * 60_000,
      );
      // The top of the chain: it stays with the operators, open, and does not climb further.
      await h.advance(3 * 48 * HOUR);
      await sweeper.idle();
      expect(await inbox.get(principal(a), item!.id)).toMatchObject({ escalationLevel: 1, status: 'open' });
    } finally {
      await sweeper.stop();
    }
  });

  function principal(s: Session) {
    return {
      userId: s.user.id,
      tenantId: s.tenant.id,
      role: s.user.role,
      email: s.user.email,
      emailVerified: true,
    };
  }
});

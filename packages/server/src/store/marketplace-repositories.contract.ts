// Conformance of the marketplace's typed-table ports: the EntityRepository suite for each of them
// (fixtures below make valid records and the rows they refer to), plus their own lookups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import {
  entityRepositoryConformance,
  type EntityFixture,
  type OpenedTestStore,
  type TestStoreFactory,
} from './entity-repository.contract.js';
import type { Store } from './store.js';
import type {
  ActivityRecord,
  ApprovalRecord,
  DeliverableRecord,
  HireRecord,
  InvoiceRecord,
  MailRecord,
  RefreshTokenRecord,
  ReviewRecord,
  SecretTokenRecord,
  SessionRecord,
  TenantRecord,
  TrialRecord,
  UserRecord,
} from './marketplace-records.js';

const DAY = 86_400_000;
const AT = Date.UTC(2026, 2, 1);

// Parents, idempotent: a repeated call finds the row the first one wrote.
async function user(store: Store, tenantId: string, i = 0): Promise<string> {
  const id = `${tenantId}-u${i}`;
  const { entity } = await store.accounts.insert({
    id,
    tenantId,
    data: {
      email: `${id}@example.test`,
      name: `User ${i}`,
      role: i === 1 ? 'operator' : 'customer',
      passwordHash: 'scrypt$x',
      emailVerifiedAt: null,
      tokensValidAfter: 0,
    },
  });
  return entity.id;
}

async function session(store: Store, tenantId: string, i: number): Promise<{ userId: string; id: string }> {
  const userId = await user(store, tenantId, i);
  const id = `${tenantId}-s${i}`;
  if (!(await store.sessions.get(id)))
    await store.sessions.insert({ id, tenantId, data: { userId, revokedAt: null, revokedReason: null } });
  return { userId, id };
}

function trialRecord(userId: string, i: number): TrialRecord {
  return {
    userId,
    agentId: 'content-marketing',
    attempt: i,
    status: 'ACTIVE',
    setup: {
      instanceName: `Desk ${i}`,
      business: { companyName: 'Acme', industry: 'health', audience: 'patients', topics: ['diet', 'sleep'] },
      approvalMode: 'review_all',
      notificationChannel: 'email',
    },
    startedAt: AT,
    endsAt: AT + 7 * DAY,
    extendedDays: 0,
    reminders: { '2d': AT + 5 * DAY, '1d': null, '6h': null },
    endNoticeAt: null,
    budget: { runLimit: 300, runsUsed: i, costLimitUsd: 5, costUsedUsd: 0.125 },
    ipHash: `ip-${i}`,
    hireId: null,
    endedAt: null,
    cancelReason: null,
    firstDeliverableAt: null,
    workflowInstanceId: `trial:${i}`,
  };
}

export async function trial(store: Store, tenantId: string, i: number): Promise<string> {
  const id = `${tenantId}-trl${i}`;
  if (!(await store.trials.get(id)))
    await store.trials.insert({ id, tenantId, data: trialRecord(await user(store, tenantId), 1000 + i) });
  return id;
}

async function hire(store: Store, tenantId: string, i: number): Promise<{ id: string; trialId: string }> {
  const trialId = await trial(store, tenantId, i);
  const id = `${tenantId}-hir${i}`;
  if (!(await store.hires.get(id)))
    await store.hires.insert({
      id,
      tenantId,
      data: {
        userId: await user(store, tenantId),
        trialId,
        agentId: 'content-marketing',
        instanceName: 'Desk',
        plan: 'monthly',
        status: 'active',
        priceAmount: 15000,
        currency: 'INR',
        startedAt: AT,
        currentPeriodStart: AT,
        currentPeriodEnd: AT + 31 * DAY,
        pausedAt: null,
        cancelledAt: null,
        cancelReason: null,
      },
    });
  return { id, trialId };
}

async function deliverable(store: Store, tenantId: string, i: number): Promise<string> {
  const trialId = await trial(store, tenantId, i);
  const id = `${tenantId}-dlv${i}`;
  if (!(await store.deliverables.get(id)))
    await store.deliverables.insert({ id, tenantId, data: deliverableRecord(trialId, i) });
  return id;
}

function deliverableRecord(trialId: string, i: number): DeliverableRecord {
  return {
    trialId,
    hireId: null,
    agentId: 'content-marketing',
    instanceName: 'Desk',
    title: `Report ${i}`,
    summary: 'A summary with “quotes” and ü',
    skillId: 'text.readability',
    method: 'offline',
    status: 'pending_approval',
    markdown: '# Report\n\nBody.',
    output: { ease: 70.5, words: ['a', 'b'], nested: { ok: true, none: null } },
    checks: [{ name: 'ease', passed: true, detail: '70.5' }],
    confidence: 0.875,
    reviewComment: null,
    approvalId: null,
  };
}

/** Runs the EntityRepository suite on every marketplace port, on one kind of store. */
export function marketplaceRepositoriesConformance(store: string, factory: TestStoreFactory): void {
  const suite = <R, F>(name: string, fixture: EntityFixture<R, F>) =>
    entityRepositoryConformance(`${name} (${store})`, factory, fixture);

  suite<TenantRecord, { plan: TenantRecord['plan'] }>('tenants', {
    repo: (s) => s.tenants,
    tenantOwned: false,
    record: async (_s, _t, i) => ({
      name: `Org ${i}`,
      publicActivity: i % 2 === 0,
      plan: i === 1 ? 'business' : 'free',
    }),
    change: (r) => ({ ...r, name: `${r.name} renamed`, publicActivity: !r.publicActivity }),
    filter: { field: 'plan', of: (r) => r.plan },
  });

  suite<UserRecord, { role: UserRecord['role'] }>('accounts', {
    repo: (s) => s.accounts,
    tenantOwned: true,
    record: async (_s, t, i) => ({
      email: `${t}-${i}@example.test`,
      name: `User ${i}`,
      role: i === 1 ? 'admin' : 'customer',
      passwordHash: 'scrypt$16384$8$1$salt$hash',
      emailVerifiedAt: i === 1 ? AT : null,
      tokensValidAfter: 0,
    }),
    change: (r) => ({ ...r, name: 'Renamed', emailVerifiedAt: AT + 1, tokensValidAfter: AT }),
    filter: { field: 'role', of: (r) => r.role },
    naturalKey: (repo, r) => (repo as Store['accounts']).getByEmail(r.email.toUpperCase()),
  });

  suite<SessionRecord, { userId: string; revokedAt: number }>('sessions', {
    repo: (s) => s.sessions,
    tenantOwned: true,
    record: async (s, t, i) => ({ userId: await user(s, t, i), revokedAt: null, revokedReason: null }),
    change: (r) => ({ ...r, revokedAt: AT, revokedReason: 'logout' }),
    filter: { field: 'userId', of: (r) => r.userId },
    broken: (r) => ({ ...r, userId: 'no-such-user' }),
  });

  suite<RefreshTokenRecord, { userId: string; sessionId: string }>('refreshTokens', {
    repo: (s) => s.refreshTokens,
    tenantOwned: true,
    record: async (s, t, i) => {
      const { userId, id } = await session(s, t, i);
      return { userId, sessionId: id, expiresAt: AT + DAY, rotatedAt: null };
    },
    change: (r) => ({ ...r, rotatedAt: AT }),
    filter: { field: 'sessionId', of: (r) => r.sessionId },
    broken: (r) => ({ ...r, sessionId: 'no-such-session' }),
  });

  suite<SecretTokenRecord, { userId: string; kind: SecretTokenRecord['kind'] }>('secretTokens', {
    repo: (s) => s.secretTokens,
    tenantOwned: true,
    record: async (s, t, i) => ({
      kind: 'verify-email',
      userId: await user(s, t, i),
      expiresAt: AT + DAY,
      usedAt: null,
    }),
    change: (r) => ({ ...r, usedAt: AT }),
    filter: { field: 'userId', of: (r) => r.userId },
    broken: (r) => ({ ...r, userId: 'no-such-user' }),
  });

  suite<TrialRecord, { userId: string; agentId: string; status: TrialRecord['status']; ipHash: string }>(
    'trials',
    {
      repo: (s) => s.trials,
      tenantOwned: true,
      record: async (s, t, i) => trialRecord(await user(s, t), i),
      change: (r) => ({
        ...r,
        status: 'EXPIRED',
        reminders: { '2d': AT, '1d': AT + 1, '6h': AT + 2 },
        budget: { ...r.budget, runsUsed: r.budget.runsUsed + 1, costUsedUsd: 0.25 },
        endedAt: AT + 8 * DAY,
        setup: { ...r.setup, approvalMode: 'auto_publish' },
      }),
      filter: { field: 'ipHash', of: (r) => r.ipHash },
      naturalKey: async (repo, r) =>
        (await repo.list({ where: { agentId: r.agentId, ipHash: r.ipHash }, limit: 1000 })).items.find(
          (e) => e.data.attempt === r.attempt && e.data.userId === r.userId,
        ),
      broken: (r) => ({ ...r, userId: 'no-such-user' }),
    },
  );

  suite<HireRecord, { userId: string; agentId: string; status: HireRecord['status']; trialId: string }>(
    'hires',
    {
      repo: (s) => s.hires,
      tenantOwned: true,
      record: async (s, t, i) => ({
        userId: await user(s, t),
        trialId: await trial(s, t, i),
        agentId: 'content-marketing',
        instanceName: `Desk ${i}`,
        plan: 'annual',
        status: 'active',
        priceAmount: 150000.5,
        currency: 'INR',
        startedAt: AT,
        currentPeriodStart: AT,
        currentPeriodEnd: AT + 365 * DAY,
        pausedAt: null,
        cancelledAt: null,
        cancelReason: null,
      }),
      change: (r) => ({ ...r, status: 'cancelled', cancelledAt: AT, cancelReason: 'Budget cut' }),
      filter: { field: 'trialId', of: (r) => r.trialId },
      naturalKey: (repo, r) => (repo as Store['hires']).getByTrial(r.trialId),
      broken: (r) => ({ ...r, trialId: 'no-such-trial' }),
    },
  );

  suite<InvoiceRecord, { hireId: string; status: InvoiceRecord['status'] }>('invoices', {
    repo: (s) => s.invoices,
    tenantOwned: true,
    record: async (s, t, i) => ({
      number: `INV-${t}-${i}`,
      hireId: (await hire(s, t, i)).id,
      status: 'open',
      currency: 'INR',
      lines: [{ description: 'monthly plan', amount: 15000 }],
      total: 15000,
      periodStart: AT,
      periodEnd: AT + 31 * DAY,
      issuedAt: AT,
      dueAt: AT + 14 * DAY,
      paidAt: null,
      provider: 'manual',
    }),
    change: (r) => ({ ...r, status: 'paid', paidAt: AT + DAY }),
    filter: { field: 'hireId', of: (r) => r.hireId },
    naturalKey: (repo, r) => (repo as Store['invoices']).getForPeriod(r.hireId, r.periodStart),
    broken: (r) => ({ ...r, hireId: 'no-such-hire' }),
  });

  suite<DeliverableRecord, { trialId: string; status: DeliverableRecord['status'] }>('deliverables', {
    repo: (s) => s.deliverables,
    tenantOwned: true,
    record: async (s, t, i) => deliverableRecord(await trial(s, t, i), i),
    change: (r) => ({
      ...r,
      status: 'approved',
      reviewComment: 'fine',
      markdown: '# Changed',
      approvalId: 'apr-1',
    }),
    filter: { field: 'trialId', of: (r) => r.trialId! },
    broken: (r) => ({ ...r, hireId: 'no-such-hire' }),
  });

  suite<ApprovalRecord, { deliverableId: string; status: ApprovalRecord['status'] }>('approvals', {
    repo: (s) => s.approvals,
    tenantOwned: true,
    record: async (s, t, i) => ({
      deliverableId: await deliverable(s, t, i),
      trialId: await trial(s, t, i),
      hireId: null,
      agentId: 'content-marketing',
      instanceName: 'Desk',
      title: `Report ${i}`,
      summary: 'Summary',
      status: 'pending',
      comment: null,
      decidedBy: null,
      decidedAt: null,
      dueAt: AT + DAY,
    }),
    change: (r) => ({ ...r, status: 'rejected', comment: 'Too long', decidedBy: 'usr-1', decidedAt: AT }),
    filter: { field: 'deliverableId', of: (r) => r.deliverableId },
    naturalKey: async (repo, r) => (await repo.list({ where: { deliverableId: r.deliverableId } })).items[0],
    broken: (r) => ({ ...r, deliverableId: 'no-such-deliverable' }),
  });

  suite<ReviewRecord, { hireId: string }>('reviews', {
    repo: (s) => s.reviews,
    tenantOwned: true,
    record: async (s, t, i) => ({
      agentId: 'content-marketing',
      hireId: (await hire(s, t, i)).id,
      userId: await user(s, t),
      rating: 4,
      comment: 'Good',
    }),
    change: (r) => ({ ...r, rating: 2, comment: 'Worse lately' }),
    filter: { field: 'hireId', of: (r) => r.hireId },
    naturalKey: (repo, r) => (repo as Store['reviews']).getByHire(r.hireId),
    broken: (r) => ({ ...r, hireId: 'no-such-hire' }),
  });

  suite<MailRecord, { userId: string; kind: MailRecord['kind'] }>('mail', {
    repo: (s) => s.mail,
    tenantOwned: true,
    // A log: the user is not a checked reference.
    record: async (_s, t, i) => ({
      userId: `${t}-unknown-user-${i}`,
      to: `someone${i}@example.test`,
      subject: 'Hello',
      text: 'Open /x?token=1',
      kind: 'verify-email',
      actionUrl: i === 1 ? '/x?token=1' : null,
      transport: 'outbox',
    }),
    change: (r) => ({ ...r, subject: 'Changed', transport: 'smtp' }),
    filter: { field: 'userId', of: (r) => r.userId! },
  });

  suite<ActivityRecord, { agentId: string; kind: ActivityRecord['kind'] }>('activity', {
    repo: (s) => s.activity,
    tenantOwned: true,
    record: async (_s, t, i) => ({
      agentId: `${t}-agent-${i}`,
      kind: 'deliverable',
      publicAction: 'completed "Report"',
      privateAction: 'produced "Report for Acme"',
      at: AT + i,
    }),
    change: (r) => ({ ...r, kind: 'review', at: r.at + 1 }),
    filter: { field: 'agentId', of: (r) => r.agentId },
  });

  describe(`marketplace lookups (${store})`, () => {
    let opened: OpenedTestStore;
    beforeAll(async () => {
      opened = await factory({ clock: new FakeClock(AT) });
      await opened.store.migrate();
    });
    afterAll(async () => {
      await opened?.cleanup();
    });

    it('keeps one internal organisation: inserting another returns the first', async () => {
      const s = opened.store;
      const internal = { name: 'WAOOAW operations', publicActivity: false, plan: 'internal' } as const;
      const first = await s.tenants.insert({ id: 'ten-int-1', data: internal });
      const second = await s.tenants.insert({ id: 'ten-int-2', data: internal });
      expect(first.created).toBe(true);
      expect(second).toEqual({ entity: first.entity, created: false });
      const free = { ...internal, plan: 'free' } as const;
      expect((await s.tenants.insert({ id: 'ten-free-1', data: free })).created).toBe(true);
      expect((await s.tenants.insert({ id: 'ten-free-2', data: free })).created).toBe(true);
    });

    it('finds a user by email whatever its case, and keeps emails unique', async () => {
      const s = opened.store;
      await s.tenants.insert({ id: 'ten-mail', data: { name: 'M', publicActivity: true, plan: 'free' } });
      const id = await user(s, 'ten-mail', 7);
      expect((await s.accounts.getByEmail(`${id.toUpperCase()}@EXAMPLE.test`))?.id).toBe(id);
      expect(await s.accounts.getByEmail('nobody@example.test')).toBeUndefined();
    });
  });
}

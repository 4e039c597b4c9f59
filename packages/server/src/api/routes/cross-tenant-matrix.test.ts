// Every marketplace route × {own tenant, other tenant, anonymous, wrong role}: refused where it must be,
// and no response to anyone but the owner carries any of the owner's private data.
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  marketplaceRoutes,
  type Approval,
  type DeliverableSummary,
  type Hire,
  type Invoice,
  type MarketplaceRouteName,
  type Page,
  type Session,
  type Trial,
  type TrialSetup,
} from '../../contracts/contracts.js';
import { createHarness, type Harness } from '../testing/marketplace-harness.js';
import { runsOnStore } from '../../testing/backends.js';
import { createAppRole } from '../../testing/postgres-app-role.js';
import { testPostgres } from '../../testing/services.js';
import { createSqlStore } from '../../store/sql-store.js';

type Actor = 'own' | 'other' | 'anonymous' | 'wrongRole';
/** public: no sign-in; tenant: the caller's organisation's data; admin: staff roles across organisations. */
type Kind = 'public' | 'tenant' | 'admin';

interface Ids {
  trial1: string;
  trial2: string;
  trial3: string;
  hire: string;
  deliverable: string;
  approval: string;
  invoice: string;
}

interface Row {
  route: MarketplaceRouteName;
  /** Distinguishes several rows of one route. */
  variant?: string;
  kind: Kind;
  /** `resource`: addresses one of the owner's objects (others get 404); `collection`: answers with the caller's own data. */
  scope?: 'resource' | 'collection';
  url(ids: Ids): string;
  body?(ids: Ids, actor: Actor): unknown;
  /** Expected status for the owner (the right role for admin routes). */
  own: number;
  /** Expected status for other actors on public routes (default 200). */
  publicStatus?: number;
}

const alphaSetup = (instanceName: string): TrialSetup => ({
  instanceName,
  business: {
    companyName: 'Alpha Secret Clinic',
    audience: 'alpha patients',
    topics: ['Alphaproprietary topic'],
  },
  approvalMode: 'review_all',
  notificationChannel: 'email',
});

let n = 0;
const unique = () => `m${++n}`;

// Owner-phase order matters: reads first, then changes that later rows do not depend on.
const rows: Row[] = [
  {
    route: 'signUp',
    kind: 'public',
    url: () => '/api/v1/auth/signup',
    body: () => ({
      email: `${unique()}@new.com`,
      password: 'long enough pw',
      name: 'N',
      organisationName: 'New',
    }),
    own: 202,
    publicStatus: 202,
  },
  {
    route: 'logIn',
    kind: 'public',
    url: () => '/api/v1/auth/login',
    body: () => ({ email: 'a@alpha.com', password: 'wrong password' }),
    own: 401,
    publicStatus: 401,
  },
  {
    route: 'refresh',
    kind: 'public',
    url: () => '/api/v1/auth/refresh',
    body: () => ({ refreshToken: 'not-a-real-refresh-token' }),
    own: 401,
    publicStatus: 401,
  },
  {
    route: 'logOut',
    kind: 'public',
    url: () => '/api/v1/auth/logout',
    body: () => ({ refreshToken: 'not-a-real-refresh-token' }),
    own: 200,
  },
  {
    route: 'verifyEmail',
    kind: 'public',
    url: () => '/api/v1/auth/verify-email',
    body: () => ({ token: 'not-a-real-token-0000' }),
    own: 400,
    publicStatus: 400,
  },
  {
    route: 'requestPasswordReset',
    kind: 'public',
    url: () => '/api/v1/auth/password-reset',
    body: () => ({ email: 'a@alpha.com' }),
    own: 202,
    publicStatus: 202,
  },
  {
    route: 'confirmPasswordReset',
    kind: 'public',
    url: () => '/api/v1/auth/password-reset/confirm',
    body: () => ({ token: 'not-a-real-token-0000', password: 'long enough pw' }),
    own: 400,
    publicStatus: 400,
  },
  {
    route: 'resendVerification',
    kind: 'tenant',
    scope: 'collection',
    url: () => '/api/v1/auth/resend-verification',
    own: 412,
  },
  { route: 'me', kind: 'tenant', scope: 'collection', url: () => '/api/v1/me', own: 200 },
  {
    route: 'outbox',
    kind: 'tenant',
    scope: 'collection',
    url: () => '/api/v1/mail/outbox?limit=100',
    own: 200,
  },
  { route: 'listAgents', kind: 'public', url: () => '/api/v1/agents', own: 200 },
  { route: 'facets', kind: 'public', url: () => '/api/v1/agents/facets', own: 200 },
  { route: 'agentProfile', kind: 'public', url: () => '/api/v1/agents/content-marketing', own: 200 },
  { route: 'agentReviews', kind: 'public', url: () => '/api/v1/agents/content-marketing/reviews', own: 200 },
  { route: 'skillInfo', kind: 'public', url: () => '/api/v1/skills/text.readability', own: 200 },
  {
    route: 'runDemo',
    kind: 'public',
    url: () => '/api/v1/agents/english-tutor/demo',
    body: () => ({ input: { text: 'A plain sentence.' } }),
    own: 200,
  },
  { route: 'activity', kind: 'public', url: () => '/api/v1/activity?limit=100', own: 200 },
  { route: 'activityStream', kind: 'public', url: () => '/api/v1/activity/stream?backlog=50', own: 200 },
  {
    route: 'tenantActivity',
    kind: 'tenant',
    scope: 'collection',
    url: () => '/api/v1/tenant/activity?limit=100',
    own: 200,
  },
  {
    route: 'eligibility',
    kind: 'tenant',
    scope: 'collection',
    url: () => '/api/v1/trials/eligibility?agentId=content-marketing',
    own: 200,
  },
  { route: 'listTrials', kind: 'tenant', scope: 'collection', url: () => '/api/v1/trials', own: 200 },
  {
    route: 'getTrial',
    kind: 'tenant',
    scope: 'resource',
    url: (i) => `/api/v1/trials/${i.trial2}`,
    own: 200,
  },
  { route: 'listHires', kind: 'tenant', scope: 'collection', url: () => '/api/v1/hires', own: 200 },
  { route: 'getHire', kind: 'tenant', scope: 'resource', url: (i) => `/api/v1/hires/${i.hire}`, own: 200 },
  {
    route: 'getReview',
    kind: 'tenant',
    scope: 'resource',
    url: (i) => `/api/v1/hires/${i.hire}/review`,
    own: 200,
  },
  { route: 'listInvoices', kind: 'tenant', scope: 'collection', url: () => '/api/v1/invoices', own: 200 },
  {
    route: 'getInvoice',
    kind: 'tenant',
    scope: 'resource',
    url: (i) => `/api/v1/invoices/${i.invoice}`,
    own: 200,
  },
  {
    route: 'getInvoicePdf',
    kind: 'tenant',
    scope: 'resource',
    url: (i) => `/api/v1/invoices/${i.invoice}/pdf`,
    own: 200,
  },
  {
    route: 'listDeliverables',
    kind: 'tenant',
    scope: 'collection',
    url: () => '/api/v1/deliverables?limit=100',
    own: 200,
  },
  {
    route: 'listDeliverables',
    variant: 'filtered by the owner’s trial',
    kind: 'tenant',
    scope: 'collection',
    url: (i) => `/api/v1/deliverables?trialId=${i.trial1}`,
    own: 200,
  },
  {
    route: 'getDeliverable',
    kind: 'tenant',
    scope: 'resource',
    url: (i) => `/api/v1/deliverables/${i.deliverable}`,
    own: 200,
  },
  {
    route: 'downloadDeliverable',
    kind: 'tenant',
    scope: 'resource',
    url: (i) => `/api/v1/deliverables/${i.deliverable}/download`,
    own: 200,
  },
  {
    route: 'exportDeliverables',
    kind: 'tenant',
    scope: 'collection',
    url: () => '/api/v1/deliverables/export',
    own: 200,
  },
  {
    route: 'exportDeliverables',
    variant: 'one trial',
    kind: 'tenant',
    scope: 'resource',
    url: (i) => `/api/v1/deliverables/export?trialId=${i.trial1}`,
    own: 200,
  },
  { route: 'listApprovals', kind: 'tenant', scope: 'collection', url: () => '/api/v1/approvals', own: 200 },
  {
    route: 'getApproval',
    kind: 'tenant',
    scope: 'resource',
    url: (i) => `/api/v1/approvals/${i.approval}`,
    own: 200,
  },
  { route: 'dashboard', kind: 'tenant', scope: 'collection', url: () => '/api/v1/dashboard', own: 200 },
  { route: 'adminTrials', kind: 'admin', url: () => '/api/v1/admin/trials?limit=100', own: 200 },
  // Changes from here on.
  {
    route: 'updateTenant',
    kind: 'tenant',
    scope: 'collection',
    url: () => '/api/v1/tenant',
    body: () => ({ publicActivity: false }),
    own: 200,
  },
  {
    route: 'updateTrialSetup',
    kind: 'tenant',
    scope: 'resource',
    url: (i) => `/api/v1/trials/${i.trial2}/setup`,
    body: () => ({ instanceName: 'Alpha Renamed' }),
    own: 200,
  },
  {
    route: 'extendTrial',
    kind: 'admin',
    url: (i) => `/api/v1/admin/trials/${i.trial2}/extend`,
    body: () => ({ days: 2, reason: 'matrix' }),
    own: 200,
  },
  {
    route: 'decideApproval',
    kind: 'tenant',
    scope: 'resource',
    url: (i) => `/api/v1/approvals/${i.approval}/decision`,
    body: () => ({ decision: 'approve', comment: 'ok' }),
    own: 200,
  },
  {
    route: 'approveAll',
    kind: 'tenant',
    scope: 'collection',
    url: () => '/api/v1/approvals/approve-all',
    body: () => ({}),
    own: 200,
  },
  {
    route: 'approveAll',
    variant: 'naming the owner’s approval',
    kind: 'tenant',
    scope: 'resource',
    url: () => '/api/v1/approvals/approve-all',
    body: (i) => ({ ids: [i.approval] }),
    own: 200,
  },
  {
    route: 'upsertReview',
    kind: 'tenant',
    scope: 'resource',
    url: (i) => `/api/v1/hires/${i.hire}/review`,
    body: () => ({ rating: 4, comment: 'fine' }),
    own: 200,
  },
  {
    route: 'markInvoicePaid',
    kind: 'admin',
    url: (i) => `/api/v1/admin/invoices/${i.invoice}/mark-paid`,
    own: 200,
  },
  {
    route: 'pauseHire',
    kind: 'tenant',
    scope: 'resource',
    url: (i) => `/api/v1/hires/${i.hire}/pause`,
    own: 200,
  },
  {
    route: 'resumeHire',
    kind: 'tenant',
    scope: 'resource',
    url: (i) => `/api/v1/hires/${i.hire}/resume`,
    own: 200,
  },
  {
    route: 'cancelHire',
    kind: 'tenant',
    scope: 'resource',
    url: (i) => `/api/v1/hires/${i.hire}/cancel`,
    body: () => ({}),
    own: 200,
  },
  {
    route: 'cancelTrial',
    kind: 'tenant',
    scope: 'resource',
    url: (i) => `/api/v1/trials/${i.trial3}/cancel`,
    body: () => ({}),
    own: 200,
  },
  {
    route: 'convertTrial',
    kind: 'tenant',
    scope: 'resource',
    url: (i) => `/api/v1/trials/${i.trial2}/convert`,
    body: () => ({ plan: 'monthly' }),
    own: 201,
  },
  {
    route: 'startTrial',
    kind: 'tenant',
    scope: 'collection',
    url: () => '/api/v1/trials',
    body: (_i, actor) => ({
      agentId: 'content-marketing',
      setup:
        actor === 'own'
          ? alphaSetup('Alpha Fourth')
          : { ...alphaSetup('Beta Desk'), business: { companyName: 'Beta Co' } },
    }),
    own: 412,
  },
];

interface MatrixTarget {
  name: string;
  open?: () => Promise<Harness>;
  cleanup?: () => Promise<void>;
}

/** SQLite, and PostgreSQL with the platform connected as a non-owner role under row-level security. */
function matrixTargets(): MatrixTarget[] {
  const rls: MatrixTarget = { name: 'PostgreSQL under row-level security' };
  if (runsOnStore('postgres')) {
    rls.open = async () => {
      const db = (await testPostgres())!;
      // The owner migrates first: the role is granted the tables that exist.
      const owner = await createSqlStore({ dialect: 'postgres', url: db.url });
      await owner.migrate();
      await owner.close();
      const role = await createAppRole(db);
      rls.cleanup = () => role.drop();
      return createHarness({ postgresUrl: db.url, appRoleUrl: role.url });
    };
  }
  return [{ name: 'SQLite', open: () => createHarness() }, rls];
}

for (const target of matrixTargets()) {
  describe.skipIf(!target.open)(`on ${target.name}`, () => {
    let h: Harness;
    let owner: Session;
    let other: Session;
    let operator: Session;
    let admin: Session;
    let ids: Ids;
    let secrets: string[];

    beforeAll(async () => {
      h = await target.open!();
      owner = await h.customer('a@alpha.com', 'Alpha Secret Org');
      other = await h.customer('b@beta.com', 'Beta Co');
      operator = await h.staff('operator');
      admin = await h.staff('admin');
      const start = async (agentId: string, name: string, ip: string) =>
        (
          await h.call('POST', '/api/v1/trials', {
            token: owner.accessToken,
            body: { agentId, setup: alphaSetup(name) },
            ip,
          })
        ).json() as Trial;
      const trial1 = await start('content-marketing', 'Alpha Writer', '10.8.0.1');
      const trial2 = await start('seo-specialist', 'Alpha Second', '10.8.0.2');
      const trial3 = await start('english-tutor', 'Alpha Third', '10.8.0.3');
      const hire = (
        await h.call('POST', `/api/v1/trials/${trial1.id}/convert`, {
          token: owner.accessToken,
          body: { plan: 'monthly' },
        })
      ).json() as Hire;
      await h.call('PUT', `/api/v1/hires/${hire.id}/review`, {
        token: owner.accessToken,
        body: { rating: 5, comment: 'public praise' },
      });
      const deliverable = (
        (
          await h.call('GET', `/api/v1/deliverables?trialId=${trial1.id}`, { token: owner.accessToken })
        ).json() as Page<DeliverableSummary>
      ).items[0]!;
      const approval = (
        (
          await h.call('GET', '/api/v1/approvals?status=pending', { token: owner.accessToken })
        ).json() as Page<Approval>
      ).items.find((a) => a.trialId === trial2.id)!;
      const invoice = (
        (await h.call('GET', '/api/v1/invoices', { token: owner.accessToken })).json() as Page<Invoice>
      ).items[0]!;
      // The other organisation has data of its own, so "no leak" is not "empty".
      await h.call('POST', '/api/v1/trials', {
        token: other.accessToken,
        body: {
          agentId: 'seo-specialist',
          setup: { ...alphaSetup('Beta Desk'), business: { companyName: 'Beta Co' } },
        },
        ip: '10.8.1.1',
      });
      ids = {
        trial1: trial1.id,
        trial2: trial2.id,
        trial3: trial3.id,
        hire: hire.id,
        deliverable: deliverable.id,
        approval: approval.id,
        invoice: invoice.id,
      };
      secrets = [
        ...Object.values(ids),
        owner.user.id,
        owner.tenant.id,
        'a@alpha.com',
        'Alpha Secret Org',
        'Alpha Secret Clinic',
        'Alpha Writer',
        'Alpha Second',
        'Alpha Third',
        'Alphaproprietary',
      ];
    });

    afterAll(async () => {
      await h?.close();
      await target.cleanup?.();
    });

    function tokenOf(actor: Actor, row: Row): string | undefined {
      if (actor === 'anonymous') return undefined;
      if (row.kind === 'admin') {
        const allowed = marketplaceRoutes[row.route].auth as readonly string[];
        if (actor === 'own') return (allowed.includes('admin') ? admin : operator).accessToken;
        if (actor === 'other') return other.accessToken;
        // Wrong role: the owner's own customer account, or an operator where only admins may act.
        return allowed.includes('operator') ? owner.accessToken : operator.accessToken;
      }
      if (actor === 'own') return owner.accessToken;
      if (actor === 'other') return other.accessToken;
      return operator.accessToken;
    }

    /** Everything a response shows: the body, a ZIP's files, or the first frames of an event stream. */
    async function call(row: Row, actor: Actor): Promise<{ status: number; text: string }> {
      const token = tokenOf(actor, row);
      const { method } = marketplaceRoutes[row.route];
      const url = row.url(ids);
      if (row.route === 'activityStream') {
        const res = await h.app.inject({
          method: 'GET',
          url,
          payloadAsStream: true,
          ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
        });
        const stream = res.stream();
        let text = '';
        stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
        for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
        stream.destroy();
        return { status: res.statusCode, text };
      }
      const body = row.body?.(ids, actor);
      const res = await h.call(method, url, {
        ...(token ? { token } : {}),
        ...(body === undefined ? {} : { body }),
        ip: `10.9.${n % 250}.${++n % 250}`,
      });
      if (res.headers['content-type'] === 'application/zip') {
        const files = unzipSync(new Uint8Array(res.rawPayload));
        return {
          status: res.statusCode,
          text: Object.entries(files)
            .map(([name, data]) => `${name}\n${strFromU8(data)}`)
            .join('\n'),
        };
      }
      return { status: res.statusCode, text: res.body };
    }

    /** Fails when `text` holds a secret the caller did not send itself (a 404 may echo the id it was asked for). */
    function expectNoLeak(text: string, label: string, sent: string): void {
      const leaked = secrets.filter((s) => text.includes(s) && !sent.includes(s));
      expect(leaked, `${label} leaked`).toEqual([]);
    }

    function label(row: Row): string {
      return `${marketplaceRoutes[row.route].method} ${marketplaceRoutes[row.route].path}${row.variant ? ` (${row.variant})` : ''}`;
    }

    describe('cross-tenant matrix', () => {
      it('covers every marketplace route', () => {
        expect(new Set(rows.map((r) => r.route))).toEqual(new Set(Object.keys(marketplaceRoutes)));
        for (const r of rows) {
          const auth = marketplaceRoutes[r.route].auth;
          expect(r.kind, r.route).toBe(auth === 'none' ? 'public' : auth === 'user' ? 'tenant' : 'admin');
        }
      });

      it('refuses or hides every foreign access, leaking nothing', async () => {
        const report: string[] = [];
        for (const row of rows) {
          for (const actor of ['other', 'anonymous', 'wrongRole'] as const) {
            const { status, text } = await call(row, actor);
            const where = `${label(row)} as ${actor}`;
            report.push(`${where}: ${status}`);
            if (row.kind === 'public') expect(status, where).toBe(row.publicStatus ?? 200);
            else if (actor === 'anonymous') expect(status, where).toBe(401);
            else if (row.kind === 'admin') expect(status, where).toBe(403);
            else if (row.scope === 'resource') expect(status, where).toBe(404);
            else expect(status, where).toBeLessThan(500);
            // Every foreign answer must be clean — staff reading the outbox too (they see only their own mail).
            const sent = row.url(ids) + JSON.stringify(row.body?.(ids, actor) ?? '');
            expectNoLeak(text, where, sent);
          }
        }
        expect(report.length).toBe(rows.length * 3);
      });

      it('left the owner’s data untouched after all those foreign attempts', async () => {
        const t2 = (
          await h.call('GET', `/api/v1/trials/${ids.trial2}`, { token: owner.accessToken })
        ).json() as Trial;
        expect(t2).toMatchObject({
          status: 'ACTIVE',
          extendedDays: 0,
          setup: { instanceName: 'Alpha Second' },
        });
        expect(
          (await h.call('GET', `/api/v1/trials/${ids.trial3}`, { token: owner.accessToken })).json(),
        ).toMatchObject({ status: 'ACTIVE' });
        expect(
          (await h.call('GET', `/api/v1/hires/${ids.hire}`, { token: owner.accessToken })).json(),
        ).toMatchObject({ status: 'active' });
        expect(
          (await h.call('GET', `/api/v1/approvals/${ids.approval}`, { token: owner.accessToken })).json(),
        ).toMatchObject({ status: 'pending' });
        expect(
          (await h.call('GET', `/api/v1/invoices/${ids.invoice}`, { token: owner.accessToken })).json(),
        ).toMatchObject({ status: 'open' });
        expect(
          (await h.call('GET', `/api/v1/hires/${ids.hire}/review`, { token: owner.accessToken })).json(),
        ).toMatchObject({ rating: 5 });
      });

      it('serves the owner (or the right role) on every route', async () => {
        for (const row of rows) {
          const { status, text } = await call(row, 'own');
          expect(status, `${label(row)} as owner: ${text.slice(0, 200)}`).toBe(row.own);
          // The leak check is not vacuous: the owner's own answers do carry the owner's data.
          if (row.route === 'getTrial') expect(text).toContain('Alpha Second');
        }
      });
    });
  });
}

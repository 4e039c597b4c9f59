// The operations console's cross-organisation reads on both stores: organisations with counts, search
// and detail, every organisation's hires and invoices (filtered by status), the agents with their spec
// versions; operators and admins only, each read of customers' data in the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trial } from '../../contracts/contracts.js';
import type {
  AdminAgent,
  AdminHire,
  AdminInvoice,
  AdminTenant,
  AdminTenantDetail,
} from '../../contracts/ops-admin.js';
import type { Platform } from '../../platform.js';
import { storeTargets } from '../../testing/backends.js';
import { testPostgres } from '../../testing/services.js';
import { setup } from '../testing/marketplace-harness.js';
import { createTestPlatform, signIn, verifiedCustomer } from '../testing/test-platform.js';

interface Listed<T> {
  items: T[];
  nextCursor?: string;
}

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`operations console reads (${target.kind})`, { timeout: 180_000 }, () => {
    let platform: Platform;
    let drop = async () => undefined as unknown;
    let admin = '';
    let operator = '';
    let customer = '';
    let tenantId = '';
    let trial: Trial;

    const call = (method: 'GET' | 'POST', url: string, token?: string, payload?: object) =>
      platform.app.inject({
        method,
        url,
        ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
        ...(payload ? { payload } : {}),
      });
    const get = async <T>(url: string, token = operator): Promise<T> => {
      const res = await call('GET', url, token);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as T;
    };

    beforeAll(async () => {
      if (target.kind === 'sqlite') platform = await createTestPlatform();
      else {
        const db = (await testPostgres())!;
        platform = await createTestPlatform({ store: { databaseUrl: db.url } });
        drop = () => db.drop();
      }
      admin = await signIn(platform, {
        email: 'boss@waooaw.test',
        password: 'admin password 1',
        role: 'admin',
      });
      operator = await signIn(platform, {
        email: 'ops@waooaw.test',
        password: 'operator password 1',
        role: 'operator',
      });
      customer = await verifiedCustomer(platform, {
        email: 'cora@acme.test',
        password: 'customer password 1',
      });
      tenantId = (await platform.store.accounts.getByEmail('cora@acme.test'))!.tenantId!;
      const agents = (await call('GET', '/api/v1/agents?limit=50')).json() as {
        items: Array<{ id: string; status: string }>;
      };
      const started = await call('POST', '/api/v1/trials', customer, {
        agentId: agents.items.find((a) => a.status === 'available')!.id,
        setup,
      });
      expect(started.statusCode, started.body).toBe(201);
      trial = started.json() as Trial;
      const hired = await call('POST', `/api/v1/trials/${trial.id}/convert`, customer, { plan: 'monthly' });
      expect(hired.statusCode, hired.body).toBe(201);
    });
    afterAll(async () => {
      await platform?.stop();
      await drop();
    });

    it('lists organisations with their counts, finds one by name or id, and opens its detail', async () => {
      const all = await get<Listed<AdminTenant>>('/api/v1/admin/tenants?limit=100');
      const mine = all.items.find((t) => t.id === tenantId)!;
      expect(mine.counts).toEqual({ users: 1, trials: 1, hires: 1, invoices: 1 });
      const byName = await get<Listed<AdminTenant>>(
        `/api/v1/admin/tenants?q=${encodeURIComponent(mine.name.slice(1, 5).toUpperCase())}`,
      );
      expect(byName.items.map((t) => t.id)).toContain(tenantId);
      expect((await get<Listed<AdminTenant>>(`/api/v1/admin/tenants?q=${tenantId}`)).items[0]?.id).toBe(
        tenantId,
      );
      expect((await get<Listed<AdminTenant>>('/api/v1/admin/tenants?q=no-such-org-zz')).items).toEqual([]);

      const detail = await get<AdminTenantDetail>(`/api/v1/admin/tenants/${tenantId}`);
      expect(detail.users.map((u) => u.email)).toEqual(['cora@acme.test']);
      expect(detail.trials.map((t) => t.id)).toEqual([trial.id]);
      expect(detail.hires.map((h) => h.trialId)).toEqual([trial.id]);
      expect((await call('GET', '/api/v1/admin/tenants/ten_missing', operator)).statusCode).toBe(404);
    });

    it('lists every organisation’s hires and invoices, filtered by status; admins mark one paid', async () => {
      const hires = await get<Listed<AdminHire>>('/api/v1/admin/hires?status=active');
      expect(hires.items.map((h) => [h.trialId, h.tenantId])).toEqual([[trial.id, tenantId]]);
      expect((await get<Listed<AdminHire>>('/api/v1/admin/hires?status=cancelled')).items).toEqual([]);

      const open = await get<Listed<AdminInvoice>>('/api/v1/admin/invoices?status=open');
      expect(open.items).toHaveLength(1);
      expect(open.items[0]).toMatchObject({ tenantId, status: 'open' });
      const paid = await call('POST', `/api/v1/admin/invoices/${open.items[0]!.id}/mark-paid`, admin);
      expect(paid.statusCode, paid.body).toBe(200);
      expect((await get<Listed<AdminInvoice>>('/api/v1/admin/invoices?status=open')).items).toEqual([]);
      const nowPaid = await get<Listed<AdminInvoice>>(
        `/api/v1/admin/invoices?status=paid&tenantId=${tenantId}`,
      );
      expect(nowPaid.items.map((i) => i.id)).toEqual([open.items[0]!.id]);
    });

    it('lists the catalogue’s agents with their spec versions and engagement counts', async () => {
      const { items } = await get<{ items: AdminAgent[] }>('/api/v1/admin/agents');
      expect(items.length).toBe(platform.marketplace.services.catalogue.entries.length);
      for (const a of items) {
        expect(a.specVersion).toBe(a.versions[0]?.version ?? null);
        expect(['active', 'deprecated', 'retired']).toContain(a.lifecycle);
      }
      expect(items.find((a) => a.id === trial.agentId)?.stats).toMatchObject({ trials: 1, hires: 1 });
    });

    it('refuses customers and anonymous callers, and records staff reads in the audit trail', async () => {
      for (const url of [
        '/api/v1/admin/tenants',
        `/api/v1/admin/tenants/${tenantId}`,
        '/api/v1/admin/hires',
      ]) {
        expect((await call('GET', url, customer)).statusCode).toBe(403);
        expect((await call('GET', url)).statusCode).toBe(401);
      }
      expect((await call('GET', '/api/v1/admin/invoices', customer)).statusCode).toBe(403);
      expect((await call('GET', '/api/v1/admin/agents', customer)).statusCode).toBe(403);
      const trail = await platform.audit.list({ order: 'desc', limit: 200, action: 'admin.' });
      const actions = new Set(trail.items.map((e) => e.action));
      for (const a of ['admin.tenants.read', 'admin.tenant.read', 'admin.hires.read', 'admin.invoices.read'])
        expect(actions).toContain(a);
      expect(trail.items.find((e) => e.action === 'admin.tenant.read')?.resource).toBe(`tenant:${tenantId}`);
    });
  });
}

// A tenant's data rights through the admin API on both stores: the export holds all of the tenant's data
// and nobody else's; erasure removes its emails and names from every table (and, on SQLite, from the file
// and from a backup taken afterwards), keeps the audit trail verifiable, and leaves other tenants alone.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantErasure, TenantExport } from '../../contracts/operations.js';
import type { Platform } from '../../platform.js';
import { backupSqlite } from '../../store/sqlite-backup.js';
import { storeTargets } from '../../testing/backends.js';
import { testPostgres } from '../../testing/services.js';
import { setup } from '../testing/marketplace-harness.js';
import { createTestPlatform, signIn } from '../testing/test-platform.js';
import { signUpSession } from '../testing/test-platform.js';

const ZELDA = { email: 'zelda.quux@quuxcorp.test', name: 'Zelda Quux', org: 'Quuxcorp Wellness' };
const BRUNO = { email: 'bruno.other@keepme.test', name: 'Bruno Keep', org: 'Keepme Labs' };
const PASSWORD = 'customer password 1';

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`tenant export and erasure (${target.kind})`, { timeout: 180_000 }, () => {
    let platform: Platform;
    let drop = async () => undefined as unknown;
    let dir = '';
    let admin = '';
    const tenants: Record<string, string> = {};

    const call = (method: 'GET' | 'POST', url: string, token?: string, payload?: object) =>
      platform.app.inject({
        method,
        url,
        ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
        ...(payload ? { payload } : {}),
      });

    /** Signs up, verifies through the mailed link, starts a trial for a business named after the org. */
    async function customerWithTrial(who: typeof ZELDA): Promise<void> {
      const session = await signUpSession(platform.app, {
        email: who.email,
        password: PASSWORD,
        name: who.name,
        organisationName: who.org,
      });
      tenants[who.email] = session.tenant.id;
      const mail = (await platform.store.mail.list({ where: { userId: session.user.id } })).items[0]!;
      const token = new URL(mail.data.actionUrl!, 'http://x').searchParams.get('token');
      expect((await call('POST', '/api/v1/auth/verify-email', undefined, { token })).statusCode).toBe(200);
      const agents = (await call('GET', '/api/v1/agents?limit=50')).json() as {
        items: Array<{ id: string; status: string }>;
      };
      const trial = await call('POST', '/api/v1/trials', session.accessToken, {
        agentId: agents.items.find((a) => a.status === 'available')!.id,
        setup: { ...setup, business: { ...setup.business, companyName: `${who.org} Clinics` } },
      });
      expect(trial.statusCode).toBe(201);
    }

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'erase-'));
      if (target.kind === 'sqlite') {
        platform = await createTestPlatform({ store: { sqlitePath: join(dir, 'live.db') } });
      } else {
        const db = (await testPostgres())!;
        platform = await createTestPlatform({ store: { databaseUrl: db.url } });
        drop = () => db.drop();
      }
      admin = await signIn(platform, {
        email: 'dpo@waooaw.test',
        password: 'admin password 1',
        role: 'admin',
      });
      await customerWithTrial(ZELDA);
      await customerWithTrial(BRUNO);
      // A failed log-in is audited: under a pseudonym, never the address.
      await call('POST', '/api/v1/auth/login', undefined, {
        email: ZELDA.email,
        password: 'wrong password 1',
      });
    });
    afterAll(async () => {
      await platform?.stop();
      await drop();
    });

    it('exports all of a tenant’s data and none of another’s; operators may not', async () => {
      const res = await call('GET', `/api/v1/admin/tenants/${tenants[ZELDA.email]}/export`, admin);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toContain('attachment');
      const data = res.json() as TenantExport;
      expect(data.format).toBe('waooaw-tenant-export/1');
      expect(Object.keys(data.tables)).toEqual(
        expect.arrayContaining([
          'mkt_tenants',
          'mkt_users',
          'mkt_trials',
          'mkt_deliverables',
          'mkt_mail',
          'engine_history',
        ]),
      );
      expect(data.tables.mkt_users![0]).toMatchObject({ email: ZELDA.email, name: ZELDA.name });
      expect(data.tables.mkt_users![0]).not.toHaveProperty('password_hash');
      expect(res.body).not.toContain(BRUNO.email);
      const operator = await signIn(platform, {
        email: 'op@waooaw.test',
        password: 'operator pass 1',
        role: 'operator',
      });
      expect(
        (await call('GET', `/api/v1/admin/tenants/${tenants[ZELDA.email]}/export`, operator)).statusCode,
      ).toBe(403);
      expect((await call('GET', '/api/v1/admin/tenants/ten_missing/export', admin)).statusCode).toBe(404);
    });

    it('erases a tenant’s personal data everywhere, keeps the audit trail verifiable, and leaves others alone', async () => {
      const zelda = tenants[ZELDA.email]!;
      const res = await call('POST', `/api/v1/admin/tenants/${zelda}/erase`, admin, {
        reason: 'GDPR request #42',
      });
      expect(res.statusCode, res.body).toBe(200);
      const erasure = res.json() as TenantErasure;
      expect(erasure.tables).toMatchObject({ mkt_users: 1, mkt_tenants: 1, mkt_trials: 1 });
      expect(erasure.tables.mkt_sessions).toBeGreaterThan(0);

      const after = (await call('GET', `/api/v1/admin/tenants/${zelda}/export`, admin)).body;
      for (const personal of [ZELDA.email, ZELDA.name, ZELDA.org, 'zelda'])
        expect(after.toLowerCase()).not.toContain(personal.toLowerCase());
      expect(after).toContain('Erased organisation');
      expect(
        (await call('POST', '/api/v1/auth/login', undefined, { email: ZELDA.email, password: PASSWORD }))
          .statusCode,
      ).toBe(401);

      const other = (await call('GET', `/api/v1/admin/tenants/${tenants[BRUNO.email]}/export`, admin)).body;
      expect(other).toContain(BRUNO.email);
      expect(other).toContain(`${BRUNO.org} Clinics`);
      expect(
        (await call('POST', '/api/v1/auth/login', undefined, { email: BRUNO.email, password: PASSWORD }))
          .statusCode,
      ).toBe(200);

      const trail = await platform.audit.list({ action: 'tenant.erase' });
      expect(trail.items[0]).toMatchObject({
        tenantId: zelda,
        details: expect.objectContaining({ reason: 'GDPR request #42' }),
      });
      const all = JSON.stringify((await platform.audit.list({ limit: 1000 })).items);
      expect(all).not.toContain(ZELDA.email);
      const verify = (await call('POST', '/api/v1/admin/audit/verify', admin)).json() as { valid: boolean };
      expect(verify.valid).toBe(true);
      expect(
        (await call('POST', `/api/v1/admin/tenants/${zelda}/erase`, admin, { reason: 'again' })).statusCode,
      ).toBe(200);
      const internal = (await platform.store.accounts.getByEmail('dpo@waooaw.test'))!.tenantId!;
      expect(
        (await call('POST', `/api/v1/admin/tenants/${internal}/erase`, admin, { reason: 'oops' })).statusCode,
      ).toBe(412);

      if (target.kind === 'sqlite') {
        const copy = join(dir, 'after-erasure.db');
        await backupSqlite(join(dir, 'live.db'), copy);
        for (const file of [copy, join(dir, 'live.db')]) {
          const bytes = readFileSync(file).toString('latin1').toLowerCase();
          for (const personal of [ZELDA.email, ZELDA.name, ZELDA.org])
            expect(bytes, file).not.toContain(personal.toLowerCase());
          expect(bytes).toContain(BRUNO.email);
        }
      }
    });
  });
}

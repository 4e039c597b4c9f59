// Staff accounts through the API on both stores: an admin invites an operator (set-password link in the
// invitee's mail only), changes the role and disables the account (sessions end at once), every change
// audited; first-run bootstrap creates the admin once and never overwrites a password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, MailMessage } from '../../contracts/contracts.js';
import type { StaffUserView } from '../../contracts/operations.js';
import type { Platform } from '../../platform.js';
import { storeTargets } from '../../testing/backends.js';
import { testPostgres } from '../../testing/services.js';
import { createTestPlatform, signIn } from '../testing/test-platform.js';

const ADMIN = { email: 'root@waooaw.test', password: 'bootstrap password 1' };

async function platformOn(kind: string): Promise<{ platform: Platform; drop: () => Promise<void> }> {
  const auth = { adminEmail: ADMIN.email, adminPassword: ADMIN.password };
  if (kind === 'sqlite') return { platform: await createTestPlatform({ auth }), drop: async () => undefined };
  const db = (await testPostgres())!;
  return {
    platform: await createTestPlatform({ auth, store: { databaseUrl: db.url } }),
    drop: () => db.drop(),
  };
}

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`staff accounts (${target.kind})`, { timeout: 120_000 }, () => {
    let platform: Platform;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      ({ platform, drop } = await platformOn(target.kind));
    });
    afterAll(async () => {
      await platform?.stop();
      await drop?.();
    });

    const call = async (
      method: 'GET' | 'POST' | 'PATCH',
      url: string,
      token: string | undefined,
      payload?: object,
    ) =>
      platform.app.inject({
        method,
        url,
        ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
        ...(payload ? { payload } : {}),
      });
    const logIn = (email: string, password: string) =>
      call('POST', '/api/v1/auth/login', undefined, { email, password });

    it('bootstraps the first admin from config once, never overwriting its password', async () => {
      const first = await logIn(ADMIN.email, ADMIN.password);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ user: { role: 'admin', emailVerified: true } });
      const again = await platform.marketplace.services.staff.bootstrapAdmin(
        ADMIN.email,
        'another password 2',
      );
      expect(again.created).toBe(false);
      expect((await logIn(ADMIN.email, 'another password 2')).statusCode).toBe(401);
      expect((await logIn(ADMIN.email, ADMIN.password)).statusCode).toBe(200);
      const audit = await platform.audit.list({ action: 'staff.user.bootstrap' });
      expect(audit.items).toHaveLength(1);
    });

    it('invites an operator, who sets a password from their own mail; the admin never sees the link', async () => {
      const admin = await signIn(platform, ADMIN);
      const invited = await call('POST', '/api/v1/admin/users', admin, {
        email: 'Olga@WAOOAW.test',
        role: 'operator',
        name: 'Olga',
      });
      expect(invited.statusCode).toBe(201);
      const olga = invited.json() as StaffUserView;
      expect(olga).toMatchObject({ email: 'olga@waooaw.test', role: 'operator', disabled: false });
      expect(invited.body).not.toContain('token=');
      expect(
        (await call('POST', '/api/v1/admin/users', admin, { email: 'olga@waooaw.test', role: 'admin' }))
          .statusCode,
      ).toBe(409);

      const adminMail = (
        await call('GET', '/api/v1/mail/outbox?limit=100', admin)
      ).json() as Page<MailMessage>;
      expect(JSON.stringify(adminMail)).not.toContain('olga@waooaw.test');
      const mail = (await platform.store.mail.list({ where: { userId: olga.id } })).items[0]!.data;
      const token = new URL(mail.actionUrl!, 'http://x').searchParams.get('token');
      const set = await call('POST', '/api/v1/auth/password-reset/confirm', undefined, {
        token,
        password: 'olga password 123',
      });
      expect(set.statusCode).toBe(200);
      const session = (await logIn('olga@waooaw.test', 'olga password 123')).json() as {
        accessToken: string;
      };
      // Operators cannot manage staff.
      expect((await call('GET', '/api/v1/admin/users', session.accessToken)).statusCode).toBe(403);
      const list = (await call('GET', '/api/v1/admin/users', admin)).json() as { items: StaffUserView[] };
      expect(list.items.map((u) => [u.email, u.role])).toEqual([
        [ADMIN.email, 'admin'],
        ['olga@waooaw.test', 'operator'],
      ]);
      const audit = await platform.audit.list({ action: 'staff.user.invite' });
      expect(audit.items[0]).toMatchObject({ resource: `user:${olga.id}`, result: 'success' });
    });

    it('changes a role and disables a user, whose sessions end at once; an admin cannot lock themself out', async () => {
      const admin = await signIn(platform, ADMIN);
      const created = await platform.marketplace.services.staff.create({
        email: 'pat@waooaw.test',
        role: 'operator',
        password: 'pat password 123',
      });
      const pat = (await logIn('pat@waooaw.test', 'pat password 123')).json() as {
        accessToken: string;
        refreshToken: string;
      };
      expect((await call('GET', '/api/v1/me', pat.accessToken)).statusCode).toBe(200);

      const promoted = await call('PATCH', `/api/v1/admin/users/${created.user.id}`, admin, {
        role: 'admin',
      });
      expect(promoted.json()).toMatchObject({ role: 'admin', disabled: false });

      const disabled = await call('PATCH', `/api/v1/admin/users/${created.user.id}`, admin, {
        disabled: true,
      });
      expect(disabled.json()).toMatchObject({ disabled: true });
      const me = await call('GET', '/api/v1/me', pat.accessToken);
      expect(me.statusCode).toBe(401);
      expect(
        (await call('POST', '/api/v1/auth/refresh', undefined, { refreshToken: pat.refreshToken }))
          .statusCode,
      ).toBe(401);
      const login = await logIn('pat@waooaw.test', 'pat password 123');
      expect(login.json()).toMatchObject({
        error: { code: 'UNAUTHENTICATED', details: { reason: 'disabled' } },
      });

      await call('PATCH', `/api/v1/admin/users/${created.user.id}`, admin, { disabled: false });
      expect((await logIn('pat@waooaw.test', 'pat password 123')).statusCode).toBe(200);

      const adminId = (await platform.store.accounts.getByEmail(ADMIN.email))!.id;
      const self = await call('PATCH', `/api/v1/admin/users/${adminId}`, admin, { disabled: true });
      expect(self.json()).toMatchObject({
        error: { code: 'PRECONDITION_FAILED', details: { reason: 'own-account' } },
      });
      const customer = await signIn(platform, { email: 'cust@acme.test', password: 'customer password 1' });
      const customerId = (await platform.store.accounts.getByEmail('cust@acme.test'))!.id;
      expect(
        (await call('PATCH', `/api/v1/admin/users/${customerId}`, admin, { role: 'admin' })).statusCode,
      ).toBe(404);
      expect((await call('GET', '/api/v1/admin/users', customer)).statusCode).toBe(403);

      const changes = await platform.audit.list({ action: 'staff.user.update' });
      expect(changes.items.map((e) => e.details)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ role: 'admin' }),
          expect.objectContaining({ disabled: true }),
          expect.objectContaining({ disabled: false }),
        ]),
      );
    });
  });
}

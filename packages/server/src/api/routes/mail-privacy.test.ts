// The mail outbox and account enumeration, on both stores: a customer reads only mail to their own
// address, staff (like everyone) only their own — never another person's body or link, a password-reset
// link is kept nowhere in the outbox (without SMTP it is one line in the platform log), and sign-up
// and reset answer alike — in body and in time — whether the email has an account or not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage, Page } from '../../contracts/contracts.js';
import { testPostgres } from '../../testing/services.js';
import { storeTargets } from '../../testing/backends.js';
import { createHarness, type Harness } from '../testing/marketplace-harness.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`mail outbox and enumeration (${target.kind})`, () => {
    let h: Harness;
    let dropPg: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      const pg = target.kind === 'postgres' ? await testPostgres() : undefined;
      dropPg = pg ? () => pg.drop() : undefined;
      h = await createHarness(pg ? { postgresUrl: pg.url } : {});
    });
    afterAll(async () => {
      await h?.close();
      await dropPg?.();
    });

    const outbox = async (token: string) =>
      ((await h.call('GET', '/api/v1/mail/outbox?limit=100', { token })).json() as Page<MailMessage>).items;

    it('shows everyone only mail to their own address, staff included', async () => {
      const ann = await h.signUp('ann@acme.com');
      const ben = await h.signUp('ben@other.com');
      const annMail = await outbox(ann.accessToken);
      expect(annMail.map((m) => m.to)).toEqual(['ann@acme.com']);
      expect(annMail[0]!.actionUrl).toMatch(/^\/verify-email\?token=/);
      expect((await outbox(ben.accessToken)).map((m) => m.to)).toEqual(['ben@other.com']);

      for (const role of ['operator', 'admin'] as const) {
        const staff = await h.staff(role);
        const seen = await outbox(staff.accessToken);
        expect(seen.filter((m) => m.to !== staff.user.email)).toEqual([]);
        expect(JSON.stringify(seen)).not.toMatch(/ann@acme\.com|ben@other\.com/);
      }
    });

    it('keeps no password-reset link in the outbox; without SMTP the link is one log line', async () => {
      const cat = await h.customer('cat@acme.com');
      await h.call('POST', '/api/v1/auth/password-reset', { body: { email: 'cat@acme.com' } });
      const link = await h.resetLink('cat@acme.com');
      expect(link).toMatch(/^\/reset-password\?token=[A-Za-z0-9_-]{43}$/);
      const kept = await h.store.mail.list({ where: { userId: cat.user.id, kind: 'password-reset' } });
      expect(kept.items).toHaveLength(1);
      expect(kept.items[0]!.data.actionUrl).toBeNull();
      expect(kept.items[0]!.data.text).not.toContain(link!);
      const own = await outbox(cat.accessToken);
      expect(JSON.stringify(own)).not.toContain(link!.split('=')[1]!);
      // The link works.
      const token = new URL(link!, 'http://x').searchParams.get('token')!;
      const done = await h.call('POST', '/api/v1/auth/password-reset/confirm', {
        body: { token, password: 'another long passphrase' },
      });
      expect(done.statusCode).toBe(200);
    });

    it('answers sign-up alike for a taken email (any case), creates nothing, and mails the owner', async () => {
      const dan = await h.signUp('dan@acme.com');
      const body = (email: string) => ({
        email,
        password: 'some long passphrase',
        name: 'X',
        organisationName: 'Y',
      });
      const known = await h.call('POST', '/api/v1/auth/signup', { body: body('DAN@acme.com') });
      const unknown = await h.call('POST', '/api/v1/auth/signup', { body: body('eve@acme.com') });
      expect(known.statusCode).toBe(202);
      expect(known.body).toBe(unknown.body);
      const told = await h.lastMail(dan.user.id, 'other');
      expect(told).toMatchObject({ to: 'dan@acme.com', subject: 'Someone tried to sign up with your email' });
      expect(told?.actionUrl).toBe('/reset-password');
      // The owner's password and organisation are untouched.
      expect((await h.call('GET', '/api/v1/me', { token: dan.accessToken })).json()).toMatchObject({
        tenant: { id: dan.tenant.id },
      });
      const stolen = { email: 'dan@acme.com', password: 'some long passphrase' };
      expect((await h.call('POST', '/api/v1/auth/login', { body: stolen })).statusCode).toBe(401);
    });

    it('answers password reset alike, in body and time, for a known and an unknown email', async () => {
      await h.signUp('fay@acme.com');
      const known: number[] = [];
      const unknown: number[] = [];
      const bodies = new Set<string>();
      // Interleaved, and each sample's background mail finishes before the next is timed.
      for (let i = 0; i < 40; i++) {
        for (const [email, times] of [
          ['fay@acme.com', known],
          [`ghost${i}@acme.com`, unknown],
        ] as const) {
          const started = performance.now();
          const res = await h.call('POST', '/api/v1/auth/password-reset', { body: { email } });
          times.push(performance.now() - started);
          bodies.add(`${res.statusCode} ${res.body}`);
          await h.marketplace.services.accounts.settled();
        }
      }
      expect([...bodies]).toEqual(['202 {"accepted":true}']);
      // Before, the known email took ~3× as long (a token and a mail written before answering).
      const ratio = median(known) / median(unknown);
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
    });
  });
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MailMessage, Me, Page, Session } from '../../contracts/contracts.js';
import { createHarness, type Harness } from '../testing/marketplace-harness.js';
import { PlatformError } from '../../errors.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

function tokenFrom(url: string | null | undefined): string {
  return new URL(url!, 'http://x').searchParams.get('token')!;
}

describe('sign up and verification', () => {
  it('creates the user and organisation, signs in, and mails a verification link', async () => {
    const session = await h.signUp('Ann@Acme.com', 'Acme');
    expect(session.user).toMatchObject({ email: 'ann@acme.com', role: 'customer', emailVerified: false });
    expect(session.tenant).toMatchObject({ name: 'Acme', plan: 'free', publicActivity: false });
    expect(session.expiresIn).toBe(3600);
    const mail = await h.lastMail(session.user.id, 'verify-email');
    expect(mail?.actionUrl).toMatch(/^\/verify-email\?token=[A-Za-z0-9_-]{43}$/);

    const verified = await h.call('POST', '/api/v1/auth/verify-email', {
      body: { token: tokenFrom(mail?.actionUrl) },
    });
    expect(verified.statusCode).toBe(200);
    expect((verified.json() as Me).user.emailVerified).toBe(true);
    const again = await h.call('POST', '/api/v1/auth/verify-email', {
      body: { token: tokenFrom(mail?.actionUrl) },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({
      error: { code: 'VALIDATION', details: { field: 'token', reason: 'used-token' } },
    });
  });

  it('names the bad field in a 400 for malformed input', async () => {
    const res = await h.call('POST', '/api/v1/auth/signup', {
      body: { email: 'not-an-email', password: 'short', name: 'x', organisationName: 'y' },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.message).toContain('email');
    expect(body.error.message).toContain('password');
  });

  it('expires verification links after 48 hours', async () => {
    const s = await h.signUp('late@acme.com');
    const token = tokenFrom((await h.lastMail(s.user.id, 'verify-email'))?.actionUrl);
    await h.advance(48 * 3600_000 + 1);
    const res = await h.call('POST', '/api/v1/auth/verify-email', { body: { token } });
    expect(res.json()).toMatchObject({ error: { details: { reason: 'expired-token' } } });
  });

  it('resends the verification mail, and refuses once verified', async () => {
    const s = await h.signUp('re@acme.com');
    const res = await h.call('POST', '/api/v1/auth/resend-verification', { token: s.accessToken });
    expect(res.statusCode).toBe(202);
    const verified = await h.customer('done@acme.com');
    const refused = await h.call('POST', '/api/v1/auth/resend-verification', { token: verified.accessToken });
    expect(refused.statusCode).toBe(412);
    expect(refused.json()).toMatchObject({ error: { details: { reason: 'already-verified' } } });
  });
});

describe('with the mail server down', () => {
  it('still creates the account; the mail can be resent later', async () => {
    const down = await createHarness({
      mailer: {
        transport: 'smtp',
        send: () => Promise.reject(new PlatformError('UNAVAILABLE', 'SMTP refused')),
      },
    });
    try {
      const res = await down.call('POST', '/api/v1/auth/signup', {
        body: { email: 'down@acme.com', password: 'long enough pw', name: 'D', organisationName: 'Down' },
      });
      expect(res.statusCode).toBe(202);
      const resend = await down.call('POST', '/api/v1/auth/resend-verification', {
        token: (await down.login('down@acme.com', 'long enough pw')).accessToken,
      });
      expect(resend.statusCode).toBe(503);
      expect(resend.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } });
    } finally {
      await down.close();
    }
  });
});

describe('log in, tokens and sessions', () => {
  it('logs in with the right password only, with the same answer for an unknown email', async () => {
    await h.signUp('cat@acme.com');
    expect(
      (
        await h.call('POST', '/api/v1/auth/login', {
          body: { email: 'cat@acme.com', password: 'correct horse battery' },
        })
      ).statusCode,
    ).toBe(200);
    const wrong = await h.call('POST', '/api/v1/auth/login', {
      body: { email: 'cat@acme.com', password: 'wrong password!' },
    });
    const unknown = await h.call('POST', '/api/v1/auth/login', {
      body: { email: 'nobody@acme.com', password: 'wrong password!' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('expires access tokens after one hour', async () => {
    const s = await h.signUp('dan@acme.com');
    expect((await h.call('GET', '/api/v1/me', { token: s.accessToken })).statusCode).toBe(200);
    await h.advance(3600_000 + 1000);
    const res = await h.call('GET', '/api/v1/me', { token: s.accessToken });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED', details: { reason: 'expired' } } });
  });

  it('rotates refresh tokens and revokes the session when a spent one is reused', async () => {
    const s = await h.signUp('eve@acme.com');
    const first = await h.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: s.refreshToken } });
    expect(first.statusCode).toBe(200);
    const next = first.json() as Session;
    expect(next.refreshToken).not.toBe(s.refreshToken);

    const reuse = await h.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: s.refreshToken } });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json()).toMatchObject({ error: { details: { reason: 'refresh-token-reused' } } });
    // The thief's reuse also kills the legitimate holder's newer token.
    const after = await h.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: next.refreshToken } });
    expect(after.json()).toMatchObject({ error: { details: { reason: 'session-revoked' } } });
  });

  it('logs out: the refresh token stops working, other sessions continue', async () => {
    const a = await h.signUp('fay@acme.com');
    const b = (
      await h.call('POST', '/api/v1/auth/login', {
        body: { email: 'fay@acme.com', password: 'correct horse battery' },
      })
    ).json() as Session;
    expect(
      (await h.call('POST', '/api/v1/auth/logout', { body: { refreshToken: a.refreshToken } })).json(),
    ).toEqual({ ok: true });
    expect(
      (await h.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: a.refreshToken } })).statusCode,
    ).toBe(401);
    expect(
      (await h.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: b.refreshToken } })).statusCode,
    ).toBe(200);
  });

  it('refuses refresh tokens after their lifetime', async () => {
    const s = await h.signUp('old@acme.com');
    await h.advance(30 * 86_400_000 + 1);
    expect(
      (await h.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: s.refreshToken } })).json(),
    ).toMatchObject({
      error: { details: { reason: 'invalid-refresh-token' } },
    });
  });

  it('rejects a malformed Authorization header with a clear reason', async () => {
    const res = await h.call('GET', '/api/v1/me', { headers: { authorization: 'Token abc' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { details: { reason: 'malformed-header' } } });
  });
});

describe('password reset', () => {
  it('answers the same for unknown emails and sends nothing', async () => {
    const res = await h.call('POST', '/api/v1/auth/password-reset', { body: { email: 'ghost@acme.com' } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: true });
  });

  it('sets the new password and signs out every session and token', async () => {
    const s = await h.signUp('gus@acme.com');
    await h.advance(2000);
    await h.call('POST', '/api/v1/auth/password-reset', { body: { email: 'gus@acme.com' } });
    const link = await h.resetLink('gus@acme.com');
    expect(link).toMatch(/^\/reset-password\?token=/);
    const done = await h.call('POST', '/api/v1/auth/password-reset/confirm', {
      body: { token: tokenFrom(link), password: 'a brand new secret' },
    });
    expect(done.json()).toEqual({ ok: true });

    expect((await h.call('GET', '/api/v1/me', { token: s.accessToken })).json()).toMatchObject({
      error: { details: { reason: 'revoked' } },
    });
    expect(
      (await h.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: s.refreshToken } })).statusCode,
    ).toBe(401);
    expect(
      (
        await h.call('POST', '/api/v1/auth/login', {
          body: { email: 'gus@acme.com', password: 'correct horse battery' },
        })
      ).statusCode,
    ).toBe(401);
    const login = await h.call('POST', '/api/v1/auth/login', {
      body: { email: 'gus@acme.com', password: 'a brand new secret' },
    });
    expect(login.statusCode).toBe(200);
    // Receiving the reset mail proves the mailbox, so the email now counts as verified.
    expect((login.json() as Session).user.emailVerified).toBe(true);
  });
});

describe('me, organisation and outbox', () => {
  it('returns the user and renames the organisation or opts in to the public feed', async () => {
    const s = await h.signUp('hal@acme.com', 'Acme');
    const res = await h.call('PATCH', '/api/v1/tenant', {
      token: s.accessToken,
      body: { name: 'Acme Health', publicActivity: true },
    });
    expect(res.json()).toMatchObject({ name: 'Acme Health', publicActivity: true });
    expect(((await h.call('GET', '/api/v1/me', { token: s.accessToken })).json() as Me).tenant.name).toBe(
      'Acme Health',
    );
    expect((await h.call('PATCH', '/api/v1/tenant', { token: s.accessToken, body: {} })).statusCode).toBe(
      400,
    );
  });

  it('shows everyone only their own mails, operators included (no customer links for staff)', async () => {
    const a = await h.signUp('ivy@acme.com');
    const b = await h.signUp('jon@other.com');
    const mine = (
      await h.call('GET', '/api/v1/mail/outbox', { token: a.accessToken })
    ).json() as Page<MailMessage>;
    expect(mine.items.map((m) => m.to)).toEqual(['ivy@acme.com']);
    expect(mine.items[0]).toMatchObject({ kind: 'verify-email', transport: 'outbox' });
    const op = await h.staff('operator');
    const staffView = (
      await h.call('GET', '/api/v1/mail/outbox?limit=100', { token: op.accessToken })
    ).json() as Page<MailMessage>;
    expect(staffView.items).toEqual([]);
    const body = JSON.stringify(staffView);
    for (const email of [a.user.email, b.user.email]) expect(body).not.toContain(email);
    expect(body).not.toContain('token=');
  });

  it('pages the outbox with a cursor', async () => {
    const s = await h.signUp('kim@acme.com');
    for (let i = 0; i < 3; i++)
      await h.call('POST', '/api/v1/auth/resend-verification', { token: s.accessToken });
    const first = (
      await h.call('GET', '/api/v1/mail/outbox?limit=2', { token: s.accessToken })
    ).json() as Page<MailMessage>;
    expect(first.items).toHaveLength(2);
    const second = (
      await h.call('GET', `/api/v1/mail/outbox?limit=2&cursor=${first.nextCursor}`, { token: s.accessToken })
    ).json() as Page<MailMessage>;
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeUndefined();
    expect(
      (await h.call('GET', '/api/v1/mail/outbox?cursor=!!bad', { token: s.accessToken })).statusCode,
    ).toBe(400);
  });
});

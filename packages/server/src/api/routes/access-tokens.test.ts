// Access tokens against forgery and revocation, on both stores: a suite of bad tokens (forged, wrong or
// missing kid, alg none, no exp, expired, revoked, other keys, tampered parts…) of which none is
// accepted, and the revocations — log-out, refresh reuse, password reset, role change — ending the
// access tokens of the session at once, even one issued in the same second.
import {
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign as cryptoSign,
  type KeyObject,
} from 'node:crypto';
import { SignJWT, decodeProtectedHeader, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../contracts/contracts.js';
import { MemorySigningKeySource } from '../../components/security/signing-keys.js';
import { testPostgres } from '../../testing/services.js';
import { storeTargets } from '../../testing/backends.js';
import { createHarness, type Harness } from '../testing/marketplace-harness.js';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const parts = (t: string) => t.split('.') as [string, string, string];
const decode = (p: string) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;

/** Signs as an attacker would: EdDSA by hand (any header, even ones jose refuses to write), others with jose. */
async function sign(payload: unknown, header: Record<string, unknown>, key: KeyObject | Uint8Array) {
  if (header.alg === 'EdDSA' && !(key instanceof Uint8Array)) {
    const input = `${b64(header)}.${b64(payload)}`;
    return `${input}.${cryptoSign(null, Buffer.from(input), key).toString('base64url')}`;
  }
  return new SignJWT(payload as JWTPayload).setProtectedHeader(header as { alg: string }).sign(key);
}

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`access tokens (${target.kind})`, () => {
    let h: Harness;
    let dropPg: (() => Promise<void>) | undefined;
    const source = new MemorySigningKeySource();
    let alice: Session;
    let bob: Session;

    beforeAll(async () => {
      const pg = target.kind === 'postgres' ? await testPostgres() : undefined;
      dropPg = pg ? () => pg.drop() : undefined;
      h = await createHarness({ signingKeySource: source, ...(pg ? { postgresUrl: pg.url } : {}) });
      alice = await h.customer('alice@acme.com', 'Acme');
      bob = await h.customer('bob@other.com', 'Other');
    });
    afterAll(async () => {
      await h?.close();
      await dropPg?.();
    });

    const me = (token: string) => h.call('GET', '/api/v1/me', { token });

    it('accepts a valid token (the control) and refuses each of ≥ 50 bad ones with 401', async () => {
      expect((await me(alice.accessToken)).statusCode).toBe(200);
      const [stored] = await source.list();
      const ours = createPrivateKey({ key: JSON.parse(stored!.privateJwk) as never, format: 'jwk' });
      const kid = decodeProtectedHeader(alice.accessToken).kid!;
      const [hd, pl, sig] = parts(alice.accessToken);
      const claims = decode(pl);
      const now = Math.floor(h.clock.now() / 1000);
      const good = { alg: 'EdDSA', kid };
      const other = generateKeyPairSync('ed25519').privateKey;
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      const publicX = String(ours.export({ format: 'jwk' }).x);
      const without = (k: string) => Object.fromEntries(Object.entries(claims).filter(([n]) => n !== k));
      const bobClaims = decode(parts(bob.accessToken)[1]);
      const unsigned = (header: unknown, payload: unknown = claims) => `${b64(header)}.${b64(payload)}.`;

      // A session that ended in each of the ways that revoke one.
      const loggedOut = await h.login('alice@acme.com');
      await h.call('POST', '/api/v1/auth/logout', { body: { refreshToken: loggedOut.refreshToken } });
      const reused = await h.login('alice@acme.com');
      await h.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: reused.refreshToken } });
      await h.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: reused.refreshToken } });

      // The forger's own signing, with our key and the real claims, is accepted: each case below
      // fails for what it changes, not for how it is signed.
      expect((await me(await sign(claims, good, ours))).statusCode).toBe(200);

      const bad: Record<string, string | Promise<string>> = {
        'alg none': unsigned({ alg: 'none' }),
        'alg none with kid': unsigned({ alg: 'none', kid }),
        'alg None': unsigned({ alg: 'None', kid }),
        'alg NONE': unsigned({ alg: 'NONE', kid }),
        'alg none, signature kept': `${b64({ alg: 'none', kid })}.${pl}.${sig}`,
        'HS256 keyed with the public key': sign(claims, { alg: 'HS256', kid }, Buffer.from(publicX)),
        'HS256 keyed with the public JWK': sign(
          claims,
          { alg: 'HS256', kid },
          Buffer.from(JSON.stringify(stored)),
        ),
        'HS256 with a random secret': sign(claims, { alg: 'HS256', kid }, randomBytes(32)),
        'HS256 with the old test secret': sign(
          claims,
          { alg: 'HS256' },
          Buffer.from('test-secret-test-secret-test-secret-1234'),
        ),
        'ES256 by another key, our kid': sign(claims, { alg: 'ES256', kid }, ec),
        'RS256 by another key, our kid': sign(claims, { alg: 'RS256', kid }, rsa),
        'EdDSA by another key, our kid': sign(claims, good, other),
        'EdDSA by another key, unknown kid': sign(claims, { alg: 'EdDSA', kid: 'attacker' }, other),
        'EdDSA by another key, no kid': sign(claims, { alg: 'EdDSA' }, other),
        'another key embedded as jwk': sign(
          claims,
          { alg: 'EdDSA', jwk: other.export({ format: 'jwk' }) },
          other,
        ),
        'another key named by jku': sign(
          claims,
          { alg: 'EdDSA', kid, jku: 'https://evil.example/jwks' },
          other,
        ),
        'our key, unknown kid': sign(claims, { alg: 'EdDSA', kid: 'nope' }, ours),
        'our key, no kid': sign(claims, { alg: 'EdDSA' }, ours),
        'our key, empty kid': sign(claims, { alg: 'EdDSA', kid: '' }, ours),
        'our key, kid as a path': sign(claims, { alg: 'EdDSA', kid: '../../etc/passwd' }, ours),
        'our key, kid as a number': sign(claims, { alg: 'EdDSA', kid: 1 }, ours),
        'no exp': sign(without('exp'), good, ours),
        'exp as a string': sign({ ...claims, exp: String(now + 600) }, good, ours),
        'exp in the past': sign({ ...claims, iat: now - 7200, exp: now - 3600 }, good, ours),
        'exp now': sign({ ...claims, exp: now }, good, ours),
        'no iat': sign(without('iat'), good, ours),
        'iat in the future': sign({ ...claims, iat: now + 3600, exp: now + 7200 }, good, ours),
        'lifetime of ten days': sign({ ...claims, exp: now + 10 * 86_400 }, good, ours),
        'issued two days ago': sign({ ...claims, iat: now - 2 * 86_400 }, good, ours),
        'nbf in the future': sign({ ...claims, nbf: now + 600 }, good, ours),
        'wrong iss': sign({ ...claims, iss: 'evil' }, good, ours),
        'no iss': sign(without('iss'), good, ours),
        'wrong aud': sign({ ...claims, aud: 'other-api' }, good, ours),
        'no aud': sign(without('aud'), good, ours),
        'aud list without ours': sign({ ...claims, aud: ['a', 'b'] }, good, ours),
        'no sub': sign(without('sub'), good, ours),
        "another user's sub, own session": sign({ ...claims, sub: bobClaims.sub }, good, ours),
        "another user's session": sign({ ...claims, sid: bobClaims.sid }, good, ours),
        'no session': sign(without('sid'), good, ours),
        'unknown session': sign({ ...claims, sid: 'ses_nope' }, good, ours),
        "another tenant's id": sign({ ...claims, tenantId: bobClaims.tenantId }, good, ours),
        'no tenant': sign(without('tenantId'), good, ours),
        'logged-out session': loggedOut.accessToken,
        'session revoked for refresh reuse': reused.accessToken,
        'tampered payload: admin role': `${hd}.${b64({ ...claims, roles: ['admin'] })}.${sig}`,
        'tampered payload: sub': `${hd}.${b64({ ...claims, sub: bobClaims.sub })}.${sig}`,
        'tampered payload: exp extended': `${hd}.${b64({ ...claims, exp: now + 86_000 })}.${sig}`,
        'tampered payload: not JSON': `${hd}.${b64('not json')}.${sig}`,
        'tampered payload: a JSON array': `${hd}.${b64([claims])}.${sig}`,
        'tampered header: kid': `${b64({ ...good, kid: 'x' })}.${pl}.${sig}`,
        'tampered header: alg HS256': `${b64({ alg: 'HS256', kid })}.${pl}.${sig}`,
        'tampered header: invalid base64': `%%%.${pl}.${sig}`,
        'crit header with an unknown extension': sign(
          claims,
          { ...good, crit: ['x-evil'], 'x-evil': 1 },
          ours,
        ),
        'unencoded payload (b64 false)': sign(claims, { ...good, b64: false, crit: ['b64'] }, ours),
        'signature truncated': `${hd}.${pl}.${sig.slice(0, 40)}`,
        'signature empty': `${hd}.${pl}.`,
        'signature of another token': `${hd}.${pl}.${parts(bob.accessToken)[2]}`,
        'signature with one bit flipped': `${hd}.${pl}.${(sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)}`,
        'two segments': `${hd}.${pl}`,
        'four segments': `${hd}.${pl}.${sig}.x`,
        'five segments (JWE shape)': `${hd}.${pl}.${sig}.x.y`,
        garbage: 'abc',
      };
      expect(Object.keys(bad).length).toBeGreaterThanOrEqual(50);
      const accepted: string[] = [];
      for (const [name, token] of Object.entries(bad)) {
        const res = await me(await token);
        if (res.statusCode !== 401) accepted.push(`${name}: ${res.statusCode}`);
        await expect(h.marketplace.services.accounts.authenticate(await token)).rejects.toMatchObject({
          code: 'UNAUTHENTICATED',
        });
      }
      expect(accepted).toEqual([]);
      expect((await me(alice.accessToken)).statusCode).toBe(200);
    });

    it('ends a session’s access token at log-out, at once', async () => {
      const s = await h.login('bob@other.com');
      expect((await me(s.accessToken)).statusCode).toBe(200);
      await h.call('POST', '/api/v1/auth/logout', { body: { refreshToken: s.refreshToken } });
      expect((await me(s.accessToken)).json()).toMatchObject({ error: { details: { reason: 'revoked' } } });
    });

    it('ends every session at a password reset, a token issued in the same second included', async () => {
      const before = await h.login('alice@acme.com');
      await h.call('POST', '/api/v1/auth/password-reset', { body: { email: 'alice@acme.com' } });
      const token = new URL((await h.resetLink('alice@acme.com'))!, 'http://x').searchParams.get('token')!;
      // No clock change: the old token and the reset fall in the same second.
      const sameSecond = await h.login('alice@acme.com');
      const res = await h.call('POST', '/api/v1/auth/password-reset/confirm', {
        body: { token, password: 'a new passphrase 2026' },
      });
      expect(res.statusCode).toBe(200);
      for (const t of [before.accessToken, sameSecond.accessToken])
        expect((await me(t)).statusCode).toBe(401);
      const after = await h.login('alice@acme.com', 'a new passphrase 2026');
      expect((await me(after.accessToken)).statusCode).toBe(200);
    });

    it('ends every session at a role change', async () => {
      const op = await h.staff('operator');
      expect((await me(op.accessToken)).statusCode).toBe(200);
      await h.marketplace.services.accounts.changeRole(op.user.id, 'admin');
      expect((await me(op.accessToken)).statusCode).toBe(401);
    });

    it('refuses tokens of a retired key once its tokens would have expired', async () => {
      const s = await h.login('bob@other.com');
      const ring = await source.list();
      expect(ring).toHaveLength(1);
      // A new key (as a rotation in another process would add it); the old one still verifies.
      await h.clock.advance(1000);
      const { privateKey } = generateKeyPairSync('ed25519');
      await source.add({
        kid: 'next',
        createdAt: h.clock.now(),
        privateJwk: JSON.stringify(privateKey.export({ format: 'jwk' })),
      });
      await h.clock.advance(61_000);
      const fresh = await h.login('bob@other.com');
      expect(decodeProtectedHeader(fresh.accessToken).kid).toBe('next');
      expect((await me(s.accessToken)).statusCode).toBe(200);
      await h.clock.advance(3600_000);
      expect((await me(s.accessToken)).statusCode).toBe(401);
      // The next signing reads the keys again and forgets the retired one for good.
      await h.login('bob@other.com');
      expect((await source.list()).map((k) => k.kid)).toEqual(['next']);
    });
  });
}

describe('log-in through the accounts service', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await h.customer('carol@acme.com');
  });
  afterAll(() => h?.close());

  it('backs off after repeated wrong passwords even without the HTTP route', async () => {
    const accounts = h.marketplace.services.accounts;
    const codes: string[] = [];
    for (let i = 0; i < 7; i++)
      codes.push(
        await accounts.logIn('carol@acme.com', 'wrong').then(
          () => 'ok',
          (e: { code: string }) => e.code,
        ),
      );
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    expect(codes.slice(5)).toContain('RATE_LIMITED');
    await expect(accounts.logIn('carol@acme.com', 'correct horse battery')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
  });
});

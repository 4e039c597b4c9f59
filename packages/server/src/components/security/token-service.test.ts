import { describe, expect, it } from 'vitest';
import { decodeProtectedHeader } from 'jose';
import { FakeClock } from '../../clock.js';
import { MemorySigningKeySource, SigningKeyRing } from './signing-keys.js';
import { createTokenService } from './token-service.js';

function ring(clock: FakeClock, source = new MemorySigningKeySource(), rotateAfterMs = 0) {
  return new SigningKeyRing({ source, clock, maxTokenTtlSeconds: 3600, rotateAfterMs });
}

describe('createTokenService', () => {
  it('issues EdDSA tokens with a kid whose claims verify', async () => {
    const clock = new FakeClock();
    const tokens = createTokenService({ keys: ring(clock), clock, issuer: 'waooaw', audience: 'api' });
    const token = await tokens.issue({
      sub: 'agent-1',
      tenantId: 't1',
      roles: ['agent'],
      scopes: ['marketing:*'],
      sid: 'ses-1',
    });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'EdDSA', kid: expect.any(String) });
    const claims = await tokens.verify(token);
    expect(claims).toMatchObject({
      sub: 'agent-1',
      tenantId: 't1',
      roles: ['agent'],
      scopes: ['marketing:*'],
      sid: 'ses-1',
    });
    expect(claims.exp! - claims.iat!).toBe(3600);
  });

  it('rejects an expired token as UNAUTHENTICATED/expired and tryVerify gives undefined', async () => {
    const clock = new FakeClock();
    const tokens = createTokenService({ keys: ring(clock), clock });
    const token = await tokens.issue({ sub: 'u' }, { ttlSeconds: 60 });
    await clock.advance(61_000);
    await expect(tokens.verify(token)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      details: { reason: 'expired' },
    });
    expect(await tokens.tryVerify(token)).toBeUndefined();
  });

  it('a token verified once is refused when it expires and when its key is removed', async () => {
    const clock = new FakeClock();
    const source = new MemorySigningKeySource();
    const keys = ring(clock, source);
    const tokens = createTokenService({ keys, clock });
    const token = await tokens.issue({ sub: 'u', roles: ['customer'] }, { ttlSeconds: 60 });
    expect(await tokens.verify(token)).toMatchObject({ sub: 'u', roles: ['customer'] });
    // Callers cannot change what the next caller of the same token is told.
    (await tokens.verify(token)).sub = 'admin';
    expect((await tokens.verify(token)).sub).toBe('u');
    await clock.advance(60_000);
    await expect(tokens.verify(token)).rejects.toMatchObject({ details: { reason: 'expired' } });

    const other = await tokens.issue({ sub: 'v' });
    expect((await tokens.verify(other)).sub).toBe('v');
    for (const k of await source.list()) await source.remove(k.kid);
    await keys.reload();
    await expect(tokens.verify(other)).rejects.toMatchObject({ details: { reason: 'invalid' } });
  });

  it('answers without a signature check only for a token verify accepted, until it expires', async () => {
    const clock = new FakeClock();
    const tokens = createTokenService({ keys: ring(clock), clock });
    const token = await tokens.issue({ sub: 'u' }, { ttlSeconds: 60 });
    expect(tokens.verifyRemembered(token)).toBeUndefined();
    await tokens.verify(token);
    expect(tokens.verifyRemembered(token)).toMatchObject({ sub: 'u' });
    const [h, p, sig] = token.split('.');
    const tampered = `${sig![0] === 'A' ? 'B' : 'A'}${sig!.slice(1)}`;
    expect(tokens.verifyRemembered(`${h}.${p}.${tampered}`)).toBeUndefined();
    await clock.advance(60_000);
    expect(tokens.verifyRemembered(token)).toBeUndefined();
    const uncached = createTokenService({ keys: ring(clock), clock, verifiedCacheSize: 0 });
    const other = await uncached.issue({ sub: 'v' });
    await uncached.verify(other);
    expect(uncached.verifyRemembered(other)).toBeUndefined();
  });

  it('rejects a token signed with other keys or tampered', async () => {
    const clock = new FakeClock();
    const a = createTokenService({ keys: ring(clock), clock });
    const b = createTokenService({ keys: ring(clock), clock });
    const token = await a.issue({ sub: 'u' });
    await expect(b.verify(token)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      details: { reason: 'invalid' },
    });
    const [h, p, s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 'admin', exp: 9e9 })).toString('base64url')}.${s}`;
    expect(p).not.toBe(forged.split('.')[1]);
    expect(await a.tryVerify(forged)).toBeUndefined();
    expect(await a.tryVerify('not-a-jwt')).toBeUndefined();
  });

  it('refuses a missing subject', async () => {
    const clock = new FakeClock();
    await expect(createTokenService({ keys: ring(clock), clock }).issue({ sub: '' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });
});

describe('SigningKeyRing', () => {
  it('shares keys through its source: another ring verifies, a restart keeps signing with the same key', async () => {
    const clock = new FakeClock();
    const source = new MemorySigningKeySource();
    const first = createTokenService({ keys: ring(clock, source), clock });
    const token = await first.issue({ sub: 'u' });
    const second = createTokenService({ keys: ring(clock, source), clock });
    expect((await second.verify(token)).sub).toBe('u');
    expect(decodeProtectedHeader(await second.issue({ sub: 'v' })).kid).toBe(
      decodeProtectedHeader(token).kid,
    );
    expect(await source.list()).toHaveLength(1);
  });

  it('rotates: the new key signs, the old one verifies until its tokens expired, then is dropped', async () => {
    const clock = new FakeClock();
    const source = new MemorySigningKeySource();
    const keys = ring(clock, source);
    const tokens = createTokenService({ keys, clock });
    const old = await tokens.issue({ sub: 'u' });
    const oldKid = decodeProtectedHeader(old).kid!;
    await clock.advance(1000);
    const newKid = await keys.rotate();
    const fresh = await tokens.issue({ sub: 'u' });
    expect(decodeProtectedHeader(fresh).kid).toBe(newKid);
    expect((await tokens.verify(old)).sub).toBe('u');
    expect((await keys.publicKeys()).map((k) => k.kid)).toEqual([newKid, oldKid]);

    // An hour (the longest token) plus skew after the rotation, the old key is gone everywhere.
    await clock.advance(3600_000 + 61_000);
    await keys.reload();
    expect(await keys.verificationKey(oldKid)).toBeUndefined();
    expect((await source.list()).map((k) => k.kid)).toEqual([newKid]);
    expect((await keys.publicKeys()).map((k) => k.kid)).toEqual([newKid]);
  });

  it('rotates by itself when the newest key is older than rotateAfterMs, and sees other rings’ rotations', async () => {
    const clock = new FakeClock();
    const source = new MemorySigningKeySource();
    const a = new SigningKeyRing({ source, clock, maxTokenTtlSeconds: 60, rotateAfterMs: 86_400_000 });
    const b = new SigningKeyRing({ source, clock, maxTokenTtlSeconds: 60, rotateAfterMs: 0 });
    const k1 = (await a.signingKey()).kid;
    expect((await b.signingKey()).kid).toBe(k1);
    await clock.advance(86_400_000);
    const k2 = (await a.signingKey()).kid;
    expect(k2).not.toBe(k1);
    // b learns of the new kid when a token names it (one read), without waiting for its reload.
    expect(await b.verificationKey(k2)).toBeDefined();
    expect(await b.verificationKey('no-such-kid')).toBeUndefined();
  });
});

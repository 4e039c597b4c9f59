import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { createTokenService } from './token-service.js';

const secret = 'x'.repeat(40);

describe('createTokenService', () => {
  it('issues tokens whose claims verify', async () => {
    const clock = new FakeClock();
    const tokens = createTokenService({ secret, clock, issuer: 'waooaw', audience: 'api' });
    const token = await tokens.issue({
      sub: 'agent-1',
      tenantId: 't1',
      roles: ['agent'],
      scopes: ['marketing:*'],
    });
    const claims = await tokens.verify(token);
    expect(claims).toMatchObject({
      sub: 'agent-1',
      tenantId: 't1',
      roles: ['agent'],
      scopes: ['marketing:*'],
    });
    expect(claims.exp! - claims.iat!).toBe(3600);
  });

  it('rejects an expired token as UNAUTHENTICATED/expired and tryVerify gives undefined', async () => {
    const clock = new FakeClock();
    const tokens = createTokenService({ secret, clock });
    const token = await tokens.issue({ sub: 'u' }, { ttlSeconds: 60 });
    await clock.advance(61_000);
    await expect(tokens.verify(token)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      details: { reason: 'expired' },
    });
    expect(await tokens.tryVerify(token)).toBeUndefined();
  });

  it('rejects a token signed with another secret or tampered', async () => {
    const clock = new FakeClock();
    const a = createTokenService({ secret, clock });
    const b = createTokenService({ secret: 'y'.repeat(40), clock });
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

  it('refuses a short secret and a missing subject', async () => {
    expect(() => createTokenService({ secret: 'short', clock: new FakeClock() })).toThrow(/32 characters/);
    await expect(
      createTokenService({ secret, clock: new FakeClock() }).issue({ sub: '' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

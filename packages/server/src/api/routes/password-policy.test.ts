// Password policy and hashing at the HTTP edge: a guessable password (`aaaaaaaaaa`, common ones, the
// account's own email) is refused with a clear message at sign-up and reset; new hashes use scrypt
// N=2^17; an old N=2^15 hash still logs in and is re-hashed on that log-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../marketplace/accounts/password-hasher.js';
import { createHarness, type Harness } from '../testing/marketplace-harness.js';

describe('password policy', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h?.close());

  const signUp = (email: string, password: string) =>
    h.call('POST', '/api/v1/auth/signup', {
      body: { email, password, name: 'Priya Raman', organisationName: 'Sunrise Clinics' },
    });

  it('refuses aaaaaaaaaa, common passwords and the account’s own words, saying why', async () => {
    for (const password of [
      'aaaaaaaaaa',
      'password123',
      'qwertyuiop',
      '1234567890',
      'sunriseclinics',
      'priya@sunrise.example',
    ]) {
      const res = await signUp('priya@sunrise.example', password);
      expect(res.statusCode, password).toBe(400);
      expect(res.json(), password).toMatchObject({
        error: {
          code: 'VALIDATION',
          details: { field: 'password', reason: 'weak-password', issues: [{ path: 'password' }] },
        },
      });
    }
    const repeat = (await signUp('priya@sunrise.example', 'aaaaaaaaaa')).json() as {
      error: { message: string };
    };
    expect(repeat.error.message).toBe(
      'password is too easy to guess: Repeated characters like "aaa" are easy to guess. Add more words that are less common. Avoid repeated words and characters.',
    );
    expect(await h.store.accounts.getByEmail('priya@sunrise.example')).toBeUndefined();
    expect((await signUp('priya@sunrise.example', 'marigold tractor lantern')).statusCode).toBe(202);
  });

  it('refuses a weak new password at reset and leaves the link usable', async () => {
    await h.signUp('ravi@sunrise.example');
    await h.call('POST', '/api/v1/auth/password-reset', { body: { email: 'ravi@sunrise.example' } });
    const token = new URL((await h.resetLink('ravi@sunrise.example'))!, 'http://x').searchParams.get('token');
    const weak = await h.call('POST', '/api/v1/auth/password-reset/confirm', {
      body: { token, password: 'aaaaaaaaaa' },
    });
    expect(weak.json()).toMatchObject({ error: { details: { reason: 'weak-password' } } });
    const strong = await h.call('POST', '/api/v1/auth/password-reset/confirm', {
      body: { token, password: 'orchard violin compass' },
    });
    expect(strong.statusCode).toBe(200);
  });
});

describe('password hashing cost', () => {
  let h: Harness;
  beforeAll(async () => {
    // The production cost, so the test shows what an upgrade does (each hash takes ~0.3 s here).
    h = await createHarness({ passwordHashCost: { N: 131072, r: 8, p: 1 } });
  });
  afterAll(() => h?.close());

  it('hashes new passwords with scrypt N=2^17, and re-hashes an old N=2^15 hash at log-in', async () => {
    const s = await h.signUp('old@sunrise.example');
    expect((await h.store.accounts.get(s.user.id))!.data.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
    const old = await hashPassword('correct horse battery', { N: 32768, r: 8, p: 1 });
    await h.store.accounts.modify(s.user.id, (u) => ({ ...u, passwordHash: old }));

    expect(
      (
        await h.call('POST', '/api/v1/auth/login', {
          body: { email: 'old@sunrise.example', password: 'wrong one here' },
        })
      ).statusCode,
    ).toBe(401);
    expect((await h.store.accounts.get(s.user.id))!.data.passwordHash).toBe(old);
    await h.login('old@sunrise.example');
    const upgraded = (await h.store.accounts.get(s.user.id))!.data.passwordHash;
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(upgraded).not.toBe(old);
    await h.login('old@sunrise.example');
  });
});

import { describe, expect, it } from 'vitest';
import { isDisposableEmail } from './disposable-domains.js';
import { hashPassword, verifyPassword } from './password-hasher.js';
import { hashSecret, newSecretToken } from './secret-token.js';

const cheap = { N: 1024, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery', cheap);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
  });

  it('salts each hash differently', async () => {
    expect(await hashPassword('same', cheap)).not.toBe(await hashPassword('same', cheap));
  });

  it('treats a malformed stored hash as a mismatch', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$a$b$c$d$e')).toBe(false);
  });
});

describe('isDisposableEmail', () => {
  it('flags listed domains and their subdomains, case-insensitively', () => {
    expect(isDisposableEmail('a@mailinator.com')).toBe(true);
    expect(isDisposableEmail('a@Box.MAILINATOR.com')).toBe(true);
    expect(isDisposableEmail('a@yopmail.fr')).toBe(true);
  });

  it('passes ordinary domains', () => {
    expect(isDisposableEmail('a@acme.com')).toBe(false);
    expect(isDisposableEmail('a@gmail.com')).toBe(false);
    expect(isDisposableEmail('a@notmailinator.com')).toBe(false);
  });
});

describe('secret tokens', () => {
  it('are long, random and stored only as a hash', () => {
    const a = newSecretToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSecretToken()).not.toBe(a);
    expect(hashSecret(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(a)).not.toContain(a);
  });
});

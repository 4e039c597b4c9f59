import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { signHmac, verifyHmac } from './hmac.js';

const secret = 'a-test-secret-of-some-length';

describe('signHmac / verifyHmac', () => {
  it('verifies its own signatures, with or without the sha256= prefix', () => {
    const sig = signHmac(secret, 'hello');
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyHmac(secret, 'hello', sig)).toBe(true);
    expect(verifyHmac(secret, 'hello', `sha256=${sig}`)).toBe(true);
  });

  it('rejects a tampered payload, a wrong secret and malformed signatures without throwing', () => {
    const sig = signHmac(secret, { a: 1 });
    expect(verifyHmac(secret, { a: 2 }, sig)).toBe(false);
    expect(verifyHmac('another-secret', { a: 1 }, sig)).toBe(false);
    expect(verifyHmac(secret, { a: 1 }, 'zz')).toBe(false);
    expect(verifyHmac(secret, { a: 1 }, undefined)).toBe(false);
    const flipped = sig.slice(0, 63) + (sig.endsWith('0') ? '1' : '0');
    expect(verifyHmac(secret, { a: 1 }, flipped)).toBe(false);
  });

  it('signs objects independently of key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(signHmac(secret, obj)).toBe(signHmac(secret, reversed));
      }),
    );
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: undefined })).toBe('{"b":[{"c":2,"d":1}]}');
  });

  it('refuses an empty secret with VALIDATION', () => {
    expect(() => signHmac('', 'x')).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BusMessage } from './bus.js';
import { canonicalJson, signMessage, verifyMessage } from './message-signature.js';

const SECRET = 'signature-test-secret-0123';

function message(overrides: Partial<BusMessage> = {}): BusMessage {
  return {
    id: 'msg_1',
    topic: 'a.b',
    payload: { b: 1, a: [1, { d: 2, c: 3 }] },
    priority: 3,
    headers: {},
    publishedAt: 1,
    ...overrides,
  };
}

describe('canonicalJson', () => {
  it('does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(JSON.parse(JSON.stringify(obj)));
      }),
    );
  });
});

describe('message signatures', () => {
  it('verifies a signed message whatever the key order it was parsed with', () => {
    const m = message();
    m.signature = signMessage(m, SECRET);
    const reordered = JSON.parse(
      JSON.stringify({ ...m, payload: { a: [1, { c: 3, d: 2 }], b: 1 } }),
    ) as BusMessage;
    expect(verifyMessage(reordered, SECRET)).toBe('valid');
  });

  it('detects unsigned, tampered, wrongly keyed and malformed signatures', () => {
    const m = message();
    expect(verifyMessage(m, SECRET)).toBe('unsigned');
    m.signature = signMessage(m, SECRET);
    expect(verifyMessage({ ...m, payload: { b: 2 } }, SECRET)).toBe('invalid-signature');
    expect(verifyMessage({ ...m, priority: 5 }, SECRET)).toBe('invalid-signature');
    expect(verifyMessage(m, 'another-secret-0123456')).toBe('invalid-signature');
    expect(verifyMessage({ ...m, signature: 'zz' }, SECRET)).toBe('invalid-signature');
  });
});

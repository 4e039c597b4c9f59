// HMAC-SHA256 message signatures over a canonical JSON form (keys sorted, `signature` left out), so
// a message signed in one process verifies in another whatever the key order it was parsed with.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { BusMessage } from './bus.js';

/** JSON with object keys sorted at every level and `undefined` members dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    if (v === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/** Hex HMAC-SHA256 of the message without its signature. */
export function signMessage(message: BusMessage, secret: string): string {
  const { signature: _ignored, ...unsigned } = message;
  return createHmac('sha256', secret).update(canonicalJson(unsigned)).digest('hex');
}

export type SignatureCheck = 'valid' | 'unsigned' | 'invalid-signature';

/** Checks the signature in constant time; `unsigned` when the message carries none. */
export function verifyMessage(message: BusMessage, secret: string): SignatureCheck {
  if (message.signature === undefined || message.signature === '') return 'unsigned';
  if (!/^[0-9a-f]{64}$/.test(message.signature)) return 'invalid-signature';
  const expected = Buffer.from(signMessage(message, secret), 'hex');
  const actual = Buffer.from(message.signature, 'hex');
  return timingSafeEqual(expected, actual) ? 'valid' : 'invalid-signature';
}

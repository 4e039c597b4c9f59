// HMAC-SHA256 signatures for messages between agents and for webhooks (`sha256=<hex>` header form).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { PlatformError } from '../../errors.js';
import { canonicalJson } from './canonical-json.js';

/** What can be signed: raw text or bytes as given, anything else as canonical JSON. */
export type Signable = string | Uint8Array | object | number | boolean | null;

function toBytes(payload: Signable): Uint8Array | string {
  return typeof payload === 'string' || payload instanceof Uint8Array ? payload : canonicalJson(payload);
}

function checkSecret(secret: string | Uint8Array): void {
  if (secret.length === 0)
    throw new PlatformError('VALIDATION', 'HMAC secret must not be empty', { details: { field: 'secret' } });
}

/** Lower-case hex HMAC-SHA256 of `payload`. */
export function signHmac(secret: string | Uint8Array, payload: Signable): string {
  checkSecret(secret);
  return createHmac('sha256', secret).update(toBytes(payload)).digest('hex');
}

/**
 * True when `signature` (hex, optionally prefixed `sha256=`) is the HMAC of `payload`. Compared in
 * constant time; a malformed or missing signature is simply false, never a throw.
 */
export function verifyHmac(
  secret: string | Uint8Array,
  payload: Signable,
  signature: string | null | undefined,
): boolean {
  if (typeof signature !== 'string') return false;
  const hex = signature.startsWith('sha256=') ? signature.slice('sha256='.length) : signature;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return false;
  const expected = Buffer.from(signHmac(secret, payload), 'hex');
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}

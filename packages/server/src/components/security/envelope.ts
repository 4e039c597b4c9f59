// Envelope encryption with AES-256-GCM (node:crypto): each value under its own random data key, each
// data key wrapped by the master key. Both layers are bound to the secret's place (additional
// authenticated data), so a ciphertext copied to another secret's row does not decrypt.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { PlatformError } from '../../errors.js';

/** The master key and its id (a hash, stored beside every wrapped key to tell keys apart). */
export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

export interface Envelope {
  ciphertext: string;
  wrappedKey: string;
  masterKeyId: string;
}

/** A new master key, base64 (what `keys/master.key` holds). */
export function generateMasterKey(): string {
  return randomBytes(32).toString('base64');
}

/** Parses 32 bytes given as base64 (44 characters) or hex (64); CONFIG_INVALID naming `setting` otherwise. */
export function parseMasterKey(text: string, setting = 'WAOOAW_MASTER_KEY'): MasterKey {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32 || (!/^[0-9a-f]{64}$/i.test(t) && key.toString('base64') !== t))
    throw new PlatformError('CONFIG_INVALID', `${setting} must be 32 bytes in base64 or hex`, {
      details: { key: setting },
    });
  return {
    id: createHash('sha256').update('waooaw-master-key-id:').update(key).digest('hex').slice(0, 16),
    key,
  };
}

function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

/** Undefined when the authentication tag does not hold (wrong key, or tampered data). */
function open(key: Buffer, sealed: string, aad: string): Buffer | undefined {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !tag || !body || iv.length !== 12 || tag.length !== 16) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return undefined;
  }
}

/** Encrypts `value` under a fresh data key wrapped by `master`; `place` names the secret it belongs to. */
export function sealEnvelope(master: MasterKey, value: string, place: string): Envelope {
  const dataKey = randomBytes(32);
  try {
    return {
      ciphertext: seal(dataKey, Buffer.from(value, 'utf8'), `waooaw-secret:v1:${place}`),
      wrappedKey: seal(master.key, dataKey, `waooaw-secret-key:v1:${place}`),
      masterKeyId: master.id,
    };
  } finally {
    dataKey.fill(0);
  }
}

/**
 * The value of an envelope. CONFIG_INVALID when it was wrapped by another master key; INTERNAL when
 * a layer fails authentication (the row was altered or moved).
 */
export function openEnvelope(master: MasterKey, envelope: Envelope, place: string): string {
  if (envelope.masterKeyId !== master.id)
    throw new PlatformError(
      'CONFIG_INVALID',
      `Secret ${place} is encrypted with master key ${envelope.masterKeyId}, but the configured WAOOAW_MASTER_KEY is ${master.id}`,
      {
        details: {
          key: 'WAOOAW_MASTER_KEY',
          secret: place,
          expected: envelope.masterKeyId,
          configured: master.id,
        },
      },
    );
  const dataKey = open(master.key, envelope.wrappedKey, `waooaw-secret-key:v1:${place}`);
  const value = dataKey && open(dataKey, envelope.ciphertext, `waooaw-secret:v1:${place}`);
  dataKey?.fill(0);
  if (!value)
    throw new PlatformError('INTERNAL', `Secret ${place} fails its integrity check (altered or moved)`, {
      details: { secret: place },
    });
  return value.toString('utf8');
}

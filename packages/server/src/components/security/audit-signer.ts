// Ed25519 signatures for the audit trail (node:crypto). The private key never enters the database: it
// comes from WAOOAW_AUDIT_SIGNING_KEY(_FILE) or a key file beside the SQLite file, so someone who can
// rewrite the database can recompute hashes but not signatures.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { PlatformError } from '../../errors.js';

export interface AuditSigner {
  /** First 16 hex digits of SHA-256 over the public key (SPKI DER); stored beside each signature. */
  readonly keyId: string;
  /** Base64url Ed25519 signature of `message`. */
  sign(message: string): string;
  /** True when `signature` is this key's signature of `message`. */
  verify(message: string, signature: string): boolean;
}

/** A new Ed25519 private key as PKCS#8 PEM (what `openssl genpkey -algorithm ed25519` writes). */
export function generateAuditSigningKey(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim();
}

/** A signer over an Ed25519 private key in PEM; CONFIG_INVALID naming `setting` for anything else. */
export function createAuditSigner(privateKeyPem: string, setting = 'WAOOAW_AUDIT_SIGNING_KEY'): AuditSigner {
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch (cause) {
    throw new PlatformError('CONFIG_INVALID', `${setting} is not a PEM private key`, {
      details: { key: setting },
      cause,
    });
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new PlatformError(
      'CONFIG_INVALID',
      `${setting} must be an Ed25519 key (got ${key.asymmetricKeyType ?? 'unknown'})`,
      { details: { key: setting } },
    );
  const publicKey = createPublicKey(key);
  const keyId = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
  return {
    keyId,
    sign: (message) => sign(null, Buffer.from(message, 'utf8'), key).toString('base64url'),
    verify(message, signature) {
      try {
        return verify(null, Buffer.from(message, 'utf8'), publicKey, Buffer.from(signature, 'base64url'));
      } catch {
        return false;
      }
    },
  };
}

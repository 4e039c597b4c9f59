// The access-token signing keys: Ed25519 pairs, each with a `kid`, kept in a shared source (the secrets
// store in production, so every API process and every restart signs and verifies with the same keys).
// The newest key signs; older keys verify until the tokens they signed have expired, then go.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import type { Clock } from '../../clock.js';

/** A key as kept: the private key as a JWK (JSON text), and when it was made. */
export interface StoredSigningKey {
  kid: string;
  createdAt: number;
  privateJwk: string;
}

/** Where the keys live; shared by every process that signs or verifies. */
export interface SigningKeySource {
  /** Every key kept, private parts included. */
  list(): Promise<StoredSigningKey[]>;
  /** Keeps a new key (its kid is new). */
  add(key: StoredSigningKey): Promise<void>;
  /** Forgets a key; no-op when absent. */
  remove(kid: string): Promise<void>;
}

/** The public half of a key, as published in the JWKS. */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/** A key as an operator sees it (never its private part). */
export interface SigningKeyState {
  kid: string;
  createdAt: number;
  /** Whether new tokens are signed with it (the newest). */
  signing: boolean;
  /** When it stops verifying (a replaced key); null for the signing key. */
  verifiesUntil: number | null;
}

export interface SigningKeyRingOptions {
  source: SigningKeySource;
  clock: Clock;
  /** The longest access-token lifetime: a replaced key keeps verifying this long. */
  maxTokenTtlSeconds: number;
  /** Make a new signing key when the newest is this old (0: only on `rotate()`); default 30 days. */
  rotateAfterMs?: number;
  /** Read the source again after this long, to see other processes' rotations; default 60 s. */
  reloadAfterMs?: number;
  /** Reads for an unknown kid happen at most this often (a forged kid costs no query); default 1 s. */
  unknownKidReloadMs?: number;
}

interface LoadedKey {
  kid: string;
  createdAt: number;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const SKEW_MS = 60_000;

export class SigningKeyRing {
  private keys: LoadedKey[] = [];
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;
  private rotating: Promise<string> | undefined;

  constructor(private readonly o: SigningKeyRingOptions) {}

  /** The key new tokens are signed with (made when there is none, or the newest is due for rotation). */
  async signingKey(): Promise<{ kid: string; privateKey: KeyObject }> {
    const now = this.o.clock.now();
    if (now - this.loadedAt >= (this.o.reloadAfterMs ?? 60_000)) await this.reload();
    const rotateAfter = this.o.rotateAfterMs ?? 30 * 86_400_000;
    const newest = this.keys[0];
    // Concurrent first requests share one new key.
    if (!newest || (rotateAfter > 0 && now - newest.createdAt >= rotateAfter))
      await (this.rotating ??= this.rotate().finally(() => {
        this.rotating = undefined;
      }));
    const current = this.keys[0]!;
    return { kid: current.kid, privateKey: current.privateKey };
  }

  /** The public key for `kid` while it may verify; undefined for an unknown or retired kid. */
  async verificationKey(kid: string): Promise<KeyObject | undefined> {
    let key = this.keys.find((k) => k.kid === kid);
    if (!key && this.o.clock.now() - this.loadedAt >= (this.o.unknownKidReloadMs ?? 1000)) {
      await this.reload();
      key = this.keys.find((k) => k.kid === kid);
    }
    return key && this.isUsable(key) ? key.publicKey : undefined;
  }

  /** Whether `kid` is loaded and may still verify (no reload: for tokens already verified once). */
  verifies(kid: string): boolean {
    const key = this.keys.find((k) => k.kid === kid);
    return key !== undefined && this.isUsable(key);
  }

  /** Makes a new signing key; the previous ones verify until their tokens expire. Returns the new kid. */
  async rotate(): Promise<string> {
    const { privateKey } = generateKeyPairSync('ed25519');
    const stored: StoredSigningKey = {
      kid: randomBytes(12).toString('base64url'),
      createdAt: this.o.clock.now(),
      privateJwk: JSON.stringify(privateKey.export({ format: 'jwk' })),
    };
    await this.o.source.add(stored);
    await this.reload();
    return stored.kid;
  }

  /** The public keys that may verify now, newest first (the JWKS document's `keys`). */
  async publicKeys(): Promise<PublicJwk[]> {
    if (this.keys.length === 0) await this.signingKey();
    return this.keys.filter((k) => this.isUsable(k)).map(toPublicJwk);
  }

  /** Reads the source again, dropping keys whose last token has expired (from the source too). */
  async reload(): Promise<void> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const stored = await this.o.source.list();
    const byKid = new Map(this.keys.map((k) => [k.kid, k]));
    const keys = stored
      .map((s) => byKid.get(s.kid) ?? parse(s))
      .sort((a, b) => b.createdAt - a.createdAt || (a.kid < b.kid ? -1 : 1));
    this.keys = keys;
    this.loadedAt = this.o.clock.now();
    for (const k of keys.filter((key) => !this.isUsable(key))) await this.o.source.remove(k.kid);
    this.keys = keys.filter((k) => this.isUsable(k));
  }

  /**
   * Every key kept, newest first, as read now: the one that signs, and replaced ones with the time they
   * stop verifying (their successor's creation + the longest token lifetime + clock skew).
   */
  async describe(): Promise<SigningKeyState[]> {
    await this.reload();
    return this.keys.map((k, i) => ({
      kid: k.kid,
      createdAt: k.createdAt,
      signing: i === 0,
      verifiesUntil: this.retiresAt(k) ?? null,
    }));
  }

  /** When a replaced key stops verifying; undefined for the newest. */
  private retiresAt(key: LoadedKey): number | undefined {
    const successor = this.keys
      .filter((k) => k.createdAt > key.createdAt)
      .reduce<number | undefined>(
        (min, k) => (min === undefined ? k.createdAt : Math.min(min, k.createdAt)),
        undefined,
      );
    return successor === undefined ? undefined : successor + this.o.maxTokenTtlSeconds * 1000 + SKEW_MS;
  }

  /** A key replaced at T verifies until T + the longest token lifetime (+ clock skew). */
  private isUsable(key: LoadedKey): boolean {
    const until = this.retiresAt(key);
    return until === undefined || this.o.clock.now() < until;
  }
}

function parse(stored: StoredSigningKey): LoadedKey {
  const privateKey = createPrivateKey({ key: JSON.parse(stored.privateJwk) as never, format: 'jwk' });
  return { kid: stored.kid, createdAt: stored.createdAt, privateKey, publicKey: createPublicKey(privateKey) };
}

function toPublicJwk(key: LoadedKey): PublicJwk {
  const jwk = key.publicKey.export({ format: 'jwk' });
  return { kty: 'OKP', crv: 'Ed25519', x: String(jwk.x), kid: key.kid, alg: 'EdDSA', use: 'sig' };
}

/** Keys in this process only: for tests and tools that need no persistence. */
export class MemorySigningKeySource implements SigningKeySource {
  private readonly keys = new Map<string, StoredSigningKey>();

  async list(): Promise<StoredSigningKey[]> {
    return [...this.keys.values()];
  }

  async add(key: StoredSigningKey): Promise<void> {
    this.keys.set(key.kid, key);
  }

  async remove(kid: string): Promise<void> {
    this.keys.delete(kid);
  }
}

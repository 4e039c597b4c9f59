// The signing keys kept in the secrets store (platform secrets named `auth.jwt-signing.<kid>`), so they
// are encrypted at rest under the master key, re-encrypted by its rotation, and each read is audited.
import type { SecretAccess, Secrets } from './secrets.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { SigningKeyRing, type SigningKeySource, type StoredSigningKey } from './signing-keys.js';

const PREFIX = 'auth.jwt-signing.';
const ACCESS: SecretAccess = { actor: 'platform', purpose: 'access-token signing key' };

export class SecretsSigningKeySource implements SigningKeySource {
  /** Keys already read: each process reveals a key once, not at every reload. */
  private readonly revealed = new Map<string, StoredSigningKey>();

  constructor(private readonly secrets: Secrets) {}

  async list(): Promise<StoredSigningKey[]> {
    const kept = (await this.secrets.list(null)).filter((m) => m.name.startsWith(PREFIX));
    const out: StoredSigningKey[] = [];
    for (const meta of kept) {
      const kid = meta.name.slice(PREFIX.length);
      let key = this.revealed.get(kid);
      if (!key) {
        key = {
          kid,
          createdAt: meta.createdAt,
          privateJwk: await this.secrets.reveal({ tenantId: null, name: meta.name }, ACCESS),
        };
        this.revealed.set(kid, key);
      }
      out.push(key);
    }
    return out;
  }

  async add(key: StoredSigningKey): Promise<void> {
    await this.secrets.put({ tenantId: null, name: PREFIX + key.kid }, key.privateJwk, ACCESS);
  }

  async remove(kid: string): Promise<void> {
    this.revealed.delete(kid);
    await this.secrets.delete({ tenantId: null, name: PREFIX + kid }, ACCESS);
  }
}

/** The ring every API process (and `waooaw keys`) signs and verifies with, from the platform's settings. */
export function createSigningKeyRing(
  config: Pick<Config, 'auth'>,
  secrets: Secrets,
  clock: Clock,
): SigningKeyRing {
  return new SigningKeyRing({
    source: new SecretsSigningKeySource(secrets),
    clock,
    maxTokenTtlSeconds: config.auth.accessTokenTtlSeconds,
    rotateAfterMs: config.auth.signingKeyRotationDays * 86_400_000,
  });
}

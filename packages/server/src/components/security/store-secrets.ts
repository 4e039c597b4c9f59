// The Secrets port over the store: rows hold envelopes (AES-256-GCM, a data key per secret wrapped by
// the master key), the master key stays in the process, and every write, read and rotation is
// written to the audit trail. Nothing here logs a value.
import type { Clock } from '../../clock.js';
import { PlatformError, toPlatformError } from '../../errors.js';
import type { SecretRow } from '../../store/repositories/secrets.js';
import type { Store } from '../../store/store.js';
import type { AuditLog } from './audit-log.js';
import { openEnvelope, parseMasterKey, sealEnvelope, type MasterKey } from './envelope.js';
import type { SecretAccess, SecretMetadata, SecretRef, Secrets } from './secrets.js';

const NAME = /^[A-Za-z0-9._-]{1,100}$/;
const MAX_VALUE_BYTES = 64 * 1024;

/** `<tenant or *>/<name>`: the row key, the additional authenticated data and the audit resource. */
export const secretPlace = (ref: SecretRef) => `${ref.tenantId ?? '*'}/${ref.name}`;

function metadata(row: SecretRow): SecretMetadata {
  return {
    tenantId: row.tenantId,
    name: row.name,
    version: row.version,
    masterKeyId: row.masterKeyId,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export interface StoreSecretsDeps {
  store: Store;
  clock: Clock;
  audit: AuditLog;
  /** The master key text (base64 or hex, 32 bytes). */
  masterKey: string;
  /** Where the key came from, named in errors (`WAOOAW_MASTER_KEY`, a file path). */
  masterKeySource?: string;
}

export class StoreSecrets implements Secrets {
  private master: MasterKey;

  constructor(private readonly deps: StoreSecretsDeps) {
    this.master = parseMasterKey(deps.masterKey, deps.masterKeySource);
  }

  get masterKeyId(): string {
    return this.master.id;
  }

  private check(ref: SecretRef): string {
    if (!NAME.test(ref.name))
      throw new PlatformError('VALIDATION', 'Secret names are 1–100 letters, digits, ".", "_" or "-"', {
        details: { field: 'name' },
      });
    return secretPlace(ref);
  }

  private audit(
    action: string,
    ref: SecretRef,
    access: SecretAccess,
    result: 'success' | 'failure',
    extra = {},
  ) {
    return this.deps.audit.append({
      actor: access.actor,
      action,
      resource: `secret:${secretPlace(ref)}`,
      result,
      tenantId: ref.tenantId,
      details: { purpose: access.purpose, ...extra },
    });
  }

  async put(ref: SecretRef, value: string, access: SecretAccess): Promise<SecretMetadata> {
    const place = this.check(ref);
    if (typeof value !== 'string' || value.length === 0 || Buffer.byteLength(value) > MAX_VALUE_BYTES)
      throw new PlatformError('VALIDATION', `A secret's value is 1 byte to ${MAX_VALUE_BYTES / 1024} KiB`, {
        details: { field: 'value' },
      });
    const now = this.deps.clock.now();
    const row = await this.deps.store.transaction(async (tx) => {
      const existing = await tx.secrets.get(place);
      const next: SecretRow = {
        scopeKey: place,
        tenantId: ref.tenantId,
        name: ref.name,
        ...sealEnvelope(this.master, value, place),
        version: (existing?.version ?? 0) + 1,
        createdBy: existing?.createdBy ?? access.actor,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      await tx.secrets.put(next);
      return next;
    });
    await this.audit(row.version === 1 ? 'secret.create' : 'secret.replace', ref, access, 'success', {
      version: row.version,
    });
    return metadata(row);
  }

  async reveal(ref: SecretRef, access: SecretAccess): Promise<string> {
    const place = this.check(ref);
    const row = await this.deps.store.secrets.get(place);
    if (!row) {
      await this.audit('secret.read', ref, access, 'failure', { reason: 'not-found' });
      throw new PlatformError('NOT_FOUND', `No secret ${place}`, { details: { secret: place } });
    }
    try {
      const value = openEnvelope(this.master, row, place);
      await this.audit('secret.read', ref, access, 'success', { version: row.version });
      return value;
    } catch (err) {
      await this.audit('secret.read', ref, access, 'failure', { reason: toPlatformError(err).code });
      throw err;
    }
  }

  async list(tenantId: string | null): Promise<SecretMetadata[]> {
    return (await this.deps.store.secrets.list(tenantId)).map(metadata);
  }

  async delete(ref: SecretRef, access: SecretAccess): Promise<boolean> {
    const deleted = await this.deps.store.secrets.delete(this.check(ref));
    if (deleted) await this.audit('secret.delete', ref, access, 'success');
    return deleted;
  }

  async rotateMasterKey(
    nextMasterKey: string,
    access: SecretAccess,
  ): Promise<{ reencrypted: number; masterKeyId: string }> {
    const next = parseMasterKey(nextMasterKey, 'the new master key');
    const now = this.deps.clock.now();
    const reencrypted = await this.deps.store.transaction(async (tx) => {
      let count = 0;
      let after = '';
      for (;;) {
        const rows = await tx.secrets.page(after, 200);
        if (rows.length === 0) return count;
        for (const row of rows) {
          // Fails the whole rotation, changing nothing, when one secret does not open.
          const value = openEnvelope(this.master, row, row.scopeKey);
          await tx.secrets.put({
            ...row,
            ...sealEnvelope(next, value, row.scopeKey),
            version: row.version + 1,
            updatedAt: now,
          });
          count += 1;
        }
        after = rows.at(-1)!.scopeKey;
      }
    });
    const previous = this.master.id;
    this.master = next;
    await this.deps.audit.append({
      actor: access.actor,
      action: 'secret.master-key.rotate',
      resource: 'secrets',
      result: 'success',
      details: { purpose: access.purpose, reencrypted, from: previous, to: next.id },
    });
    return { reencrypted, masterKeyId: next.id };
  }

  async checkMasterKey(): Promise<void> {
    const others = await this.deps.store.secrets.countOtherKeys(this.master.id);
    if (others > 0)
      throw new PlatformError(
        'CONFIG_INVALID',
        `${others} stored secret(s) are encrypted with another master key than the configured ${this.deps.masterKeySource ?? 'WAOOAW_MASTER_KEY'} (key id ${this.master.id}). Configure the key they were written with, or finish an interrupted rotation with \`waooaw secrets rotate-master-key\`.`,
        { details: { key: 'WAOOAW_MASTER_KEY', secrets: others, configured: this.master.id } },
      );
  }
}

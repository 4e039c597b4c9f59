// Rows of the secrets store over Kysely. Holds only ciphertext and wrapped keys: encryption, audit and
// the master key are the StoreSecrets adapter's (components/security/store-secrets.ts).
import type { Kysely } from 'kysely';
import type { SqlContext } from '../sql-context.js';
import { withStoreErrors } from '../sql-errors.js';

export interface SecretRow {
  /** `<tenant id or *>/<name>`. */
  scopeKey: string;
  tenantId: string | null;
  name: string;
  /** `iv.tag.ciphertext` of the value under the data key, base64url. */
  ciphertext: string;
  /** `iv.tag.ciphertext` of the data key under the master key, base64url. */
  wrappedKey: string;
  masterKeyId: string;
  /** 1 when created, +1 on every replacement or re-encryption. */
  version: number;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export interface SecretRepository {
  /** Inserts or replaces the row of `row.scopeKey`. */
  put(row: SecretRow): Promise<void>;
  get(scopeKey: string): Promise<SecretRow | undefined>;
  /** A tenant's secrets (null: the platform's), by name. */
  list(tenantId: string | null): Promise<SecretRow[]>;
  delete(scopeKey: string): Promise<boolean>;
  /** Rows after `afterScopeKey` in key order, at most `limit` (for re-encrypting all of them). */
  page(afterScopeKey: string, limit: number): Promise<SecretRow[]>;
  /** How many rows are wrapped by a master key other than `masterKeyId`. */
  countOtherKeys(masterKeyId: string): Promise<number>;
}

interface Row {
  scope_key: string;
  tenant_id: string | null;
  name: string;
  ciphertext: string;
  wrapped_key: string;
  master_key_id: string;
  version: number;
  created_by: string;
  created_at: number | string;
  updated_at: number | string;
}

const toSecret = (r: Row): SecretRow => ({
  scopeKey: r.scope_key,
  tenantId: r.tenant_id,
  name: r.name,
  ciphertext: r.ciphertext,
  wrappedKey: r.wrapped_key,
  masterKeyId: r.master_key_id,
  version: Number(r.version),
  createdBy: r.created_by,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export class SecretsRepository implements SecretRepository {
  constructor(private readonly ctx: SqlContext) {}

  private get db(): Kysely<{ secrets: Row }> {
    return this.ctx.db as Kysely<{ secrets: Row }>;
  }

  async put(s: SecretRow): Promise<void> {
    const values = {
      scope_key: s.scopeKey,
      tenant_id: s.tenantId,
      name: s.name,
      ciphertext: s.ciphertext,
      wrapped_key: s.wrappedKey,
      master_key_id: s.masterKeyId,
      version: s.version,
      created_by: s.createdBy,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    };
    const { scope_key: _key, created_at: _created, created_by: _by, ...changes } = values;
    await withStoreErrors(
      () =>
        this.db
          .insertInto('secrets')
          .values(values)
          .onConflict((oc) => oc.column('scope_key').doUpdateSet(changes))
          .execute(),
      this.ctx.errorContext,
    );
  }

  async get(scopeKey: string): Promise<SecretRow | undefined> {
    const row = await withStoreErrors(
      () => this.db.selectFrom('secrets').selectAll().where('scope_key', '=', scopeKey).executeTakeFirst(),
      this.ctx.errorContext,
    );
    return row ? toSecret(row) : undefined;
  }

  async list(tenantId: string | null): Promise<SecretRow[]> {
    const rows = await withStoreErrors(
      () =>
        this.db
          .selectFrom('secrets')
          .selectAll()
          .where('tenant_id', tenantId === null ? 'is' : '=', tenantId)
          .orderBy('name')
          .execute(),
      this.ctx.errorContext,
    );
    return rows.map(toSecret);
  }

  async delete(scopeKey: string): Promise<boolean> {
    const r = await withStoreErrors(
      () => this.db.deleteFrom('secrets').where('scope_key', '=', scopeKey).executeTakeFirst(),
      this.ctx.errorContext,
    );
    return Number(r.numDeletedRows) > 0;
  }

  async page(afterScopeKey: string, limit: number): Promise<SecretRow[]> {
    const rows = await withStoreErrors(
      () =>
        this.db
          .selectFrom('secrets')
          .selectAll()
          .where('scope_key', '>', afterScopeKey)
          .orderBy('scope_key')
          .limit(limit)
          .execute(),
      this.ctx.errorContext,
    );
    return rows.map(toSecret);
  }

  async countOtherKeys(masterKeyId: string): Promise<number> {
    const row = await withStoreErrors(
      () =>
        this.db
          .selectFrom('secrets')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('master_key_id', '<>', masterKeyId)
          .executeTakeFirst(),
      this.ctx.errorContext,
    );
    return Number(row?.n ?? 0);
  }
}

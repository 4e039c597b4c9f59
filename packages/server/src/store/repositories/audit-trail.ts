// The audit trail's rows over Kysely: append one entry at the next place in the chain, read the tail,
// walk the chain in order, and page through entries newest first with filters (for the admin route).
// Only the AuditLog (components/security) writes here; it computes hashes and signatures.
import { sql, type Kysely } from 'kysely';
import type { SqlContext } from '../sql-context.js';
import { withStoreErrors } from '../sql-errors.js';

/** One stored entry of the audit trail, as hashed and signed. */
export interface AuditEntry {
  /** Place in the chain: 1, 2, 3… without gaps. */
  seq: number;
  /** Epoch ms. */
  at: number;
  /** Who acted: `user:<id>`, an agent id, `system`, `anonymous`… */
  actor: string;
  /** What they did: `auth.login`, `deliverable.download`, `secret.read`… */
  action: string;
  /** What it was done to (`user:<id>`, `deliverable:<id>`, `secret:<tenant>/<name>`). */
  resource: string;
  result: 'success' | 'failure' | 'denied';
  tenantId: string | null;
  /** Canonical JSON of the details object, exactly as hashed. */
  details: string;
  prevHash: string;
  hash: string;
  /** Signing key of `signature`; null for an unsigned entry (a store without a signing key). */
  keyId: string | null;
  signature: string | null;
}

export interface AuditEntryFilter {
  tenantId?: string | null;
  actor?: string;
  /** Exact action, or every action under a prefix ending in `.` (`auth.`). */
  action?: string;
  result?: AuditEntry['result'];
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** Newest first (default) or oldest first. */
  order?: 'asc' | 'desc';
  /** The last place of the previous page: entries after it in `order`. */
  afterSeq?: number;
  /** 1..1000, default 50. */
  limit?: number;
}

export interface AuditRepository {
  /** Inserts `entry` at `entry.seq`; CONFLICT when another writer took that place first. */
  append(entry: AuditEntry): Promise<void>;
  /** The entry with the highest place, if any. */
  last(): Promise<AuditEntry | undefined>;
  /** Entries after `afterSeq` in chain order, at most `limit` (1..5000). */
  chain(afterSeq: number, limit: number): Promise<AuditEntry[]>;
  /** Entries matching every filter, newest first unless `order: 'asc'`. */
  list(filter?: AuditEntryFilter): Promise<AuditEntry[]>;
}

interface AuditRow {
  seq: number | string;
  at: number | string;
  actor: string;
  action: string;
  resource: string;
  result: string;
  tenant_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
  key_id: string | null;
  signature: string | null;
}

interface AuditDatabase {
  audit_entries: AuditRow;
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: Number(row.seq),
    at: Number(row.at),
    actor: row.actor,
    action: row.action,
    resource: row.resource,
    result: row.result as AuditEntry['result'],
    tenantId: row.tenant_id,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
    keyId: row.key_id,
    signature: row.signature,
  };
}

export class AuditTrailRepository implements AuditRepository {
  constructor(private readonly ctx: SqlContext) {}

  private get db(): Kysely<AuditDatabase> {
    return this.ctx.db as Kysely<AuditDatabase>;
  }

  async append(e: AuditEntry): Promise<void> {
    await withStoreErrors(
      () =>
        this.db
          .insertInto('audit_entries')
          .values({
            seq: e.seq,
            at: e.at,
            actor: e.actor,
            action: e.action,
            resource: e.resource,
            result: e.result,
            tenant_id: e.tenantId,
            details: e.details,
            prev_hash: e.prevHash,
            hash: e.hash,
            key_id: e.keyId,
            signature: e.signature,
          })
          .execute(),
      this.ctx.errorContext,
    );
  }

  async last(): Promise<AuditEntry | undefined> {
    const row = await withStoreErrors(
      () =>
        this.db.selectFrom('audit_entries').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst(),
      this.ctx.errorContext,
    );
    return row ? toEntry(row) : undefined;
  }

  async chain(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    const rows = await withStoreErrors(
      () =>
        this.db
          .selectFrom('audit_entries')
          .selectAll()
          .where('seq', '>', afterSeq)
          .orderBy('seq')
          .limit(Math.min(Math.max(limit, 1), 5000))
          .execute(),
      this.ctx.errorContext,
    );
    return rows.map(toEntry);
  }

  async list(f: AuditEntryFilter = {}): Promise<AuditEntry[]> {
    const action = f.action;
    const order = f.order ?? 'desc';
    const rows = await withStoreErrors(
      () =>
        this.db
          .selectFrom('audit_entries')
          .selectAll()
          .$if(f.tenantId !== undefined, (q) =>
            f.tenantId === null ? q.where('tenant_id', 'is', null) : q.where('tenant_id', '=', f.tenantId!),
          )
          .$if(f.actor !== undefined, (q) => q.where('actor', '=', f.actor!))
          .$if(action !== undefined, (q) =>
            action!.endsWith('.')
              ? q.where(sql<boolean>`substr(action, 1, ${action!.length}) = ${action!}`)
              : q.where('action', '=', action!),
          )
          .$if(f.result !== undefined, (q) => q.where('result', '=', f.result!))
          .$if(f.from !== undefined, (q) => q.where('at', '>=', f.from!))
          .$if(f.to !== undefined, (q) => q.where('at', '<', f.to!))
          .$if(f.afterSeq !== undefined, (q) => q.where('seq', order === 'asc' ? '>' : '<', f.afterSeq!))
          .orderBy('seq', order)
          .limit(Math.min(Math.max(f.limit ?? 50, 1), 1000))
          .execute(),
      this.ctx.errorContext,
    );
    return rows.map(toEntry);
  }
}

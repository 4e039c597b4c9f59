// PostgreSQL row-level security on the tenant-owned marketplace tables: a row is visible and writable
// only when the transaction's `waooaw.tenant_id` is its tenant, or `waooaw.bypass_rls` is `on` (staff and
// system work, set explicitly by the store). FORCE applies it to the table owner too, so the owner — the
// role migrations run as — keeps access through a policy of its own; the platform's non-owner role has none.
import { sql } from 'kysely';
import type { SqlDb } from '../sql-context.js';
import type { Migration } from '../migrator.js';

/** Every marketplace table with a tenant_id (mkt_tenants itself is the tenant list, not a tenant's). */
export const RLS_TABLES = [
  'mkt_users',
  'mkt_sessions',
  'mkt_refresh_tokens',
  'mkt_secret_tokens',
  'mkt_trials',
  'mkt_hires',
  'mkt_invoices',
  'mkt_deliverables',
  'mkt_approvals',
  'mkt_reviews',
  'mkt_mail',
  'mkt_activity',
] as const;

/** The tenant policy's predicate over `column` (the tenant's id: `tenant_id`, or `id` on the tenants table). */
export function tenantVisible(column: 'tenant_id' | 'id') {
  return sql.raw(
    `current_setting('waooaw.bypass_rls', true) = 'on' OR ${column} = nullif(current_setting('waooaw.tenant_id', true), '')`,
  );
}

/** ENABLE + FORCE row-level security on `name`: the tenant policy for everyone, full access for the owner. */
export async function protectTable(db: SqlDb, name: string, column: 'tenant_id' | 'id'): Promise<void> {
  const table = sql.table(name);
  const visible = tenantVisible(column);
  await sql`alter table ${table} enable row level security`.execute(db);
  await sql`alter table ${table} force row level security`.execute(db);
  await sql`create policy waooaw_tenant_isolation on ${table} using (${visible}) with check (${visible})`.execute(
    db,
  );
  await sql`create policy waooaw_owner on ${table} to current_user using (true) with check (true)`.execute(
    db,
  );
}

export const marketplaceRowLevelSecurity: Migration = {
  name: '0096-marketplace-row-level-security',
  async up(db, dialect) {
    if (dialect !== 'postgres') return; // SQLite has no roles: one process owns the file.
    for (const name of RLS_TABLES) await protectTable(db, name, 'tenant_id');
  },
};

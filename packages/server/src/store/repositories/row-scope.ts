// PostgreSQL row-level security from the store's side: the tenant (or the explicit bypass of staff and
// system work) is set per transaction with `set_config(…, true)`, which the policies of migration
// 0096 read. Only stores opened with `rowLevelSecurity` do this; elsewhere it costs nothing.
import { sql } from 'kysely';
import type { SqlContext } from '../sql-context.js';

/** One tenant's rows, or every row for work that is not a tenant's (logins by email, sweeps, staff). */
export type RowScope = { tenantId: string } | { bypass: true };

export const BYPASS: RowScope = { bypass: true };

/** A tenant id confines to that tenant; null or undefined (no tenant named) is system work. */
export function rowScope(tenantId: string | null | undefined): RowScope {
  return typeof tenantId === 'string' ? { tenantId } : BYPASS;
}

interface Settings {
  tenant: string;
  bypass: string;
}

function settingsOf(scope: RowScope): Settings {
  return 'tenantId' in scope ? { tenant: scope.tenantId, bypass: 'off' } : { tenant: '', bypass: 'on' };
}

async function apply(ctx: SqlContext, s: Settings): Promise<void> {
  await sql`select set_config('waooaw.tenant_id', ${s.tenant}, true), set_config('waooaw.bypass_rls', ${s.bypass}, true)`.execute(
    ctx.db,
  );
}

/**
 * Runs `fn` in a transaction whose row scope is `scope`. Inside a caller's transaction the caller's
 * scope is put back afterwards, so a nested lookup never widens what the rest of it sees.
 */
export async function withRowScope<T>(
  ctx: SqlContext,
  scope: RowScope,
  fn: (tx: SqlContext) => Promise<T>,
): Promise<T> {
  if (!ctx.rowLevelSecurity) return fn(ctx);
  const joined = ctx.inTransaction;
  return ctx.transaction(async (tx) => {
    let before: Settings | undefined;
    if (joined) {
      const r =
        await sql<Settings>`select coalesce(current_setting('waooaw.tenant_id', true), '') as tenant, coalesce(current_setting('waooaw.bypass_rls', true), '') as bypass`.execute(
          tx.db,
        );
      before = r.rows[0];
    }
    await apply(tx, settingsOf(scope));
    try {
      return await fn(tx);
    } finally {
      // An aborted transaction refuses statements; it is rolled back whole anyway.
      if (before) await apply(tx, before).catch(() => undefined);
    }
  });
}

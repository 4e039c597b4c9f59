// Deletes one row of a tenant-owned table only when the tenant owns it, so that another tenant's id
// removes nothing (the caller then answers NOT_FOUND).
import type { SqlContext } from '../sql-context.js';
import { withStoreErrors } from '../sql-errors.js';

/** True when the row existed and belonged to `tenantId`. */
export async function deleteTenantRow(
  ctx: SqlContext,
  table: string,
  id: string,
  tenantId: string,
): Promise<boolean> {
  const result = await withStoreErrors(
    () => ctx.db.deleteFrom(table).where('id', '=', id).where('tenant_id', '=', tenantId).executeTakeFirst(),
    ctx.errorContext,
  );
  return Number(result.numDeletedRows) === 1;
}

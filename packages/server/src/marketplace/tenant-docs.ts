// Tenant-scoped reads over the typed tables: reading another tenant's row behaves exactly like reading
// a missing one (NOT_FOUND), so ids cannot be probed across tenants.
import { PlatformError } from '../errors.js';
import type { Entity, EntityListOptions, EntityRepository } from '../store/entity-repository.js';

/** The row if it exists in `tenantId`; NOT_FOUND (naming `what`) otherwise. */
export async function getOwned<R>(
  repo: Pick<EntityRepository<R, never>, 'get'>,
  id: string,
  tenantId: string,
  what: string,
): Promise<Entity<R>> {
  const row = await repo.get(id, { tenantId });
  if (!row)
    throw new PlatformError('NOT_FOUND', `${what} ${id} not found`, { details: { [`${what}Id`]: id } });
  return row;
}

/** Reads every page of a listing (for small per-tenant sets such as a tenant's trials). */
export async function listAll<R, F>(
  repo: Pick<EntityRepository<R, F>, 'list'>,
  options: Pick<EntityListOptions<F>, 'tenantId' | 'where'> = {},
): Promise<Array<Entity<R>>> {
  const out: Array<Entity<R>> = [];
  let cursor: string | undefined;
  do {
    const page = await repo.list({ ...options, limit: 1000, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

// Tenant-scoped document access: reading another tenant's document behaves exactly like reading a
// missing one (NOT_FOUND), so ids cannot be probed across tenants.
import { PlatformError } from '../errors.js';
import type { DocumentRepository, StoredDocument } from '../store/store.js';

/** The document if it exists in `tenantId`; NOT_FOUND (naming `what`) otherwise. */
export async function getOwned<T>(
  docs: DocumentRepository,
  collection: string,
  id: string,
  tenantId: string,
  what: string,
): Promise<StoredDocument<T>> {
  const doc = await docs.get<T>(collection, id, { tenantId });
  if (!doc)
    throw new PlatformError('NOT_FOUND', `${what} ${id} not found`, { details: { [`${what}Id`]: id } });
  return doc;
}

/** Reads every page of a listing (for small per-tenant sets such as a tenant's trials). */
export async function listAll<T>(
  docs: DocumentRepository,
  collection: string,
  options: { tenantId?: string | null; where?: Record<string, string | number | boolean | null> } = {},
): Promise<Array<StoredDocument<T>>> {
  const out: Array<StoredDocument<T>> = [];
  let cursor: string | undefined;
  do {
    const page = await docs.list<T>(collection, { ...options, limit: 1000, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

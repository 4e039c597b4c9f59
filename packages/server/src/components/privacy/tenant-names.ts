// The names a tenant's records hold — its users' names today — read from the store for the privacy
// guard, so a model never sees the people of the tenant it works for by name.
import type { Store } from '../../store/store.js';

/** Up to 1000 names per tenant (one indexed page); platform work (no tenant) has none to mask. */
export function tenantNames(store: Pick<Store, 'accounts'>) {
  return async (tenantId: string | null): Promise<string[]> => {
    if (tenantId === null) return [];
    const page = await store.accounts.list({ tenantId, limit: 1000 });
    return page.items.map((u) => u.data.name).filter((n) => n.trim() !== '');
  };
}

// Every organisation's hires, newest first, by status, each linked to its organisation.
import { useState } from 'react';
import type { HireStatus } from '@waooaw/server/contracts';
import { listAllHires } from './ops-admin-api.js';
import { PagedState, usePaged, useTenantScope } from './ops-admin-ui.js';
import { HiresTable, StatusFilter } from './ops-records-tables.js';

const STATUSES = ['active', 'paused', 'cancelled'] as const;

export function OpsHiresPage() {
  const { tenantId, banner } = useTenantScope();
  const [status, setStatus] = useState<HireStatus | ''>('');
  const { query, items } = usePaged(['hires', status, tenantId], (cursor) =>
    listAllHires({
      limit: 50,
      ...(status ? { status } : {}),
      ...(tenantId ? { tenantId } : {}),
      ...(cursor ? { cursor } : {}),
    }),
  );
  return (
    <section aria-labelledby="ops-hires">
      <h1 id="ops-hires">Hires</h1>
      {banner}
      <StatusFilter id="hire-status" value={status} options={STATUSES} onChange={setStatus} />
      {items.length > 0 && <HiresTable hires={items} />}
      <PagedState query={query} count={items.length} empty="No hires." />
    </section>
  );
}

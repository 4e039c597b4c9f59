// Organisations: newest first with their users, trials, hires and invoices counted, searched by part
// of the name or the id (kept in the address, so a search can be shared). Each opens its detail.
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { listTenants } from './ops-admin-api.js';
import { PagedState, usePaged, when } from './ops-admin-ui.js';
import { Named, OpsTable } from './ops-table.js';

export function OpsTenantsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const { query, items } = usePaged(['tenants', q], (cursor) =>
    listTenants({ limit: 50, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) }),
  );
  const search = (e: FormEvent) => {
    e.preventDefault();
    setParams(draft.trim() ? { q: draft.trim() } : {});
  };
  return (
    <section aria-labelledby="ops-tenants">
      <h1 id="ops-tenants">Organisations</h1>
      <form role="search" className="ops-filters" onSubmit={search}>
        <div className="field">
          <label htmlFor="tenant-q">Name or id</label>
          <input id="tenant-q" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
        </div>
        <button type="submit" className="btn">
          Search
        </button>
      </form>
      <OpsTable
        rows={items}
        rowKey={(t) => t.id}
        columns={[
          {
            header: 'Organisation',
            cell: (t) => <Named name={<Link to={`/ops/tenants/${t.id}`}>{t.name}</Link>} id={t.id} />,
          },
          { header: 'Plan', cell: (t) => t.plan },
          { header: 'Users', num: true, cell: (t) => t.counts.users },
          { header: 'Trials', num: true, cell: (t) => t.counts.trials },
          { header: 'Hires', num: true, cell: (t) => t.counts.hires },
          { header: 'Invoices', num: true, cell: (t) => t.counts.invoices },
          { header: 'Created', cell: (t) => when(t.createdAt) },
        ]}
      />
      <PagedState query={query} count={items.length} empty="No organisation matches." />
    </section>
  );
}

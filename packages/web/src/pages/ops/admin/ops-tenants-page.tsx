// Organisations: newest first with their users, trials, hires and invoices counted, searched by part
// of the name or the id (kept in the address, so a search can be shared). Each opens its detail.
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { listTenants } from './ops-admin-api.js';
import { PagedState, usePaged, when } from './ops-admin-ui.js';

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
      <div className="ops-table-wrap">
        <table className="ops-table">
          <thead>
            <tr>
              <th scope="col">Organisation</th>
              <th scope="col">Plan</th>
              <th scope="col" className="num">
                Users
              </th>
              <th scope="col" className="num">
                Trials
              </th>
              <th scope="col" className="num">
                Hires
              </th>
              <th scope="col" className="num">
                Invoices
              </th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {items.map((t) => (
              <tr key={t.id}>
                <td>
                  <Link to={`/ops/tenants/${t.id}`}>{t.name}</Link>
                  <div className="muted small mono">{t.id}</div>
                </td>
                <td>{t.plan}</td>
                <td className="num">{t.counts.users}</td>
                <td className="num">{t.counts.trials}</td>
                <td className="num">{t.counts.hires}</td>
                <td className="num">{t.counts.invoices}</td>
                <td>{when(t.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <PagedState query={query} count={items.length} empty="No organisation matches." />
    </section>
  );
}

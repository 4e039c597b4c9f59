// One organisation: its users, trials and hires; for admins, its data rights — download everything as
// JSON, or erase its personal data after typing the organisation's id to confirm (audited server-side).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import type { AdminTenantDetail } from '@waooaw/server/contracts';
import { ErrorAlert } from '../../../components/error-alert.js';
import { eraseTenant, exportTenant, getTenant } from './ops-admin-api.js';
import { ActionStatus, useIsAdmin, when } from './ops-admin-ui.js';
import { HiresTable, TrialsTable } from './ops-records-tables.js';
import { OpsTable } from './ops-table.js';

function DataRights({ tenant }: { tenant: AdminTenantDetail['tenant'] }) {
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const download = useMutation({ mutationFn: () => exportTenant(tenant.id) });
  const client = useQueryClient();
  const erase = useMutation({
    mutationFn: () => eraseTenant(tenant.id, reason),
    // The detail now shows the pseudonyms.
    onSuccess: () => client.invalidateQueries({ queryKey: ['ops', 'tenant', tenant.id] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (typed === tenant.id) erase.mutate();
  };
  return (
    <section className="ops-danger" aria-labelledby="data-rights">
      <h2 id="data-rights">Data rights</h2>
      <p>
        <button type="button" className="btn" disabled={download.isPending} onClick={() => download.mutate()}>
          Export all data (JSON)
        </button>
      </p>
      <ActionStatus done={download.data ? `Saved ${download.data}.` : undefined} error={download.error} />
      <form className="ops-form" onSubmit={submit} aria-labelledby="erase-title">
        <h3 id="erase-title">Erase personal data</h3>
        <p className="hint">
          Deletes sessions, tokens, mail and secrets; replaces emails and names by pseudonyms; disables the
          accounts. The audit trail is kept. This cannot be undone.
        </p>
        <div className="field">
          <label htmlFor="erase-reason">Reason (ticket or request reference)</label>
          <input
            type="text"
            id="erase-reason"
            required
            minLength={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="erase-confirm">Type the organisation id ({tenant.id}) to confirm</label>
          <input
            type="text"
            id="erase-confirm"
            autoComplete="off"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
        <button type="submit" className="btn btn-danger" disabled={typed !== tenant.id || erase.isPending}>
          Erase this organisation’s personal data
        </button>
        <ActionStatus
          done={erase.data ? `Erased: the users now appear as ${erase.data.pseudonym}.` : undefined}
          error={erase.error}
        />
      </form>
    </section>
  );
}

export function OpsTenantPage() {
  const { tenantId = '' } = useParams();
  const admin = useIsAdmin();
  const detail = useQuery({ queryKey: ['ops', 'tenant', tenantId], queryFn: () => getTenant(tenantId) });
  const d = detail.data;
  return (
    <section aria-labelledby="ops-tenant">
      <p className="small">
        <Link to="/ops/tenants">← All organisations</Link>
      </p>
      <h1 id="ops-tenant">{d?.tenant.name ?? 'Organisation'}</h1>
      {detail.error && <ErrorAlert error={detail.error} />}
      {detail.isPending && <p className="muted small">Loading…</p>}
      {d && (
        <>
          <dl className="ops-facts">
            <div>
              <dt>Id</dt>
              <dd className="mono">{d.tenant.id}</dd>
            </div>
            <div>
              <dt>Plan</dt>
              <dd>{d.tenant.plan}</dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{when(d.tenant.createdAt)}</dd>
            </div>
          </dl>
          <p className="small">
            <Link to={`/ops/invoices?tenantId=${d.tenant.id}`}>Its invoices</Link>
            {admin && (
              <>
                {' · '}
                <Link to={`/ops/audit?tenantId=${d.tenant.id}`}>Its audit entries</Link>
              </>
            )}
          </p>
          <h2>Users</h2>
          <OpsTable
            rows={d.users}
            rowKey={(u) => u.id}
            columns={[
              { header: 'Email', cell: (u) => u.email },
              { header: 'Name', cell: (u) => u.name },
              { header: 'Role', cell: (u) => u.role },
              { header: 'Verified', cell: (u) => (u.emailVerified ? 'Yes' : 'No') },
              { header: 'Status', cell: (u) => (u.disabled ? 'Disabled' : 'Active') },
            ]}
          />
          <h2>Trials</h2>
          {d.trials.length ? <TrialsTable trials={d.trials} /> : <p className="muted">No trials.</p>}
          <h2>Hires</h2>
          {d.hires.length ? <HiresTable hires={d.hires} /> : <p className="muted">No hires.</p>}
          {admin && <DataRights tenant={d.tenant} />}
        </>
      )}
    </section>
  );
}

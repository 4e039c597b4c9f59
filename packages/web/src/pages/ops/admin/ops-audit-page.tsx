// The audit trail (admins): entries newest first, filtered by actor, action (or a prefix ending in
// "."), organisation and result, paged on demand; "Verify chain" checks hashes, signatures and the
// anchored checkpoint and says whether the chain is intact or where it breaks.
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { AuditVerificationView } from '@waooaw/server/contracts';
import { listAudit, verifyAudit } from './ops-admin-api.js';
import { OpsTable } from './ops-table.js';
import { AdminOnly, ActionStatus, PagedState, usePaged, useTenantScope, when } from './ops-admin-ui.js';

type Result = 'success' | 'failure' | 'denied';
interface Filters {
  actor: string;
  action: string;
  tenantId: string;
  result: Result | '';
}
const NONE: Filters = { actor: '', action: '', tenantId: '', result: '' };

function Verdict({ v }: { v: AuditVerificationView }) {
  return v.valid ? (
    <p className="alert alert-ok" data-testid="audit-verdict">
      Chain intact: {v.checked} entries checked up to #{v.lastSeq}
      {v.signed ? ', signatures valid' : ''}
      {v.anchor ? `, anchored checkpoint #${v.anchor.seq} matches` : ''}.
    </p>
  ) : (
    <p className="alert alert-error" data-testid="audit-verdict">
      Chain broken at entry #{v.brokenAt ?? '?'} ({v.reason ?? 'unknown'}): {v.message ?? ''} {v.checked}{' '}
      entries checked before it.
    </p>
  );
}

function FilterField({
  id,
  label,
  value,
  set,
}: {
  id: string;
  label: string;
  value: string;
  set: (v: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input type="text" id={id} value={value} onChange={(e) => set(e.target.value)} />
    </div>
  );
}

export function OpsAuditPage() {
  return (
    <AdminOnly title="Audit trail">
      <AuditPage />
    </AdminOnly>
  );
}

function AuditPage() {
  const { tenantId } = useTenantScope();
  const [draft, setDraft] = useState<Filters>({ ...NONE, tenantId });
  const [filters, setFilters] = useState<Filters>({ ...NONE, tenantId });
  const verify = useMutation({ mutationFn: verifyAudit });
  const { query, items } = usePaged(['audit', filters], (cursor) =>
    listAudit({
      limit: 50,
      ...(filters.actor ? { actor: filters.actor } : {}),
      ...(filters.action ? { action: filters.action } : {}),
      ...(filters.tenantId ? { tenantId: filters.tenantId } : {}),
      ...(filters.result ? { result: filters.result } : {}),
      ...(cursor ? { cursor } : {}),
    }),
  );
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters({
      ...draft,
      actor: draft.actor.trim(),
      action: draft.action.trim(),
      tenantId: draft.tenantId.trim(),
    });
  };
  const set = (k: keyof Filters) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  return (
    <section aria-labelledby="ops-audit">
      <h1 id="ops-audit">Audit trail</h1>
      <p>
        <button
          type="button"
          className="btn btn-primary"
          disabled={verify.isPending}
          onClick={() => verify.mutate()}
        >
          {verify.isPending ? 'Verifying…' : 'Verify chain'}
        </button>
      </p>
      <div role="status" aria-live="polite">
        {verify.data && <Verdict v={verify.data} />}
      </div>
      <ActionStatus error={verify.error} />
      <form className="ops-filters" onSubmit={apply} aria-label="Filter the audit trail">
        <FilterField id="audit-actor" label="Actor (user:…)" value={draft.actor} set={set('actor')} />
        <FilterField
          id="audit-action"
          label="Action or prefix (auth.)"
          value={draft.action}
          set={set('action')}
        />
        <FilterField id="audit-tenant" label="Organisation id" value={draft.tenantId} set={set('tenantId')} />
        <div className="field">
          <label htmlFor="audit-result">Result</label>
          <select id="audit-result" value={draft.result} onChange={(e) => set('result')(e.target.value)}>
            <option value="">Any</option>
            <option value="success">success</option>
            <option value="failure">failure</option>
            <option value="denied">denied</option>
          </select>
        </div>
        <button type="submit" className="btn">
          Apply filters
        </button>
      </form>
      <OpsTable
        testId="audit-table"
        rows={items}
        rowKey={(e) => e.seq}
        columns={[
          { header: '#', num: true, cell: (e) => e.seq },
          { header: 'When', cell: (e) => when(e.at) },
          { header: 'Actor', cell: (e) => <span className="mono small">{e.actor}</span> },
          { header: 'Action', nowrap: true, cell: (e) => <span className="mono small">{e.action}</span> },
          { header: 'Resource', cell: (e) => <span className="mono small">{e.resource}</span> },
          { header: 'Result', cell: (e) => e.result },
          {
            header: 'Details',
            cell: (e) => (
              <details>
                <summary>Details</summary>
                <pre className="ops-json">
                  {JSON.stringify({ tenantId: e.tenantId, ...e.details }, null, 2)}
                </pre>
              </details>
            ),
          },
        ]}
      />
      <PagedState query={query} count={items.length} empty="No entries match." />
    </section>
  );
}

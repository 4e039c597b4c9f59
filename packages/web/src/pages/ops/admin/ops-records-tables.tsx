// Tables of trials and hires, shared by the organisation detail and the cross-organisation lists; a
// trial row can carry an action (an admin's "Extend"). Also the status filter the lists share.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Hire, Trial } from '@waooaw/server/contracts';
import { formatMoney } from '../../../format.js';
import { when } from './ops-admin-ui.js';
import { Named, OpsTable } from './ops-table.js';

export function TenantLink({ tenantId }: { tenantId: string }) {
  return (
    <Link className="mono small" to={`/ops/tenants/${tenantId}`}>
      {tenantId}
    </Link>
  );
}

export function TrialsTable({ trials, action }: { trials: Trial[]; action?: (t: Trial) => ReactNode }) {
  return (
    <OpsTable
      rows={trials}
      rowKey={(t) => t.id}
      columns={[
        { header: 'Agent', cell: (t) => <Named name={t.agentName} id={t.id} /> },
        { header: 'Business', cell: (t) => t.setup.business.companyName },
        { header: 'Status', cell: (t) => t.status },
        { header: 'Started', cell: (t) => when(t.startedAt) },
        { header: 'Ends', cell: (t) => when(t.endsAt) },
        { header: 'Extended', num: true, cell: (t) => `${t.extendedDays} d` },
        !!action && { header: 'Actions', cell: action },
      ]}
    />
  );
}

export function HiresTable({ hires }: { hires: Array<Hire & { tenantId?: string }> }) {
  return (
    <OpsTable
      rows={hires}
      rowKey={(h) => h.id}
      columns={[
        { header: 'Agent', cell: (h) => `${h.agentName} · ${h.instanceName}` },
        hires.some((h) => h.tenantId) && {
          header: 'Organisation',
          cell: (h) => h.tenantId && <TenantLink tenantId={h.tenantId} />,
        },
        { header: 'Plan', cell: (h) => h.plan },
        { header: 'Price', num: true, cell: (h) => formatMoney(h.price.amount, h.price.currency) },
        { header: 'Status', cell: (h) => h.status },
        { header: 'Started', cell: (h) => when(h.startedAt) },
        { header: 'Period ends', cell: (h) => when(h.currentPeriodEnd) },
      ]}
    />
  );
}

/** A status filter (a labelled select) for the cross-organisation lists. */
export function StatusFilter<S extends string>({
  id,
  value,
  options,
  onChange,
}: {
  id: string;
  value: S | '';
  options: readonly S[];
  onChange: (s: S | '') => void;
}) {
  return (
    <div className="field ops-filters">
      <label htmlFor={id}>Status</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as S | '')}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
}

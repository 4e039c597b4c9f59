// Tables of trials and hires, shared by the organisation detail and the cross-organisation lists; a
// trial row can carry an action (an admin's "Extend").
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Hire, Trial } from '@waooaw/server/contracts';
import { formatMoney } from '../../../format.js';
import { when } from './ops-admin-ui.js';

export function TenantLink({ tenantId }: { tenantId: string }) {
  return (
    <Link className="mono small" to={`/ops/tenants/${tenantId}`}>
      {tenantId}
    </Link>
  );
}

export function TrialsTable({
  trials,
  empty,
  action,
}: {
  trials: Trial[];
  empty: string;
  action?: (t: Trial) => ReactNode;
}) {
  if (trials.length === 0) return <p className="muted">{empty}</p>;
  return (
    <div className="ops-table-wrap">
      <table className="ops-table">
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Business</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Ends</th>
            <th scope="col" className="num">
              Extended
            </th>
            {action && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {trials.map((t) => (
            <tr key={t.id}>
              <td>
                {t.agentName}
                <div className="muted small mono">{t.id}</div>
              </td>
              <td>{t.setup.business.companyName}</td>
              <td>{t.status}</td>
              <td>{when(t.startedAt)}</td>
              <td>{when(t.endsAt)}</td>
              <td className="num">{t.extendedDays} d</td>
              {action && <td>{action(t)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function HiresTable({ hires, empty }: { hires: Array<Hire & { tenantId?: string }>; empty: string }) {
  if (hires.length === 0) return <p className="muted">{empty}</p>;
  const withTenant = hires.some((h) => h.tenantId);
  return (
    <div className="ops-table-wrap">
      <table className="ops-table">
        <thead>
          <tr>
            <th scope="col">Agent</th>
            {withTenant && <th scope="col">Organisation</th>}
            <th scope="col">Plan</th>
            <th scope="col" className="num">
              Price
            </th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Period ends</th>
          </tr>
        </thead>
        <tbody>
          {hires.map((h) => (
            <tr key={h.id}>
              <td>
                {h.agentName} · {h.instanceName}
              </td>
              {withTenant && <td>{h.tenantId && <TenantLink tenantId={h.tenantId} />}</td>}
              <td>{h.plan}</td>
              <td className="num">{formatMoney(h.price.amount, h.price.currency)}</td>
              <td>{h.status}</td>
              <td>{when(h.startedAt)}</td>
              <td>{when(h.currentPeriodEnd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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

// The catalogue's agents: lifecycle, the spec version new trials run, every version the spec lists,
// and trial / hire counts. Rollouts (which version each instance runs) come later and add a column.
import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '../../../components/error-alert.js';
import { formatMoney } from '../../../format.js';
import { listAgentVersions } from './ops-admin-api.js';
import { when } from './ops-admin-ui.js';

export function OpsAgentsPage() {
  const agents = useQuery({ queryKey: ['ops', 'agents'], queryFn: listAgentVersions });
  const items = agents.data?.items ?? [];
  return (
    <section aria-labelledby="ops-agents">
      <h1 id="ops-agents">Agents and versions</h1>
      {agents.error && <ErrorAlert error={agents.error} />}
      {agents.isPending && <p className="muted small">Loading…</p>}
      {items.length > 0 && (
        <p className="muted small" data-testid="agent-count">
          {items.length} agents
        </p>
      )}
      <div className="ops-table-wrap">
        <table className="ops-table">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Industry</th>
              <th scope="col">Tier</th>
              <th scope="col" className="num">
                Price
              </th>
              <th scope="col">Lifecycle</th>
              <th scope="col">Spec version</th>
              <th scope="col" className="num">
                Trials
              </th>
              <th scope="col" className="num">
                Hires (active)
              </th>
              <th scope="col">Versions</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>
                  {a.name}
                  <div className="muted small mono">{a.id}</div>
                </td>
                <td>{a.industry}</td>
                <td>{a.tier}</td>
                <td className="num">{formatMoney(a.price.amount, a.price.currency)}</td>
                <td>{a.lifecycle}</td>
                <td className="mono">{a.specVersion ?? '—'}</td>
                <td className="num">{a.stats.trials}</td>
                <td className="num">
                  {a.stats.hires} ({a.stats.activeHires})
                </td>
                <td>
                  <details>
                    <summary>{a.versions.length} versions</summary>
                    <ul className="small">
                      {a.versions.map((v) => (
                        <li key={v.version}>
                          <span className="mono">{v.version}</span> · {v.status} · {when(v.releasedAt)}
                          {v.notes ? ` — ${v.notes}` : ''}
                        </li>
                      ))}
                    </ul>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

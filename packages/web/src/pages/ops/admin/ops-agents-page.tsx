// The catalogue's agents: lifecycle, the spec version new trials run, every version the spec lists,
// and trial / hire counts. Rollouts (which version each instance runs) come later and add a column.
import { useQuery } from '@tanstack/react-query';
import type { AdminAgent } from '@waooaw/server/contracts';
import { ErrorAlert } from '../../../components/error-alert.js';
import { formatMoney } from '../../../format.js';
import { listAgentVersions } from './ops-admin-api.js';
import { when } from './ops-admin-ui.js';
import { Named, OpsTable } from './ops-table.js';

function Versions({ agent }: { agent: AdminAgent }) {
  return (
    <details>
      <summary>{agent.versions.length} versions</summary>
      <ul className="small">
        {agent.versions.map((v) => (
          <li key={v.version}>
            <span className="mono">{v.version}</span> · {v.status} · {when(v.releasedAt)}
            {v.notes ? ` — ${v.notes}` : ''}
          </li>
        ))}
      </ul>
    </details>
  );
}

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
      <OpsTable
        rows={items}
        rowKey={(a) => a.id}
        columns={[
          { header: 'Agent', cell: (a) => <Named name={a.name} id={a.id} /> },
          { header: 'Industry', cell: (a) => a.industry },
          { header: 'Tier', cell: (a) => a.tier },
          { header: 'Price', num: true, cell: (a) => formatMoney(a.price.amount, a.price.currency) },
          { header: 'Lifecycle', cell: (a) => a.lifecycle },
          { header: 'Spec version', cell: (a) => <span className="mono">{a.specVersion ?? '—'}</span> },
          { header: 'Trials', num: true, cell: (a) => a.stats.trials },
          { header: 'Hires (active)', num: true, cell: (a) => `${a.stats.hires} (${a.stats.activeHires})` },
          { header: 'Versions', cell: (a) => <Versions agent={a} /> },
        ]}
      />
    </section>
  );
}

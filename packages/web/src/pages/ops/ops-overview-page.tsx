// The console's landing page: is the platform healthy (store, bus, this process), how much work flows
// and how much of it fails, what waits in the bus's queues and the dead-letter queue, and which
// workflow instances stopped on an incident. Refreshes every few seconds while open.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { OpsOverview, OpsQueue } from '@waooaw/server/contracts';
import { ErrorAlert } from '../../components/error-alert.js';
import { opsApi, opsKeys, when } from './ops-api.js';
import { OpsTable } from './ops-table.js';

const REFRESH_MS = 5000;

const percent = (share: number) => `${(share * 100).toFixed(share > 0 && share < 0.01 ? 2 : 1)} %`;
const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

function Health({ o }: { o: OpsOverview }) {
  const checks = Object.entries(o.checks);
  return (
    <dl className="ops-stats" aria-label="Health">
      <div>
        <dt>Platform</dt>
        <dd className={`ops-state ops-state-${o.status}`}>{o.status}</dd>
      </div>
      {checks.map(([name, c]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd className={`ops-state ops-state-${c.ok ? 'ok' : 'down'}`} title={c.error}>
            {c.ok ? `ok · ${c.latencyMs} ms` : `down: ${c.error ?? 'no answer'}`}
          </dd>
        </div>
      ))}
      <div>
        <dt>This process</dt>
        <dd>
          {o.role} · v{o.version} · up {Math.round(o.uptimeSeconds / 60)} min
        </dd>
      </div>
    </dl>
  );
}

function Throughput({ o }: { o: OpsOverview }) {
  const t = o.throughput;
  return (
    <dl className="ops-stats" aria-label="Throughput since start">
      <div>
        <dt>HTTP requests</dt>
        <dd>
          {t.httpRequests} · {t.requestsPerMinute}/min
        </dd>
      </div>
      <div>
        <dt>HTTP error rate (5xx)</dt>
        <dd>{percent(t.httpErrorRate)}</dd>
      </div>
      <div>
        <dt>Bus deliveries</dt>
        <dd>{t.busHandled}</dd>
      </div>
      <div>
        <dt>Bus error rate</dt>
        <dd>{percent(t.busErrorRate)}</dd>
      </div>
      <div>
        <dt>Workflow steps</dt>
        <dd>
          {t.workflowSteps} · {t.stepsPerMinute}/min
        </dd>
      </div>
      <div>
        <dt>Dead letters</dt>
        <dd>
          <Link to="/ops/dlq">{o.bus.deadLetters} waiting</Link>
        </dd>
      </div>
    </dl>
  );
}

function QueueTable({ queues, caption }: { queues: OpsQueue[]; caption: string }) {
  return (
    <OpsTable
      columns={[
        { label: 'Group' },
        { label: 'Topics' },
        { label: 'Waiting', num: true },
        { label: 'In progress', num: true },
        { label: 'Lag', num: true },
      ]}
      caption={caption}
    >
      {queues.map((q) => (
        <tr key={q.group}>
          <td>{q.group}</td>
          <td className="mono">{q.pattern}</td>
          <td className="num">{q.depth}</td>
          <td className="num">{q.pending}</td>
          <td className="num">{seconds(q.lagMs)}</td>
        </tr>
      ))}
    </OpsTable>
  );
}

/** The busy groups first (something waiting or in progress), deepest first; every group on demand. */
function Queues({ o }: { o: OpsOverview }) {
  const all = o.bus.queues;
  if (all.length === 0) return <p className="muted">No consumer groups yet.</p>;
  const busy = all
    .filter((q) => q.depth + q.pending > 0)
    .sort((a, b) => b.depth - a.depth || b.lagMs - a.lagMs);
  const waiting = all.reduce((n, q) => n + q.depth, 0);
  const lag = Math.max(...all.map((q) => q.lagMs));
  return (
    <>
      <p>
        {all.length} consumer groups on the {o.bus.kind} bus · {waiting} messages waiting · longest lag{' '}
        {seconds(lag)}
      </p>
      {busy.length === 0 ? (
        <p className="muted">Every queue is empty.</p>
      ) : (
        <QueueTable queues={busy} caption="Consumer groups with work waiting or in progress" />
      )}
      <details className="ops-details">
        <summary>All {all.length} groups</summary>
        <QueueTable queues={all} caption={`Every consumer group of the ${o.bus.kind} bus`} />
      </details>
    </>
  );
}

function Incidents({ o }: { o: OpsOverview }) {
  const w = o.workflows;
  const states = Object.entries(w.instancesByState).filter(([, n]) => n > 0);
  return (
    <>
      <p>
        {states.length === 0
          ? 'No workflow instances yet.'
          : states.map(([state, n]) => `${n} ${state}`).join(' · ')}
      </p>
      {w.incidents.length === 0 ? (
        <p className="muted">No open incidents.</p>
      ) : (
        <ul className="ops-list">
          {w.incidents.map((i) => (
            <li key={i.instanceId}>
              <Link to={`/ops/workflows/instances/${encodeURIComponent(i.instanceId)}`}>
                {i.definitionId} v{i.version}
                {i.businessKey ? ` · ${i.businessKey}` : ''}
              </Link>{' '}
              <span className="muted small">
                {i.message} · since {when(i.since)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function OpsOverviewPage() {
  const overview = useQuery({
    queryKey: opsKeys.overview,
    queryFn: opsApi.overview,
    refetchInterval: REFRESH_MS,
  });
  const o = overview.data;
  return (
    <section aria-labelledby="ops-overview">
      <h1 id="ops-overview">Operations overview</h1>
      {overview.error && <ErrorAlert error={overview.error} />}
      {overview.isPending && <p className="muted">Loading…</p>}
      {o && (
        <>
          <section className="panel" aria-labelledby="ops-health">
            <h2 id="ops-health">Health</h2>
            <Health o={o} />
          </section>
          <section className="panel" aria-labelledby="ops-throughput">
            <h2 id="ops-throughput">Throughput and errors</h2>
            <Throughput o={o} />
          </section>
          <section className="panel" aria-labelledby="ops-queues">
            <h2 id="ops-queues">Queues</h2>
            <Queues o={o} />
          </section>
          <section className="panel" aria-labelledby="ops-incidents">
            <h2 id="ops-incidents">Open incidents ({o.workflows.openIncidents})</h2>
            <Incidents o={o} />
          </section>
        </>
      )}
    </section>
  );
}

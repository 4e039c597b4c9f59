// The instance page's records: variables with their change history, and every recorded step.
import type { HistoryEvent, VariableChange } from '../ops-api.js';
import { when } from '../ops-api.js';
import { OpsTable } from '../ops-table.js';

const show = (value: unknown) => JSON.stringify(value);

export function Variables({
  variables,
  changes,
}: {
  variables: Record<string, unknown>;
  changes: VariableChange[];
}) {
  const names = Object.keys(variables).sort();
  return (
    <section className="panel" aria-labelledby="ops-variables">
      <h2 id="ops-variables">Variables</h2>
      {names.length === 0 ? (
        <p className="muted">No variables.</p>
      ) : (
        <dl className="ops-vars">
          {names.map((n) => (
            <div key={n}>
              <dt>{n}</dt>
              <dd className="mono">{show(variables[n])}</dd>
            </div>
          ))}
        </dl>
      )}
      <details className="ops-details">
        <summary>Change history ({changes.length})</summary>
        <OpsTable
          columns={[
            { label: 'Variable' },
            { label: 'Version', num: true },
            { label: 'Value' },
            { label: 'By' },
            { label: 'At' },
          ]}
        >
          {changes.map((c) => (
            <tr key={`${c.name}@${c.version}`}>
              <td>{c.name}</td>
              <td className="num">{c.version}</td>
              <td className="mono">{show(c.value)}</td>
              <td>{c.actor}</td>
              <td>{when(c.at)}</td>
            </tr>
          ))}
        </OpsTable>
      </details>
    </section>
  );
}

export function History({ events }: { events: HistoryEvent[] }) {
  return (
    <section className="panel" aria-labelledby="ops-history">
      <h2 id="ops-history">History ({events.length} steps)</h2>
      <OpsTable
        columns={[{ label: '#', num: true }, { label: 'At' }, { label: 'Event' }, { label: 'Element' }]}
        region="History steps"
      >
        {events.map((e) => (
          <tr key={e.seq}>
            <td className="num">{e.seq}</td>
            <td>{when(e.at)}</td>
            <td>{e.type}</td>
            <td className="mono">
              {e.elementId ?? (typeof e.startElementId === 'string' ? e.startElementId : '')}
            </td>
          </tr>
        ))}
      </OpsTable>
    </section>
  );
}

/**
 * Elements the instance reached, read from its history: every recorded event names the element where a
 * token waited, ran a task, caught an event or ended (elements passed without a wait record nothing;
 * the diagram infers those).
 */
export function visitedElements(events: HistoryEvent[]): string[] {
  const visited = new Set<string>();
  for (const e of events) {
    if (typeof e.startElementId === 'string') visited.add(e.startElementId);
    if (typeof e.elementId === 'string') visited.add(e.elementId);
  }
  return [...visited];
}

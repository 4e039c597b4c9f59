// One workflow instance in the console: where it is (the BPMN diagram with its active tokens and the
// path taken, drawn by bpmn-js loaded on this page only), its incidents with retry, its user tasks,
// the operator's controls (suspend, resume, cancel, migrate to another version), its variables with
// their change history, and every recorded step.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Suspense, lazy, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/error-alert.js';
import { opsApi, opsKeys, when, type InstanceView } from '../ops-api.js';
import { History, Variables, visitedElements } from './instance-records.js';
import { OpsTextField } from '../ops-field.js';

const InstanceDiagram = lazy(() => import('./instance-diagram.js'));
const REFRESH_MS = 5000;

function useInstanceAction<A>(instanceId: string, run: (arg: A) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => client.invalidateQueries({ queryKey: opsKeys.instance(instanceId) }),
  });
}

function Controls({ view }: { view: InstanceView }) {
  const id = view.instanceId;
  const [reason, setReason] = useState('');
  const [toVersion, setToVersion] = useState('');
  const suspend = useInstanceAction(id, () => opsApi.suspend(id));
  const resume = useInstanceAction(id, () => opsApi.resume(id));
  const cancel = useInstanceAction(id, (why: string) => opsApi.cancel(id, why));
  const migrate = useInstanceAction(id, (v: number) => opsApi.migrate(id, v));
  const definition = useQuery({
    queryKey: opsKeys.definition(view.definitionId),
    queryFn: () => opsApi.definition(view.definitionId),
  });
  const others = (definition.data?.versions ?? []).filter((v) => v.version !== view.version);
  const open = ['active', 'waiting', 'suspended', 'failed'].includes(view.status);
  const error = suspend.error ?? resume.error ?? cancel.error ?? migrate.error;
  const onCancel = (e: FormEvent) => {
    e.preventDefault();
    cancel.mutate(reason.trim());
  };
  const onMigrate = (e: FormEvent) => {
    e.preventDefault();
    if (toVersion) migrate.mutate(Number(toVersion));
  };
  if (!open) return null;
  return (
    <section className="panel" aria-labelledby="ops-controls">
      <h2 id="ops-controls">Controls</h2>
      {error && <ErrorAlert error={error} />}
      <div className="ops-actions">
        {view.status === 'suspended' ? (
          <button
            className="btn"
            type="button"
            onClick={() => resume.mutate(undefined)}
            disabled={resume.isPending}
          >
            Resume
          </button>
        ) : (
          <button
            className="btn"
            type="button"
            onClick={() => suspend.mutate(undefined)}
            disabled={suspend.isPending}
          >
            Suspend
          </button>
        )}
      </div>
      <form className="ops-inline-form" onSubmit={onCancel} aria-label="Cancel the instance">
        <OpsTextField
          label="Reason for cancelling"
          id="cancel-reason"
          value={reason}
          maxLength={1000}
          onValue={setReason}
        />
        <button className="btn btn-danger" type="submit" disabled={cancel.isPending}>
          Cancel instance
        </button>
      </form>
      {others.length > 0 && (
        <form className="ops-inline-form" onSubmit={onMigrate} aria-label="Migrate to another version">
          <div className="field">
            <label htmlFor="migrate-version">Move to version</label>
            <select id="migrate-version" value={toVersion} onChange={(e) => setToVersion(e.target.value)}>
              <option value="">Choose…</option>
              {others.map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version}
                  {v.versionTag ? ` (${v.versionTag})` : ''}
                </option>
              ))}
            </select>
          </div>
          <button className="btn" type="submit" disabled={!toVersion || migrate.isPending}>
            Migrate
          </button>
        </form>
      )}
    </section>
  );
}

function Incidents({ view }: { view: InstanceView }) {
  const retry = useInstanceAction(view.instanceId, (incidentId: string) =>
    opsApi.retryIncident(view.instanceId, incidentId),
  );
  if (view.incidents.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="ops-instance-incidents">
      <h2 id="ops-instance-incidents">Incidents</h2>
      {retry.error && <ErrorAlert error={retry.error} />}
      <ul className="ops-list">
        {view.incidents.map((i) => (
          <li key={i.incidentId}>
            <span className="mono">{i.elementId}</span>: {i.error.message}{' '}
            <span className="muted small">
              ({i.error.code}, {when(i.at)})
            </span>{' '}
            <button
              className="btn btn-sm"
              type="button"
              onClick={() => retry.mutate(i.incidentId)}
              disabled={retry.isPending}
            >
              Retry<span className="sr-only"> {i.elementId}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Where({ view, visited }: { view: InstanceView; visited: string[] }) {
  const xml = useQuery({
    queryKey: ['ops', 'bpmn', view.definitionId, view.version],
    queryFn: () => opsApi.bpmn(view.definitionId, view.version),
    staleTime: Infinity,
  });
  const active = view.activeElements;
  const label = active.length
    ? `Active tokens at: ${active.join(', ')}. The path taken is highlighted.`
    : 'No active tokens. The path taken is highlighted.';
  return (
    <section className="panel" aria-labelledby="ops-diagram">
      <h2 id="ops-diagram">Diagram</h2>
      {xml.error && <ErrorAlert error={xml.error} />}
      {xml.data && (
        <Suspense fallback={<p className="muted">Loading the diagram…</p>}>
          <InstanceDiagram
            xml={xml.data}
            label={label}
            marks={{ active, visited, incidents: view.incidents.map((i) => i.elementId) }}
          />
        </Suspense>
      )}
      {view.userTasks.length > 0 && (
        <p>
          Waiting for: {view.userTasks.map((t) => `${t.title} (${t.elementId})`).join('; ')}.{' '}
          <span className="muted small">Answered in the inbox.</span>
        </p>
      )}
    </section>
  );
}

export function OpsInstancePage() {
  const { instanceId = '' } = useParams();
  const view = useQuery({
    queryKey: opsKeys.instance(instanceId),
    queryFn: () => opsApi.instance(instanceId),
    refetchInterval: REFRESH_MS,
  });
  const history = useQuery({
    queryKey: [...opsKeys.instance(instanceId), 'history', view.data?.historyLength],
    queryFn: () => opsApi.history(instanceId),
    enabled: !!view.data,
  });
  const variables = useQuery({
    queryKey: [...opsKeys.instance(instanceId), 'variables', view.data?.historyLength],
    queryFn: () => opsApi.variableHistory(instanceId),
    enabled: !!view.data,
  });
  const v = view.data;
  const events = history.data?.items ?? [];
  return (
    <section aria-labelledby="ops-instance">
      <p>
        <Link to="/ops/workflows">← Workflows</Link>
      </p>
      <h1 id="ops-instance">Instance {instanceId}</h1>
      {view.error && <ErrorAlert error={view.error} />}
      {v && (
        <>
          <dl className="ops-stats" aria-label="Instance">
            <div>
              <dt>Status</dt>
              <dd className={`ops-state ops-state-${v.status}`}>{v.status}</dd>
            </div>
            <div>
              <dt>Definition</dt>
              <dd>
                <Link
                  to={`/ops/workflows/definitions/${encodeURIComponent(v.definitionId)}?version=${v.version}`}
                >
                  {v.definitionId} v{v.version}
                </Link>
              </dd>
            </div>
            <div>
              <dt>Business key</dt>
              <dd>{v.businessKey ?? '—'}</dd>
            </div>
            <div>
              <dt>Started</dt>
              <dd>{when(v.startedAt)}</dd>
            </div>
            <div>
              <dt>Ended</dt>
              <dd>{when(v.endedAt)}</dd>
            </div>
          </dl>
          {v.error && <p className="alert alert-error">{v.error.message}</p>}
          <Where view={v} visited={visitedElements(events)} />
          <Incidents view={v} />
          <Controls view={v} />
          <Variables variables={v.variables} changes={variables.data?.items ?? []} />
          <History events={events} />
        </>
      )}
    </section>
  );
}

// Workflows in the console: every deployed definition (latest version, link to its versions), deploying
// a BPMN or YAML file by upload, and the instances with filters (definition, status, business key).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../../api.js';
import { ErrorAlert } from '../../../components/error-alert.js';
import { instanceStatuses, opsApi, opsKeys, when } from '../ops-api.js';
import { OpsTable } from '../ops-table.js';
import { OpsTextField } from '../ops-field.js';

/** The process ids a refused deploy names: a BPMN file with several executable processes needs one chosen. */
function processIdsOf(error: unknown): string[] {
  const ids = error instanceof ApiError ? error.details.processIds : undefined;
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
}

function DeployForm() {
  const client = useQueryClient();
  const fileId = useId();
  const processFieldId = useId();
  const [file, setFile] = useState<File | undefined>();
  const [processIds, setProcessIds] = useState<string[]>([]);
  const [processId, setProcessId] = useState('');
  const deploy = useMutation({
    mutationFn: async (f: File) => opsApi.deploy(await f.text(), processId || undefined),
    onSuccess: () => client.invalidateQueries({ queryKey: opsKeys.definitions }),
    onError: (err) => {
      const ids = processIdsOf(err);
      if (ids.length) {
        setProcessIds(ids);
        setProcessId((current) => (ids.includes(current) ? current : ids[0]!));
      }
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) deploy.mutate(file);
  };
  return (
    <form className="ops-inline-form" onSubmit={submit} aria-label="Deploy a definition">
      <div className="field">
        <label htmlFor={fileId}>BPMN or YAML file</label>
        <input
          id={fileId}
          type="file"
          accept=".bpmn,.xml,.yaml,.yml,.json"
          onChange={(e) => {
            setFile(e.target.files?.[0]);
            setProcessIds([]);
            setProcessId('');
          }}
        />
      </div>
      {processIds.length > 0 && (
        <div className="field">
          <label htmlFor={processFieldId}>Process</label>
          <select id={processFieldId} value={processId} onChange={(e) => setProcessId(e.target.value)}>
            {processIds.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
      )}
      <button className="btn btn-primary" type="submit" disabled={!file || deploy.isPending}>
        Deploy
      </button>
      {deploy.error && <ErrorAlert error={deploy.error} />}
      {deploy.data && (
        <p className="alert alert-ok" role="status">
          {deploy.data.created ? 'Deployed' : 'Already deployed:'} {deploy.data.definitionId} v
          {deploy.data.version}
        </p>
      )}
    </form>
  );
}

function Definitions() {
  const definitions = useQuery({ queryKey: opsKeys.definitions, queryFn: opsApi.definitions });
  const items = definitions.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="ops-definitions">
      <h2 id="ops-definitions">Definitions</h2>
      <DeployForm />
      {definitions.error && <ErrorAlert error={definitions.error} />}
      {definitions.data && items.length === 0 && <p className="muted">Nothing deployed yet.</p>}
      {items.length > 0 && (
        <OpsTable
          columns={[
            { label: 'Definition' },
            { label: 'Name' },
            { label: 'Latest version', num: true },
            { label: 'Deployed' },
            { label: 'Instances' },
          ]}
        >
          {items.map((d) => (
            <tr key={d.definitionId}>
              <td>
                <Link to={`/ops/workflows/definitions/${encodeURIComponent(d.definitionId)}`}>
                  {d.definitionId}
                </Link>
              </td>
              <td>{d.name ?? '—'}</td>
              <td className="num">
                v{d.version}
                {d.versionTag ? ` (${d.versionTag})` : ''}
              </td>
              <td>{when(d.createdAt)}</td>
              <td>
                <Link to={`/ops/workflows?definitionId=${encodeURIComponent(d.definitionId)}`}>
                  Instances<span className="sr-only"> of {d.definitionId}</span>
                </Link>
              </td>
            </tr>
          ))}
        </OpsTable>
      )}
    </section>
  );
}

function Instances() {
  const [params, setParams] = useSearchParams();
  const filter = {
    definitionId: params.get('definitionId') ?? '',
    status: params.get('status') ?? '',
    businessKey: params.get('businessKey') ?? '',
  };
  const instances = useQuery({
    queryKey: [...opsKeys.instances, filter],
    queryFn: () => opsApi.instances(filter),
    refetchInterval: 5000,
  });
  const set = (name: keyof typeof filter, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const items = instances.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="ops-instances">
      <h2 id="ops-instances">Instances</h2>
      <form
        className="filters"
        role="search"
        aria-label="Filter instances"
        onSubmit={(e) => e.preventDefault()}
      >
        <OpsTextField
          label="Definition"
          id="wf-definition"
          value={filter.definitionId}
          onValue={(v) => set('definitionId', v.trim())}
        />
        <div className="field">
          <label htmlFor="wf-status">Status</label>
          <select id="wf-status" value={filter.status} onChange={(e) => set('status', e.target.value)}>
            <option value="">Any</option>
            {instanceStatuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <OpsTextField
          label="Business key"
          id="wf-key"
          value={filter.businessKey}
          onValue={(v) => set('businessKey', v.trim())}
        />
      </form>
      {instances.error && <ErrorAlert error={instances.error} />}
      {instances.data && items.length === 0 && <p className="muted">No instances match.</p>}
      {items.length > 0 && (
        <OpsTable
          columns={[
            { label: 'Instance' },
            { label: 'Definition' },
            { label: 'Business key' },
            { label: 'Status' },
            { label: 'Started' },
            { label: 'Ended' },
          ]}
        >
          {items.map((i) => (
            <tr key={i.instanceId}>
              <td className="mono">
                <Link to={`/ops/workflows/instances/${encodeURIComponent(i.instanceId)}`}>
                  {i.instanceId}
                </Link>
              </td>
              <td>
                {i.definitionId} v{i.version}
              </td>
              <td>{i.businessKey ?? '—'}</td>
              <td>
                <span className={`ops-state ops-state-${i.state}`}>{i.state}</span>
              </td>
              <td>{when(i.createdAt)}</td>
              <td>{when(i.endedAt)}</td>
            </tr>
          ))}
        </OpsTable>
      )}
    </section>
  );
}

export function OpsWorkflowsPage() {
  return (
    <section aria-labelledby="ops-workflows">
      <h1 id="ops-workflows">Workflows</h1>
      <Definitions />
      <Instances />
    </section>
  );
}

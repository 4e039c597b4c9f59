// One workflow definition in the console: its versions (newest first), each with a link to its
// instances, and the source of the version shown.
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/error-alert.js';
import { opsApi, opsKeys, when } from '../ops-api.js';

export function OpsDefinitionPage() {
  const { definitionId = '' } = useParams();
  const [params] = useSearchParams();
  const version = Number(params.get('version')) || undefined;
  const definition = useQuery({
    queryKey: [...opsKeys.definition(definitionId), version],
    queryFn: () => opsApi.definition(definitionId, version),
  });
  const d = definition.data;
  const versions = [...(d?.versions ?? [])].sort((a, b) => b.version - a.version);
  return (
    <section aria-labelledby="ops-definition">
      <p>
        <Link to="/ops/workflows">← Workflows</Link>
      </p>
      <h1 id="ops-definition">Definition {definitionId}</h1>
      {definition.error && <ErrorAlert error={definition.error} />}
      {d && (
        <>
          <section className="panel" aria-labelledby="ops-versions">
            <h2 id="ops-versions">Versions</h2>
            <ul className="ops-list">
              {versions.map((v) => (
                <li key={v.version}>
                  <Link
                    to={`/ops/workflows/definitions/${encodeURIComponent(definitionId)}?version=${v.version}`}
                    aria-current={v.version === d.version ? 'page' : undefined}
                  >
                    v{v.version}
                    {v.versionTag ? ` (${v.versionTag})` : ''}
                  </Link>{' '}
                  <span className="muted small">deployed {when(v.createdAt)}</span>
                </li>
              ))}
            </ul>
            <Link
              className="btn btn-sm"
              to={`/ops/workflows?definitionId=${encodeURIComponent(definitionId)}`}
            >
              Instances of {definitionId}
            </Link>
          </section>
          <section className="panel" aria-labelledby="ops-source">
            <h2 id="ops-source">
              Source of v{d.version} ({d.format})
            </h2>
            <pre className="ops-pre" tabIndex={0}>
              {d.source}
            </pre>
          </section>
        </>
      )}
    </section>
  );
}

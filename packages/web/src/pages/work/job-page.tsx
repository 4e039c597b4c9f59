// A multi-agent job's timeline: how it was routed, each agent's steps, the consults and handoffs
// between agents, escalations, approvals and revisions — re-read while the job is still running.
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { JobEvent } from '@waooaw/server/contracts';
import { ErrorAlert } from '../../components/error-alert.js';
import { plural } from '../../format.js';
import { useSession } from '../../session.js';
import { dateTime, jobEventLabel, jobStatusPill } from './work-labels.js';
import { WORK_REFRESH_MS, workQueries } from './work-queries.js';

/** "Email agent → Brand agent" for consults and handoffs, the one agent otherwise. */
function agents(e: JobEvent): string | undefined {
  if (e.from && e.to) return `${e.from} → ${e.to}`;
  return e.from ?? e.to ?? undefined;
}

export function JobPage() {
  const { jobId = '' } = useParams();
  const session = useSession();
  const userId = session?.user.id ?? '';
  const job = useQuery({
    ...workQueries.job(userId, jobId),
    enabled: !!session,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? WORK_REFRESH_MS : false),
  });
  const data = job.data;
  if (!session)
    return (
      <section className="narrow panel">
        <h1>Job</h1>
        <p className="muted">
          <Link to={`/login?next=/jobs/${encodeURIComponent(jobId)}`}>Log in</Link> to see this job.
        </p>
      </section>
    );
  if (!data)
    return (
      <section className="panel">
        <h1>Job</h1>
        {job.error ? <ErrorAlert error={job.error} /> : <p className="muted">Loading…</p>}
      </section>
    );
  const pill = jobStatusPill[data.status];
  return (
    <div className="job-page">
      <nav className="breadcrumb small" aria-label="Breadcrumb">
        <Link to="/dashboard">Dashboard</Link> / Job
      </nav>
      <header className="dash-head spread">
        <div>
          <h1>{data.title}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {data.kind === 'campaign' ? 'Campaign: blog, social and email together' : 'Routed request'} ·{' '}
            {plural(data.taskIds.length, 'task')} · {plural(data.deliverableIds.length, 'deliverable')}
          </p>
        </div>
        <span className={`pill ${pill.cls}`} data-testid="job-status">
          {pill.label}
        </span>
      </header>
      <section className="panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        {data.timeline.length === 0 && <p className="muted small">Nothing has happened yet.</p>}
        <ol className="timeline" data-testid="timeline">
          {data.timeline.map((e, i) => (
            <li key={`${e.at}-${i}`} data-kind={e.kind} className={`tl-${e.kind}`}>
              <time dateTime={e.at}>{dateTime(e.at, true)}</time>
              <div>
                <strong>{jobEventLabel[e.kind]}</strong>
                {agents(e) && <span className="chip tl-agents">{agents(e)}</span>}
                <p className="small">{e.summary}</p>
              </div>
            </li>
          ))}
        </ol>
      </section>
      {data.status === 'awaiting-approval' && (
        <p className="alert alert-info">
          This job waits for you: <Link to="/inbox">answer it in your inbox</Link>.
        </p>
      )}
    </div>
  );
}

// The customer dashboard: my agents (status, countdown, weekly output, hire / cancel / rate), the
// approvals inbox, deliverables with download and ZIP export, and the organisation's own activity.
// It refreshes itself every few seconds so new work shows up without a reload.
import { useCallback, useEffect, useState } from 'react';
import { getDashboard, listTenantActivity } from '../api.js';
import { ApprovalsInbox } from '../components/approvals-inbox.js';
import { DeliverablesPanel } from '../components/deliverables-panel.js';
import { ErrorAlert } from '../components/error-alert.js';
import { MyAgentCard } from '../components/my-agent-card.js';
import { timeAgo } from '../format.js';
import { Link, navigate, useLocation } from '../router.js';
import { useSession } from '../session.js';
import { useAsync, useNow } from '../use-async.js';

const REFRESH_MS = 4000;

export function DashboardPage() {
  const session = useSession();
  const { query } = useLocation();
  const [version, setVersion] = useState(0);
  // "Trial started" is said once: the query flag is dropped from the URL right away.
  const trialFlag = query.has('trial');
  const [justStarted] = useState(trialFlag);
  useEffect(() => {
    if (trialFlag) navigate('/dashboard', { replace: true });
  }, [trialFlag]);
  const now = useNow(REFRESH_MS);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const dashboard = useAsync(
    () => (session ? getDashboard() : Promise.resolve(undefined)),
    [version, session?.user.id],
  );
  const activity = useAsync(
    () => (session ? listTenantActivity({ limit: 10 }) : Promise.resolve(undefined)),
    [version, session?.user.id],
  );

  useEffect(() => {
    const id = window.setInterval(() => {
      if (!document.hidden) bump();
    }, REFRESH_MS);
    return () => window.clearInterval(id);
  }, [bump]);

  if (!session) {
    return (
      <section className="narrow panel">
        <h1>Your dashboard</h1>
        <p className="muted">
          <Link to="/login?next=/dashboard">Log in</Link> or <Link to="/signup">create an account</Link> to
          see your agents.
        </p>
      </section>
    );
  }

  const d = dashboard.data;

  return (
    <div>
      <header className="dash-head spread">
        <div>
          <h1>Your agents</h1>
          <p className="muted" style={{ margin: 0 }}>
            {session.user.name} · {session.tenant.name}
          </p>
        </div>
        <Link className="btn btn-primary" to="/">
          Browse agents
        </Link>
      </header>
      {!session.user.emailVerified && (
        <div className="alert alert-info">
          Verify your email to start trials — <Link to="/mail">open my mail</Link>.
        </div>
      )}
      {justStarted && (
        <div className="alert alert-ok" role="status">
          Trial started! Your agent is getting to work — its first deliverable appears below in a moment.
        </div>
      )}
      {dashboard.error && <ErrorAlert error={dashboard.error} />}
      {d && (
        <dl className="kv" style={{ marginBottom: '1.25rem' }}>
          <div>
            <dt>Agents</dt>
            <dd>{d.agents.length}</dd>
          </div>
          <div>
            <dt>Awaiting approval</dt>
            <dd>{d.pendingApprovals}</dd>
          </div>
          <div>
            <dt>Deliverables this week</dt>
            <dd>{d.deliverablesThisWeek}</dd>
          </div>
          <div>
            <dt>Open invoices</dt>
            <dd>{d.openInvoices}</dd>
          </div>
        </dl>
      )}
      <div className="dash-grid">
        <div>
          <section className="panel" aria-labelledby="my-agents-title">
            <h2 id="my-agents-title">My agents</h2>
            {d && d.agents.length === 0 && (
              <div className="empty">
                <p>No agents yet.</p>
                <Link className="btn btn-primary" to="/">
                  Find an agent and try it free
                </Link>
              </div>
            )}
            {!d && dashboard.loading && <p className="muted small">Loading…</p>}
            <ul className="instances">
              {d?.agents.map((a) => (
                <MyAgentCard key={a.trial.id} agent={a} now={now} onChanged={bump} />
              ))}
            </ul>
          </section>
          <DeliverablesPanel version={version} now={now} />
        </div>
        <div>
          <ApprovalsInbox version={version} now={now} onChanged={bump} />
          <section className="panel" aria-labelledby="own-activity-title">
            <h2 id="own-activity-title">Your activity</h2>
            {(activity.data?.items.length ?? 0) === 0 && <p className="muted small">Nothing yet.</p>}
            <ol className="feed">
              {activity.data?.items.map((a) => (
                <li key={a.id}>
                  <time dateTime={a.at}>{timeAgo(a.at, now)}</time>
                  {a.text}
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </div>
  );
}

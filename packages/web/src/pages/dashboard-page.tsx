// The customer dashboard: my agents (status, countdown, weekly output, hire / cancel / rate), the
// inbox (what waits on you, answered on /inbox), deliverables with download and ZIP export, and the organisation's own activity.
// It polls every few seconds while its tab is visible, so new work shows up without a reload.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { DeliverablesPanel } from '../components/deliverables-panel.js';
import { ErrorAlert } from '../components/error-alert.js';
import { MyAgentCard } from '../components/my-agent-card.js';
import { timeAgo } from '../format.js';
import { DASHBOARD_REFRESH_MS, userQueries } from '../queries.js';
import { useSession } from '../session.js';
import { useNow } from '../use-now.js';
import { InboxSummary } from './work/inbox-summary.js';

export function DashboardPage() {
  const session = useSession();
  const [query] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // "Trial started" is said once: the query flag is dropped from the URL right away.
  const trialFlag = query.has('trial');
  const [justStarted] = useState(trialFlag);
  useEffect(() => {
    if (trialFlag) void navigate('/dashboard', { replace: true });
  }, [trialFlag, navigate]);
  const now = useNow(DASHBOARD_REFRESH_MS);
  const userId = session?.user.id ?? '';
  // Polling stops while the tab is hidden (TanStack Query's default for refetchInterval).
  const poll = { enabled: !!session, refetchInterval: DASHBOARD_REFRESH_MS };
  const dashboard = useQuery({ ...userQueries.dashboard(userId), ...poll });
  const activity = useQuery({ ...userQueries.activity(userId), ...poll });
  // After an action, everything of this user's is refreshed: counts, agents, approvals, deliverables.
  const changed = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: userQueries.all(userId) }),
    [queryClient, userId],
  );

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
            <dd>
              {d.openInvoices}{' '}
              <Link className="small" to="/invoices">
                View invoices
              </Link>
            </dd>
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
            {!d && dashboard.isPending && <p className="muted small">Loading…</p>}
            <ul className="instances">
              {d?.agents.map((a) => (
                <MyAgentCard key={a.trial.id} agent={a} now={now} onChanged={changed} />
              ))}
            </ul>
          </section>
          <DeliverablesPanel now={now} poll={DASHBOARD_REFRESH_MS} />
        </div>
        <div>
          <InboxSummary poll={DASHBOARD_REFRESH_MS} />
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

// An agent's profile: identity, verified figures, pricing, skills, reviews, recent work and versions,
// with the live demo front and centre.
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useOutletContext, useParams } from 'react-router';
import type { ShellContext } from '../app.js';
import type { AgentProfile } from '@waooaw/server/contracts';
import { ApiError } from '../api.js';
import { trialHref } from '../components/agent-card.js';
import { DemoPanel } from '../components/demo-panel.js';
import { ErrorAlert } from '../components/error-alert.js';
import { RatingText } from '../components/rating.js';
import { StatusBadge } from '../components/status-badge.js';
import { formatMoney, timeAgo } from '../format.js';
import { Icon, badgeIcon } from '../components/icon.js';
import { engagementsOf, publicQueries, userQueries } from '../queries.js';
import { useSession } from '../session.js';
import { useNow } from '../use-now.js';
import { NotFoundPage } from './not-found-page.js';

function formatDuration(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${Math.max(1, min)} min`;
  const h = Math.round(min / 60);
  return h < 48 ? `${h} h` : `${Math.round(h / 24)} d`;
}

function Distribution({ profile }: { profile: AgentProfile }) {
  const counts = ([5, 4, 3, 2, 1] as const).map((s) => profile.ratingDistribution[s]);
  const total = Math.max(1, ...counts);
  return (
    <ul className="list" aria-label="Rating distribution">
      {([5, 4, 3, 2, 1] as const).map((stars) => {
        const n = profile.ratingDistribution[stars];
        return (
          <li key={stars} className="spread small" style={{ padding: '0.35rem 0.75rem' }}>
            <span>
              {stars} <Icon name="star" filled /> <span className="sr-only">stars</span>
            </span>
            <span className="bar" aria-hidden="true">
              <span style={{ width: `${Math.min(100, (n / total) * 100)}%` }} />
            </span>
            <span className="muted">{n}</span>
          </li>
        );
      })}
    </ul>
  );
}

export function AgentPage({ agentId }: { agentId: string }) {
  const session = useSession();
  const { data: profile, error, isPending } = useQuery(publicQueries.agent(agentId));
  const dashboard = useQuery({ ...userQueries.dashboard(session?.user.id ?? ''), enabled: !!session });
  const engagement = engagementsOf(dashboard.data).get(agentId);
  const now = useNow();
  const { setTitle } = useOutletContext<ShellContext>();
  useEffect(() => {
    setTitle(profile?.name);
  }, [setTitle, profile?.name]);

  if (error instanceof ApiError && error.status === 404) return <NotFoundPage what="agent" />;
  if (error) return <ErrorAlert error={error} />;
  if (isPending)
    return (
      <p className="muted" style={{ marginTop: '2rem' }}>
        Loading agent…
      </p>
    );
  if (!profile) return null;

  const p = profile;
  const industryLabel = p.industry.charAt(0).toUpperCase() + p.industry.slice(1);
  return (
    <article aria-labelledby="agent-title">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/">Marketplace</Link> / <Link to={`/?industry=${p.industry}`}>{industryLabel}</Link> /{' '}
        <span aria-current="page">{p.name}</span>
      </nav>
      <header className="profile-head">
        <div className="avatar avatar-lg" aria-hidden="true">
          {p.initials}
        </div>
        <div>
          <h1 id="agent-title">{p.name}</h1>
          <div className="row">
            <span className="tag">{p.specialty} specialist</span>
            <StatusBadge status={p.status} />
            <span className="chip">{p.tier === 'premium' ? 'Premium' : 'Standard'} tier</span>
            {p.badges.map((b) => (
              <span key={b} className="badge">
                <Icon name={badgeIcon(b)} /> {b}
              </span>
            ))}
          </div>
        </div>
        <div className="cta">
          <a className="btn" href="#demo">
            Watch the live demo
          </a>
          {engagement ? (
            <Link className="btn btn-primary" to="/dashboard">
              {engagement === 'hired' ? 'Hired — open dashboard' : 'In your trial — open dashboard'}
            </Link>
          ) : (
            <Link className="btn btn-primary" to={trialHref(p.id, !!session)}>
              Try {p.trialDays} days free
            </Link>
          )}
        </div>
      </header>

      <dl className="kv" style={{ marginTop: '1.25rem' }}>
        <div>
          <dt>Rating</dt>
          <dd>
            <RatingText rating={p.rating} compact />
          </dd>
        </div>
        <div>
          <dt>Retention</dt>
          <dd>{p.retentionPercent === null ? '—' : `${Math.round(p.retentionPercent)}%`}</dd>
        </div>
        <div>
          <dt>Response time</dt>
          <dd>
            <Icon name="zap" />{' '}
            {p.measuredResponseMs === null ? p.responseTime : formatDuration(p.measuredResponseMs)}
          </dd>
        </div>
        <div>
          <dt>Monthly</dt>
          <dd>{formatMoney(p.pricing.monthly.amount, p.pricing.monthly.currency)}</dd>
        </div>
        <div>
          <dt>Annual ({p.pricing.annualMonthsFree} months free)</dt>
          <dd>{formatMoney(p.pricing.annual.amount, p.pricing.annual.currency)}</dd>
        </div>
        <div>
          <dt>Hires &amp; trials</dt>
          <dd>{p.popularity}</dd>
        </div>
      </dl>

      <div className="two-col">
        <div>
          <section className="panel" aria-labelledby="about-title">
            <h2 id="about-title">About</h2>
            <p className="muted">{p.description}</p>
            <p className="small muted">
              Free for {p.trialDays} days with full access. Every deliverable stays yours — downloadable —
              even if you cancel.
            </p>
          </section>
          {p.demo ? (
            <div style={{ marginTop: '1.25rem' }}>
              <DemoPanel agentId={p.id} demo={p.demo} />
            </div>
          ) : (
            <section className="panel" id="demo">
              <h2>Live demo</h2>
              <p className="muted">This agent has no public demo yet.</p>
            </section>
          )}
        </div>
        <div>
          <section className="panel" aria-labelledby="skills-title">
            <h2 id="skills-title">Skills ({p.skillDetails.length})</h2>
            <ul className="skill-list">
              {p.skillDetails.map((s) => (
                <li key={s.id}>
                  <strong>{s.title}</strong>
                  <div className="small muted">{s.description}</div>
                  <div className="meta">
                    {s.offline
                      ? 'Works offline — deterministic and checked'
                      : 'Uses a language model when one is configured'}
                  </div>
                </li>
              ))}
            </ul>
          </section>
          <section className="panel" aria-labelledby="reviews-title">
            <h2 id="reviews-title">Reviews</h2>
            <p>
              <RatingText rating={p.rating} />
            </p>
            {p.rating.count > 0 && <Distribution profile={p} />}
            {p.reviews.length === 0 && (
              <p className="muted small">
                No reviews yet — ratings come only from customers who hired this agent.
              </p>
            )}
            {p.reviews.map((r) => (
              <div className="review" key={r.id}>
                <div className="spread small">
                  <span>
                    <span className="star" role="img" aria-label={`${r.rating} out of 5`}>
                      {Array.from({ length: r.rating }, (_, i) => (
                        <Icon key={i} name="star" filled />
                      ))}
                    </span>{' '}
                    {r.author}
                  </span>
                  <time className="muted" dateTime={r.updatedAt}>
                    {timeAgo(r.updatedAt, now)}
                  </time>
                </div>
                {r.comment && <p className="small">{r.comment}</p>}
              </div>
            ))}
          </section>
          <section className="panel" aria-labelledby="recent-title">
            <h2 id="recent-title">Recent work</h2>
            {p.recentActivity.length === 0 ? (
              <p className="muted small">{p.activityLine ?? 'No recent activity.'}</p>
            ) : (
              <ol className="feed">
                {p.recentActivity.map((a) => (
                  <li key={a.id}>
                    <time dateTime={a.at}>{timeAgo(a.at, now)}</time>
                    {a.text}
                  </li>
                ))}
              </ol>
            )}
          </section>
          {p.versions.length > 0 && (
            <section className="panel" aria-labelledby="versions-title">
              <h2 id="versions-title">Versions</h2>
              <ul className="list">
                {p.versions.map((v) => (
                  <li key={v.version}>
                    <div className="spread">
                      <strong>v{v.version}</strong>
                      <span className="pill">{v.status}</span>
                    </div>
                    {v.notes && <div className="sub">{v.notes}</div>}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      </div>
    </article>
  );
}

/** The route's page: keyed by the agent so that moving between agents starts the page afresh. */
export function AgentRoute() {
  const { agentId = '' } = useParams();
  return <AgentPage key={agentId} agentId={agentId} />;
}

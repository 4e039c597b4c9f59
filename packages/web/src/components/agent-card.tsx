// One marketplace card: identity, status, proof (rating, reviews, retention), skills, live activity,
// price and the two calls to action.
import { Link } from 'react-router';
import type { AgentCard as AgentCardData } from '@waooaw/server/contracts';
import { formatMoney } from '../format.js';
import { Icon, badgeIcon } from './icon.js';
import { RatingText } from './rating.js';
import { StatusBadge } from './status-badge.js';

/** Where "Try 7 days free" leads: the wizard, through sign-up when signed out. */
const engagementLabel = { trial: 'In your trial', hired: 'Hired — open dashboard' } as const;

export function trialHref(agentId: string, signedIn: boolean): string {
  const wizard = `/trial/${encodeURIComponent(agentId)}`;
  return signedIn ? wizard : `/signup?next=${encodeURIComponent(wizard)}`;
}

/** What the signed-in customer already has of an agent: shown instead of "Try 7 days free". */
export type Engagement = 'trial' | 'hired' | undefined;

export function AgentCard({
  agent,
  signedIn,
  engagement,
}: {
  agent: AgentCardData;
  signedIn: boolean;
  engagement?: Engagement;
}) {
  const shown = agent.skills.slice(0, 3);
  const more = agent.skills.length - shown.length;
  const titleId = `agent-${agent.id}-title`;
  return (
    <article className="card" aria-labelledby={titleId} data-agent-id={agent.id}>
      <div className="card-head">
        <div className="avatar" aria-hidden="true">
          {agent.initials}
        </div>
        <div className="card-title">
          <h3 id={titleId}>{agent.name}</h3>
          <div className="row tight">
            <span className="tag" title={`${agent.specialty} specialist`}>
              {agent.specialty} specialist
            </span>
            <StatusBadge status={agent.status} />
          </div>
        </div>
      </div>
      <div className="stats">
        <RatingText rating={agent.rating} />
        <span>
          <b>{agent.retentionPercent === null ? '—' : `${Math.round(agent.retentionPercent)}%`}</b> retention
        </span>
        <span>
          <Icon name="zap" /> <span className="sr-only">Responds in </span>
          {agent.responseTime}
        </span>
      </div>
      <ul className="chips" aria-label="Skills">
        {shown.map((s) => (
          <li className="chip" key={s.id}>
            {s.title}
          </li>
        ))}
        {more > 0 && (
          <li
            className="chip chip-more"
            title={agent.skills
              .slice(3)
              .map((s) => s.title)
              .join(', ')}
          >
            +{more} more
          </li>
        )}
      </ul>
      <p className="activity-line">
        <Icon name="zap" /> {agent.activityLine ?? 'Ready for new work'}
      </p>
      <div className="price-row">
        <span className="price">
          {formatMoney(agent.price.amount, agent.price.currency)}
          <small>/month</small>
        </span>
        {agent.badges[0] && (
          <span className="badge">
            <Icon name={badgeIcon(agent.badges[0])} /> {agent.badges[0]}
          </span>
        )}
        {!agent.badges[0] && agent.tier === 'premium' && <span className="badge">Premium</span>}
      </div>
      <div className="card-actions">
        <Link
          className="btn"
          to={`/agents/${encodeURIComponent(agent.id)}`}
          aria-label={`View profile and demo of ${agent.name}`}
        >
          View profile and demo
        </Link>
        {engagement ? (
          <Link
            className="btn btn-primary"
            to="/dashboard"
            aria-label={`${engagementLabel[engagement]}: ${agent.name}`}
          >
            {engagementLabel[engagement]}
          </Link>
        ) : (
          <Link
            className="btn btn-primary"
            to={trialHref(agent.id, signedIn)}
            aria-label={`Try 7 days free: ${agent.name}`}
          >
            Try 7 days free
          </Link>
        )}
      </div>
    </article>
  );
}

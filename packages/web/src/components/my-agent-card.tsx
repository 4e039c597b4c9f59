// One of the customer's agents on the dashboard: name, status, trial countdown, weekly output and
// budget, with hire (monthly / annual), cancel, and — once hired — a 1–5 star rating.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type MouseEvent } from 'react';
import { Link } from 'react-router';
import type { HireStatus, MyAgent, Plan } from '@waooaw/server/contracts';
import { cancelHire, cancelTrial, convertTrial, pauseHire, resumeHire } from '../api.js';
import { countdown, formatMoney } from '../format.js';
import { publicQueries } from '../queries.js';
import { ErrorAlert } from './error-alert.js';
import { ReviewForm } from './review-form.js';

type Panel = 'none' | 'hire' | 'cancel';

const hirePills: Record<HireStatus, { label: string; cls: string }> = {
  active: { label: 'Hired', cls: 'pill-converted' },
  paused: { label: 'Paused', cls: 'pill-provisioning' },
  cancelled: { label: 'Cancelled', cls: 'pill-cancelled' },
};

function statusPill(a: MyAgent): { label: string; cls: string } {
  if (a.hire) return hirePills[a.hire.status];
  if (a.trial.inGrace) return { label: 'Grace period', cls: 'pill-provisioning' };
  return { label: a.trial.status.toLowerCase(), cls: `pill-${a.trial.status.toLowerCase()}` };
}

export function MyAgentCard({
  agent,
  now,
  onChanged,
}: {
  agent: MyAgent;
  now: number;
  onChanged: () => void;
}) {
  const [panel, setPanel] = useState<Panel>('none');
  const [plan, setPlan] = useState<Plan>('monthly');
  const [reason, setReason] = useState('');
  // The prices come from the agent's profile, loaded (or taken from the cache) when "Hire" opens.
  const [wantsPrices, setWantsPrices] = useState(false);
  const { data: profile } = useQuery({ ...publicQueries.agent(agent.agentId), enabled: wantsPrices });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const t = agent.trial;
  const hire = agent.hire;
  const trialOpen = !agent.hire && (t.status === 'ACTIVE' || t.status === 'PROVISIONING' || t.inGrace);
  const hireActive = agent.hire && agent.hire.status !== 'cancelled';
  const pill = statusPill(agent);
  const headingId = `inst-${t.id}`;

  const open = (p: Panel) => {
    setError(undefined);
    setPanel(panel === p ? 'none' : p);
    if (p === 'hire') setWantsPrices(true);
  };

  const act = async (e: FormEvent | MouseEvent, action: () => Promise<unknown>) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setPanel('none');
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="instance" aria-labelledby={headingId} data-testid="my-agent" data-trial-id={t.id}>
      <div className="spread">
        <div>
          <h3 id={headingId}>
            <Link to={`/instances/${encodeURIComponent(t.instanceId)}`} data-testid="instance-link">
              {agent.instanceName}
            </Link>
          </h3>
          <div className="small muted">
            <Link to={`/agents/${encodeURIComponent(agent.agentId)}`}>{agent.agentName}</Link> •{' '}
            {agent.specialty} • {agent.tier === 'premium' ? 'Premium' : 'Standard'}
          </div>
        </div>
        <span className={`pill ${pill.cls}`} data-testid="engagement">
          {pill.label}
        </span>
      </div>
      <div className="stats">
        <span>
          <b>{agent.weeklyOutput}</b> {agent.weeklyOutput === 1 ? 'deliverable' : 'deliverables'} this week
        </span>
        <span>
          <b>{agent.pendingApprovals}</b> awaiting approval
        </span>
        {!agent.hire && (
          <span title="Trial budget">
            <b>
              {t.budget.runsUsed}/{t.budget.runLimit}
            </b>{' '}
            trial runs
          </span>
        )}
        {trialOpen && (
          <span className="countdown" data-testid="countdown">
            {t.inGrace ? `Grace: ${countdown(t.graceEndsAt, now)}` : countdown(t.endsAt, now)}
          </span>
        )}
        {agent.hire && (
          <span>
            {agent.hire.plan === 'annual' ? 'Annual' : 'Monthly'} plan ·{' '}
            {formatMoney(agent.hire.price.amount, agent.hire.price.currency)}
          </span>
        )}
      </div>
      {t.budget.exhausted && !agent.hire && (
        <div className="alert alert-info small">
          The trial budget is used up; hire to keep the agent working.
        </div>
      )}

      <div className="row">
        {trialOpen && (
          <>
            <button
              type="button"
              className="btn btn-primary btn-sm"
              aria-expanded={panel === 'hire'}
              onClick={() => open('hire')}
            >
              Hire
            </button>
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              aria-expanded={panel === 'cancel'}
              onClick={() => open('cancel')}
            >
              Cancel trial
            </button>
          </>
        )}
        {hire && hireActive && (
          <button
            type="button"
            className="btn btn-sm"
            disabled={busy}
            onClick={(e) =>
              void act(e, () => (hire.status === 'paused' ? resumeHire(hire.id) : pauseHire(hire.id)))
            }
          >
            {hire.status === 'paused' ? 'Resume' : 'Pause'}
          </button>
        )}
        {hireActive && (
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            aria-expanded={panel === 'cancel'}
            onClick={() => open('cancel')}
          >
            Cancel hire
          </button>
        )}
      </div>

      {panel === 'hire' && (
        <form
          onSubmit={(e) => void act(e, () => convertTrial(t.id, plan))}
          aria-label={`Hire ${agent.instanceName}`}
        >
          <fieldset>
            <legend>Choose a plan</legend>
            <label className="choice">
              <input
                type="radio"
                name={`plan-${t.id}`}
                value="monthly"
                checked={plan === 'monthly'}
                onChange={() => setPlan('monthly')}
              />
              <span>
                <strong>Monthly</strong>
                <span className="small muted">
                  {profile
                    ? `${formatMoney(profile.pricing.monthly.amount, profile.pricing.monthly.currency)} per month`
                    : 'Billed each month'}
                </span>
              </span>
            </label>
            <label className="choice">
              <input
                type="radio"
                name={`plan-${t.id}`}
                value="annual"
                checked={plan === 'annual'}
                onChange={() => setPlan('annual')}
              />
              <span>
                <strong>Annual</strong>
                <span className="small muted">
                  {profile
                    ? `${formatMoney(profile.pricing.annual.amount, profile.pricing.annual.currency)} per year — ${profile.pricing.annualMonthsFree} months free`
                    : 'Billed yearly, with months free'}
                </span>
              </span>
            </label>
          </fieldset>
          <p className="small muted">You will receive an invoice by mail; no card is charged here.</p>
          <ErrorAlert error={error} />
          <button type="submit" className="btn btn-primary btn-sm" disabled={busy}>
            {busy ? 'Hiring…' : `Confirm ${plan} hire`}
          </button>
        </form>
      )}

      {panel === 'cancel' && (
        <form
          onSubmit={(e) =>
            void act(e, () =>
              hireActive && agent.hire
                ? cancelHire(agent.hire.id, reason.trim() || undefined)
                : cancelTrial(t.id, reason.trim() || undefined),
            )
          }
          aria-label={`Cancel ${agent.instanceName}`}
        >
          <div className="field">
            <label htmlFor={`reason-${t.id}`}>Why are you cancelling? (optional)</label>
            <input
              id={`reason-${t.id}`}
              type="text"
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <p className="small muted">You keep every deliverable — they stay downloadable after cancelling.</p>
          <ErrorAlert error={error} />
          <button type="submit" className="btn btn-danger btn-sm" disabled={busy}>
            {busy ? 'Cancelling…' : 'Confirm cancel'}
          </button>
        </form>
      )}

      {agent.hire && <ReviewForm hire={agent.hire} onSaved={onChanged} />}
    </li>
  );
}

// The trial setup wizard: name the agent, describe the business, choose approval mode and
// notifications, review and start. Eligibility is checked up front so a refusal is explained early.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { ApprovalMode, NotificationChannel, StartTrialRequest } from '@waooaw/server/contracts';
import { ApiError, startTrial } from '../api.js';
import { ErrorAlert, refusalMessage } from '../components/error-alert.js';
import { formatMoney } from '../format.js';
import { publicQueries, userQueries } from '../queries.js';
import { useSession } from '../session.js';
import { NotFoundPage } from './not-found-page.js';

const steps = ['Name', 'Business', 'Preferences', 'Review'] as const;

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function Step({ index, current, children }: { index: number; current: number; children: ReactNode }) {
  return index === current ? <>{children}</> : null;
}

export function TrialWizardPage({ agentId }: { agentId: string }) {
  const session = useSession();
  const navigate = useNavigate();
  const profile = useQuery(publicQueries.agent(agentId));
  const eligibility = useQuery({
    ...userQueries.eligibility(session?.user.id ?? '', agentId, !!session?.user.emailVerified),
    enabled: !!session,
  });
  const [step, setStep] = useState(0);
  const [instanceName, setInstanceName] = useState('');
  const [business, setBusiness] = useState({
    companyName: session?.tenant.name ?? '',
    industry: '',
    website: '',
    description: '',
    audience: '',
    goals: '',
    topics: '',
  });
  const [approvalMode, setApprovalMode] = useState<ApprovalMode>('review_all');
  const [channel, setChannel] = useState<NotificationChannel>('in_app');
  const [stepError, setStepError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  if (!session) {
    return (
      <section className="narrow panel">
        <h1>Start your free trial</h1>
        <p className="muted">Create an account (or log in) to start a trial.</p>
        <div className="row">
          <Link className="btn btn-primary" to={`/signup?next=${encodeURIComponent(`/trial/${agentId}`)}`}>
            Sign up
          </Link>
          <Link className="btn" to={`/login?next=${encodeURIComponent(`/trial/${agentId}`)}`}>
            Log in
          </Link>
        </div>
      </section>
    );
  }

  if (profile.error instanceof ApiError && profile.error.status === 404) return <NotFoundPage what="agent" />;
  const agent = profile.data;
  const setB = (k: keyof typeof business) => (e: { target: { value: string } }) =>
    setBusiness((b) => ({ ...b, [k]: e.target.value }));

  const validate = (s: number): string | undefined => {
    if (s === 0 && !instanceName.trim()) return 'Give your agent a name, e.g. “Blog desk”.';
    if (s === 1 && !business.companyName.trim()) return 'Tell us the company (or school, or team) name.';
    return undefined;
  };

  const request = (): StartTrialRequest => {
    const b: StartTrialRequest['setup']['business'] = { companyName: business.companyName.trim() };
    if (business.industry.trim()) b.industry = business.industry.trim();
    if (business.website.trim()) b.website = business.website.trim();
    if (business.description.trim()) b.description = business.description.trim();
    if (business.audience.trim()) b.audience = business.audience.trim();
    if (lines(business.goals).length) b.goals = lines(business.goals);
    if (lines(business.topics).length) b.topics = lines(business.topics);
    return {
      agentId,
      setup: { instanceName: instanceName.trim(), business: b, approvalMode, notificationChannel: channel },
    };
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = validate(step);
    setStepError(problem);
    if (problem) return;
    if (step < steps.length - 1) {
      setStep(step + 1);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const trial = await startTrial(request());
      void navigate(`/dashboard?trial=${encodeURIComponent(trial.id)}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const refusal = eligibility.data && !eligibility.data.eligible ? eligibility.data : undefined;

  return (
    <section className="narrow panel" style={{ maxWidth: '40rem' }} aria-labelledby="wizard-title">
      <h1 id="wizard-title">Start your free trial{agent ? ` of ${agent.name}` : ''}</h1>
      {agent && (
        <p className="muted small">
          {agent.trialDays} days free, then{' '}
          {formatMoney(agent.pricing.monthly.amount, agent.pricing.monthly.currency)}/month if you hire.
          Cancel any time and keep every deliverable.
        </p>
      )}
      {refusal && (
        <div className="alert alert-error" role="alert" data-testid="eligibility">
          {refusal.message ??
            refusalMessage(refusal.reason) ??
            'You cannot start a trial of this agent right now.'}
          {refusal.reason === 'email-not-verified' && (
            <>
              {' '}
              <Link to="/mail">Open my mail</Link>
            </>
          )}
        </div>
      )}
      <ol className="wizard-steps" aria-label="Steps">
        {steps.map((s, i) => (
          <li
            key={s}
            aria-current={i === step ? 'step' : undefined}
            className={i < step ? 'done' : undefined}
          >
            {s}
          </li>
        ))}
      </ol>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <Step index={0} current={step}>
          <div className="field">
            <label htmlFor="tw-name">Name your agent</label>
            <input
              id="tw-name"
              type="text"
              maxLength={60}
              required
              value={instanceName}
              onChange={(e) => setInstanceName(e.target.value)}
              autoFocus
            />
            <span className="hint">
              A label for this agent in your dashboard, e.g. “Blog desk” or “Class 10 maths”.
            </span>
          </div>
        </Step>
        <Step index={1} current={step}>
          <div className="field">
            <label htmlFor="tw-company">Company, school or team</label>
            <input
              id="tw-company"
              type="text"
              maxLength={120}
              required
              value={business.companyName}
              onChange={setB('companyName')}
            />
          </div>
          <div className="field">
            <label htmlFor="tw-industry">Industry</label>
            <input
              id="tw-industry"
              type="text"
              maxLength={80}
              value={business.industry}
              onChange={setB('industry')}
            />
          </div>
          <div className="field">
            <label htmlFor="tw-website">Website</label>
            <input
              id="tw-website"
              type="text"
              inputMode="url"
              maxLength={200}
              value={business.website}
              onChange={setB('website')}
            />
          </div>
          <div className="field">
            <label htmlFor="tw-description">What you do</label>
            <textarea
              id="tw-description"
              rows={3}
              maxLength={2000}
              value={business.description}
              onChange={setB('description')}
              className="prose"
            />
          </div>
          <div className="field">
            <label htmlFor="tw-audience">Audience</label>
            <input
              id="tw-audience"
              type="text"
              maxLength={500}
              value={business.audience}
              onChange={setB('audience')}
            />
          </div>
          <div className="field">
            <label htmlFor="tw-topics">Focus topics (one per line)</label>
            <textarea
              id="tw-topics"
              rows={3}
              value={business.topics}
              onChange={setB('topics')}
              className="prose"
            />
          </div>
          <div className="field">
            <label htmlFor="tw-goals">Goals (one per line)</label>
            <textarea
              id="tw-goals"
              rows={3}
              value={business.goals}
              onChange={setB('goals')}
              className="prose"
            />
          </div>
        </Step>
        <Step index={2} current={step}>
          <fieldset>
            <legend>Approval mode</legend>
            <label className="choice">
              <input
                type="radio"
                name="approval"
                value="review_all"
                checked={approvalMode === 'review_all'}
                onChange={() => setApprovalMode('review_all')}
              />
              <span>
                <strong>Review all</strong>
                <span className="small muted">
                  Every deliverable waits in your approvals inbox until you approve, reject or modify it.
                </span>
              </span>
            </label>
            <label className="choice">
              <input
                type="radio"
                name="approval"
                value="auto_publish"
                checked={approvalMode === 'auto_publish'}
                onChange={() => setApprovalMode('auto_publish')}
              />
              <span>
                <strong>Auto-publish</strong>
                <span className="small muted">Deliverables are published as soon as their checks pass.</span>
              </span>
            </label>
          </fieldset>
          <fieldset>
            <legend>Notifications</legend>
            <label className="choice">
              <input
                type="radio"
                name="channel"
                value="in_app"
                checked={channel === 'in_app'}
                onChange={() => setChannel('in_app')}
              />
              <span>
                <strong>In the app</strong>
                <span className="small muted">See new work and reminders on your dashboard.</span>
              </span>
            </label>
            <label className="choice">
              <input
                type="radio"
                name="channel"
                value="email"
                checked={channel === 'email'}
                onChange={() => setChannel('email')}
              />
              <span>
                <strong>Email</strong>
                <span className="small muted">Also get an email for approvals and trial reminders.</span>
              </span>
            </label>
          </fieldset>
        </Step>
        <Step index={3} current={step}>
          <dl className="kv" style={{ marginBottom: '1rem' }}>
            <div>
              <dt>Agent</dt>
              <dd style={{ fontSize: '1rem' }}>{agent?.name ?? agentId}</dd>
            </div>
            <div>
              <dt>Name</dt>
              <dd style={{ fontSize: '1rem' }}>{instanceName}</dd>
            </div>
            <div>
              <dt>For</dt>
              <dd style={{ fontSize: '1rem' }}>{business.companyName}</dd>
            </div>
            <div>
              <dt>Approval</dt>
              <dd style={{ fontSize: '1rem' }}>
                {approvalMode === 'review_all' ? 'Review all' : 'Auto-publish'}
              </dd>
            </div>
            <div>
              <dt>Notify</dt>
              <dd style={{ fontSize: '1rem' }}>{channel === 'email' ? 'Email' : 'In the app'}</dd>
            </div>
          </dl>
        </Step>
        {stepError && (
          <div className="alert alert-error" role="alert">
            {stepError}
          </div>
        )}
        <ErrorAlert error={error} />
        <div className="spread">
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => setStep(Math.max(0, step - 1))}
            disabled={step === 0 || busy}
          >
            Back
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || (step === steps.length - 1 && !!refusal)}
          >
            {step < steps.length - 1 ? 'Next' : busy ? 'Starting…' : 'Start free trial'}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The route's page: keyed by the agent so that moving between agents starts the page afresh. */
export function TrialRoute() {
  const { agentId = '' } = useParams();
  return <TrialWizardPage key={agentId} agentId={agentId} />;
}

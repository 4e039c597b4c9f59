// The trial setup wizard: name the agent, describe the business, choose approval mode and
// notifications, review and start. Eligibility is checked up front so a refusal is explained early;
// every field is checked as it is typed (a website must be a web address, lists have limits), with
// its message next to it, so nothing is refused only at the last step.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { ApprovalMode, NotificationChannel, StartTrialRequest } from '@waooaw/server/contracts';
import { ApiError, startTrial } from '../api.js';
import { ErrorAlert, fieldIssues, refusalMessage } from '../components/error-alert.js';
import { isWebAddress } from '../form/web-address.js';
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

type BusinessKey = 'companyName' | 'industry' | 'website' | 'description' | 'audience' | 'goals' | 'topics';
type FieldKey = 'instanceName' | BusinessKey;

/** A website as typed ("sunrise-clinic.in") as the address it means ("https://sunrise-clinic.in"). */
export function websiteAddress(text: string): string {
  const t = text.trim();
  return t && !/^[a-z]+:\/\//i.test(t) ? `https://${t}` : t;
}

function listProblem(text: string, what: string, maxItems: number, maxChars: number): string | undefined {
  const items = lines(text);
  if (items.length > maxItems) return `Up to ${maxItems} ${what}, one per line (now ${items.length}).`;
  const long = items.findIndex((l) => l.length > maxChars);
  return long === -1 ? undefined : `Line ${long + 1} is too long: keep each to ${maxChars} characters.`;
}

const tooLong = (text: string, max: number) =>
  text.trim().length > max ? `Too long: at most ${max} characters (now ${text.trim().length}).` : undefined;

/** The message for each field that is not right yet, in words. */
export function wizardProblems(
  instanceName: string,
  b: Record<BusinessKey, string>,
): Partial<Record<FieldKey, string>> {
  const out: Partial<Record<FieldKey, string | undefined>> = {
    instanceName: instanceName.trim()
      ? tooLong(instanceName, 60)
      : 'Give your agent a name, e.g. “Blog desk”.',
    companyName: b.companyName.trim()
      ? tooLong(b.companyName, 120)
      : 'Tell us the company (or school, or team) name.',
    industry: tooLong(b.industry, 80),
    website:
      b.website.trim() && !isWebAddress(websiteAddress(b.website))
        ? 'That is not a web address; write it like sunrise-clinic.in or https://sunrise-clinic.in.'
        : tooLong(b.website, 200),
    description: tooLong(b.description, 2000),
    audience: tooLong(b.audience, 500),
    goals: listProblem(b.goals, 'goals', 10, 200),
    topics: listProblem(b.topics, 'topics', 20, 120),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v)) as Partial<Record<FieldKey, string>>;
}

const stepFields: FieldKey[][] = [
  ['instanceName'],
  ['companyName', 'industry', 'website', 'description', 'audience', 'topics', 'goals'],
  [],
  [],
];

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
  // Fields whose message shows: touched ones, and every field of a step the user tried to leave.
  const [shown, setShown] = useState<ReadonlySet<FieldKey>>(new Set());
  const [serverProblems, setServerProblems] = useState<Partial<Record<FieldKey, string>>>({});
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
  const setB = (k: keyof typeof business) => (e: { target: { value: string } }) => {
    setBusiness((b) => ({ ...b, [k]: e.target.value }));
    setServerProblems((p) => ({ ...p, [k]: undefined }));
  };
  const problems: Partial<Record<FieldKey, string>> = { ...wizardProblems(instanceName, business) };
  // A server's message holds until the field is edited (then it is cleared to undefined).
  for (const [k, m] of Object.entries(serverProblems)) if (m) problems[k as FieldKey] ??= m;
  const touch = (k: FieldKey) => () => setShown((s) => new Set([...s, k]));
  /** Props that tie a field to its message (shown once touched) for screen readers and the eye. */
  const check = (k: FieldKey) => {
    const message = shown.has(k) ? problems[k] : undefined;
    return {
      onBlur: touch(k),
      'aria-invalid': message ? true : undefined,
      'aria-describedby': message ? `tw-${k}-err` : undefined,
    } as const;
  };
  const problemOf = (k: FieldKey) =>
    shown.has(k) && problems[k] ? (
      <span className="field-error" id={`tw-${k}-err`} role="alert">
        {problems[k]}
      </span>
    ) : null;

  const validate = (s: number): string | undefined => {
    const bad = (stepFields[s] ?? []).filter((k) => problems[k]);
    setShown((prev) => new Set([...prev, ...(stepFields[s] ?? [])]));
    if (bad.length === 0) return undefined;
    document
      .getElementById(
        `tw-${bad[0] === 'instanceName' ? 'name' : bad[0] === 'companyName' ? 'company' : bad[0]}`,
      )
      ?.focus();
    return bad.length === 1
      ? 'Please fix the highlighted field.'
      : `Please fix the ${bad.length} highlighted fields.`;
  };

  const request = (): StartTrialRequest => {
    const b: StartTrialRequest['setup']['business'] = { companyName: business.companyName.trim() };
    if (business.industry.trim()) b.industry = business.industry.trim();
    if (business.website.trim()) b.website = websiteAddress(business.website);
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
      // A field the server refused goes back to its step, with its message next to it.
      const byField = fieldIssues(err);
      const fields = Object.keys(byField).filter((f): f is FieldKey =>
        stepFields.flat().includes(f as FieldKey),
      );
      if (fields.length > 0) {
        setServerProblems(Object.fromEntries(fields.map((f) => [f, `This ${byField[f]}.`])));
        setShown((prev) => new Set([...prev, ...fields]));
        setStep(stepFields.findIndex((keys) => keys.some((k) => fields.includes(k))));
      } else setError(err);
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
              {...check('instanceName')}
            />
            <span className="hint">
              A label for this agent in your dashboard, e.g. “Blog desk” or “Class 10 maths”.
            </span>
            {problemOf('instanceName')}
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
              {...check('companyName')}
            />
            {problemOf('companyName')}
          </div>
          <div className="field">
            <label htmlFor="tw-industry">Industry</label>
            <input
              id="tw-industry"
              type="text"
              maxLength={80}
              value={business.industry}
              onChange={setB('industry')}
              {...check('industry')}
            />
            {problemOf('industry')}
          </div>
          <div className="field">
            <label htmlFor="tw-website">Website</label>
            <input
              id="tw-website"
              type="text"
              inputMode="url"
              placeholder="e.g. sunrise-clinic.in"
              value={business.website}
              onChange={setB('website')}
              {...check('website')}
            />
            {problemOf('website')}
          </div>
          <div className="field">
            <label htmlFor="tw-description">What you do</label>
            <textarea
              id="tw-description"
              rows={3}
              maxLength={2000}
              value={business.description}
              onChange={setB('description')}
              {...check('description')}
              className="prose"
            />
            {problemOf('description')}
          </div>
          <div className="field">
            <label htmlFor="tw-audience">Audience</label>
            <input
              id="tw-audience"
              type="text"
              maxLength={500}
              value={business.audience}
              onChange={setB('audience')}
              {...check('audience')}
            />
            {problemOf('audience')}
          </div>
          <div className="field">
            <label htmlFor="tw-topics">Focus topics (one per line)</label>
            <textarea
              id="tw-topics"
              rows={3}
              value={business.topics}
              onChange={setB('topics')}
              {...check('topics')}
              className="prose"
            />
            {problemOf('topics')}
          </div>
          <div className="field">
            <label htmlFor="tw-goals">Goals (one per line)</label>
            <textarea
              id="tw-goals"
              rows={3}
              value={business.goals}
              onChange={setB('goals')}
              {...check('goals')}
              className="prose"
            />
            {problemOf('goals')}
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
                  Every deliverable waits in your inbox until you approve, reject or ask for changes.
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

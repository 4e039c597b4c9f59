// Sign up: name, work email, password and organisation (the tenant). The account is signed in at
// once; trials wait for the email to be verified through the link in the mail outbox.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { signUp } from '../api.js';
import { ErrorAlert } from '../components/error-alert.js';
import { rememberNext, safeNext } from '../next-path.js';

export function SignUpPage() {
  const [query] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(query.get('next'));
  const [form, setForm] = useState({ name: '', email: '', password: '', organisationName: '' });
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await signUp(form);
      rememberNext(next);
      void navigate(session.user.emailVerified ? next : '/mail?welcome=1');
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <section className="narrow panel" aria-labelledby="signup-title">
      <h1 id="signup-title">Create your account</h1>
      <p className="muted small">Free to join. Start a 7-day trial of any agent — no card needed.</p>
      <form onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="su-name">Your name</label>
          <input
            id="su-name"
            type="text"
            autoComplete="name"
            required
            maxLength={100}
            value={form.name}
            onChange={set('name')}
          />
        </div>
        <div className="field">
          <label htmlFor="su-org">Organisation</label>
          <input
            id="su-org"
            type="text"
            autoComplete="organization"
            required
            maxLength={120}
            value={form.organisationName}
            onChange={set('organisationName')}
          />
          <span className="hint">Your company, school or team. Teammates join the same organisation.</span>
        </div>
        <div className="field">
          <label htmlFor="su-email">Work email</label>
          <input
            id="su-email"
            type="email"
            autoComplete="email"
            required
            maxLength={254}
            value={form.email}
            onChange={set('email')}
          />
        </div>
        <div className="field">
          <label htmlFor="su-password">Password</label>
          <input
            id="su-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            maxLength={200}
            aria-describedby="su-password-hint"
            value={form.password}
            onChange={set('password')}
          />
          <span className="hint" id="su-password-hint">
            At least 10 characters.
          </span>
        </div>
        <ErrorAlert error={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      <p className="small muted" style={{ marginTop: '1rem' }}>
        Already have an account? <Link to={`/login?next=${encodeURIComponent(next)}`}>Log in</Link>
      </p>
    </section>
  );
}

// Log in with email and password, then continue where the visitor was going.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { logIn } from '../api.js';
import { ErrorAlert } from '../components/error-alert.js';
import { rememberNext, safeNext } from '../next-path.js';

export function LogInPage() {
  const [query] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(query.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await logIn({ email, password });
      if (session.user.emailVerified) void navigate(next);
      else {
        rememberNext(next);
        void navigate('/mail');
      }
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <section className="narrow panel" aria-labelledby="login-title">
      <h1 id="login-title">Log in</h1>
      <form onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="li-email">Email</label>
          <input
            id="li-email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="li-password">Password</label>
          <input
            id="li-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <p className="small" style={{ marginTop: 0 }}>
          <Link to="/reset-password">Forgot your password?</Link>
        </p>
        <ErrorAlert error={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <p className="small muted" style={{ marginTop: '1rem' }}>
        New here? <Link to={`/signup?next=${encodeURIComponent(next)}`}>Create an account</Link>
      </p>
    </section>
  );
}

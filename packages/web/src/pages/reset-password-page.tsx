// Password reset: without a token, ask for the email and mail a link; with the token from that
// link, set a new password (which signs out every session).
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { confirmPasswordReset, requestPasswordReset } from '../api.js';
import { ErrorAlert } from '../components/error-alert.js';

export function ResetPasswordPage() {
  const [query] = useSearchParams();
  const token = query.get('token');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (token) await confirmPasswordReset(token, password);
      else await requestPasswordReset(email);
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="narrow panel" aria-labelledby="reset-title">
      <h1 id="reset-title">{token ? 'Choose a new password' : 'Reset your password'}</h1>
      {done ? (
        <>
          <div className="alert alert-ok" role="status">
            {token
              ? 'Your password is changed. Every other session was signed out.'
              : 'If an account exists for that email, a reset link is on its way. Without a mail server, the platform’s operator finds the link in the platform log.'}
          </div>
          <Link className="btn btn-primary" to="/login">
            Log in
          </Link>
        </>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          {token ? (
            <div className="field">
              <label htmlFor="rp-password">New password</label>
              <input
                id="rp-password"
                type="password"
                autoComplete="new-password"
                required
                minLength={10}
                maxLength={200}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
              <span className="hint">At least 10 characters.</span>
            </div>
          ) : (
            <div className="field">
              <label htmlFor="rp-email">Email</label>
              <input
                id="rp-email"
                type="email"
                autoComplete="email"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </div>
          )}
          <ErrorAlert error={error} />
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? 'Sending…' : token ? 'Set new password' : 'Send reset link'}
          </button>
        </form>
      )}
    </section>
  );
}

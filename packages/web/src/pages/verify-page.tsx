// Opens the emailed verification link: confirms the token, refreshes the signed-in identity and
// continues to where the user was heading (usually the trial wizard).
import { useEffect, useState } from 'react';
import { getMe, verifyEmail } from '../api.js';
import { ErrorAlert } from '../components/error-alert.js';
import { takeNext } from '../next-path.js';
import { Link, useLocation } from '../router.js';
import { getSession, updateSessionIdentity } from '../session.js';

// One request per token even if the component mounts twice (tokens are single-use).
const inflight = new Map<string, Promise<unknown>>();

export function VerifyPage() {
  const { query } = useLocation();
  const token = query.get('token') ?? '';
  const [state, setState] = useState<'working' | 'done' | 'failed'>('working');
  const [error, setError] = useState<unknown>(undefined);
  const [next] = useState(() => takeNext());

  useEffect(() => {
    if (!token) {
      setState('failed');
      setError(new Error('This link has no verification token. Open the link from your mail again.'));
      return;
    }
    let live = true;
    let p = inflight.get(token);
    if (!p) {
      p = verifyEmail(token).then(async () => {
        if (getSession()) updateSessionIdentity(await getMe());
      });
      inflight.set(token, p);
    }
    p.then(
      () => live && setState('done'),
      (err: unknown) => {
        if (!live) return;
        setState('failed');
        setError(err);
      },
    );
    return () => {
      live = false;
    };
  }, [token]);

  return (
    <section className="narrow panel" aria-labelledby="verify-title" aria-live="polite">
      <h1 id="verify-title">Verify your email</h1>
      {state === 'working' && <p className="muted">Checking your link…</p>}
      {state === 'done' && (
        <>
          <div className="alert alert-ok" role="status">
            Your email is verified. You can start free trials now.
          </div>
          {getSession() ? (
            <Link className="btn btn-primary" to={next}>
              Continue
            </Link>
          ) : (
            <Link className="btn btn-primary" to={`/login?next=${encodeURIComponent(next)}`}>
              Log in to continue
            </Link>
          )}
        </>
      )}
      {state === 'failed' && (
        <>
          <ErrorAlert error={error} />
          <Link className="btn" to="/mail">
            Go to my mail
          </Link>
        </>
      )}
    </section>
  );
}

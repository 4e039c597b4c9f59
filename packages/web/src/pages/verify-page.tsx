// Opens the emailed verification link: confirms the token, refreshes the signed-in identity and
// continues to where the user was heading (usually the trial wizard).
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { getMe, verifyEmail } from '../api.js';
import { ErrorAlert } from '../components/error-alert.js';
import { takeNext } from '../next-path.js';
import { getSession, updateSessionIdentity } from '../session.js';

const missingToken = new Error('This link has no verification token. Open the link from your mail again.');

export function VerifyPage() {
  const [query] = useSearchParams();
  const token = query.get('token') ?? '';
  const [next] = useState(() => takeNext());
  // Tokens are single-use: one request per token however often the page mounts, and no retry.
  const verification = useQuery({
    queryKey: ['verify-email', token],
    queryFn: async () => {
      await verifyEmail(token);
      if (getSession()) updateSessionIdentity(await getMe());
      return true;
    },
    enabled: token !== '',
    retry: false,
    staleTime: Infinity,
    gcTime: Infinity,
  });
  const state = !token || verification.isError ? 'failed' : verification.isSuccess ? 'done' : 'working';
  const error = token ? verification.error : missingToken;

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

// The mail outbox: without SMTP the platform keeps outgoing mail here, so a newcomer can open the
// verification link (and see reminders, invoices) offline.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { MailMessage } from '@waooaw/server/contracts';
import { resendVerification } from '../api.js';
import { ErrorAlert } from '../components/error-alert.js';
import { timeAgo } from '../format.js';
import { inAppPath } from '../next-path.js';
import { userQueries } from '../queries.js';
import { useSession } from '../session.js';
import { useNow } from '../use-now.js';

const appRoutes = /^\/(verify-email|reset-password|dashboard|agents|trial)\b/;

/** A mail's action link: in-app when it points at one of our pages (whatever host the mail names). */
function ActionLink({ message }: { message: MailMessage }) {
  if (!message.actionUrl) return null;
  const { internal, href } = inAppPath(message.actionUrl);
  let path = internal ? href : undefined;
  if (!path) {
    try {
      const u = new URL(message.actionUrl);
      if (appRoutes.test(u.pathname)) path = u.pathname + u.search;
    } catch {
      // not a URL: shown as text below
    }
  }
  const label =
    message.kind === 'verify-email'
      ? 'Verify my email'
      : message.kind === 'password-reset'
        ? 'Reset my password'
        : 'Open';
  return path ? (
    <Link className="btn btn-primary btn-sm" to={path}>
      {label}
    </Link>
  ) : (
    <a className="btn btn-sm" href={href} rel="noopener noreferrer">
      {label}
    </a>
  );
}

export function MailPage() {
  const session = useSession();
  const [query] = useSearchParams();
  const now = useNow();
  const outbox = useQuery({ ...userQueries.outbox(session?.user.id ?? ''), enabled: !!session });
  const [resent, setResent] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  if (!session) {
    return (
      <section className="narrow panel">
        <h1>Mail</h1>
        <p className="muted">
          <Link to="/login?next=/mail">Log in</Link> to see your mail.
        </p>
      </section>
    );
  }

  const resend = async () => {
    setError(undefined);
    try {
      await resendVerification();
      setResent(true);
      void outbox.refetch();
    } catch (err) {
      setError(err);
    }
  };

  const items = outbox.data?.items ?? [];
  return (
    <section className="narrow" style={{ maxWidth: '48rem' }} aria-labelledby="mail-title">
      <h1 id="mail-title">Mail</h1>
      {query.get('welcome') && !session.user.emailVerified && (
        <div className="alert alert-ok" role="status">
          Account created for <b>{session.user.email}</b>. We sent you a verification link — open it below to
          start trials.
        </div>
      )}
      {!session.user.emailVerified && (
        <div className="alert alert-info">
          <div className="spread">
            <span>Your email is not verified yet.</span>
            <button type="button" className="btn btn-sm" onClick={() => void resend()} disabled={resent}>
              {resent ? 'Sent' : 'Resend link'}
            </button>
          </div>
        </div>
      )}
      <p className="muted small">
        No mail server is configured, so messages to you are kept here (the offline outbox).
      </p>
      <ErrorAlert error={error ?? outbox.error} />
      {outbox.isPending && <p className="muted">Loading mail…</p>}
      {outbox.data && items.length === 0 && <div className="empty">No mail yet.</div>}
      <ul className="list" data-testid="outbox">
        {items.map((m) => (
          <li key={m.id}>
            <div className="spread">
              <strong>{m.subject}</strong>
              <time className="sub" dateTime={m.createdAt}>
                {timeAgo(m.createdAt, now)}
              </time>
            </div>
            <div className="sub">To {m.to}</div>
            <details style={{ margin: '0.5rem 0' }}>
              <summary className="small">Show message</summary>
              <div className="outbox-item">{m.text}</div>
            </details>
            <ActionLink message={m} />
          </li>
        ))}
      </ul>
    </section>
  );
}

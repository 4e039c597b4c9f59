// The dashboard's view of the inbox: how many items wait on the customer and the first few, with the
// way to the inbox page, where they are answered (the one place for that).
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/error-alert.js';
import { useSession } from '../../session.js';
import { inboxKindLabel } from './work-labels.js';
import { workQueries } from './work-queries.js';

export function InboxSummary({ poll }: { poll: number }) {
  const userId = useSession()?.user.id ?? '';
  const inbox = useQuery({ ...workQueries.inbox(userId, 'open'), refetchInterval: poll });
  const items = inbox.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="inbox-summary-title" data-testid="inbox-summary">
      <div className="panel-head">
        <h2 id="inbox-summary-title">
          Waiting on you <span className="pill">{items.length}</span>
        </h2>
        <Link className="btn btn-sm btn-primary" to="/inbox">
          Open inbox
        </Link>
      </div>
      <ErrorAlert error={inbox.error} />
      {inbox.data && items.length === 0 && (
        <p className="muted small">
          Nothing waiting for you. Work that needs your review appears in the inbox.
        </p>
      )}
      <ul className="list compact">
        {items.slice(0, 5).map((i) => (
          <li key={i.id}>
            <span className="chip">{inboxKindLabel[i.kind]}</span> {i.title}
          </li>
        ))}
      </ul>
      {items.length > 5 && <p className="small muted">…and {items.length - 5} more in the inbox.</p>}
    </section>
  );
}

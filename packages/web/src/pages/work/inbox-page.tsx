// The one inbox: everything waiting on a person — deliverables to approve, workflow steps, escalations
// (budget spent, low confidence, an answer that failed its checks, a colleague agent past its deadline)
// and questions — each answered here with approve, reject or "ask for changes" plus a comment.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { InboxItem } from '@waooaw/server/contracts';
import { ErrorAlert } from '../../components/error-alert.js';
import { ToggleGroup } from '../../form/toggle-group.js';
import { timeAgo, timeUntil } from '../../format.js';
import { Markdown } from '../../markdown.js';
import { userQueries } from '../../queries.js';
import { useSession } from '../../session.js';
import { useNow } from '../../use-now.js';
import { answerInboxItem } from '../../work-api.js';
import { DeliverableById } from './task-list.js';
import { decisionLabel, inboxKindLabel, inboxReasonLabel } from './work-labels.js';
import { WORK_REFRESH_MS, workQueries } from './work-queries.js';
import { useAction } from './use-action.js';
import { JobLink } from './work-links.js';

const decisionClass = { approve: 'btn-success', reject: 'btn-danger', modify: '' } as const;

function InboxCard({ item, now, onAnswered }: { item: InboxItem; now: number; onAnswered: () => void }) {
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const { busy, error, setError, run } = useAction(onAnswered);
  const base = `inbox-${item.id}`;
  const overdue = item.status === 'open' && Date.parse(item.dueAt) < now;

  const answer = async (decision: 'approve' | 'reject' | 'modify') => {
    if (decision !== 'approve' && !comment.trim()) {
      setError(new Error('Say why in a comment — the agent works from your words.'));
      return;
    }
    await run(() =>
      answerInboxItem(item.id, { decision, ...(comment.trim() ? { comment: comment.trim() } : {}) }),
    );
  };

  return (
    <li
      data-testid="inbox-item"
      data-kind={item.kind}
      data-task-id={item.taskId ?? undefined}
      aria-labelledby={`${base}-title`}
    >
      <div className="spread">
        <strong id={`${base}-title`}>{item.title}</strong>
        <span className="chip">{inboxKindLabel[item.kind]}</span>
      </div>
      <div className="sub">
        {inboxReasonLabel[item.reason]} · {timeAgo(item.createdAt, now)}
        {item.status === 'open' && (
          <span className={overdue ? 'overdue' : undefined}>
            {' '}
            · {overdue ? 'overdue' : `due ${timeUntil(item.dueAt, now)}`}
          </span>
        )}
        {item.escalationLevel > 0 && ' · escalated to operations'}
        {item.instanceId && (
          <>
            {' · '}
            <Link to={`/instances/${encodeURIComponent(item.instanceId)}`}>the agent</Link>
          </>
        )}
        <JobLink jobId={item.jobId} />
      </div>
      <Markdown source={item.body} label={item.title} />
      {item.answer && (
        <p className="small muted" data-testid="inbox-answer">
          Answered: {decisionLabel[item.answer.decision]}
          {item.answer.comment && ` — “${item.answer.comment}”`} · {timeAgo(item.answer.at, now)}
        </p>
      )}
      {item.status === 'open' && (
        <>
          {item.deliverableId && (
            <button
              type="button"
              className="btn btn-sm"
              aria-expanded={open}
              aria-controls={`${base}-body`}
              onClick={() => setOpen(!open)}
            >
              {open ? 'Hide the work' : 'Review the work'}
            </button>
          )}
          {open && item.deliverableId && (
            <div id={`${base}-body`} className="viewer">
              <DeliverableById deliverableId={item.deliverableId} />
            </div>
          )}
          <div className="field inbox-comment">
            <label htmlFor={`${base}-comment`}>Comment (needed to reject or ask for changes)</label>
            <textarea
              id={`${base}-comment`}
              rows={2}
              maxLength={4000}
              className="prose"
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          </div>
          <ErrorAlert error={error} />
          <div className="row">
            {item.actions.map((a) => (
              <button
                key={a}
                type="button"
                className={`btn btn-sm ${decisionClass[a]}`}
                disabled={busy}
                onClick={() => void answer(a)}
              >
                {decisionLabel[a]}
              </button>
            ))}
          </div>
        </>
      )}
    </li>
  );
}

export function InboxPage() {
  const session = useSession();
  const userId = session?.user.id ?? '';
  const queryClient = useQueryClient();
  const now = useNow(WORK_REFRESH_MS * 5);
  const [show, setShow] = useState<'open' | 'all'>('open');
  const inbox = useQuery({
    ...workQueries.inbox(userId, show),
    enabled: !!session,
    refetchInterval: WORK_REFRESH_MS * 2,
  });
  // An answer changes tasks, deliverables, counts and the dashboard: refresh everything of this user's.
  const answered = () => void queryClient.invalidateQueries({ queryKey: userQueries.all(userId) });
  if (!session)
    return (
      <section className="narrow panel">
        <h1>Inbox</h1>
        <p className="muted">
          <Link to="/login?next=/inbox">Log in</Link> to see what waits on you.
        </p>
      </section>
    );
  const items = inbox.data?.items ?? [];
  return (
    <div className="inbox-page">
      <header className="dash-head spread">
        <div>
          <h1>Inbox</h1>
          <p className="muted" style={{ margin: 0 }}>
            Everything your agents need from you: work to approve, questions and escalations.
          </p>
        </div>
        <ToggleGroup
          className="segmented"
          label="Show"
          options={[
            { value: 'open', label: 'Waiting on me' },
            { value: 'all', label: 'All, answered too' },
          ]}
          value={show}
          onChange={setShow}
        />
      </header>
      <section className="panel" aria-label={show === 'open' ? 'Waiting on me' : 'All items'}>
        <ErrorAlert error={inbox.error} />
        {!inbox.data && !inbox.error && <p className="muted small">Loading…</p>}
        {inbox.data && items.length === 0 && (
          <p className="muted small" data-testid="inbox-empty">
            Nothing waits on you. Work that needs your review appears here.
          </p>
        )}
        <ul className="list" data-testid="inbox">
          {items.map((i) => (
            <InboxCard key={i.id} item={i} now={now} onAnswered={answered} />
          ))}
        </ul>
      </section>
    </div>
  );
}

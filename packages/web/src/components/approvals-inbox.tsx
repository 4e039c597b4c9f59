// The approvals inbox: deliverables waiting for a decision. Each can be opened, then approved,
// rejected (with a reason) or modified (edited text plus a comment); "Approve all" clears the queue.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Approval } from '@waooaw/server/contracts';
import { approveAll, decideApproval } from '../api.js';
import { timeAgo, timeUntil } from '../format.js';
import { userQueries } from '../queries.js';
import { useSession } from '../session.js';
import { DeliverableView } from './deliverable-view.js';
import { ErrorAlert } from './error-alert.js';

function ApprovalItem({
  approval,
  now,
  onDecided,
}: {
  approval: Approval;
  now: number;
  onDecided: () => void;
}) {
  const userId = useSession()?.user.id ?? '';
  const [open, setOpen] = useState(false);
  // Loaded the first time the item is opened, then kept.
  const [opened, setOpened] = useState(false);
  const body = useQuery({ ...userQueries.deliverable(userId, approval.deliverableId), enabled: opened });
  const deliverable = body.data;
  const [comment, setComment] = useState('');
  const [editing, setEditing] = useState(false);
  const [markdown, setMarkdown] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const overdue = Date.parse(approval.dueAt) < now;
  const base = `appr-${approval.id}`;

  const toggle = () => {
    setOpen(!open);
    setOpened(true);
  };

  const decide = async (decision: 'approve' | 'reject' | 'modify') => {
    if (decision === 'reject' && !comment.trim()) {
      setError(new Error('Say why you reject it — the agent learns from your reason.'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await decideApproval(approval.id, {
        decision,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        ...(decision === 'modify' ? { markdown } : {}),
      });
      onDecided();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <li data-testid="approval" data-selected={open} aria-labelledby={`${base}-title`}>
      <div className="spread">
        <strong id={`${base}-title`}>{approval.title}</strong>
        <span className="sub" style={overdue ? { color: 'var(--amber)' } : undefined}>
          {overdue ? 'Overdue' : `due ${timeUntil(approval.dueAt, now)}`}
        </span>
      </div>
      <div className="sub">
        {approval.instanceName} · {approval.agentName} · {timeAgo(approval.createdAt, now)}
      </div>
      <p className="small" style={{ margin: '0.4rem 0' }}>
        {approval.summary}
      </p>
      <button
        type="button"
        className="btn btn-sm"
        aria-expanded={open}
        aria-controls={`${base}-body`}
        onClick={toggle}
      >
        {open ? 'Hide' : 'Review'}
      </button>
      {open && (
        <div id={`${base}-body`} className="viewer">
          {deliverable ? (
            <DeliverableView
              summary={deliverable.summary}
              markdown={deliverable.markdown}
              checks={deliverable.checks}
              method={deliverable.method}
              confidence={deliverable.confidence}
            />
          ) : (
            !body.error && <p className="muted small">Loading…</p>
          )}
          {editing && (
            <div className="field" style={{ marginTop: '1rem' }}>
              <label htmlFor={`${base}-md`}>Edited deliverable (Markdown)</label>
              <textarea
                id={`${base}-md`}
                rows={12}
                value={markdown}
                onChange={(e) => setMarkdown(e.target.value)}
              />
            </div>
          )}
          <div className="field" style={{ marginTop: '1rem' }}>
            <label htmlFor={`${base}-comment`}>Comment (required to reject)</label>
            <textarea
              id={`${base}-comment`}
              rows={2}
              maxLength={2000}
              value={comment}
              className="prose"
              onChange={(e) => setComment(e.target.value)}
            />
          </div>
          <ErrorAlert error={error ?? body.error} />
          <div className="row">
            <button
              type="button"
              className="btn btn-success btn-sm"
              disabled={busy}
              onClick={() => void decide('approve')}
            >
              Approve
            </button>
            <button
              type="button"
              className="btn btn-danger btn-sm"
              disabled={busy}
              onClick={() => void decide('reject')}
            >
              Reject
            </button>
            {editing ? (
              <button
                type="button"
                className="btn btn-sm"
                disabled={busy || !markdown.trim()}
                onClick={() => void decide('modify')}
              >
                Save changes
              </button>
            ) : (
              <button
                type="button"
                className="btn btn-sm"
                disabled={busy || !deliverable}
                onClick={() => {
                  setMarkdown(deliverable?.markdown ?? '');
                  setEditing(true);
                }}
              >
                Modify
              </button>
            )}
          </div>
        </div>
      )}
    </li>
  );
}

export function ApprovalsInbox({
  now,
  poll,
  onChanged,
}: {
  now: number;
  /** Refresh interval in ms while the tab is visible. */
  poll: number;
  onChanged: () => void;
}) {
  const userId = useSession()?.user.id ?? '';
  const approvals = useQuery({ ...userQueries.approvals(userId), refetchInterval: poll });
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const items = approvals.data?.items ?? [];

  const all = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await approveAll(items.map((a) => a.id));
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="approvals-title">
      <div className="panel-head">
        <h2 id="approvals-title">
          Approvals inbox <span className="pill">{items.length}</span>
        </h2>
        {items.length > 1 && (
          <button type="button" className="btn btn-sm btn-success" onClick={() => void all()} disabled={busy}>
            Approve all
          </button>
        )}
      </div>
      <ErrorAlert error={error ?? approvals.error} />
      {approvals.data && items.length === 0 && (
        <p className="muted small">Nothing waiting for you. New work that needs review appears here.</p>
      )}
      <ul className="list">
        {items.map((a) => (
          <ApprovalItem key={a.id} approval={a} now={now} onDecided={onChanged} />
        ))}
      </ul>
    </section>
  );
}

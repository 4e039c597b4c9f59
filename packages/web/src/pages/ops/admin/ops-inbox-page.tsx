// The human-in-the-loop inbox across organisations: what waits on a person, newest first, by status;
// staff can answer an open item (approve, or reject / modify with a comment), as the customer would.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { InboxItem, InboxStatus } from '@waooaw/server/contracts';
import { answerInbox, listInbox } from './ops-admin-api.js';
import { ActionStatus, PagedState, usePaged, when } from './ops-admin-ui.js';
import { StatusFilter, TenantLink } from './ops-records-tables.js';

const STATUSES = ['open', 'approved', 'rejected', 'modified', 'expired', 'withdrawn'] as const;
type Decision = InboxItem['actions'][number];

function AnswerForm({ item, onDone }: { item: InboxItem; onDone: (m: string) => void }) {
  const client = useQueryClient();
  const [decision, setDecision] = useState<Decision>(item.actions[0] ?? 'approve');
  const [comment, setComment] = useState('');
  const answer = useMutation({
    mutationFn: () =>
      answerInbox(item.id, { decision, ...(comment.trim() ? { comment: comment.trim() } : {}) }),
    onSuccess: async (i) => {
      onDone(`“${i.title}” answered: ${i.status}.`);
      await client.invalidateQueries({ queryKey: ['ops', 'inbox'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    answer.mutate();
  };
  const id = `answer-${item.id}`;
  return (
    <form className="ops-inline-form" onSubmit={submit} aria-label={`Answer ${item.title}`}>
      <label htmlFor={`${id}-decision`}>Decision</label>
      <select
        id={`${id}-decision`}
        value={decision}
        onChange={(e) => setDecision(e.target.value as Decision)}
      >
        {item.actions.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-comment`}>Comment</label>
      <input
        type="text"
        id={`${id}-comment`}
        value={comment}
        required={decision !== 'approve'}
        onChange={(e) => setComment(e.target.value)}
      />
      <button type="submit" className="btn btn-sm" disabled={answer.isPending}>
        Answer
      </button>
      {answer.error ? <ActionStatus error={answer.error} /> : null}
    </form>
  );
}

export function OpsInboxPage() {
  const [status, setStatus] = useState<InboxStatus | ''>('open');
  const [done, setDone] = useState<string>();
  const { query, items } = usePaged(['inbox', status], (cursor) =>
    listInbox({ limit: 50, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }),
  );
  return (
    <section aria-labelledby="ops-inbox">
      <h1 id="ops-inbox">Inbox across organisations</h1>
      <StatusFilter id="inbox-status" value={status} options={STATUSES} onChange={setStatus} />
      <ActionStatus done={done} />
      <ul className="ops-cards">
        {items.map((i) => (
          <li key={i.id} className="panel">
            <h2 className="card-title">{i.title}</h2>
            <p className="muted small">
              {i.kind} · {i.reason} · {i.status} · due {when(i.dueAt)} · level {i.escalationLevel} ·{' '}
              {i.tenantId ? <TenantLink tenantId={i.tenantId} /> : 'platform'}
            </p>
            <details>
              <summary>What is asked</summary>
              <pre className="ops-json">{i.body}</pre>
            </details>
            {i.answer && (
              <p className="small">
                Answered {i.answer.decision} by <span className="mono">{i.answer.by}</span> at{' '}
                {when(i.answer.at)}
                {i.answer.comment ? `: ${i.answer.comment}` : ''}
              </p>
            )}
            {i.status === 'open' && i.actions.length > 0 && <AnswerForm item={i} onDone={setDone} />}
          </li>
        ))}
      </ul>
      <PagedState query={query} count={items.length} empty="Nothing waits on a person." />
    </section>
  );
}

// WowVision Prime's issues (local mode keeps them in the platform) with their comments; staff reply
// (APPROVE: / REJECT: / MODIFY: …) and the agent acts on the reply.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/error-alert.js';
import { listWowVisionIssues, replyWowVision, type WowVisionIssue } from './ops-admin-api.js';
import { ActionStatus } from './ops-admin-ui.js';
import { StatusFilter } from './ops-records-tables.js';

function Reply({ issue }: { issue: WowVisionIssue }) {
  const client = useQueryClient();
  const [body, setBody] = useState('');
  const reply = useMutation({
    mutationFn: () => replyWowVision(issue.number, body),
    onSuccess: async () => {
      setBody('');
      await client.invalidateQueries({ queryKey: ['ops', 'wowvision'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    reply.mutate();
  };
  const id = `reply-${issue.number}`;
  return (
    <form className="ops-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor={id}>Reply to #{issue.number} (APPROVE: / REJECT: / MODIFY: …)</label>
        <textarea id={id} rows={3} required value={body} onChange={(e) => setBody(e.target.value)} />
      </div>
      <button type="submit" className="btn btn-sm" disabled={reply.isPending}>
        Send reply
      </button>
      <ActionStatus
        done={reply.isSuccess ? 'Reply sent; WowVision acted on it.' : undefined}
        error={reply.error}
      />
    </form>
  );
}

export function OpsWowVisionPage() {
  const [state, setState] = useState<'open' | 'closed' | ''>('open');
  const issues = useQuery({
    queryKey: ['ops', 'wowvision', state],
    queryFn: () => listWowVisionIssues(state || 'all'),
  });
  const items = issues.data?.items ?? [];
  return (
    <section aria-labelledby="ops-wowvision">
      <h1 id="ops-wowvision">WowVision issues</h1>
      {issues.data && <p className="muted small">Mode: {issues.data.mode}</p>}
      <StatusFilter
        id="issue-state"
        value={state}
        options={['open', 'closed'] as const}
        onChange={setState}
      />
      {issues.error && <ErrorAlert error={issues.error} />}
      {issues.isSuccess && items.length === 0 && <p className="muted">No issues.</p>}
      <ul className="ops-cards">
        {items.map((i) => (
          <li key={i.number} className="panel">
            <h2 className="card-title">
              #{i.number} {i.title}
            </h2>
            <p className="muted small">
              {i.state} · {i.labels.join(', ') || 'no labels'}
            </p>
            <details>
              <summary>Issue and {i.comments.length} comments</summary>
              <pre className="ops-json">{i.body}</pre>
              {i.comments.map((c, n) => (
                <p key={n} className="small">
                  <strong>{c.author}</strong> ({new Date(c.at).toISOString().slice(0, 16)} UTC): {c.body}
                </p>
              ))}
            </details>
            {i.state === 'open' && <Reply issue={i} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

// The bus's dead-letter queue in the console: every parked message with its error history and payload,
// re-delivered one at a time or all those whose error matches a pattern, or discarded with a reason
// (the bus keeps the reason in the audit trail).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../components/error-alert.js';
import { opsApi, opsKeys, when, type DeadLetter } from './ops-api.js';
import { OpsTextField } from './ops-field.js';

function useDlqAction<A, R>(run: (arg: A) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: opsKeys.deadLetters }),
        client.invalidateQueries({ queryKey: opsKeys.overview }),
      ]),
  });
}

function RetryMatching() {
  const [match, setMatch] = useState('');
  const retry = useDlqAction((pattern: string) => opsApi.retryMatching(pattern));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (match.trim()) retry.mutate(match.trim());
  };
  return (
    <form className="ops-inline-form" onSubmit={submit} aria-label="Retry by error pattern">
      <OpsTextField
        label="Error pattern (regular expression)"
        id="dlq-match"
        value={match}
        maxLength={500}
        onValue={setMatch}
      />
      <button className="btn" type="submit" disabled={!match.trim() || retry.isPending}>
        Retry all matching
      </button>
      {retry.error && <ErrorAlert error={retry.error} />}
      {retry.data && (
        <p className="alert alert-ok" role="status">
          Re-delivered {retry.data.retried} message{retry.data.retried === 1 ? '' : 's'}.
        </p>
      )}
    </form>
  );
}

function Letter({ d }: { d: DeadLetter }) {
  const [reason, setReason] = useState('');
  const retry = useDlqAction(() => opsApi.retryDeadLetter(d.id));
  const discard = useDlqAction((why: string) => opsApi.discardDeadLetter(d.id, why));
  const last = d.errors.at(-1);
  const onDiscard = (e: FormEvent) => {
    e.preventDefault();
    discard.mutate(reason.trim());
  };
  return (
    <li className="ops-letter" aria-labelledby={`dl-${d.id}`}>
      <h3 id={`dl-${d.id}`} className="mono">
        {d.message.topic}
      </h3>
      <p>
        {last ? `${last.code}: ${last.message}` : d.reason}{' '}
        <span className="muted small">
          group {d.group} · {d.deliveries} deliveries · dead {when(d.deadAt)} · reason {d.reason}
        </span>
      </p>
      <details className="ops-details">
        <summary>Inspect {d.id}</summary>
        <h4>Payload</h4>
        <pre className="ops-pre">{JSON.stringify(d.message.payload, null, 2)}</pre>
        <h4>Errors</h4>
        <ol>
          {d.errors.map((e) => (
            <li key={`${e.attempt}-${e.at}`}>
              attempt {e.attempt}, {when(e.at)}: {e.code} — {e.message}
            </li>
          ))}
        </ol>
      </details>
      <div className="ops-actions">
        <button
          className="btn btn-primary btn-sm"
          type="button"
          onClick={() => retry.mutate(undefined)}
          disabled={retry.isPending}
        >
          Retry<span className="sr-only"> {d.message.topic}</span>
        </button>
        <form className="ops-inline-form" onSubmit={onDiscard} aria-label={`Discard ${d.id}`}>
          <OpsTextField
            label="Reason to discard"
            id={`discard-${d.id}`}
            value={reason}
            minLength={3}
            maxLength={1000}
            required
            onValue={setReason}
          />
          <button
            className="btn btn-danger btn-sm"
            type="submit"
            disabled={reason.trim().length < 3 || discard.isPending}
          >
            Discard
          </button>
        </form>
      </div>
      {(retry.error ?? discard.error) && <ErrorAlert error={retry.error ?? discard.error} />}
    </li>
  );
}

export function OpsDlqPage() {
  const [group, setGroup] = useState('');
  const letters = useQuery({
    queryKey: [...opsKeys.deadLetters, group],
    queryFn: () => opsApi.deadLetters(group ? { group } : {}),
    refetchInterval: 5000,
  });
  const items = letters.data?.items ?? [];
  return (
    <section aria-labelledby="ops-dlq">
      <h1 id="ops-dlq">Dead-letter queue</h1>
      <section className="panel" aria-labelledby="ops-dlq-bulk">
        <h2 id="ops-dlq-bulk">Retry in bulk</h2>
        <RetryMatching />
      </section>
      <section className="panel" aria-labelledby="ops-dlq-list">
        <h2 id="ops-dlq-list">Messages ({items.length})</h2>
        <OpsTextField
          label="Consumer group"
          id="dlq-group"
          value={group}
          onValue={(v) => setGroup(v.trim())}
        />
        {letters.error && <ErrorAlert error={letters.error} />}
        {letters.data && items.length === 0 && <p className="muted">The dead-letter queue is empty.</p>}
        <ul className="ops-letters">
          {items.map((d) => (
            <Letter key={d.id} d={d} />
          ))}
        </ul>
      </section>
    </section>
  );
}

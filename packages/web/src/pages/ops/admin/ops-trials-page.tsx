// Every organisation's trials, by status; admins extend one by 1–30 days with a reason (an expired
// trial becomes active again). The server audits the extension.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Trial, TrialStatus } from '@waooaw/server/contracts';
import { extendTrial, listAllTrials } from './ops-admin-api.js';
import { ActionStatus, PagedState, useIsAdmin, usePaged } from './ops-admin-ui.js';
import { StatusFilter, TrialsTable } from './ops-records-tables.js';

const STATUSES = ['PROVISIONING', 'ACTIVE', 'EXPIRED', 'CONVERTED', 'CANCELLED'] as const;

function ExtendForm({ trial, onDone }: { trial: Trial; onDone: (m: string) => void }) {
  const client = useQueryClient();
  const [days, setDays] = useState(7);
  const [reason, setReason] = useState('');
  const extend = useMutation({
    mutationFn: () => extendTrial(trial.id, days, reason),
    onSuccess: async (t) => {
      onDone(`Extended ${t.agentName} for ${t.setup.business.companyName} by ${days} days.`);
      setReason('');
      await client.invalidateQueries({ queryKey: ['ops', 'trials'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    extend.mutate();
  };
  const id = `extend-${trial.id}`;
  return (
    <form className="ops-inline-form" onSubmit={submit} aria-label={`Extend trial ${trial.id}`}>
      <label htmlFor={`${id}-days`}>Days</label>
      <input
        type="number"
        id={`${id}-days`}
        min={1}
        max={30}
        required
        value={days}
        onChange={(e) => setDays(Number(e.target.value))}
      />
      <label htmlFor={`${id}-reason`}>Reason</label>
      <input
        type="text"
        id={`${id}-reason`}
        required
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="submit" className="btn btn-sm" disabled={extend.isPending}>
        Extend
      </button>
      {extend.error ? <ActionStatus error={extend.error} /> : null}
    </form>
  );
}

export function OpsTrialsPage() {
  const admin = useIsAdmin();
  const [status, setStatus] = useState<TrialStatus | ''>('');
  const [done, setDone] = useState<string>();
  const { query, items } = usePaged(['trials', status], (cursor) =>
    listAllTrials({ limit: 50, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }),
  );
  return (
    <section aria-labelledby="ops-trials">
      <h1 id="ops-trials">Trials</h1>
      <StatusFilter id="trial-status" value={status} options={STATUSES} onChange={setStatus} />
      <ActionStatus done={done} />
      {items.length > 0 && (
        <TrialsTable
          trials={items}
          {...(admin ? { action: (t: Trial) => <ExtendForm trial={t} onDone={setDone} /> } : {})}
        />
      )}
      <PagedState query={query} count={items.length} empty="No trials." />
    </section>
  );
}

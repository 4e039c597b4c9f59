// The monthly projection with editable inputs: N agents × M decisions a day, measured over a window
// of recorded decisions, optionally re-priced at another model's price. Shows what it was computed from.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { formatCost, getProjection, methodLabel, type ProjectionInputs } from './costs-api.js';

export function CostProjectionPanel() {
  const [draft, setDraft] = useState({ agents: '1000', decisionsPerDay: '50', model: '', windowDays: '30' });
  const [inputs, setInputs] = useState<ProjectionInputs>({
    agents: 1000,
    decisionsPerDay: 50,
    windowDays: 30,
  });
  const projection = useQuery({
    queryKey: ['ops', 'projection', inputs],
    queryFn: () => getProjection(inputs),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setInputs({
      agents: Number(draft.agents),
      decisionsPerDay: Number(draft.decisionsPerDay),
      windowDays: Number(draft.windowDays),
      ...(draft.model.trim() ? { model: draft.model.trim() } : {}),
    });
  };
  const field = (key: keyof typeof draft, label: string, type = 'number') => (
    <label>
      {label}
      <input
        type={type}
        min={type === 'number' ? 1 : undefined}
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      />
    </label>
  );
  const p = projection.data;
  return (
    <section aria-labelledby="projection-title" className="cost-projection">
      <h2 id="projection-title">Monthly projection</h2>
      <form className="budget-form" onSubmit={submit}>
        {field('agents', 'Agents')}
        {field('decisionsPerDay', 'Decisions per agent per day')}
        {field('windowDays', 'Measure over the last (days)')}
        {field('model', 'Re-price model decisions at (optional model id)', 'text')}
        <button type="submit" className="btn btn-primary">
          Project
        </button>
      </form>
      {projection.isError && <p role="alert">{projection.error.message}</p>}
      {p && (
        <div data-testid="projection" aria-live="polite">
          <p className="projection-figure">
            {p.inputs.agents.toLocaleString()} agents × {p.inputs.decisionsPerDay} decisions/day →{' '}
            <strong data-testid="projection-monthly">{formatCost(p.monthly, p.currency)}</strong> per month
          </p>
          {p.measured ? (
            <p className="small muted">
              From {p.inputs.sampleDecisions} decisions recorded {p.inputs.window.from.slice(0, 10)} –{' '}
              {p.inputs.window.to.slice(0, 10)}: {formatCost(p.costPerDecision, p.currency)} per decision,{' '}
              {p.inputs.daysPerMonth}-day month
              {p.inputs.model &&
                `, model decisions at ${p.inputs.model.id} (${p.inputs.model.inputPer1M ?? '?'} / ${p.inputs.model.outputPer1M ?? '?'} per 1M tokens)`}
              . Mix:{' '}
              {p.inputs.mix.map((m) => `${methodLabel(m.method)} ${Math.round(m.share * 100)} %`).join(', ')}.
            </p>
          ) : (
            <p className="small muted">No decisions recorded in the window yet: nothing to project from.</p>
          )}
        </div>
      )}
    </section>
  );
}

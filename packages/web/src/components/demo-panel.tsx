// The live demo on an agent's profile: the demo skill's example input as editable fields (or raw
// JSON), a run button, and the resulting deliverable with its checks. No account needed.
import { useMemo, useState, type FormEvent } from 'react';
import type { DemoInfo, DemoResult } from '@waooaw/server/contracts';
import { ApiError, runDemo } from '../api.js';
import { fieldsFromSchema, fromTexts, toText, type FieldSpec, type JsonSchema } from '../schema-fields.js';
import { DeliverableView } from './deliverable-view.js';
import { ErrorAlert } from './error-alert.js';

function initialTexts(fields: FieldSpec[], example: unknown): Record<string, string> {
  const ex = (typeof example === 'object' && example !== null ? example : {}) as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f.name, toText(f, ex[f.name])]));
}

function Field({
  field,
  value,
  error,
  onChange,
}: {
  field: FieldSpec;
  value: string;
  error?: string;
  onChange: (v: string) => void;
}) {
  const id = `demo-${field.name}`;
  const hintId = field.description ? `${id}-hint` : undefined;
  const errId = error ? `${id}-err` : undefined;
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    required: field.required,
    placeholder: field.placeholder,
  };
  let control;
  switch (field.kind) {
    case 'select':
      control = (
        <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
          {!field.required && <option value="">—</option>}
          {(field.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
      break;
    case 'boolean':
      return (
        <div className="field">
          <label className="choice" htmlFor={id}>
            <input
              type="checkbox"
              id={id}
              checked={value === 'true'}
              onChange={(e) => onChange(e.target.checked ? 'true' : 'false')}
            />
            <span>{field.label}</span>
          </label>
        </div>
      );
    case 'number':
      control = (
        <input
          {...common}
          type="number"
          step="any"
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    case 'text':
      control = <input {...common} type="text" value={value} onChange={(e) => onChange(e.target.value)} />;
      break;
    default:
      control = (
        <textarea
          {...common}
          rows={Math.min(12, Math.max(3, value.split('\n').length + 1))}
          value={value}
          spellCheck={field.kind === 'textarea'}
          className={field.kind === 'textarea' ? 'prose' : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
  return (
    <div className="field">
      <label htmlFor={id}>
        {field.label}
        {field.kind === 'lines' && <span className="hint"> (one per line)</span>}
        {field.kind === 'json' && <span className="hint"> (JSON)</span>}
      </label>
      {control}
      {field.description && (
        <span className="hint" id={hintId}>
          {field.description}
        </span>
      )}
      {error && (
        <span className="hint" id={errId} role="alert" style={{ color: 'var(--red)' }}>
          {error}
        </span>
      )}
    </div>
  );
}

export function DemoPanel({ agentId, demo }: { agentId: string; demo: DemoInfo }) {
  const fields = useMemo(() => fieldsFromSchema(demo.inputSchema as JsonSchema, demo.exampleInput), [demo]);
  const [mode, setMode] = useState<'fields' | 'json'>(fields ? 'fields' : 'json');
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    fields ? initialTexts(fields, demo.exampleInput) : {},
  );
  const [jsonText, setJsonText] = useState(() => JSON.stringify(demo.exampleInput ?? {}, null, 2));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(undefined);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<DemoResult | undefined>(undefined);

  const currentInput = (): unknown => {
    if (mode === 'json' || !fields) {
      try {
        return JSON.parse(jsonText) as unknown;
      } catch {
        throw new ApiError(0, 'VALIDATION', 'The input is not valid JSON.');
      }
    }
    const { input, errors } = fromTexts(fields, texts);
    setFieldErrors(errors);
    if (Object.keys(errors).length) throw new ApiError(0, 'VALIDATION', 'Please fix the highlighted fields.');
    return input;
  };

  const switchMode = (next: 'fields' | 'json') => {
    if (next === mode || !fields) return;
    try {
      if (next === 'json') {
        setJsonText(JSON.stringify(fromTexts(fields, texts).input, null, 2));
      } else {
        setTexts(initialTexts(fields, JSON.parse(jsonText)));
      }
      setError(undefined);
      setMode(next);
    } catch {
      setError(new ApiError(0, 'VALIDATION', 'Fix the JSON before switching back to fields.'));
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    let input: unknown;
    try {
      input = currentInput();
    } catch (err) {
      setError(err);
      return;
    }
    setRunning(true);
    try {
      setResult(await runDemo(agentId, input));
    } catch (err) {
      setError(err);
    } finally {
      setRunning(false);
    }
  };

  const reset = () => {
    if (fields) setTexts(initialTexts(fields, demo.exampleInput));
    setJsonText(JSON.stringify(demo.exampleInput ?? {}, null, 2));
    setFieldErrors({});
    setError(undefined);
  };

  return (
    <section className="panel" aria-labelledby="demo-title" id="demo">
      <div className="panel-head">
        <h2 id="demo-title">Live demo — {demo.title}</h2>
        {fields && (
          <div className="row" role="group" aria-label="Input editor">
            <button
              type="button"
              className="btn btn-sm btn-ghost"
              aria-pressed={mode === 'fields'}
              onClick={() => switchMode('fields')}
            >
              Fields
            </button>
            <button
              type="button"
              className="btn btn-sm btn-ghost"
              aria-pressed={mode === 'json'}
              onClick={() => switchMode('json')}
            >
              JSON
            </button>
          </div>
        )}
      </div>
      <p className="muted small">
        {demo.description} Edit the sample below with your own details — no account needed.
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {mode === 'fields' && fields ? (
          fields.map((f) => (
            <Field
              key={f.name}
              field={f}
              value={texts[f.name] ?? ''}
              {...(fieldErrors[f.name] ? { error: fieldErrors[f.name] } : {})}
              onChange={(v) => setTexts((t) => ({ ...t, [f.name]: v }))}
            />
          ))
        ) : (
          <div className="field">
            <label htmlFor="demo-json">Input (JSON)</label>
            <textarea
              id="demo-json"
              rows={14}
              value={jsonText}
              spellCheck={false}
              onChange={(e) => setJsonText(e.target.value)}
            />
          </div>
        )}
        <ErrorAlert error={error} />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={running}>
            {running ? (
              <>
                <span className="spinner" aria-hidden="true" /> Running…
              </>
            ) : (
              'Run demo'
            )}
          </button>
          <button type="button" className="btn btn-ghost" onClick={reset}>
            Reset sample
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {result && (
          <DeliverableView
            summary={result.summary}
            markdown={result.markdown}
            checks={result.checks}
            method={result.method}
            confidence={result.confidence}
            extra={`${result.durationMs} ms · ${result.remainingToday} runs left today`}
          />
        )}
      </div>
    </section>
  );
}

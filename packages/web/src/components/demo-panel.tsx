// The live demo on an agent's profile: the demo skill's example input as editable fields (or raw
// JSON), a run button, and the resulting deliverable with its checks. No account needed.
import { useMemo, useState, type FormEvent } from 'react';
import { useForm, useWatch, type Control, type UseFormRegister } from 'react-hook-form';
import type { DemoInfo, DemoResult } from '@waooaw/server/contracts';
import { ApiError, runDemo } from '../api.js';
import {
  fieldRules,
  fieldsFromSchema,
  formValues,
  fromTexts,
  type FieldSpec,
  type FieldValue,
  type JsonSchema,
} from '../schema-fields.js';
import { DeliverableView } from './deliverable-view.js';
import { ErrorAlert } from './error-alert.js';

/** Field values by position, so property names never collide with react-hook-form's path syntax. */
interface DemoForm {
  fields: FieldValue[];
}

const byName = (fields: readonly FieldSpec[], values: readonly FieldValue[]) =>
  Object.fromEntries(fields.map((f, i) => [f.name, values[i] ?? '']));

/** A text area that grows with its content (up to 12 rows). */
function GrowingTextarea({
  control,
  name,
  ...props
}: { control: Control<DemoForm>; name: `fields.${number}` } & React.ComponentProps<'textarea'>) {
  const value = useWatch({ control, name });
  const lines = typeof value === 'string' ? value.split('\n').length : 1;
  return <textarea {...props} name={name} rows={Math.min(12, Math.max(3, lines + 1))} />;
}

function Field({
  field,
  index,
  register,
  control,
  error,
}: {
  field: FieldSpec;
  index: number;
  register: UseFormRegister<DemoForm>;
  control: Control<DemoForm>;
  error?: string | undefined;
}) {
  const id = `demo-${field.name}`;
  const hintId = field.description ? `${id}-hint` : undefined;
  const errId = error ? `${id}-err` : undefined;
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined;
  const name = `fields.${index}` as const;
  const registered = register(name, fieldRules(field));
  const common = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    required: field.required,
    placeholder: field.placeholder,
    ...registered,
  };
  let control_;
  switch (field.kind) {
    case 'select':
      control_ = (
        <select {...common}>
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
            <input type="checkbox" id={id} {...registered} />
            <span>{field.label}</span>
          </label>
        </div>
      );
    case 'number':
      control_ = <input {...common} type="number" step="any" />;
      break;
    case 'text':
      control_ = <input {...common} type="text" />;
      break;
    default:
      control_ = (
        <GrowingTextarea
          {...common}
          control={control}
          name={name}
          spellCheck={field.kind === 'textarea'}
          className={field.kind === 'textarea' ? 'prose' : undefined}
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
      {control_}
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
  const sample = useMemo(() => ({ fields: formValues(fields ?? [], demo.exampleInput) }), [fields, demo]);
  const form = useForm<DemoForm>({ defaultValues: sample });
  const fieldErrors = form.formState.errors.fields;
  const [mode, setMode] = useState<'fields' | 'json'>(fields ? 'fields' : 'json');
  const [jsonText, setJsonText] = useState(() => JSON.stringify(demo.exampleInput ?? {}, null, 2));
  const [error, setError] = useState<unknown>(undefined);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<DemoResult | undefined>(undefined);

  const run = async (input: unknown) => {
    setRunning(true);
    try {
      setResult(await runDemo(agentId, input));
    } catch (err) {
      setError(err);
    } finally {
      setRunning(false);
    }
  };

  const switchMode = (next: 'fields' | 'json') => {
    if (next === mode || !fields) return;
    try {
      if (next === 'json') {
        setJsonText(
          JSON.stringify(fromTexts(fields, byName(fields, form.getValues('fields'))).input, null, 2),
        );
      } else {
        form.reset({ fields: formValues(fields, JSON.parse(jsonText)) });
      }
      setError(undefined);
      setMode(next);
    } catch {
      setError(new ApiError(0, 'VALIDATION', 'Fix the JSON before switching back to fields.'));
    }
  };

  const submit = (e: FormEvent) => {
    setError(undefined);
    if (mode === 'fields' && fields) {
      // react-hook-form checks every field's rule, focuses the first invalid one, then hands over the values.
      void form.handleSubmit(
        (values) => run(fromTexts(fields, byName(fields, values.fields)).input),
        () => setError(new ApiError(0, 'VALIDATION', 'Please fix the highlighted fields.')),
      )(e);
      return;
    }
    e.preventDefault();
    let input: unknown;
    try {
      input = JSON.parse(jsonText) as unknown;
    } catch {
      setError(new ApiError(0, 'VALIDATION', 'The input is not valid JSON.'));
      return;
    }
    void run(input);
  };

  const reset = () => {
    form.reset(sample);
    setJsonText(JSON.stringify(demo.exampleInput ?? {}, null, 2));
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
      <form onSubmit={submit} noValidate>
        {mode === 'fields' && fields ? (
          fields.map((f, i) => (
            <Field
              key={f.name}
              field={f}
              index={i}
              register={form.register}
              control={form.control}
              error={fieldErrors?.[i]?.message}
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

// The live demo on an agent's profile: the demo skill's form (labels, help, grids, a page by its
// address) filled with the agent's sample, a run button, and the resulting deliverable with its checks.
// JSON stays available as an "advanced" view. No account needed.
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import type { DemoInfo, DemoResult } from '@waooaw/server/contracts';
import { ApiError, runDemo } from '../api.js';
import { readFormInput } from '../form/form-input.js';
import { JsonInput, ToggleGroup, inputModes } from '../form/toggle-group.js';
import { FormFields } from '../form/skill-form-fields.js';
import { initialValues, toInput, type FormValues } from '../form/form-values.js';
import { DeliverableView } from './deliverable-view.js';
import { ErrorAlert } from './error-alert.js';

export function DemoPanel({ agentId, demo }: { agentId: string; demo: DemoInfo }) {
  const fields = demo.form.fields;
  const sample = useMemo(() => initialValues(fields, demo.exampleInput), [fields, demo.exampleInput]);
  // Checked as the user types, so a message never appears (and moves the button) only on leaving a field.
  const form = useForm<FormValues>({ defaultValues: sample, mode: 'onChange' });
  const formRef = useRef<HTMLFormElement>(null);
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [jsonText, setJsonText] = useState(() => JSON.stringify(demo.exampleInput ?? {}, null, 2));
  const [error, setError] = useState<unknown>(undefined);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<DemoResult | undefined>(undefined);

  const run = async (input: unknown) => {
    const bytes = new TextEncoder().encode(JSON.stringify(input)).length;
    if (bytes > demo.maxInputBytes) {
      setError(
        new ApiError(
          0,
          'PAYLOAD_TOO_LARGE',
          `Your input is ${Math.ceil(bytes / 1024)} KB; the live demo takes up to ${Math.floor(demo.maxInputBytes / 1024)} KB. Remove some rows or text — or start a free trial for full-size work.`,
        ),
      );
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

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // A new run replaces the old answer: no stale result under a new error.
    setResult(undefined);
    setError(undefined);
    if (mode === 'json') {
      let input: unknown;
      try {
        input = JSON.parse(jsonText) as unknown;
      } catch {
        setError(new ApiError(0, 'VALIDATION', 'The input is not valid JSON.'));
        return;
      }
      await run(input);
      return;
    }
    const read = await readFormInput(form, fields, formRef.current);
    if ('problem' in read) {
      setError(new ApiError(0, 'VALIDATION', read.problem));
      return;
    }
    await run(read.input);
  };

  const switchMode = (next: 'form' | 'json') => {
    if (next === mode) return;
    setError(undefined);
    if (next === 'json') {
      setJsonText(JSON.stringify(toInput(fields, form.getValues()).input, null, 2));
      setMode('json');
      return;
    }
    try {
      form.reset(initialValues(fields, JSON.parse(jsonText)));
      setMode('form');
    } catch {
      setError(new ApiError(0, 'VALIDATION', 'Fix the JSON before switching back to the form.'));
    }
  };

  const reset = () => {
    form.reset(sample);
    setJsonText(JSON.stringify(demo.exampleInput ?? {}, null, 2));
    setError(undefined);
    setResult(undefined);
  };

  return (
    <section className="panel" aria-labelledby="demo-title" id="demo">
      <div className="panel-head">
        <h2 id="demo-title">Live demo — {demo.title}</h2>
        <ToggleGroup label="Input editor" options={inputModes} value={mode} onChange={switchMode} />
      </div>
      <p className="muted small">
        {demo.description} The sample below is filled in: change it to your own details — no account needed.
      </p>
      <FormProvider {...form}>
        <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate data-testid="demo-form">
          {mode === 'form' ? (
            <FormFields fields={fields} />
          ) : (
            <JsonInput id="demo-json" value={jsonText} onChange={setJsonText} />
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
      </FormProvider>
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

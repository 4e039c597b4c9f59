// A web page for a skill: by its address (fetched by the server, public pages only), written as plain
// text (title, description, text with "#" for headings), or pasted as HTML under "advanced".
import { useState } from 'react';
import { useFormContext } from 'react-hook-form';
import type { FormField } from '@waooaw/server/contracts';
import { fetchPage } from '../api.js';
import { describeError } from '../components/error-alert.js';
import { Icon } from '../components/icon.js';
import { FieldShell, fieldId, useFieldError } from './field-shell.js';
import { isWebAddress, type PageValue } from './form-values.js';

const modes: { id: PageValue['mode']; label: string }[] = [
  { id: 'url', label: 'Web address' },
  { id: 'text', label: 'Write it' },
  { id: 'html', label: 'HTML (advanced)' },
];

/** Fetches the page at the field's address into its value; answers the problem in words, if any. */
export async function fetchInto(
  path: string,
  url: string,
  setValue: (name: string, value: unknown) => void,
): Promise<string | undefined> {
  if (!isWebAddress(url)) return 'That is not a web address; it should look like https://example.com/page.';
  try {
    const page = await fetchPage(url.trim());
    setValue(`${path}.html`, page.html);
    setValue(`${path}.fetchedUrl`, url.trim());
    setValue(`${path}.title`, page.title);
    return undefined;
  } catch (err) {
    return describeError(err).message;
  }
}

export function PageField({ path, field }: { path: string; field: FormField }) {
  const { register, watch, setValue, clearErrors, setError } = useFormContext();
  const error = useFieldError(path);
  const value = watch(path) as PageValue;
  const [busy, setBusy] = useState(false);
  const id = fieldId(path);
  const fetched = value.fetchedUrl !== '' && value.fetchedUrl === value.url.trim() && value.html !== '';

  const fetchNow = async () => {
    setBusy(true);
    const problem = await fetchInto(path, value.url, (n, v) => setValue(n, v));
    setBusy(false);
    if (problem) setError(path, { message: problem });
    else clearErrors(path);
  };

  return (
    <FieldShell path={path} field={field} error={error} asGroup>
      <div className="segmented" role="group" aria-label={`How to give ${field.label.toLowerCase()}`}>
        {modes.map((m) => (
          <button
            key={m.id}
            type="button"
            className="btn btn-sm btn-ghost"
            aria-pressed={value.mode === m.id}
            onClick={() => {
              setValue(`${path}.mode`, m.id);
              clearErrors(path);
            }}
          >
            {m.label}
          </button>
        ))}
      </div>
      {value.mode === 'url' && (
        <div className="field">
          <label htmlFor={`${id}-url`}>Address of the page</label>
          <div className="row nowrap">
            <input
              id={`${id}-url`}
              type="url"
              inputMode="url"
              placeholder="https://www.example.com/product"
              {...register(`${path}.url`)}
            />
            <button type="button" className="btn btn-sm" onClick={() => void fetchNow()} disabled={busy}>
              <Icon name="globe" /> {busy ? 'Fetching…' : 'Fetch page'}
            </button>
          </div>
          {fetched && (
            <span className="hint" role="status">
              <Icon name="check" /> Fetched{value.title ? `: “${value.title}”` : ''} — ready to check.
            </span>
          )}
        </div>
      )}
      {value.mode === 'text' && (
        <>
          <div className="field">
            <label htmlFor={`${id}-title`}>Page title</label>
            <input id={`${id}-title`} type="text" maxLength={200} {...register(`${path}.title`)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-description`}>Short description (shown in search results)</label>
            <input
              id={`${id}-description`}
              type="text"
              maxLength={300}
              {...register(`${path}.description`)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-text`}>Text of the page</label>
            <textarea
              id={`${id}-text`}
              rows={6}
              className="prose"
              aria-describedby={`${id}-text-hint`}
              {...register(`${path}.text`)}
            />
            <span className="hint" id={`${id}-text-hint`}>
              Start a line with # for the main heading, ## for a sub-heading.
            </span>
          </div>
        </>
      )}
      {value.mode === 'html' && (
        <div className="field">
          <label htmlFor={`${id}-html`}>HTML of the page</label>
          <textarea
            id={`${id}-html`}
            rows={8}
            spellCheck={false}
            className="code"
            {...register(`${path}.html`)}
          />
        </div>
      )}
    </FieldShell>
  );
}

/** "Use a web page" for a text field: fetches the page's visible text into the field. */
export function TextFromUrl({ path }: { path: string }) {
  const { setValue, clearErrors } = useFormContext();
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const id = fieldId(path);
  const run = async () => {
    if (!isWebAddress(url)) {
      setProblem('That is not a web address; it should look like https://example.com/page.');
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      const page = await fetchPage(url.trim());
      setValue(path, page.text, { shouldDirty: true, shouldValidate: true });
      clearErrors(path);
    } catch (err) {
      setProblem(describeError(err).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="from-url">
      <summary>Or take the text from a web page</summary>
      <div className="row nowrap">
        <label className="sr-only" htmlFor={`${id}-from-url`}>
          Address of the page
        </label>
        <input
          id={`${id}-from-url`}
          type="url"
          inputMode="url"
          placeholder="https://www.example.com/blog/post"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <button type="button" className="btn btn-sm" onClick={() => void run()} disabled={busy}>
          <Icon name="globe" /> {busy ? 'Fetching…' : 'Get the text'}
        </button>
      </div>
      {problem && (
        <span className="field-error" role="alert">
          {problem}
        </span>
      )}
    </details>
  );
}

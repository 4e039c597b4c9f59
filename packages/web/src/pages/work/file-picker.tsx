// Uploading the customer's own files (CSV, Excel, HTML, Markdown, text, PDF) and choosing one as a
// skill's list or document input. The server decides the type by content; its 413 / 400 / 415 answers
// are said in words (which row or column, how big the limit is).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ChangeEvent } from 'react';
import type { FileKind, StoredFile } from '@waooaw/server/contracts';
import { ApiError } from '../../api.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { useSession } from '../../session.js';
import { uploadFile } from '../../work-api.js';
import { workQueries } from './work-queries.js';

export const ACCEPTED_FILES = '.csv,.xlsx,.html,.htm,.md,.markdown,.txt,.pdf';

/** A list input takes a table's rows; a text input takes any file's text (a CSV's included). */
const kindsFor: Record<'table' | 'text', FileKind[]> = {
  table: ['csv', 'xlsx'],
  text: ['html', 'markdown', 'text', 'pdf', 'csv'],
};

const takes = { table: 'a CSV or Excel table', text: 'a document (HTML, Markdown, text, CSV or PDF)' };

const kb = (n: number) => (n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1048576).toFixed(1)} MB`);

/** One line about a stored file: "leads.csv — table, 200 rows". */
export function fileSummary(f: StoredFile): string {
  if (f.rows !== null) return `${f.name} — table, ${f.rows} rows`;
  return `${f.name} — ${f.kind}, ${kb(f.size)}`;
}

/** The server's refusal of an upload, in words. */
function uploadProblem(err: unknown): unknown {
  if (!(err instanceof ApiError)) return err;
  if (err.status === 413) {
    const limit = typeof err.details.limit === 'number' ? ` The limit is ${kb(err.details.limit)}.` : '';
    return new Error(`That file is too big to upload.${limit} Split it or remove some rows.`);
  }
  const { row, column } = err.details;
  const where = [
    row !== undefined && `row ${String(row)}`,
    column !== undefined && (typeof column === 'number' ? `column ${column}` : `column “${String(column)}”`),
  ]
    .filter(Boolean)
    .join(', ');
  return new Error(`We could not read that file${where ? ` (${where})` : ''}: ${err.message}`);
}

/** Uploads one file; `onUploaded` gets the stored file. */
export function FileUpload({ label, onUploaded }: { label: string; onUploaded: (f: StoredFile) => void }) {
  const userId = useSession()?.user.id ?? '';
  const queryClient = useQueryClient();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState<StoredFile | undefined>(undefined);

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const stored = await uploadFile(file);
      setDone(stored);
      await queryClient.invalidateQueries({ queryKey: workQueries.files(userId).queryKey });
      onUploaded(stored);
    } catch (err) {
      setError(uploadProblem(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="file" accept={ACCEPTED_FILES} onChange={(e) => void pick(e)} disabled={busy} />
      <span className="hint">CSV, Excel, HTML, Markdown, plain text or PDF.</span>
      <div aria-live="polite" className="small">
        {busy && 'Uploading…'}
        {done && <span data-testid="uploaded">Uploaded {fileSummary(done)}</span>}
      </div>
      <ErrorAlert error={error} />
    </div>
  );
}

/**
 * For a skill input that takes a file: choose one of the uploaded files (or upload one), or leave it
 * empty to fill the field in the form.
 */
export function FileChooser({
  fieldLabel,
  accepts,
  value,
  onChange,
}: {
  fieldLabel: string;
  accepts: 'table' | 'text';
  value: string;
  onChange: (fileId: string) => void;
}) {
  const userId = useSession()?.user.id ?? '';
  const files = useQuery(workQueries.files(userId));
  const id = useId();
  const [mismatch, setMismatch] = useState<string | undefined>(undefined);
  const usable = (files.data?.items ?? []).filter((f) => kindsFor[accepts].includes(f.kind));
  const uploaded = (f: StoredFile) => {
    const fits = kindsFor[accepts].includes(f.kind);
    setMismatch(fits ? undefined : `“${f.name}” is ${f.kind}; “${fieldLabel}” takes ${takes[accepts]}.`);
    if (fits) onChange(f.id);
  };
  return (
    <fieldset className="field-group file-chooser">
      <legend>{fieldLabel}: from a file</legend>
      <div className="field">
        <label htmlFor={id}>Use an uploaded file for “{fieldLabel}”</label>
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">No file — I fill it in below</option>
          {usable.map((f) => (
            <option key={f.id} value={f.id}>
              {fileSummary(f)}
            </option>
          ))}
        </select>
      </div>
      <FileUpload label={`Upload a file for “${fieldLabel}”`} onUploaded={uploaded} />
      {mismatch && (
        <p className="alert alert-info small" role="status">
          {mismatch}
        </p>
      )}
    </fieldset>
  );
}

// A table field as a grid: one row per item, a typed input per column (numbers, dates, choices),
// add and remove rows, and "Upload CSV or Excel" which reads the file on the server and matches its
// headers to the columns. Free-column tables (CSV text) take the file's columns as they are.
import { useState } from 'react';
import { useFieldArray, useFormContext } from 'react-hook-form';
import type { FormField } from '@waooaw/server/contracts';
import { readTableFile } from '../api.js';
import { describeError } from '../components/error-alert.js';
import { Icon } from '../components/icon.js';
import { FieldShell, fieldId, useFieldError } from './field-shell.js';
import { scalarProblem, type GridValue } from './form-values.js';

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The column of `columns` a file header means, by name, label or the label's last part. */
export function matchColumn(header: string, columns: readonly FormField[]): number {
  const h = norm(header);
  return columns.findIndex((c) => {
    const names = [c.name, c.label, c.name.split('.').pop() ?? '', c.label.split(':').pop() ?? ''];
    return names.some((n) => norm(n) === h);
  });
}

function columnsOf(field: FormField, grid: GridValue): FormField[] {
  if (field.kind === 'table' && !field.freeColumns) return field.fields ?? [];
  if (field.kind === 'keyValue') return field.fields ?? [];
  return grid.columns.map((c) => ({ name: c, label: c, required: false, kind: 'text' as const }));
}

function Cell({ path, column, row }: { path: string; column: FormField; row: number }) {
  const { register } = useFormContext();
  const error = useFieldError(path);
  const common = {
    ...register(path, {
      validate: (v: string) => (column.kind === 'json' ? true : (scalarProblem(column, v ?? '') ?? true)),
    }),
    'aria-label': `${column.label}, row ${row + 1}`,
    'aria-invalid': error ? true : undefined,
    title: error,
  };
  switch (column.kind) {
    case 'select':
      return (
        <select {...common}>
          <option value="">{column.required ? 'Choose…' : '—'}</option>
          {(column.options ?? []).map((o) => (
            <option key={String(o.value)} value={String(o.value)}>
              {o.label}
            </option>
          ))}
        </select>
      );
    case 'checkbox':
      return (
        <select {...common}>
          <option value="">—</option>
          <option value="yes">Yes</option>
          <option value="no">No</option>
        </select>
      );
    case 'date':
      return <input {...common} type="date" />;
    case 'time':
      return <input {...common} type="time" />;
    case 'number':
      return <input {...common} type="text" inputMode="decimal" placeholder={column.example ?? ''} />;
    default:
      return (
        <input
          {...common}
          type="text"
          placeholder={column.kind === 'list' ? 'comma, separated' : (column.example ?? '')}
        />
      );
  }
}

export function DataGrid({ path, field }: { path: string; field: FormField }) {
  const { control, watch, setValue, getValues } = useFormContext();
  const rows = useFieldArray({ control, name: `${path}.rows` });
  const grid = (watch(path) as GridValue | undefined) ?? { columns: [], rows: [] };
  const columns = columnsOf(field, grid);
  const error = useFieldError(path);
  const [note, setNote] = useState<string | undefined>(undefined);
  const [uploadError, setUploadError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const upload = async (file: File) => {
    setBusy(true);
    setNote(undefined);
    setUploadError(undefined);
    try {
      const table = await readTableFile(file);
      if (field.kind === 'csv' || field.freeColumns) {
        setValue(
          path,
          { columns: table.columns, rows: table.rows.map((cells) => ({ cells })) },
          { shouldDirty: true },
        );
        setNote(
          `Read ${table.rows.length} rows from ${file.name}${table.truncated ? ' (the first ones only)' : ''}.`,
        );
        return;
      }
      const map = table.columns.map((h) => matchColumn(h, columns));
      const ignored = table.columns.filter((_, i) => map[i] === -1);
      const next = table.rows.map((r) => {
        const cells = columns.map(() => '');
        r.forEach((v, i) => {
          const at = map[i] ?? -1;
          if (at >= 0) cells[at] = v;
        });
        return { cells };
      });
      setValue(
        path,
        { columns: getValues(`${path}.columns`) as string[], rows: next },
        { shouldDirty: true },
      );
      setNote(
        `Read ${next.length} rows from ${file.name}.` +
          (ignored.length ? ` Columns not used: ${ignored.join(', ')}.` : ''),
      );
    } catch (err) {
      setUploadError(describeError(err).message);
    } finally {
      setBusy(false);
    }
  };

  const id = fieldId(path);
  return (
    <FieldShell path={path} field={field} error={error} asGroup>
      <div className="grid-wrap" role="region" aria-label={`${field.label} (table)`} tabIndex={0}>
        <table className="data-grid" data-testid={`grid-${path}`}>
          <thead>
            <tr>
              <th scope="col" className="num">
                #
              </th>
              {columns.map((c) => (
                <th scope="col" key={c.name}>
                  {c.label}
                  {c.required ? <span className="req"> *</span> : null}
                </th>
              ))}
              <th scope="col">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.fields.map((r, i) => (
              <tr key={r.id}>
                <td className="num">{i + 1}</td>
                {columns.map((c, ci) => (
                  <td key={c.name}>
                    <Cell path={`${path}.rows.${i}.cells.${ci}`} column={c} row={i} />
                  </td>
                ))}
                <td>
                  <button
                    type="button"
                    className="btn btn-icon btn-ghost"
                    aria-label={`Remove row ${i + 1}`}
                    onClick={() => rows.remove(i)}
                  >
                    <Icon name="x" />
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.fields.length > 0 && <GridErrors path={path} count={rows.fields.length} width={columns.length} />}
      <div className="row">
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => rows.append({ cells: columns.map(() => '') })}
        >
          <Icon name="plus" /> Add a row
        </button>
        <label className="btn btn-sm btn-ghost file-btn" htmlFor={`${id}-file`}>
          <Icon name="upload" /> {busy ? 'Reading…' : 'Upload CSV or Excel'}
        </label>
        <input
          id={`${id}-file`}
          className="sr-only"
          type="file"
          accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void upload(file);
          }}
        />
      </div>
      {note && (
        <p className="hint" role="status">
          {note}
        </p>
      )}
      {uploadError && (
        <p className="field-error" role="alert">
          {uploadError}
        </p>
      )}
    </FieldShell>
  );
}

/** The cell messages of a grid, listed under it (a cell is too small to hold a sentence). */
function GridErrors({ path, count, width }: { path: string; count: number; width: number }) {
  const cells: { path: string; row: number }[] = [];
  for (let i = 0; i < count; i++)
    for (let c = 0; c < width; c++) cells.push({ path: `${path}.rows.${i}.cells.${c}`, row: i });
  return (
    <ul className="field-error-list">
      {cells.map((c) => (
        <GridError key={c.path} path={c.path} row={c.row} />
      ))}
    </ul>
  );
}

function GridError({ path, row }: { path: string; row: number }) {
  const error = useFieldError(path);
  if (!error) return null;
  return <li className="field-error">{error.startsWith('Row ') ? error : `Row ${row + 1}: ${error}`}</li>;
}

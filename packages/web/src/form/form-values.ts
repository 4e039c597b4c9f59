// A skill form's values and the input they make. The server describes the form (fields, controls);
// this turns an input (a demo's sample) into values the controls edit — text in inputs, rows of text
// in grids — and the edited values back into input, with a plain-language message per bad field.
import { parse } from 'csv-parse/browser/esm/sync';
import { stringify } from 'csv-stringify/browser/esm/sync';
import type { FormField } from '@waooaw/server/contracts';
import { isWebAddress } from './web-address.js';

export { isWebAddress };

/** A grid: column names and rows of cells (text). */
export interface GridValue {
  columns: string[];
  rows: { cells: string[] }[];
}
export interface PageValue {
  mode: 'url' | 'text' | 'html';
  url: string;
  /** The address whose page `html` holds (set after fetching). */
  fetchedUrl: string;
  title: string;
  description: string;
  text: string;
  html: string;
}
export interface VariantValue {
  choice: string;
  shapes: Record<string, FormValues>;
}
export type FieldValue =
  | string
  | boolean
  | string[]
  | { value: string }[]
  | { from: string; to: string }
  | GridValue
  | PageValue
  | VariantValue
  | FormValues;
export interface FormValues {
  [name: string]: FieldValue;
}

const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Text of a scalar for an input box. */
function scalarText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(scalarText).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Reads CSV text into a grid (the header row names the columns). */
export function gridFromCsv(text: string): GridValue {
  const records = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  const [header = [], ...rows] = records;
  return { columns: header, rows: rows.map((r) => ({ cells: header.map((_, i) => r[i] ?? '') })) };
}

/** Writes a grid as CSV text, leaving out rows with no cell filled. */
export function csvFromGrid(grid: GridValue): string {
  const rows = grid.rows.map((r) => r.cells).filter((cells) => cells.some((c) => c.trim() !== ''));
  return stringify([grid.columns, ...rows], { record_delimiter: '\n' });
}

/** The value a field starts with for `value` from the input (or its default when absent). */
export function initialValue(field: FormField, value: unknown): FieldValue {
  const v = value === undefined ? field.default : value;
  switch (field.kind) {
    case 'checkbox':
      return v === true;
    case 'choices':
      return Array.isArray(v) ? v.map(String) : [];
    case 'list':
      if (field.itemKind === 'date') return Array.isArray(v) ? v.map((d) => ({ value: String(d) })) : [];
      return Array.isArray(v) ? v.map(String).join('\n') : '';
    case 'range': {
      const [from, to] = Array.isArray(v) ? v : [];
      return { from: scalarText(from), to: scalarText(to) };
    }
    case 'group':
      return initialValues(field.fields ?? [], v);
    case 'table':
      return tableValue(field, Array.isArray(v) ? v : []);
    case 'keyValue':
      return {
        columns: ['key', 'value'],
        rows: Object.entries(asRecord(v)).map(([k, val]) => ({ cells: [k, scalarText(val)] })),
      };
    case 'csv':
      return typeof v === 'string' && v.trim() ? gridFromCsv(v) : { columns: ['Name'], rows: [] };
    case 'page': {
      const html = typeof v === 'string' ? v : '';
      const written = html ? textFromHtml(html) : undefined;
      const mode = !html ? 'url' : written ? 'text' : 'html';
      return { mode, url: '', fetchedUrl: '', title: '', description: '', text: '', html, ...written };
    }
    case 'variant': {
      const chosen = asRecord(v)[field.discriminator ?? ''];
      const choice = typeof chosen === 'string' ? chosen : (field.variants?.[0]?.value ?? '');
      return {
        choice,
        shapes: Object.fromEntries(
          (field.variants ?? []).map((s) => [s.value, initialValues(s.fields, s.value === choice ? v : {})]),
        ),
      };
    }
    case 'json':
      return v === undefined ? '' : JSON.stringify(v, null, 2);
    default:
      return scalarText(v);
  }
}

function tableValue(field: FormField, rows: unknown[]): GridValue {
  if (field.freeColumns) {
    const columns = [...new Set(rows.flatMap((r) => Object.keys(asRecord(r))))];
    return {
      columns: columns.length ? columns : ['Name'],
      rows: rows.map((r) => ({ cells: columns.map((c) => scalarText(asRecord(r)[c])) })),
    };
  }
  const cols = field.fields ?? [];
  return {
    columns: cols.map((c) => c.name),
    rows: rows.map((r) => ({
      cells: cols.map((c) => {
        const [outer, inner] = c.name.split('.');
        const cell = inner ? asRecord(asRecord(r)[outer ?? ''])[inner] : asRecord(r)[c.name];
        if (c.kind === 'checkbox') return cell === true ? 'yes' : cell === false ? 'no' : '';
        return c.kind === 'json' && cell !== undefined ? JSON.stringify(cell) : scalarText(cell);
      }),
    })),
  };
}

/**
 * A sample page as the "write it" fields show it (title, description, text with "#" headings), or
 * undefined where no DOM parser exists (the HTML view is used then).
 */
export function textFromHtml(html: string): Pick<PageValue, 'title' | 'description' | 'text'> | undefined {
  if (typeof DOMParser === 'undefined') return undefined;
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const lines: string[] = [];
  for (const el of doc.body.querySelectorAll('h1, h2, h3, p, li')) {
    const text = el.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    if (!text) continue;
    const level = /^H([1-3])$/.exec(el.tagName)?.[1];
    lines.push(level ? `${'#'.repeat(Number(level))} ${text}` : text);
  }
  return {
    title: doc.title.trim(),
    description: doc.querySelector('meta[name="description"]')?.getAttribute('content')?.trim() ?? '',
    text: lines.join('\n'),
  };
}

/** Values for every field of a form, from an input object. */
export function initialValues(fields: readonly FormField[], input: unknown): FormValues {
  const record = asRecord(input);
  return Object.fromEntries(fields.map((f) => [f.name, initialValue(f, record[f.name])]));
}

// ─── values → input ──────────────────────────────────────────────────────────────────────────────

/** A value that could not become input, with the sentence to show next to the field. */
export class FieldProblem extends Error {}

const YES = /^(yes|y|true|1|✓|x)$/i;
const NO = /^(no|n|false|0|)$/i;

/** Parses a number typed by a person: "1,00,000", "₹ 5,000", "12.5%". */
export function parseNumber(text: string): number | undefined {
  const cleaned = text.replace(/[\s,₹$€£%]/g, '');
  if (cleaned === '') return undefined;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : undefined;
}

/** The problem with a scalar's text, in words, or undefined when it is fine. */
export function scalarProblem(field: FormField, text: string): string | undefined {
  const t = text.trim();
  if (t === '') return field.required ? `Please fill in “${field.label}”.` : undefined;
  switch (field.kind) {
    case 'number': {
      const n = parseNumber(t);
      if (n === undefined) return `“${field.label}” needs a number, like 25.`;
      if (field.integer && !Number.isInteger(n)) return `“${field.label}” needs a whole number.`;
      if (field.min !== undefined && n < field.min) return `“${field.label}” must be at least ${field.min}.`;
      if (field.max !== undefined && n > field.max) return `“${field.label}” must be at most ${field.max}.`;
      return undefined;
    }
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(t) && !Number.isNaN(Date.parse(t))
        ? undefined
        : `“${field.label}” needs a date.`;
    case 'time':
      return /^([01]\d|2[0-3]):[0-5]\d$/.test(t) ? undefined : `“${field.label}” needs a time like 09:30.`;
    case 'url':
      return isWebAddress(t) ? undefined : `“${field.label}” needs a web address like https://example.com.`;
    case 'email':
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t) ? undefined : `“${field.label}” needs an email address.`;
    case 'checkbox':
      return YES.test(t) || NO.test(t) ? undefined : `“${field.label}” takes yes or no.`;
    case 'select':
      return field.options?.some((o) => String(o.value) === t || o.label.toLowerCase() === t.toLowerCase())
        ? undefined
        : `“${field.label}” must be one of: ${(field.options ?? []).map((o) => o.label).join(', ')}.`;
    default:
      return field.maxLength !== undefined && t.length > field.maxLength
        ? `“${field.label}” is too long: at most ${field.maxLength} characters (now ${t.length}).`
        : undefined;
  }
}

function scalar(field: FormField, text: string): unknown {
  const problem = scalarProblem(field, text);
  if (problem) throw new FieldProblem(problem);
  const t = text.trim();
  if (t === '') return undefined;
  switch (field.kind) {
    case 'number':
      return parseNumber(t);
    case 'checkbox':
      return YES.test(t);
    case 'select': {
      const option = field.options?.find(
        (o) => String(o.value) === t || o.label.toLowerCase() === t.toLowerCase(),
      );
      return option?.value;
    }
    case 'list':
      // In a grid cell a list is written with commas (or semicolons, as spreadsheet exports do).
      return t
        .split(/[,;\n]/)
        .map((x) => x.trim())
        .filter(Boolean)
        .map((x) => (field.itemKind === 'number' ? Number(x) : x));
    case 'json':
      try {
        return JSON.parse(t) as unknown;
      } catch {
        throw new FieldProblem(`“${field.label}” is not valid JSON.`);
      }
    default:
      return t;
  }
}

/** Errors by field path (`leads.rows.2.cells.0`, `icp.countries`), as react-hook-form names them. */
export type FormErrors = Record<string, string>;

/** The input for a form's values, or the problems that keep it from being one. */
export function toInput(
  fields: readonly FormField[],
  values: FormValues,
): { input: Record<string, unknown>; errors: FormErrors } {
  const errors: FormErrors = {};
  const input = collect(fields, values, '', errors);
  return { input, errors };
}

function collect(fields: readonly FormField[], values: FormValues, prefix: string, errors: FormErrors) {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const path = `${prefix}${f.name}`;
    try {
      const v = fieldInput(f, values[f.name], path, errors);
      if (v !== undefined) out[f.name] = v;
    } catch (e) {
      if (e instanceof FieldProblem) errors[path] = e.message;
      else throw e;
    }
  }
  return out;
}

function fieldInput(f: FormField, value: FieldValue | undefined, path: string, errors: FormErrors): unknown {
  switch (f.kind) {
    case 'checkbox':
      return value === true;
    case 'choices': {
      const chosen = Array.isArray(value) ? (value as string[]) : [];
      if (f.required && chosen.length === 0) throw new FieldProblem(`Choose at least one “${f.label}”.`);
      return chosen.map((c) => f.options?.find((o) => String(o.value) === c)?.value ?? c);
    }
    case 'list': {
      const items =
        f.itemKind === 'date'
          ? ((value as { value: string }[] | undefined) ?? []).map((d) => d.value.trim()).filter(Boolean)
          : String(value ?? '')
              .split('\n')
              .map((l) => l.trim())
              .filter(Boolean);
      if (items.length === 0) {
        if (f.required) throw new FieldProblem(`Please add at least one “${f.label}”.`);
        return undefined;
      }
      if (f.maxItems !== undefined && items.length > f.maxItems)
        throw new FieldProblem(`“${f.label}” takes at most ${f.maxItems} items.`);
      if (f.itemKind === 'number') {
        const nums = items.map(parseNumber);
        if (nums.some((n) => n === undefined))
          throw new FieldProblem(`Every line of “${f.label}” must be a number.`);
        return nums;
      }
      return items;
    }
    case 'range': {
      const r = (value as { from: string; to: string } | undefined) ?? { from: '', to: '' };
      if (r.from.trim() === '' && r.to.trim() === '') {
        if (f.required) throw new FieldProblem(`Please fill in “${f.label}”.`);
        return undefined;
      }
      const from = parseNumber(r.from);
      const to = parseNumber(r.to);
      if (from === undefined || to === undefined)
        throw new FieldProblem(`“${f.label}” needs two numbers: from and to.`);
      if (from > to) throw new FieldProblem(`In “${f.label}”, “from” must not be more than “to”.`);
      return [from, to];
    }
    case 'group': {
      const sub = collect(f.fields ?? [], (value as FormValues | undefined) ?? {}, `${path}.`, errors);
      return Object.keys(sub).length ? sub : undefined;
    }
    case 'table':
    case 'keyValue':
      return gridInput(f, (value as GridValue | undefined) ?? { columns: [], rows: [] }, path, errors);
    case 'csv': {
      const grid = (value as GridValue | undefined) ?? { columns: [], rows: [] };
      const filled = grid.rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
      if (filled.length === 0) {
        if (f.required)
          throw new FieldProblem(`Please add at least one row to “${f.label}”, or upload a file.`);
        return undefined;
      }
      return csvFromGrid(grid);
    }
    case 'page':
      return pageInput(f, value as PageValue);
    case 'variant': {
      const v = value as VariantValue;
      const shape = f.variants?.find((s) => s.value === v.choice);
      if (!shape) throw new FieldProblem(`Choose a kind of “${f.label}”.`);
      const sub = collect(shape.fields, v.shapes[v.choice] ?? {}, `${path}.shapes.${v.choice}.`, errors);
      return { [f.discriminator ?? 'kind']: shape.value, ...sub };
    }
    default:
      return scalar(f, typeof value === 'string' ? value : '');
  }
}

/** Rows of a grid as objects (table) or one object (keyValue); cell errors go to `errors`. */
function gridInput(f: FormField, grid: GridValue, path: string, errors: FormErrors): unknown {
  const rows = grid.rows.map((r, i) => ({ r, i })).filter(({ r }) => r.cells.some((c) => c.trim() !== ''));
  if (rows.length === 0) {
    if (f.required) throw new FieldProblem(`Please add at least one row to “${f.label}”, or upload a file.`);
    return undefined;
  }
  if (f.maxItems !== undefined && rows.length > f.maxItems)
    throw new FieldProblem(`“${f.label}” takes at most ${f.maxItems} rows (now ${rows.length}).`);
  const columns: FormField[] = f.freeColumns
    ? grid.columns.map((c) => ({ name: c, label: c, required: false, kind: 'text' }))
    : (f.fields ?? []);
  const objects = rows.map(({ r, i }) => {
    const obj: Record<string, unknown> = {};
    columns.forEach((c, ci) => {
      try {
        const v = scalar(c, r.cells[ci] ?? '');
        if (v === undefined) return;
        const [outer, inner] = c.name.split('.');
        if (inner && outer) obj[outer] = { ...asRecord(obj[outer]), [inner]: v };
        else obj[c.name] = v;
      } catch (e) {
        if (!(e instanceof FieldProblem)) throw e;
        errors[`${path}.rows.${i}.cells.${ci}`] = `Row ${i + 1}: ${e.message}`;
      }
    });
    return obj;
  });
  if (f.kind === 'keyValue') return Object.fromEntries(objects.map((o) => [String(o['key']), o['value']]));
  return objects;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A page written as plain text: the title and description go in the head, a line starting with "#"
 * becomes the main heading ("##" a sub-heading), other lines paragraphs.
 */
export function htmlFromText(page: Pick<PageValue, 'title' | 'description' | 'text'>): string {
  const body = page.text
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const h = /^(#{1,3})\s*(.+)$/.exec(l);
      return h ? `<h${h[1]!.length}>${escapeHtml(h[2]!)}</h${h[1]!.length}>` : `<p>${escapeHtml(l)}</p>`;
    })
    .join('');
  const description = page.description.trim()
    ? `<meta name="description" content="${escapeHtml(page.description.trim())}">`
    : '';
  return `<html lang="en"><head><title>${escapeHtml(page.title.trim())}</title>${description}</head><body>${body}</body></html>`;
}

function pageInput(f: FormField, page: PageValue): string | undefined {
  if (page.mode === 'url') {
    if (!page.url.trim()) {
      if (f.required)
        throw new FieldProblem(`Give the web address of “${f.label}”, or switch to writing it.`);
      return undefined;
    }
    if (!isWebAddress(page.url))
      throw new FieldProblem('That is not a web address; it should look like https://example.com/page.');
    if (page.fetchedUrl !== page.url.trim() || !page.html)
      throw new FieldProblem('Fetch the page first (the “Fetch page” button).');
    return page.html;
  }
  if (page.mode === 'text') {
    if (!page.title.trim() && !page.text.trim()) {
      if (f.required) throw new FieldProblem('Write at least the page’s title and text.');
      return undefined;
    }
    return htmlFromText(page);
  }
  if (!page.html.trim()) {
    if (f.required) throw new FieldProblem(`Paste the HTML of “${f.label}”.`);
    return undefined;
  }
  return page.html;
}

// RFC 4180 CSV through csv-parse / csv-stringify (sync APIs): quoted fields, doubled quotes, embedded
// newlines, CRLF or LF, optional BOM. Reading and writing live together so exports round-trip.
import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { invalid } from './invalid.js';

/** First non-blank line after `afterLine` (1-based): where the record that failed to parse begins. */
function nextRecordLine(text: string, afterLine: number): number {
  const lines = text.split(/\r\n|\n|\r/);
  let line = afterLine + 1;
  while (line < lines.length && lines[line - 1] === '') line++;
  return line;
}

/** Parses CSV text into rows of raw fields. Throws VALIDATION (naming `field` and the line) on bad quoting. */
export function parseCsv(text: string, field = 'csv'): string[][] {
  let lastRecordLine = 0;
  try {
    // A line with a single empty field is a blank line: skipped, as spreadsheet exports often end with one.
    return parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // Files edited by hand mix line endings; accept each one rather than the first one seen.
      record_delimiter: ['\r\n', '\n', '\r'],
      on_record: (record: string[], info) => {
        lastRecordLine = info.lines;
        return record;
      },
    });
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = Number(e['lines']);
    if (e.code === 'CSV_QUOTE_NOT_CLOSED')
      throw invalid(field, `line ${nextRecordLine(text, lastRecordLine)}: quoted field is never closed`);
    if (e.code === 'INVALID_OPENING_QUOTE')
      throw invalid(field, `line ${line}: a quote may only start a field`);
    if (e.code === 'CSV_INVALID_CLOSING_QUOTE')
      throw invalid(field, `line ${line}: unexpected text after a closing quote`);
    throw invalid(field, `line ${line}: ${e.message}`);
  }
}

/**
 * A cell's text. A leading =, +, -, @ would be run as a formula by spreadsheets; a quote prefix neutralises
 * it. Plain numbers and phone numbers (`+91 98…`, `-3.5`) are left alone.
 */
function cellText(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return /^[=+\-@]/.test(text) && !/^[+-]?[\d\s().-]+$/.test(text) ? `'${text}` : text;
}

/** Writes rows as CSV with CRLF line endings (RFC 4180); fields holding a comma, quote, CR or LF are quoted. */
export function toCsv(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return stringify(
    [headers, ...rows].map((r) => r.map(cellText)),
    { record_delimiter: 'windows', quoted_match: /[\r\n]/ },
  );
}

/** How to read one column of a typed CSV. */
export interface CsvColumn {
  /** Header names accepted for this column, compared case- and punctuation-insensitively. */
  aliases: readonly string[];
  type: 'string' | 'number';
  required?: boolean;
}

export type CsvRecord<C extends Record<string, CsvColumn>> = {
  [K in keyof C]: C[K]['type'] extends 'number' ? number | undefined : string | undefined;
};

/** Header normal form: lower case, letters and digits only. */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Numbers as people type them: `1,234`, `12.5k`, `1.2M`, `3.4%` (→ 3.4), `₹5,000`.
 * Returns undefined for an empty cell and NaN for text that is not a number.
 */
export function parseLooseNumber(raw: string): number | undefined {
  const t = raw
    .trim()
    .replace(/[₹$€£,\s]/g, '')
    .replace(/%$/, '');
  if (t === '') return undefined;
  const m = /^([-+]?\d*\.?\d+(?:e[-+]?\d+)?)([kmb])?$/i.exec(t);
  if (!m) return Number.NaN;
  const base = Number(m[1]);
  const mult = { k: 1e3, m: 1e6, b: 1e9 }[(m[2] ?? '').toLowerCase() as 'k' | 'm' | 'b'] ?? 1;
  return base * mult;
}

/**
 * Reads a CSV with a header row into typed records. Unknown columns are ignored; a missing
 * required column, a non-numeric number cell or a row with too many fields is a VALIDATION error
 * naming `field`, the row number (1 = first data row) and the column.
 */
export function readCsvRecords<C extends Record<string, CsvColumn>>(
  text: string,
  columns: C,
  field = 'csv',
  maxRows = 2000,
): { records: CsvRecord<C>[]; headers: string[] } {
  const rows = parseCsv(text, field);
  const headers = rows[0];
  if (!headers) throw invalid(field, 'is empty; expected a header row');
  if (rows.length - 1 > maxRows)
    throw invalid(field, `has ${rows.length - 1} rows; at most ${maxRows} are accepted`);
  const index = new Map<string, number>();
  headers.forEach((h, i) => {
    const k = headerKey(h);
    if (!index.has(k)) index.set(k, i);
  });
  const positions = new Map<keyof C, number>();
  for (const [name, col] of Object.entries(columns) as [keyof C & string, CsvColumn][]) {
    const pos = [name, ...col.aliases].map((a) => index.get(headerKey(a))).find((p) => p !== undefined);
    if (pos === undefined) {
      if (col.required)
        throw invalid(
          field,
          `missing column "${name}" (accepted headers: ${[name, ...col.aliases].join(', ')})`,
        );
      continue;
    }
    positions.set(name, pos);
  }
  const records = rows.slice(1).map((row, r) => {
    if (row.length > headers.length)
      throw invalid(
        `${field}[row ${r + 1}]`,
        `has ${row.length} fields but the header has ${headers.length}`,
      );
    const rec: Record<string, string | number | undefined> = {};
    for (const [name, col] of Object.entries(columns) as [string, CsvColumn][]) {
      const pos = positions.get(name);
      const raw = pos === undefined ? '' : (row[pos] ?? '').trim();
      if (col.type === 'number') {
        const n = parseLooseNumber(raw);
        if (n !== undefined && Number.isNaN(n))
          throw invalid(`${field}[row ${r + 1}].${name}`, `"${raw}" is not a number`);
        if (n === undefined && col.required) throw invalid(`${field}[row ${r + 1}].${name}`, 'is empty');
        rec[name] = n;
      } else {
        if (raw === '' && col.required) throw invalid(`${field}[row ${r + 1}].${name}`, 'is empty');
        rec[name] = raw === '' ? undefined : raw;
      }
    }
    return rec as CsvRecord<C>;
  });
  return { records, headers };
}

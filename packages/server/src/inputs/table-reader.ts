// Reads a customer's spreadsheet for a form's grid: CSV through the skills' csv-parse reader, Excel
// (.xlsx) through read-excel-file; the first row is the header, every cell becomes text.
import readXlsxFile from 'read-excel-file/node';
import { parseCsv } from '../skills/shared/csv.js';
import { PlatformError } from '../errors.js';
import type { TableReadResult } from '../contracts/contracts.js';

export interface TableReaderLimits {
  /** Rows kept under the header; the rest are dropped and the result marked truncated. */
  maxRows: number;
  maxColumns: number;
}

/** A cell as the grid shows it: dates as YYYY-MM-DD (with the time when it has one), numbers plainly. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
  }
  return String(value).trim();
}

function isXlsx(filename: string, bytes: Buffer): boolean {
  // An .xlsx file is a ZIP archive: it starts with "PK".
  return /\.xlsx$/i.test(filename) || (bytes[0] === 0x50 && bytes[1] === 0x4b);
}

function shape(grid: unknown[][], limits: TableReaderLimits, sheet?: string): TableReadResult {
  const rows = grid
    .map((r) => r.slice(0, limits.maxColumns).map(cellText))
    .filter((r) => r.some((c) => c !== ''));
  const header = rows[0] ?? [];
  const width = Math.max(header.length, ...rows.map((r) => r.length));
  const columns = Array.from({ length: width }, (_, i) => header[i] || `Column ${i + 1}`);
  const body = rows.slice(1).map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
  return {
    columns,
    rows: body.slice(0, limits.maxRows),
    ...(sheet !== undefined ? { sheet } : {}),
    truncated: body.length > limits.maxRows,
  };
}

/** The table in a CSV or XLSX file. VALIDATION (field `file`) when it is neither or holds no rows. */
export async function readTable(
  filename: string,
  bytes: Buffer,
  limits: TableReaderLimits,
): Promise<TableReadResult> {
  let result: TableReadResult;
  if (isXlsx(filename, bytes)) {
    let sheets;
    try {
      sheets = await readXlsxFile(bytes);
    } catch (cause) {
      throw new PlatformError(
        'VALIDATION',
        'That file is not an Excel workbook we can read; save it as .xlsx or .csv',
        {
          details: { field: 'file', reason: 'unreadable-spreadsheet' },
          cause,
        },
      );
    }
    const first = sheets[0];
    result = shape((first?.data ?? []) as unknown[][], limits, first?.sheet);
  } else if (/\.(xls|ods|numbers)$/i.test(filename)) {
    throw new PlatformError('VALIDATION', 'Save the spreadsheet as .xlsx or .csv and upload it again', {
      details: { field: 'file', reason: 'unsupported-format' },
    });
  } else {
    result = shape(parseCsv(bytes.toString('utf8'), 'file'), limits);
  }
  if (result.columns.length === 0)
    throw new PlatformError('VALIDATION', 'The file is empty: it needs a header row and at least one row', {
      details: { field: 'file', reason: 'empty' },
    });
  return result;
}

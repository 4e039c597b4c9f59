// Reads an uploaded file by its content, never by its name alone: an XLSX workbook (ZIP signature,
// read-excel-file), a PDF (signature; its text through unpdf, decision 0051), otherwise UTF-8
// text recognised as HTML, CSV (csv-parse, every row as wide as the header), Markdown or plain text.
// Bad files are VALIDATION naming the row / column; binary content is UNSUPPORTED_MEDIA_TYPE.
import { createHash } from 'node:crypto';
import type { FileKind } from '../contracts/work.js';
import { PlatformError } from '../errors.js';
import { parseCsv, toCsv } from '../skills/shared/csv.js';
import type { FileRecord } from '../store/work-records.js';
import { readTable } from './table-reader.js';
import { extractText, getDocumentProxy } from 'unpdf';

/** The text of a PDF's pages (unpdf: PDF.js built for servers, no canvas, no network). */
async function pdfText(bytes: Buffer): Promise<string> {
  try {
    // verbosity 0: PDF.js's own warnings would go to the console, outside the platform's logger.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    const { text } = await extractText(pdf, { mergePages: true });
    return text;
  } catch (cause) {
    throw new PlatformError('VALIDATION', 'That file starts like a PDF but cannot be read as one', {
      details: { field: 'file', reason: 'unreadable-pdf' },
      cause,
    });
  }
}

/** A stored file's parsed form (without its name). */
export type ParsedUpload = Omit<FileRecord, 'name'>;

const XLSX_LIMITS = { maxRows: 100_000, maxColumns: 500 };

const MEDIA: Record<FileKind, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html',
  markdown: 'text/markdown',
  text: 'text/plain',
  pdf: 'application/pdf',
};

function bad(message: string, details: Record<string, string | number> = {}): PlatformError {
  return new PlatformError('VALIDATION', message, { details: { field: 'file', ...details } });
}

/** Header plus rows, each checked to be as wide as the header (naming the first row that is not). */
function table(grid: string[][], what: string): { columns: string[]; rows: string[][] } {
  const rows = grid.filter((r) => r.some((c) => c.trim() !== ''));
  const header = rows[0]?.map((c) => c.trim());
  if (!header || header.length === 0 || rows.length < 2)
    throw bad(`The ${what} is empty: it needs a header row and at least one row`, { reason: 'empty' });
  header.forEach((name, i) => {
    if (name === '') throw bad(`Column ${i + 1} of the header has no name`, { row: 1, column: i + 1 });
  });
  const body = rows.slice(1);
  body.forEach((r, i) => {
    if (r.length > header.length && r.slice(header.length).some((c) => c.trim() !== ''))
      throw bad(`Row ${i + 2} has ${r.length} columns, the header has ${header.length}`, {
        row: i + 2,
        column: header.length + 1,
      });
  });
  return { columns: header, rows: body.map((r) => header.map((_, j) => (r[j] ?? '').trim())) };
}

const HTML = /^\s*(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])|<\/(?:html|head|body|title|p|div)>/i;
const MARKDOWN = /^(?:#{1,6}\s|\s*[-*+]\s|\s*\d+\.\s|>\s)|\[[^\]]+\]\([^)]+\)|\*\*[^*]+\*\*/m;

/** A CSV when every line is a record of the same (≥ 2) width under csv-parse, or the name says .csv. */
function looksLikeCsv(name: string, text: string): boolean {
  if (/\.csv$/i.test(name)) return true;
  try {
    const rows = parseCsv(text, 'file').filter((r) => r.some((c) => c.trim() !== ''));
    const width = rows[0]?.length ?? 0;
    return rows.length >= 2 && width >= 2 && rows.every((r) => r.length === width);
  } catch {
    return false;
  }
}

export async function parseUpload(name: string, bytes: Buffer): Promise<ParsedUpload> {
  const base = { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  const done = (kind: FileKind, rest: Pick<ParsedUpload, 'columns' | 'rows' | 'text'>): ParsedUpload => ({
    kind,
    mediaType: MEDIA[kind],
    ...base,
    ...rest,
  });
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    const text = await pdfText(bytes);
    if (text.trim() === '')
      throw bad('The PDF holds no text we can read (a scan?); upload its text instead', {
        reason: 'no-text',
      });
    return done('pdf', { columns: null, rows: null, text });
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    // The form grids' reader (read-excel-file), told by name that this is a workbook.
    const sheet = await readTable('upload.xlsx', bytes, XLSX_LIMITS);
    const t = table([sheet.columns, ...sheet.rows], 'spreadsheet');
    return done('xlsx', { ...t, text: toCsv(t.columns, t.rows) });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new PlatformError('UNSUPPORTED_MEDIA_TYPE', 'Upload CSV, XLSX, HTML, Markdown, plain text or PDF', {
      details: { field: 'file', reason: 'binary' },
    });
  }
  if (text.includes('\u0000'))
    throw new PlatformError('UNSUPPORTED_MEDIA_TYPE', 'Upload CSV, XLSX, HTML, Markdown, plain text or PDF', {
      details: { field: 'file', reason: 'binary' },
    });
  if (text.trim() === '') throw bad('The file is empty', { reason: 'empty' });
  if (HTML.test(text)) return done('html', { columns: null, rows: null, text });
  if (looksLikeCsv(name, text)) return done('csv', { ...table(parseCsv(text, 'file'), 'CSV file'), text });
  if (MARKDOWN.test(text)) return done('markdown', { columns: null, rows: null, text });
  return done('text', { columns: null, rows: null, text });
}

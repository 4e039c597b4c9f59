// Input helpers for forms: a public web page fetched by address, a spreadsheet read into cells.
import { z } from 'zod';

export const PageFetchRequestSchema = z.object({
  url: z
    .string()
    .trim()
    .max(2000)
    .pipe(z.url({ protocol: /^https?$/, error: 'must be a web address starting with http:// or https://' })),
});
export type PageFetchRequest = z.input<typeof PageFetchRequestSchema>;

/** A public web page fetched for a form: its HTML reduced to what skills read, and its visible text. */
export const PageFetchResultSchema = z.object({
  /** The address finally fetched (after redirects). */
  url: z.string(),
  title: z.string(),
  /** The page's HTML without scripts, styles and comments, cut to fit a demo input. */
  html: z.string(),
  /** The visible text. */
  text: z.string(),
  /** Size of the page as downloaded. */
  bytes: z.number().int(),
  /** True when the HTML or text was cut to fit. */
  truncated: z.boolean(),
});
export type PageFetchResult = z.infer<typeof PageFetchResultSchema>;

export const TableReadRequestSchema = z.object({
  filename: z.string().trim().min(1).max(200),
  /** The file's bytes, base64-encoded (CSV or XLSX). */
  contentBase64: z.string().min(1).max(6_000_000),
});
export type TableReadRequest = z.input<typeof TableReadRequestSchema>;

/** A spreadsheet's first sheet (or a CSV) as text cells: the header row and the rows under it. */
export const TableReadResultSchema = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  /** The sheet read, for an Excel file. */
  sheet: z.string().optional(),
  /** True when rows beyond the limit were left out. */
  truncated: z.boolean(),
});
export type TableReadResult = z.infer<typeof TableReadResultSchema>;

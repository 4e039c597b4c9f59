// Adapters that turn a customer's material into form values: web pages by address (SSRF-guarded),
// spreadsheets into grids. Exported for the composition root and for tests that allow a loopback site.
export { createGuardedUrlFetcher, type GuardedUrlFetcherOptions } from './guarded-url-fetcher.js';
export type { FetchedDocument, UrlFetcher } from './url-fetcher.js';
export { digestPage, type PageDigest } from './page-digest.js';
export { readTable, type TableReaderLimits } from './table-reader.js';

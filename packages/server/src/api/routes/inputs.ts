// Input helpers for forms (no account; limited per IP, across API processes): a public web page by its address, fetched
// through the SSRF-guarded UrlFetcher and reduced to what skills read, and a CSV or Excel file read
// into a grid. They only prepare a form's values; running a skill still goes through its own route.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  PageFetchRequestSchema,
  PageFetchResultSchema,
  TableReadRequestSchema,
  TableReadResultSchema,
} from '../../contracts/contracts.js';
import { PlatformError } from '../../errors.js';
import { digestPage } from '../../inputs/page-digest.js';
import { readTable } from '../../inputs/table-reader.js';
import type { UrlFetcher } from '../../inputs/url-fetcher.js';
import type { PlatformApp } from '../app.js';
import { rateLimited } from '../rate-limits.js';
import { clientIp, errors } from '../route-kit.js';
import { MARKETPLACE_PREFIX } from './marketplace-routes.js';

export interface InputRoutesOptions {
  fetcher: UrlFetcher;
  /** Fetches and file reads per IP per minute. */
  perIpPerMinute?: number;
  /** Characters of reduced HTML and of text handed to a form (a demo input holds 16 KiB). */
  maxPageChars?: number;
  maxTableRows?: number;
}

const MAX_FILE_BYTES = 4 * 1024 * 1024;

export async function registerInputRoutes(app: PlatformApp, options: InputRoutesOptions): Promise<void> {
  const tags = ['inputs'];
  const maxChars = options.maxPageChars ?? 12_000;
  await app.register(
    async (plain) => {
      const scope = plain.withTypeProvider<ZodTypeProvider>();
      // The app's limiter (its store is Redis when API processes share counters), so the allowance per
      // address holds across every API process; one counter for both routes.
      const limit = app.createRateLimit({
        keyGenerator: (request) => `inputs:ip:${clientIp(request)}`,
        max: options.perIpPerMinute ?? 20,
        timeWindow: 60_000,
      });
      scope.addHook('onRequest', async (request, reply) => {
        const r = await limit(request);
        if (r.isAllowed || !r.isExceeded) return;
        void reply.header('retry-after', String(r.ttlInSeconds));
        throw rateLimited(r.max, r.ttl);
      });

      scope.post(
        '/inputs/page',
        {
          schema: {
            tags,
            summary:
              'Fetch a public web page for a form: reduced HTML (title, meta, headings, text, links, images, JSON-LD) and its visible text',
            body: PageFetchRequestSchema,
            response: { 200: PageFetchResultSchema, ...errors(403, 503) },
          },
        },
        async (request) => {
          const page = await options.fetcher.fetch(request.body.url);
          const digest =
            page.contentType === 'text/plain'
              ? {
                  title: '',
                  html: '',
                  text: page.body.slice(0, maxChars),
                  truncated: page.body.length > maxChars,
                }
              : digestPage(page.body, { maxHtml: maxChars, maxText: maxChars });
          return {
            url: page.url,
            title: digest.title,
            html: digest.html,
            text: digest.text,
            bytes: page.bytes,
            truncated: digest.truncated || page.truncated,
          };
        },
      );

      scope.post(
        '/inputs/table',
        {
          bodyLimit: Math.ceil((MAX_FILE_BYTES * 4) / 3) + 4096,
          schema: {
            tags,
            summary: 'Read a CSV or Excel (.xlsx) file into a grid: the header row and the rows as text',
            body: TableReadRequestSchema,
            response: { 200: TableReadResultSchema, ...errors(413) },
          },
        },
        async (request) => {
          const bytes = Buffer.from(request.body.contentBase64, 'base64');
          if (bytes.length > MAX_FILE_BYTES)
            throw new PlatformError(
              'PAYLOAD_TOO_LARGE',
              'The file is larger than 4 MB; upload a smaller one',
              {
                details: { field: 'file', bytes: bytes.length, limit: MAX_FILE_BYTES },
              },
            );
          return readTable(request.body.filename, bytes, {
            maxRows: options.maxTableRows ?? 1000,
            maxColumns: 60,
          });
        },
      );
    },
    { prefix: MARKETPLACE_PREFIX },
  );
}

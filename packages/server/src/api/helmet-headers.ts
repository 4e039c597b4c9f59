// Security headers as fixed records: helmet's middleware sets the same headers on every response
// whatever the request, so it runs once against a recorder and the app sends the record. API answers
// (JSON, never a document) get a shorter record of the headers that mean something for them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

export type SecurityHeaders = Readonly<Record<string, string>>;

export function helmetHeaders(options: Readonly<HelmetOptions>): SecurityHeaders {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let ran = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => {
    ran = true;
  });
  // Helmet calls back synchronously; a later version that did not would send no headers at all.
  if (!ran) throw new Error('helmet did not finish synchronously');
  return Object.freeze(headers);
}

/**
 * The headers of an API answer (decision 0072, fourth pass). The document headers (a CSP for the
 * SPA's scripts, framing, opener and embedder policies, referrer, DNS prefetch, IE's and Flash's
 * switches) govern what a page does; a JSON answer is no page. What stays: no sniffing (so the JSON
 * is never read as HTML or script), a CSP under which the answer, if a browser ever rendered it, runs
 * and loads nothing and cannot be framed (X-Frame-Options too), no storing by browsers or proxies
 * (answers carry callers' data; a route that may be cached sets its own Cache-Control), and HSTS as
 * the document headers have it.
 */
export function apiHeaders(documentHeaders: SecurityHeaders): SecurityHeaders {
  const hsts = documentHeaders['strict-transport-security'];
  return Object.freeze({
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    ...(hsts === undefined ? {} : { 'strict-transport-security': hsts }),
    'x-content-type-options': 'nosniff',
    // Old browsers that ignore frame-ancestors; OWASP's REST cheat sheet lists it for APIs too.
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
  });
}

/** API paths answer JSON (or an event stream), never a document; everything else may be one. */
export const isApiPath = (url: string): boolean => url.startsWith('/api/');

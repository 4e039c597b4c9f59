// The UrlFetcher adapter: node:http(s) through request-filtering-agent, which refuses private,
// loopback, link-local, reserved and metadata addresses at connect time (after DNS resolution, so a
// name that resolves to 127.0.0.1 is refused too). Redirects are followed by hand, each one checked.
import http from 'node:http';
import https from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import { PlatformError, isPlatformError } from '../errors.js';
import type { FetchedDocument, UrlFetcher } from './url-fetcher.js';

export interface GuardedUrlFetcherOptions {
  /** Addresses or CIDR ranges allowed although not public (tests: `['127.0.0.1']`). Default none. */
  allowAddresses?: string[];
  /** Largest body read; the rest is dropped and the document marked truncated. Default 2 MiB. */
  maxBytes?: number;
  /** Whole fetch, redirects included. Default 8 s. */
  timeoutMs?: number;
  /** Default 3. */
  maxRedirects?: number;
  /** Media types accepted. Default HTML, XHTML and plain text. */
  accept?: string[];
}

const DEFAULT_ACCEPT = ['text/html', 'application/xhtml+xml', 'text/plain'];

function fail(
  code: 'VALIDATION' | 'FORBIDDEN' | 'TIMEOUT' | 'UNAVAILABLE',
  reason: string,
  message: string,
  cause?: unknown,
): PlatformError {
  return new PlatformError(code, message, { details: { field: 'url', reason }, cause });
}

/** Maps a socket or DNS failure to a sentence a customer understands. */
function connectError(err: unknown, host: string): PlatformError {
  if (isPlatformError(err)) return err as PlatformError;
  const e = err as NodeJS.ErrnoException;
  const text = e?.message ?? String(err);
  if (/is not allowed|private IP|meta address|Reserved|not allowed/i.test(text))
    return fail(
      'FORBIDDEN',
      'address-not-public',
      `${host} is on a private or local network; only public web pages can be fetched`,
      err,
    );
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN')
    return fail(
      'VALIDATION',
      'unknown-host',
      `We could not find a website at ${host}; check the address`,
      err,
    );
  if (e?.name === 'AbortError' || e?.code === 'ABORT_ERR' || e?.name === 'TimeoutError')
    return fail('TIMEOUT', 'timeout', `${host} took too long to answer`, err);
  return fail('UNAVAILABLE', 'unreachable', `We could not reach ${host}; try again later`, err);
}

export function createGuardedUrlFetcher(options: GuardedUrlFetcherOptions = {}): UrlFetcher {
  const filter = {
    allowPrivateIPAddress: false,
    allowMetaIPAddress: false,
    allowIPAddressList: options.allowAddresses ?? [],
  };
  const agents = {
    'http:': new RequestFilteringHttpAgent({ ...filter, keepAlive: false }),
    'https:': new RequestFilteringHttpsAgent({ ...filter, keepAlive: false }),
  };
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 3;
  const accept = options.accept ?? DEFAULT_ACCEPT;

  /** One GET without following redirects: the response head, or the body when it is not a redirect. */
  const get = (url: URL, signal: AbortSignal) =>
    new Promise<{ redirect: string } | { document: FetchedDocument }>((resolve, reject) => {
      const client = url.protocol === 'https:' ? https : http;
      const req = client.get(
        url,
        {
          agent: agents[url.protocol as 'http:' | 'https:'],
          signal,
          headers: {
            accept: 'text/html,application/xhtml+xml,text/plain;q=0.8',
            'user-agent': 'WAOOAW-page-reader',
          },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status >= 300 && status < 400 && res.headers.location) {
            res.resume();
            resolve({ redirect: res.headers.location });
            return;
          }
          if (status >= 400) {
            res.resume();
            reject(
              fail(
                'VALIDATION',
                'http-status',
                `${url.host} answered ${status} ${res.statusMessage ?? ''}`.trim(),
              ),
            );
            return;
          }
          const contentType = (res.headers['content-type'] ?? 'text/html')
            .split(';')[0]!
            .trim()
            .toLowerCase();
          if (!accept.includes(contentType)) {
            res.resume();
            reject(fail('VALIDATION', 'not-a-page', `That address is not a web page (it is ${contentType})`));
            return;
          }
          const chunks: Buffer[] = [];
          let bytes = 0;
          let truncated = false;
          const finish = () =>
            resolve({
              document: {
                url: url.href,
                contentType,
                body: Buffer.concat(chunks).toString('utf8'),
                bytes,
                truncated,
              },
            });
          res.on('data', (chunk: Buffer) => {
            if (truncated) return;
            const room = maxBytes - bytes;
            if (chunk.length > room) {
              chunks.push(chunk.subarray(0, room));
              bytes += room;
              truncated = true;
              // Enough read: stop downloading the rest.
              res.destroy();
              finish();
              return;
            }
            chunks.push(chunk);
            bytes += chunk.length;
          });
          res.on('end', finish);
          res.on('error', (err) => reject(connectError(err, url.host)));
        },
      );
      req.on('error', (err) => reject(connectError(err, url.host)));
    });

  return {
    async fetch(raw) {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw fail(
          'VALIDATION',
          'bad-url',
          'That is not a web address; it should look like https://example.com/page',
        );
      }
      const signal = AbortSignal.timeout(options.timeoutMs ?? 8000);
      for (let hop = 0; ; hop++) {
        if (url.protocol !== 'http:' && url.protocol !== 'https:')
          throw fail(
            'VALIDATION',
            'bad-url',
            'Only web addresses starting with http:// or https:// can be fetched',
          );
        if (url.username || url.password)
          throw fail('VALIDATION', 'bad-url', 'Addresses with a user name or password cannot be fetched');
        let answer;
        try {
          answer = await get(url, signal);
        } catch (err) {
          throw connectError(err, url.host);
        }
        if ('document' in answer) return answer.document;
        if (hop >= maxRedirects)
          throw fail(
            'VALIDATION',
            'too-many-redirects',
            `${url.host} redirected more than ${maxRedirects} times`,
          );
        url = new URL(answer.redirect, url);
      }
    },
  };
}

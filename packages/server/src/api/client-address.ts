// Who is calling, by network address. Fastify's `trustProxy` (proxy-addr) walks X-Forwarded-For from
// the socket back through the configured trusted proxies only; the first untrusted hop is the client.
// A trusted proxy that speaks RFC 7239 `Forwarded` instead has its `for=` list read the same way.
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import forwardedParse from 'forwarded-parse';

/** The `trustProxy` option for Fastify: false (socket address only) unless proxies are configured. */
export function trustProxyOption(trustedProxies: readonly string[]): false | string[] {
  return trustedProxies.length ? [...trustedProxies] : false;
}

/** `"[2001:db8::1]:4711"` → `2001:db8::1`; `192.0.2.1:80` → `192.0.2.1`; anything else unchanged. */
function nodeAddress(value: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
  if (v4WithPort && isIP(v4WithPort[1]!)) return v4WithPort[1]!;
  return value;
}

/**
 * onRequest body (only when proxies are trusted): a request carrying `Forwarded` and no
 * X-Forwarded-For gets the equivalent X-Forwarded-For, so the one proxy-addr walk decides for both.
 * A malformed `Forwarded` is ignored (the socket address stands).
 */
export function adoptForwardedHeader(raw: IncomingMessage): void {
  const forwarded = raw.headers.forwarded;
  if (!forwarded || raw.headers['x-forwarded-for'] !== undefined) return;
  let hops: string[];
  try {
    hops = forwardedParse(forwarded)
      .map((element) => element.for)
      .filter((v): v is string => typeof v === 'string' && v !== '');
  } catch {
    return;
  }
  if (hops.length) raw.headers['x-forwarded-for'] = hops.map(nodeAddress).join(', ');
}

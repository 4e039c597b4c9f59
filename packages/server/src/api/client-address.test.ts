import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { adoptForwardedHeader, trustProxyOption } from './client-address.js';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('client address', () => {
  it('trusts no proxy unless some are configured', () => {
    expect(trustProxyOption([])).toBe(false);
    expect(trustProxyOption(['10.0.0.0/8'])).toEqual(['10.0.0.0/8']);
  });

  it('reads the for= hops of Forwarded as X-Forwarded-For, ports and brackets removed', () => {
    const r = request({
      forwarded: 'for="192.0.2.43:8080", for="[2001:db8:cafe::17]:4711";proto=https, for=unknown',
    });
    adoptForwardedHeader(r);
    expect(r.headers['x-forwarded-for']).toBe('192.0.2.43, 2001:db8:cafe::17, unknown');
  });

  it('leaves an existing X-Forwarded-For alone and ignores a malformed Forwarded', () => {
    const both = request({ forwarded: 'for=192.0.2.1', 'x-forwarded-for': '198.51.100.7' });
    adoptForwardedHeader(both);
    expect(both.headers['x-forwarded-for']).toBe('198.51.100.7');
    const malformed = request({ forwarded: 'for=' });
    adoptForwardedHeader(malformed);
    expect(malformed.headers['x-forwarded-for']).toBeUndefined();
  });
});

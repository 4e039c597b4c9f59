// The security review's input findings: deeply nested JSON from anonymous callers gave a 500 (stack
// overflow), `/docs/static/../` a 500, and 414, 431, parser 400s, 415 and 405 came in Fastify's or
// Node's shape instead of our error body. Socket-level cases go over a real loopback connection,
// because app.inject() neither normalises `..` away like a browser nor runs Node's HTTP parser.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../platform.js';
import { jsonDepth, parseJsonBody } from './json-body.js';
import { createTestPlatform } from './testing/test-platform.js';

const ErrorBody = {
  error: { code: expect.any(String), message: expect.any(String), details: expect.any(Object) },
};

let platform: Platform;
let port: number;

beforeAll(async () => {
  const webRoot = mkdtempSync(join(tmpdir(), 'web-'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>WAOOAW</title>');
  platform = await createTestPlatform({ http: { host: '127.0.0.1' }, role: 'api' }, { webRoot });
  const { url } = await platform.start();
  port = Number(new URL(url!).port);
});
afterAll(async () => {
  await platform.stop();
});

/** One raw HTTP/1.1 exchange on a fresh connection: the request text as written, the answer as read. */
function raw(request: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    // write, not end: a half-closed socket reads as an aborted request to a streaming reply.
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head, body });
    });
  });
}
const get = (path: string, extra = '') =>
  raw(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${extra}\r\n`);

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('JSON bodies', () => {
  it('measures depth outside strings only', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[["}]}')).toBe(3);
    expect(jsonDepth('"\\"[[["')).toBe(0);
    expect(jsonDepth(nested(10_000), 64)).toBe(65);
  });

  it('refuses 10 KB of nesting to the public demo with 400, not a 500', async () => {
    const res = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/agents/english-tutor/demo',
      headers: { 'content-type': 'application/json' },
      payload: `{"input":${nested(5000)}}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: {
        code: 'BAD_REQUEST',
        message: 'JSON body is nested deeper than 64 levels',
        details: { reason: 'too-deep', maxDepth: 64 },
      },
    });
  });

  it('reads 64 levels and refuses 65', () => {
    expect(() => parseJsonBody(`{"a":${nested(63)}}`, 64)).not.toThrow();
    expect(() => parseJsonBody(`{"a":${nested(64)}}`, 64)).toThrow(/deeper than 64/);
  });

  it('refuses prototype-poisoning keys and empty or malformed bodies in the error body', async () => {
    for (const payload of ['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}', '', '{"a":']) {
      const res = await platform.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode, payload).toBe(400);
      expect(res.json(), payload).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
  });
});

describe('framework errors in our error body', () => {
  it('answers an unreadable content type with 415', async () => {
    const res = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/xml' },
      payload: '<login/>',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });

  it('answers a known path with the wrong method with 405 and Allow, an unknown path with 404', async () => {
    const res = await platform.app.inject({ method: 'DELETE', url: '/api/v1/agents' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.json()).toMatchObject({
      error: { code: 'METHOD_NOT_ALLOWED', details: { allowed: ['GET', 'HEAD'] } },
    });
    const put = await platform.app.inject({ method: 'PUT', url: '/api/v1/trials/tr_1/cancel' });
    expect(put.statusCode).toBe(405);
    expect(put.headers.allow).toBe('POST');
    const missing = await platform.app.inject({ method: 'DELETE', url: '/api/v1/nothing/here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('answers ids of 101–120 characters in our body (404 here, where the web UI claims unknown paths)', async () => {
    for (const length of [101, 110, 120]) {
      const res = await platform.app.inject({ method: 'GET', url: `/api/v1/agents/${'a'.repeat(length)}` });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND', details: {} } });
    }
  });

  it('answers a malformed percent-encoding with 400 in our body', async () => {
    const res = await get('/api/v1/agents/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('answers headers over 16 KiB with 431 in our body', async () => {
    const res = await get('/health', `X-Padding: ${'a'.repeat(20_000)}\r\n`);
    expect(res.status).toBe(431);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'HEADERS_TOO_LARGE', message: expect.any(String), details: {} },
    });
  });

  it('answers a malformed request line with 400 in our body', async () => {
    const res = await raw('GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('answers paths that climb out of a static root with 404, never a 500', async () => {
    for (const path of [
      '/docs/static/../',
      '/docs/static/..',
      '/docs/static/%2e%2e/',
      '/docs/static/../../etc/passwd',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(JSON.parse(res.body), path).toEqual(ErrorBody);
    }
    for (const path of ['/assets/../../etc/passwd', '/../package.json']) {
      const res = await get(path);
      expect(res.status, path).toBeLessThan(500);
      expect(res.body, path).not.toContain('"name": "waooaw"');
    }
  });
});

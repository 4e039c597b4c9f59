import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedUrlFetcher } from './guarded-url-fetcher.js';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/page') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><head><title>Shoes</title></head><body><h1>Running shoes</h1></body></html>');
    } else if (url.pathname.startsWith('/hop/')) {
      const n = Number(url.pathname.slice(5));
      res.writeHead(302, { location: n > 0 ? `/hop/${n - 1}` : '/page' });
      res.end();
    } else if (url.pathname === '/to-private') {
      res.writeHead(301, { location: 'http://10.1.2.3/admin' });
      res.end();
    } else if (url.pathname === '/big') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<p>${'x'.repeat(50_000)}</p>`);
    } else if (url.pathname === '/image') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end('png');
    } else if (url.pathname === '/slow') {
      // Never answers: the fetcher's time limit must end the wait.
    } else {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('gone');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const allowed = createGuardedUrlFetcher({ allowAddresses: ['127.0.0.1'], timeoutMs: 2000 });

describe('guarded URL fetcher', () => {
  it('refuses loopback, private, link-local and metadata addresses by default', async () => {
    const guard = createGuardedUrlFetcher();
    for (const url of [
      `${base}/page`,
      `http://localhost:${new URL(base).port}/page`,
      'http://10.0.0.1/',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/',
      'http://0.0.0.0/',
    ]) {
      await expect(guard.fetch(url), url).rejects.toMatchObject({
        code: 'FORBIDDEN',
        details: { reason: 'address-not-public', field: 'url' },
      });
    }
  });

  it('fetches from an address the configuration allows', async () => {
    const page = await allowed.fetch(`${base}/page`);
    expect(page).toMatchObject({ url: `${base}/page`, contentType: 'text/html', truncated: false });
    expect(page.body).toContain('<h1>Running shoes</h1>');
  });

  it('follows up to three redirects and checks every hop', async () => {
    expect((await allowed.fetch(`${base}/hop/2`)).url).toBe(`${base}/page`);
    await expect(allowed.fetch(`${base}/hop/3`)).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { reason: 'too-many-redirects' },
    });
    await expect(allowed.fetch(`${base}/to-private`)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'address-not-public' },
    });
  });

  it('reads at most the byte limit', async () => {
    const small = createGuardedUrlFetcher({ allowAddresses: ['127.0.0.1'], maxBytes: 1000 });
    const page = await small.fetch(`${base}/big`);
    expect(page).toMatchObject({ bytes: 1000, truncated: true });
    expect(page.body).toHaveLength(1000);
  });

  it('says in words why a page cannot be used', async () => {
    await expect(allowed.fetch(`${base}/missing`)).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('404'),
      details: { reason: 'http-status' },
    });
    await expect(allowed.fetch(`${base}/image`)).rejects.toMatchObject({ details: { reason: 'not-a-page' } });
    await expect(allowed.fetch('not a url')).rejects.toMatchObject({ details: { reason: 'bad-url' } });
    await expect(allowed.fetch('ftp://example.com/x')).rejects.toMatchObject({
      details: { reason: 'bad-url' },
    });
    await expect(allowed.fetch('http://no-such-host.invalid/')).rejects.toMatchObject({
      details: { reason: 'unknown-host' },
    });
  });

  it('gives up on a page that does not answer in time', async () => {
    const quick = createGuardedUrlFetcher({ allowAddresses: ['127.0.0.1'], timeoutMs: 150 });
    await expect(quick.fetch(`${base}/slow`)).rejects.toMatchObject({
      code: 'TIMEOUT',
      details: { reason: 'timeout' },
    });
  });
});

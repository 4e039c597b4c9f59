import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../components/observability/logger.js';
import { createApp, type PlatformApp } from './app.js';
import { IMMUTABLE_CACHE, REVALIDATE_CACHE, cacheControlFor, registerStaticWeb } from './static-web.js';

const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;
let dir: string;
let app: PlatformApp;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'waooaw-static-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>t</title><script src="/assets/index-AbCd1234.js"></script>',
  );
  const asset = join(dir, 'assets', 'index-AbCd1234.js');
  writeFileSync(asset, script);
  writeFileSync(`${asset}.br`, brotliCompressSync(script));
  writeFileSync(`${asset}.gz`, gzipSync(script));
  app = await createApp({ logger: silentLogger });
  await registerStaticWeb(app, dir);
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('static web delivery', () => {
  it('sends hashed assets precompressed with brotli, cached for a year as immutable', async () => {
    const res = await app.inject({
      url: '/assets/index-AbCd1234.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe(IMMUTABLE_CACHE);
    expect(res.headers.vary).toContain('accept-encoding');
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(script);
  });

  it('falls back to gzip, then to the plain file', async () => {
    const gz = await app.inject({ url: '/assets/index-AbCd1234.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await app.inject({ url: '/assets/index-AbCd1234.js', headers: { 'accept-encoding': '' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('revalidates index.html, for the root and for client-side routes', async () => {
    for (const url of ['/', '/agents/seo-specialist']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
      expect(res.headers['cache-control'], url).toBe(REVALIDATE_CACHE);
    }
  });

  it('answers unknown API paths and missing files with a JSON 404', async () => {
    expect((await app.inject({ url: '/api/v1/nope' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/assets/missing-AbCd1234.js' })).statusCode).toBe(404);
  });

  it('treats only content-hashed names as immutable', () => {
    expect(cacheControlFor('/srv/dist/assets/agent-page-pwEqMZas.js')).toBe(IMMUTABLE_CACHE);
    expect(cacheControlFor('/srv/dist/index.html')).toBe(REVALIDATE_CACHE);
    expect(cacheControlFor('/srv/dist/favicon.svg')).toBe(REVALIDATE_CACHE);
  });
});

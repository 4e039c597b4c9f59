// Serves the built web UI (packages/web/dist) with a single-page-app fallback: unknown GET paths
// outside /api, /docs and the operations endpoints return index.html so client-side routes load.
// Files go out precompressed (the build writes .br and .gz siblings); hashed assets are cached for a
// year as immutable, everything else (index.html above all) is revalidated on every load.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { PlatformApp } from './app.js';

export const defaultWebRoot = fileURLToPath(new URL('../../../web/dist', import.meta.url));

const apiPrefixes = ['/api/', '/docs', '/openapi.json', '/health', '/metrics'];

/** Vite names every built asset under assets/ with a content hash, so a changed file has a new URL. */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}(\.[a-z0-9]+)+$/;
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const REVALIDATE_CACHE = 'no-cache';

/** Cache-Control for a file of the build: immutable when its name carries a hash, revalidated otherwise. */
export function cacheControlFor(path: string): string {
  return HASHED_ASSET.test(path) ? IMMUTABLE_CACHE : REVALIDATE_CACHE;
}

export async function registerStaticWeb(app: PlatformApp, root: string = defaultWebRoot): Promise<boolean> {
  if (!existsSync(`${root}/index.html`)) {
    app.log.warn({ root }, 'web UI not built (run `npm run build:web`); serving the API only');
    return false;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader('cache-control', cacheControlFor(path));
      // One URL, several encodings: caches must keep them apart.
      res.setHeader('vary', 'accept-encoding');
    },
  });
  // Static files are registered as exact routes; this wildcard only sees paths no other route claims.
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (apiPrefixes.some((p) => path.startsWith(p)) || /\.[a-z0-9]+$/i.test(path)) {
      // The app's not-found handler answers (its rate limit, 405 with Allow, one error body).
      return reply.callNotFound();
    }
    return reply.type('text/html').sendFile('index.html');
  });
  return true;
}

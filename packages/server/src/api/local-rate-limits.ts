// Per-process rate limits for every route without a limit of its own, counted as @fastify/rate-limit's
// global hook counts them (same buckets, one-minute fixed window from a bucket's first request, the
// same headers and 429) but in one callback hook per route: the plugin's hook awaits four promises
// on every request. Counters shared between processes (Redis) stay with the plugin (rate-limits.ts).
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { RequestAuth } from './request-auth.js';
import { bucketOf, rateLimited, routeKind, type EdgeRateLimits } from './rate-limits.js';

const WINDOW_MS = 60_000;

interface Window {
  count: number;
  startedAt: number;
}

/**
 * An onRoute hook that gives each route without `config.rateLimit` an onRequest hook counting its
 * requests. Register it at the app's root before any route; the caller must already be resolved by
 * an app-level onRequest hook (those run before a route's own).
 */
export function localRateLimits(limits: EdgeRateLimits, auth?: RequestAuth): (route: RouteOptions) => void {
  // As many buckets as the plugin's local store keeps (least recently used ones go first).
  const windows = new LRUCache<string, Window>({ max: 5000 });

  /** Counts one request in `key`'s window; the milliseconds until the window ends, and the count. */
  const count = (key: string, now: number): Window => {
    const held = windows.get(key);
    if (held && held.startedAt + WINDOW_MS > now) {
      held.count++;
      return held;
    }
    const fresh = { count: 1, startedAt: now };
    windows.set(key, fresh);
    return fresh;
  };

  return (route) => {
    if (route.config?.rateLimit != null) return;
    const kind = routeKind(route.url);
    const hook = (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void): void => {
      const { key, max } = bucketOf(kind, request, limits, auth);
      const now = Date.now();
      const window = count(key, now);
      const ttl = window.startedAt + WINDOW_MS - now;
      const ttlSeconds = Math.ceil(ttl / 1000);
      void reply.header('x-ratelimit-limit', max);
      if (window.count <= max) {
        void reply.header('x-ratelimit-remaining', max - window.count);
        void reply.header('x-ratelimit-reset', ttlSeconds);
        return done();
      }
      void reply.header('x-ratelimit-remaining', 0);
      void reply.header('x-ratelimit-reset', ttlSeconds);
      void reply.header('retry-after', ttlSeconds);
      done(rateLimited(max, ttl));
    };
    route.onRequest = [...(route.onRequest === undefined ? [] : [route.onRequest].flat()), hook];
  };
}

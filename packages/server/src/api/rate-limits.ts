// Rate limits on every route (@fastify/rate-limit, one registration for the whole app): the API per
// caller — staff per user, API keys per key, customers per organisation by plan, anonymous callers per
// address — and
// probes (/health, /metrics), docs, web files, webhooks and unknown paths per address. Routes with
// a tighter limit of their own (credentials, the demo) declare it in `config.rateLimit`. Counters are
// per process, or shared by every API process through Redis when the platform runs on Redis.
import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { PlatformError } from '../errors.js';
import type { MarketplaceLimits } from '../marketplace/deps.js';
import type { RequestAuth } from './request-auth.js';
import { clientIp } from './client-address.js';

export interface EdgeRateLimits {
  /** Per minute by plan for customers, and per address for anonymous API callers. */
  ratePerMinute: MarketplaceLimits['ratePerMinute'];
  /** Per minute per operator or admin user. */
  staffPerMinute: number;
  /** Per minute per API key (job workers). */
  apiKeyPerMinute: number;
  /** Per minute per address to /health and /metrics. */
  probesPerMinute: number;
  /** Per minute per address to everything else (web files, /docs, /openapi.json, webhooks, unknown paths). */
  publicPerMinute: number;
}

/** What a request counts against: a bucket key and its per-minute limit. */
export interface Bucket {
  key: string;
  max: number;
}

const probePaths = new Set(['/health', '/metrics']);

function isApiRoute(url: string): boolean {
  return url.startsWith('/api/v1/') && url !== '/api/v1/github/webhook';
}

/** Which limit a route counts against: probes, public files and hooks, or the API. */
export type RouteKind = 'probe' | 'public' | 'api';

/** The kind of the route `url` (a route pattern, or the path of an unknown route). */
export function routeKind(url: string): RouteKind {
  if (probePaths.has(url)) return 'probe';
  return isApiRoute(url) ? 'api' : 'public';
}

/** The bucket of `request` on a route of `kind`, from its resolved caller. */
export function bucketOf(
  kind: RouteKind,
  request: FastifyRequest,
  limits: EdgeRateLimits,
  auth?: RequestAuth,
): Bucket {
  if (kind === 'probe') return { key: `probe:ip:${clientIp(request)}`, max: limits.probesPerMinute };
  if (kind === 'public') return { key: `public:ip:${clientIp(request)}`, max: limits.publicPerMinute };
  const key = auth?.apiKey(request);
  if (key) return { key: `api:key:${key.keyId}`, max: limits.apiKeyPerMinute };
  const principal = auth?.principal(request);
  if (!principal) return { key: `api:ip:${clientIp(request)}`, max: limits.ratePerMinute.anonymous };
  if (principal.role === 'operator' || principal.role === 'admin')
    return { key: `api:staff:${principal.userId}`, max: limits.staffPerMinute };
  const plan = auth?.plan(request) ?? 'free';
  return { key: `api:tenant:${principal.tenantId}`, max: limits.ratePerMinute[plan] };
}

/**
 * The bucket, worked out once per request: the limiter asks for the key and then for the limit.
 * Keyed weakly by the request, so nothing outlives it.
 */
function bucketsOf(limits: EdgeRateLimits, auth?: RequestAuth): (request: FastifyRequest) => Bucket {
  const known = new WeakMap<FastifyRequest, Bucket>();
  return (request) => {
    let bucket = known.get(request);
    if (!bucket) {
      const url = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
      bucket = bucketOf(routeKind(url), request, limits, auth);
      known.set(request, bucket);
    }
    return bucket;
  };
}

/**
 * Options for registering @fastify/rate-limit on the app before any route: routes with a limit of
 * their own (`config.rateLimit`) and `createRateLimit` always, every other route too when the counters
 * are shared (in Redis); per-process counters for those are `localRateLimits`' (local-rate-limits.ts).
 * The caller must already be resolved by an app-level onRequest hook, which runs before the limiter's
 * route-level one.
 */
export function rateLimitOptions(
  limits: EdgeRateLimits,
  auth?: RequestAuth,
  shared?: SharedCounters,
): RateLimitPluginOptions {
  const bucketOf = bucketsOf(limits, auth);
  return {
    ...(shared
      ? {
          redis: shared.redis,
          nameSpace: shared.prefix,
          // A Redis outage lets requests through (and is logged by the client) rather than failing them all.
          skipOnError: true,
        }
      : {}),
    global: shared !== undefined,
    hook: 'onRequest',
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) => bucketOf(request).key,
    max: (request: FastifyRequest) => bucketOf(request).max,
    errorResponseBuilder: (_request, context) => rateLimited(context.max, context.ttl),
  };
}

/** The 429 error: the limit and the seconds until the window frees a request. */
export function rateLimited(limit: number, ttlMs: number): PlatformError {
  const retryAfterSeconds = Math.max(1, Math.ceil(ttlMs / 1000));
  return new PlatformError(
    'RATE_LIMITED',
    `Too many requests: at most ${limit} per minute; retry in ${retryAfterSeconds} s`,
    { details: { limit, retryAfterSeconds } },
  );
}

/** Where API processes share their counters: a Redis connection and a key prefix. */
export interface SharedCounters {
  redis: Redis;
  prefix: string;
}

/**
 * A connection for shared counters that fails fast while Redis is away (no offline queue, one try per
 * command) and reconnects in the background; `close()` ends it.
 */
export async function connectSharedCounters(
  url: string,
  prefix: string,
): Promise<SharedCounters & { close(): Promise<void> }> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // Without a listener ioredis reports every failed reconnect as an unhandled 'error' event.
  redis.on('error', () => undefined);
  // Not reachable at start: requests pass unlimited until it is (skipOnError), as during an outage.
  await redis.connect().catch(() => undefined);
  return {
    redis,
    prefix: `${prefix}:rate-limit:`,
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

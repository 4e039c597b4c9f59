import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { afterEach, describe, expect, it } from 'vitest';
import { handleRequestError } from './http-errors.js';
import { localRateLimits } from './local-rate-limits.js';
import { rateLimitOptions, type EdgeRateLimits } from './rate-limits.js';
import { createHarness, type Harness } from './testing/marketplace-harness.js';

const limits: EdgeRateLimits = {
  ratePerMinute: { anonymous: 2, free: 4, business: 6, internal: 100 },
  staffPerMinute: 10,
  apiKeyPerMinute: 10,
  probesPerMinute: 1,
  publicPerMinute: 3,
};

/** An app limited by the plugin's global hook (`plugin`) or by `localRateLimits` (`local`). */
async function limitedApp(by: 'plugin' | 'local'): Promise<FastifyInstance> {
  const app = Fastify();
  app.setErrorHandler(handleRequestError);
  await app.register(rateLimit, { ...rateLimitOptions(limits), global: by === 'plugin' });
  if (by === 'local') app.addHook('onRoute', localRateLimits(limits));
  app.get('/api/v1/things', async () => ({ ok: true }));
  app.get('/health', async () => ({ ok: true }));
  app.get('/docs/index.html', async () => 'docs');
  app.get('/api/v1/tight', { config: { rateLimit: { max: 5, timeWindow: 60_000 } } }, async () => ({
    ok: true,
  }));
  return app;
}

const LIMIT_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after'];

/** What a client sees of `count` answers from `url`: status, limit headers and body. */
async function answers(app: FastifyInstance, url: string, count: number) {
  const seen = [];
  for (let i = 0; i < count; i++) {
    const res = await app.inject({ method: 'GET', url, remoteAddress: '203.0.113.7' });
    seen.push({
      status: res.statusCode,
      headers: Object.fromEntries(LIMIT_HEADERS.map((h) => [h, res.headers[h]])),
      body: res.body,
    });
  }
  return seen;
}

const apps: FastifyInstance[] = [];
let h: Harness | undefined;
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  await h?.close();
  h = undefined;
});

describe('per-process rate limits', () => {
  it('answer as the plugin does: buckets, headers, the 429 and its body', async () => {
    const plugin = await limitedApp('plugin');
    const local = await limitedApp('local');
    apps.push(plugin, local);
    for (const [url, count] of [
      ['/api/v1/things', 4],
      ['/health', 3],
      ['/docs/index.html', 5],
      ['/api/v1/tight', 7],
    ] as const) {
      const expected = await answers(plugin, url, count);
      expect(expected.at(-1)?.status).toBe(429);
      expect(await answers(local, url, count)).toEqual(expected);
    }
  });

  it('leave routes with a limit of their own to the plugin, counted once', async () => {
    const local = await limitedApp('local');
    apps.push(local);
    const seen = await answers(local, '/api/v1/tight', 6);
    expect(seen.map((s) => s.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(seen[0]?.headers['x-ratelimit-remaining']).toBe('4');
  });
});

describe('answer headers', () => {
  // Recorded from GET /api/v1/me at 55242ec for the limiter's headers (after the security headers);
  // the security headers are the API record since decision 0072 (fourth pass).
  const before = {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
    'x-ratelimit-limit': '4',
    'x-ratelimit-remaining': '3',
    'x-ratelimit-reset': '60',
    'content-type': 'application/json; charset=utf-8',
  };

  it("are /me's headers: the API security headers, then the limiter's, in the same order", async () => {
    h = await createHarness({
      limits: { ratePerMinute: { anonymous: 2, free: 4, business: 6, internal: 100 } },
    });
    const session = await h.customer('headers@acme.com');
    const res = await h.call('GET', '/api/v1/me', { token: session.accessToken, ip: '203.0.113.40' });
    expect(res.statusCode).toBe(200);
    const { date, connection, 'content-length': length, ...rest } = res.headers;
    expect([date, connection, length].every((v) => v !== undefined)).toBe(true);
    expect(Object.entries(rest)).toEqual(Object.entries(before));
  });
});

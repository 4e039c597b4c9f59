import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/marketplace-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function until429(call: () => Promise<{ statusCode: number }>, max = 50): Promise<number> {
  for (let i = 1; i <= max; i++) if ((await call()).statusCode === 429) return i;
  return -1;
}

describe('rate limits per plan', () => {
  it('limits anonymous callers per IP, free and business organisations per tenant, with Retry-After', async () => {
    h = await createHarness({
      limits: { ratePerMinute: { anonymous: 2, free: 4, business: 6, internal: 100 } },
    });
    const harness = h;
    const free = await harness.customer('free@acme.com');
    const biz = await harness.customer('biz@other.com');
    await harness.marketplace.services.accounts.markTenantHired(biz.tenant.id);

    expect(await until429(() => harness.call('GET', '/api/v1/agents/facets', { ip: '203.0.113.10' }))).toBe(
      3,
    );
    expect(await until429(() => harness.call('GET', '/api/v1/agents/facets', { ip: '203.0.113.11' }))).toBe(
      3,
    );
    expect(
      await until429(() =>
        harness.call('GET', '/api/v1/me', { token: free.accessToken, ip: '203.0.113.12' }),
      ),
    ).toBe(5);
    expect(
      await until429(() => harness.call('GET', '/api/v1/me', { token: biz.accessToken, ip: '203.0.113.13' })),
    ).toBe(7);

    const limited = await harness.call('GET', '/api/v1/me', { token: free.accessToken, ip: '203.0.113.99' });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED', details: { limit: 4 } } });
  });

  it('limits credential routes per IP more tightly', async () => {
    h = await createHarness({ limits: { authPerIpPerMinute: 3 } });
    const harness = h;
    const login = () =>
      harness.call('POST', '/api/v1/auth/login', {
        body: { email: 'x@acme.com', password: 'whatever pw' },
        ip: '203.0.113.20',
      });
    expect(await until429(login)).toBe(4);
    expect(
      (
        await harness.call('POST', '/api/v1/auth/login', {
          body: { email: 'x@acme.com', password: 'whatever pw' },
          ip: '203.0.113.21',
        })
      ).statusCode,
    ).toBe(401);
  });
});

describe('request hygiene', () => {
  it('refuses bodies over the route limit with 413 and the standard error body', async () => {
    h = await createHarness();
    const res = await h.call('POST', '/api/v1/auth/login', {
      body: { email: 'a@b.com', password: 'x'.repeat(20_000) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String), details: {} },
    });
  });

  it('answers malformed JSON, wrong content types and unknown routes with the standard error body', async () => {
    h = await createHarness();
    const bad = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    const text = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    // Fastify reads text/plain as a string, which then fails the body schema.
    expect(text.statusCode).toBe(400);
    expect(text.json()).toMatchObject({ error: { code: 'VALIDATION' } });
    const missing = await h.call('GET', '/api/v1/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it("answers ids of 101–120 characters with 414 in our body, not Fastify's", async () => {
    h = await createHarness();
    for (const length of [101, 120]) {
      const res = await h.call('GET', `/api/v1/trials/${'t'.repeat(length)}`);
      expect(res.statusCode).toBe(414);
      expect(res.json()).toEqual({
        error: {
          code: 'URI_TOO_LONG',
          message: 'A path parameter is longer than 100 characters',
          details: {},
        },
      });
    }
  });

  it("sends the API security headers under /api/ (errors too) and helmet's elsewhere (0072)", async () => {
    h = await createHarness();
    const api = {
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
      // Headers that govern documents are not sent with JSON.
      'cross-origin-opener-policy': undefined,
      'referrer-policy': undefined,
    };
    const document = {
      'content-security-policy':
        "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';upgrade-insecure-requests;connect-src 'self'",
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'cross-origin-opener-policy': 'same-origin',
      'referrer-policy': 'no-referrer',
    };
    const cases = [
      ...['/api/v1/agents', '/api/v1/me', '/api/v1/no-such-thing'].map((url) => [url, api] as const),
      ...['/docs/', '/openapi.json', '/health', '/no-such-page'].map((url) => [url, document] as const),
    ];
    for (const [url, expected] of cases) {
      const res = await h.call('GET', url);
      expect(res.statusCode, url).not.toBe(500);
      const seen = Object.fromEntries(Object.keys(expected).map((name) => [name, res.headers[name]]));
      expect(seen, url).toEqual(expected);
    }
  });
});

// Every route family has a rate limit (staff included) and every signed-in route checks the caller
// before it reads the body: the review found /workflows and /ops unlimited and answering 400 to an
// unauthenticated bad body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { marketplaceRoutes } from '../contracts/contracts.js';
import type { Platform } from '../platform.js';
import { createTestPlatform, signIn } from './testing/test-platform.js';

let platform: Platform;
const tokens: Record<'customer' | 'operator' | 'admin', string> = { customer: '', operator: '', admin: '' };
let address = 0;
/** Each call from its own address unless one is given, so only the limit under test is reached. */
const call = (options: InjectOptions & { token?: string; ip?: string }) => {
  address += 1;
  const { token, ip, ...rest } = options;
  return platform.app.inject({
    ...rest,
    remoteAddress: ip ?? `198.18.${Math.floor(address / 250) % 250}.${address % 250}`,
    headers: { ...rest.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
};

beforeAll(async () => {
  platform = await createTestPlatform({
    http: { rateLimit: { staffPerMinute: 3, probesPerMinute: 2, publicPerMinute: 2 } },
    github: { webhookSecret: 'webhook-secret' },
  });
  for (const role of ['operator', 'admin'] as const)
    tokens[role] = await signIn(platform, {
      email: `${role}@waooaw.test`,
      password: 'staff password 1',
      role,
    });
  tokens.customer = await signIn(platform, { email: 'c@acme.com', password: 'customer password 1' });
});
afterAll(async () => {
  await platform.stop();
});

const withParams = (path: string) => path.replace(/:[A-Za-z]+/g, 'x_1');

describe('auth before the body', () => {
  it('answers 401 to an unauthenticated caller on /workflows and /ops whatever the body', async () => {
    for (const url of [
      '/api/v1/workflows/definitions',
      '/api/v1/workflows/instances',
      '/api/v1/ops/dlq/x/retry',
    ]) {
      for (const payload of ['{"nope":1}', '{"broken":', `[${'['.repeat(500)}`]) {
        const res = await call({
          method: 'POST',
          url,
          payload,
          headers: { 'content-type': 'application/json' },
        });
        expect(res.statusCode, `${url} ${payload.slice(0, 12)}`).toBe(401);
        expect(res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      }
    }
  });

  it('answers 403 to a customer and 401 to a forged token on /workflows and /ops before validating', async () => {
    const bad = { method: 'POST' as const, url: '/api/v1/workflows/definitions', payload: { nope: 1 } };
    expect((await call({ ...bad, token: tokens.customer })).statusCode).toBe(403);
    expect((await call({ ...bad, token: `${tokens.operator.slice(0, -4)}AAAA` })).statusCode).toBe(401);
    expect((await call({ ...bad, token: tokens.operator })).statusCode).toBe(400);
  });

  it('checks every signed-in marketplace route before its body: 401 anonymous, 403 for the wrong role', async () => {
    for (const route of Object.values(marketplaceRoutes)) {
      if (route.auth === 'none') continue;
      const body =
        route.method === 'GET'
          ? {}
          : { payload: '{"malformed":', headers: { 'content-type': 'application/json' } };
      const anonymous = await call({ method: route.method, url: withParams(route.path), ...body });
      expect(anonymous.statusCode, `${route.method} ${route.path}`).toBe(401);
      if (Array.isArray(route.auth)) {
        const customer = await call({
          method: route.method,
          url: withParams(route.path),
          token: tokens.customer,
          ...body,
        });
        expect(customer.statusCode, `${route.method} ${route.path}`).toBe(403);
      }
    }
  });
});

describe('rate limits on every route family', () => {
  it('limits staff per user on /workflows, /ops and /admin', async () => {
    const operator = await signIn(platform, {
      email: 'busy@waooaw.test',
      password: 'staff password 1',
      role: 'operator',
    });
    const statuses: number[] = [];
    for (const url of [
      '/api/v1/workflows/definitions',
      '/api/v1/ops/dlq',
      '/api/v1/admin/trials',
      '/api/v1/workflows/instances',
    ])
      statuses.push((await call({ method: 'GET', url, token: operator })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await call({ method: 'GET', url: '/api/v1/ops/dlq', token: operator });
    expect(limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED', details: { limit: 3 } } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another staff member has their own allowance.
    expect((await call({ method: 'GET', url: '/api/v1/ops/dlq', token: tokens.admin })).statusCode).toBe(200);
  });

  it('limits probes, docs, webhooks and unknown paths per address', async () => {
    const ip = '192.0.2.200';
    const until429 = async (options: InjectOptions) => {
      for (let i = 1; i <= 5; i++) if ((await call({ ...options, ip })).statusCode === 429) return i;
      return -1;
    };
    expect(await until429({ method: 'GET', url: '/health' })).toBe(3);
    expect(await until429({ method: 'GET', url: '/openapi.json' })).toBe(3);
    const webhook = await until429({
      method: 'POST',
      url: '/api/v1/github/webhook',
      headers: { 'x-github-event': 'push', 'x-github-delivery': 'd1', 'content-type': 'application/json' },
      payload: '{}',
    });
    // The public bucket of this address is spent already by /openapi.json.
    expect(webhook).toBe(1);
    // POST: the web UI's fallback (when built) answers unknown GET paths itself.
    const other = '192.0.2.201';
    for (let i = 0; i < 2; i++)
      expect((await call({ method: 'POST', url: '/no/such/path', ip: other })).statusCode).toBe(404);
    const scan = await call({ method: 'POST', url: '/no/such/other', ip: other });
    expect(scan.statusCode).toBe(429);
    expect(scan.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  });
});

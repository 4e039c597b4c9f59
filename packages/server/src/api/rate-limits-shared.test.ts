// Scale-out: two API processes behind one load balancer share their rate limits through Redis, so a
// client cannot double its allowance by landing on both (per-process counters would each allow it all).
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../components/observability/logger.js';
import { testRedis } from '../testing/services.js';
import { createApp, defaultEdgeRateLimits, type PlatformApp } from './app.js';
import { connectSharedCounters } from './rate-limits.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerInputRoutes } from './routes/inputs.js';
import { createGuardedUrlFetcher } from '../inputs/guarded-url-fetcher.js';

const redis = await testRedis();
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await redis?.flush();
});

async function apiProcess(shared: boolean): Promise<PlatformApp> {
  const counters = shared ? await connectSharedCounters(redis!.url, redis!.prefix.slice(0, -1)) : undefined;
  const app = await createApp({
    logger: silentLogger,
    rateLimits: { ...defaultEdgeRateLimits, probesPerMinute: 3 },
    ...(counters ? { sharedCounters: counters } : {}),
  });
  registerHealthRoutes(app, [], { role: 'api', version: 'test', startedAt: Date.now() });
  await registerInputRoutes(app, { fetcher: createGuardedUrlFetcher(), perIpPerMinute: 3 });
  await app.ready();
  closers.push(async () => {
    await app.close();
    await counters?.close();
  });
  return app;
}

/** Four requests from one address (probes, or input-helper reads), alternating between two processes. */
async function alternate(
  shared: boolean,
  address: string,
  route: 'probe' | 'input' = 'probe',
): Promise<number[]> {
  const [a, b] = [await apiProcess(shared), await apiProcess(shared)];
  const statuses: number[] = [];
  for (const app of [a, b, a, b]) {
    const res = await app.inject(
      route === 'probe'
        ? { method: 'GET', url: '/health', remoteAddress: address }
        : // An unreadable file is refused (422) after the limiter counted it.
          {
            method: 'POST',
            url: '/api/v1/inputs/table',
            remoteAddress: address,
            payload: { filename: 'a.xls', contentBase64: 'eA==' },
          },
    );
    statuses.push(res.statusCode);
  }
  return statuses;
}

describe.skipIf(!redis)('rate limits across API processes', () => {
  it('counts one client on two processes against one limit when the counters are shared', async () => {
    expect(await alternate(true, '192.0.2.77')).toEqual([200, 200, 200, 429]);
  });

  it('would give each process the whole allowance with per-process counters', async () => {
    expect(await alternate(false, '192.0.2.78')).toEqual([200, 200, 200, 200]);
  });

  it('limits the input helpers per address across processes too (the same shared limiter)', async () => {
    const statuses = await alternate(true, '192.0.2.79', 'input');
    expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true);
    expect(statuses[3]).toBe(429);
  });
});

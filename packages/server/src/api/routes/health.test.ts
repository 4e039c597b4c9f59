import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../components/observability/logger.js';
import { createMetrics } from '../../components/observability/metrics.js';
import { createApp } from '../app.js';
import { listenProbes, type ProbeServer } from '../probe-server.js';
import { registerHealthRoutes, type HealthCheck } from './health.js';

const info = { role: 'api', version: '0.1.0', startedAt: Date.now() };

/** A dependency whose answer the test decides. */
function dependency(name: string) {
  const state = { up: true };
  const check: HealthCheck = {
    name,
    ping: async () => {
      if (!state.up) throw new Error(`${name} refused the connection`);
    },
  };
  return { state, check };
}

describe('health routes', () => {
  it('answers live while a dependency is down, and ready only when every dependency answers', async () => {
    const store = dependency('store');
    const bus = dependency('bus');
    const app = await createApp({ logger: silentLogger });
    registerHealthRoutes(app, [store.check, bus.check], info);
    try {
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ status: 'ok', role: 'api', checks: { store: { ok: true } } });

      bus.state.up = false;
      const notReady = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(notReady.statusCode).toBe(503);
      expect(notReady.json()).toMatchObject({
        status: 'down',
        checks: { store: { ok: true }, bus: { ok: false, error: 'bus refused the connection' } },
      });
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(503);

      const live = await app.inject({ method: 'GET', url: '/health/live' });
      expect(live.statusCode).toBe(200);
      expect(live.json()).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number) });
    } finally {
      await app.close();
    }
  });

  it('turns readiness false while the process drains, and stays live', async () => {
    let draining = false;
    const app = await createApp({ logger: silentLogger });
    registerHealthRoutes(app, [dependency('store').check], { ...info, isDraining: () => draining });
    try {
      expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
      draining = true;
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'draining', checks: { store: { ok: true } } });
      expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('documents the three probes in the OpenAPI document', async () => {
    const app = await createApp({ logger: silentLogger });
    registerHealthRoutes(app, [], info);
    try {
      const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: object }>();
      expect(Object.keys(spec.paths)).toEqual(
        expect.arrayContaining(['/health', '/health/live', '/health/ready']),
      );
    } finally {
      await app.close();
    }
  });
});

describe('listenProbes (a worker without an API)', () => {
  let probes: ProbeServer | undefined;
  afterEach(async () => probes?.close());

  it('serves the probes and Prometheus metrics on a port of its own, and nothing of the API', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    probes = await listenProbes({
      host: '127.0.0.1',
      port: 0,
      checks: [dependency('store').check],
      info: { ...info, role: 'worker' },
      logger: silentLogger,
      metrics,
    });
    const ready = await fetch(`${probes.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', role: 'worker' });
    expect((await fetch(`${probes.url}/health/live`)).status).toBe(200);
    const scrape = await fetch(`${probes.url}/metrics`);
    expect(scrape.headers.get('content-type')).toContain('text/plain');
    expect(await scrape.text()).toContain('waooaw_');
    expect((await fetch(`${probes.url}/api/v1/agents`)).status).toBe(404);
  });
});

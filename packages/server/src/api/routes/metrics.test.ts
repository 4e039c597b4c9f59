import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../components/observability/logger.js';
import { createMetrics } from '../../components/observability/metrics.js';
import { listenMetrics, listenProbes, type ProbeServer } from '../probe-server.js';
import { isBearer } from './metrics.js';

const TOKEN = 'worker-metrics-token-1234';
const info = { role: 'worker' as const, version: '0.1.0', startedAt: Date.now() };

describe('isBearer', () => {
  it('accepts exactly `Bearer <token>` (scheme in any case) and nothing else', () => {
    expect(isBearer(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(isBearer(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    for (const header of [
      undefined,
      '',
      TOKEN,
      `Basic ${TOKEN}`,
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(1)}`,
    ])
      expect(isBearer(header, TOKEN), String(header)).toBe(false);
  });
});

describe('/metrics on the worker listeners', () => {
  let server: ProbeServer | undefined;
  afterEach(async () => server?.close());

  it('guards the probe server’s /metrics with the token but leaves the probes open', async () => {
    server = await listenProbes({
      host: '127.0.0.1',
      port: 0,
      checks: [],
      info,
      logger: silentLogger,
      metrics: createMetrics(),
      metricsRoute: { token: TOKEN },
    });
    expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const ok = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('# TYPE waooaw_workflow_steps_total counter');
  });

  it('leaves /metrics out of the probes when it has a listener of its own', async () => {
    server = await listenProbes({
      host: '127.0.0.1',
      port: 0,
      checks: [],
      info,
      logger: silentLogger,
      metrics: createMetrics(),
      metricsRoute: false,
    });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
  });

  it('still answers a scrape when refreshing the store-backed gauges fails', async () => {
    const metrics = createMetrics();
    server = await listenMetrics({
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
      metrics,
      route: {
        beforeScrape: async () => {
          throw new Error('store is down');
        },
      },
    });
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('waooaw_bus_queue_depth');
    expect((await fetch(`${server.url}/health`)).status).toBe(404);
  });
});

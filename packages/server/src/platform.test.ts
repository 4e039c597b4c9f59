import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { silentLogger } from './components/observability/logger.js';
import { createPlatform } from './platform.js';
import { freePort } from './testing/local-services.js';
import { testPostgres, testRedis } from './testing/services.js';

const pg = await testPostgres();
const redis = await testRedis();
afterAll(async () => {
  await pg?.drop();
  await redis?.flush();
});

const embedded = () =>
  loadConfig({ env: {}, overrides: { store: { sqlitePath: ':memory:' }, http: { port: 0 } } });

describe('createPlatform (embedded)', () => {
  it('answers /health ok with store and bus checks, /metrics in Prometheus format, and JSON 404s for unknown API routes', async () => {
    const platform = await createPlatform(embedded(), { logger: silentLogger });
    try {
      const health = await platform.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toMatchObject({
        status: 'ok',
        role: 'all',
        checks: { store: { ok: true }, bus: { ok: true } },
      });
      await platform.bus.publish({ topic: 'platform.test', payload: { x: 1 } });
      const metrics = await platform.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.statusCode).toBe(200);
      expect(metrics.headers['content-type']).toContain('text/plain');
      expect(metrics.body).toContain('waooaw_bus_messages_sent_total');
      const missing = await platform.app.inject({ method: 'GET', url: '/api/v1/does-not-exist' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual({
        error: { code: 'NOT_FOUND', message: expect.stringContaining('/api/v1/does-not-exist'), details: {} },
      });
      const spec = await platform.app.inject({ method: 'GET', url: '/openapi.json' });
      expect(spec.json().paths['/health']).toBeDefined();
    } finally {
      await platform.stop();
    }
  });

  it('reports health 503 naming the failing dependency once the store is gone, without crashing', async () => {
    const platform = await createPlatform(embedded(), { logger: silentLogger });
    await platform.store.close();
    const health = await platform.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'down', checks: { store: { ok: false } } });
    await platform.bus.close();
    await platform.app.close();
  });
});

describe('Platform.stop (drain)', () => {
  it('finishes running handlers within the deadline, hands back the rest, and a restart does it once', async () => {
    const sqlitePath = join(mkdtempSync(join(tmpdir(), 'waooaw-drain-')), 'waooaw.db');
    const config = loadConfig({ env: {}, overrides: { store: { sqlitePath }, http: { port: 0 } } });
    const first = await createPlatform(config, { logger: silentLogger });
    let release!: () => void;
    const quickGate = new Promise<void>((resolve) => (release = resolve));
    const running: string[] = [];
    const done: string[] = [];
    await first.bus.subscribe({
      pattern: 'drain.job',
      group: 'drain-test',
      concurrency: 4,
      handler: async (d) => {
        const what = d.message.payload as string;
        running.push(what);
        await (what === 'quick' ? quickGate : new Promise(() => {}));
        done.push(what);
      },
    });
    await first.bus.publish({ topic: 'drain.job', payload: 'quick' });
    await first.bus.publish({ topic: 'drain.job', payload: 'slow' });
    while (running.length < 2) await new Promise((r) => setTimeout(r, 5));
    expect(first.draining).toBe(false);
    const stopped = first.stop({ drainTimeoutMs: 300 });
    expect(first.draining).toBe(true);
    release();
    await stopped;
    expect(done).toEqual(['quick']);

    // The handed-back message waits in the durable outbox; the next run does it, and only it.
    const second = await createPlatform(config, { logger: silentLogger });
    try {
      const redone: Array<[string, number]> = [];
      await second.bus.subscribe({
        pattern: 'drain.job',
        group: 'drain-test',
        handler: async (d) => void redone.push([d.message.payload as string, d.attempt]),
      });
      while (redone.length < 1) await new Promise((r) => setTimeout(r, 5));
      await second.bus.publish({ topic: 'drain.job', payload: 'sentinel' });
      while (redone.length < 2) await new Promise((r) => setTimeout(r, 5));
      expect(redone).toEqual([
        ['slow', 2],
        ['sentinel', 1],
      ]);
    } finally {
      await second.stop();
    }
  });
});

describe('createPlatform (scale-out settings)', () => {
  it('fails start-up with UNAVAILABLE naming PostgreSQL when DATABASE_URL points at nothing', async () => {
    const port = await freePort();
    const config = loadConfig({
      env: { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/x` },
      overrides: { http: { port: 0 } },
    });
    await expect(createPlatform(config, { logger: silentLogger })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
  });

  it.skipIf(!pg || !redis)('runs on PostgreSQL + Redis Streams and reports both healthy', async () => {
    const config = loadConfig({
      env: {
        DATABASE_URL: pg!.url,
        REDIS_URL: redis!.url,
        WAOOAW_BUS_PREFIX: `${redis!.prefix}bus`,
        // Generated keys go beside the (unused) SQLite path by default: keep them out of the checkout.
        WAOOAW_KEY_DIR: join(mkdtempSync(join(tmpdir(), 'keys-')), 'keys'),
      },
      overrides: { http: { port: 0 } },
    });
    const platform = await createPlatform(config, { logger: silentLogger });
    try {
      expect(platform.store.dialect).toBe('postgres');
      expect(platform.bus.kind).toBe('redis');
      const health = await platform.app.inject({ method: 'GET', url: '/health' });
      expect(health.json()).toMatchObject({
        status: 'ok',
        checks: { store: { ok: true }, bus: { ok: true } },
      });
    } finally {
      await platform.stop();
    }
  });

  it('starts with Redis down, reports the bus down on /health and rejects publishes with UNAVAILABLE', async () => {
    const port = await freePort();
    const config = loadConfig({
      env: { REDIS_URL: `redis://127.0.0.1:${port}` },
      overrides: { store: { sqlitePath: ':memory:' }, http: { port: 0 } },
    });
    const platform = await createPlatform(config, { logger: silentLogger });
    try {
      const health = await platform.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({
        status: 'down',
        checks: { store: { ok: true }, bus: { ok: false } },
      });
      await expect(platform.bus.publish({ topic: 'x.y', payload: {} })).rejects.toMatchObject({
        code: 'UNAVAILABLE',
      });
    } finally {
      await platform.stop();
    }
  });
});

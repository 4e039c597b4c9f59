import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createSqlStore } from '../store/sql-store.js';
import { testRedis } from '../testing/services.js';
import { createBus } from './create-bus.js';
import { measureBusLatency } from './bus-latency.js';
import { MemoryBus } from './memory-bus.js';

const redis = await testRedis();

describe('createBus', () => {
  it('builds an in-process bus, durable only when asked and given a store', async () => {
    const store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' });
    await store.migrate();
    const durable = await createBus(loadConfig({ env: {} }), { store });
    const plain = await createBus(loadConfig({ env: { WAOOAW_BUS_DURABLE: 'false' } }), { store });
    const storeless = await createBus(loadConfig({ env: {} }), {});
    expect([durable.kind, (durable as MemoryBus).isDurable]).toEqual(['memory', true]);
    expect([plain.kind, (plain as MemoryBus).isDurable]).toEqual(['memory', false]);
    expect([storeless.kind, (storeless as MemoryBus).isDurable]).toEqual(['memory', false]);
    await Promise.all([durable.close(), plain.close(), storeless.close()]);
    await store.close();
  });

  it('passes the bus limits from the configuration', async () => {
    const bus = await createBus(
      loadConfig({ env: { WAOOAW_BUS_MAX_MESSAGE_BYTES: '300', WAOOAW_BUS_DURABLE: 'false' } }),
    );
    await expect(bus.publish({ topic: 'a', payload: 'x'.repeat(400) })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
    await bus.close();
  });

  it.skipIf(!redis)('builds a Redis Streams bus when REDIS_URL is set', async () => {
    const bus = await createBus(
      loadConfig({ env: { REDIS_URL: redis!.url, WAOOAW_BUS_PREFIX: `${redis!.prefix}cb` } }),
    );
    expect(bus.kind).toBe('redis');
    await bus.ping();
    await bus.close();
    await redis!.flush();
  });
});

describe('measureBusLatency', () => {
  it('reports ordered percentiles of publish→handler latency', async () => {
    const bus = new MemoryBus();
    const r = await measureBusLatency(bus, { messages: 200, warmup: 20 });
    expect(r.count).toBe(200);
    expect(r.minMs).toBeGreaterThanOrEqual(0);
    expect(r.minMs).toBeLessThanOrEqual(r.p50Ms);
    expect(r.p50Ms).toBeLessThanOrEqual(r.p99Ms);
    expect(r.p99Ms).toBeLessThanOrEqual(r.p999Ms);
    expect(r.p999Ms).toBeLessThanOrEqual(r.maxMs);
    await bus.close();
  });
});

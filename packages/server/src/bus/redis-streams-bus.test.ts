import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../components/observability/metrics.js';
import { findRedisServer, freePort, startRedis } from '../testing/local-services.js';
import { testRedis } from '../testing/services.js';
import { runsOnBus } from '../testing/backends.js';
import type { Bus, Delivery } from './bus.js';
import { busConformance } from './bus.contract.js';
import { RedisStreamsBus } from './redis-streams-bus.js';

// BUSES (see testing/backends.ts) selects Redis by default; CI fails when it is missing.
const redis = runsOnBus('redis') ? await testRedis() : undefined;

async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function succeeds(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch {
    return false;
  }
}

/** A redis-server on a fixed port (to bring "the same" Redis back after a crash). */
async function redisOnPort(port: number): Promise<{ stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'waooaw-redis-again-'));
  const child: ChildProcess = spawn(
    findRedisServer()!,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
  });
  child.stderr!.resume();
  return {
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.skipIf(!redis)('RedisStreamsBus', () => {
  afterAll(async () => {
    await redis!.flush();
  });

  let n = 0;
  busConformance('RedisStreamsBus', async () => {
    const prefix = `${redis!.prefix}c${++n}:`;
    const buses: Bus[] = [];
    return {
      async open(options = {}) {
        const bus = await RedisStreamsBus.connect({ ...options, url: redis!.url, prefix, blockMs: 1000 });
        buses.push(bus);
        return bus;
      },
      async dispose() {
        await Promise.all(buses.map((b) => b.close()));
      },
    };
  });

  it('parks an entry that is not a valid message as invalid-message', async () => {
    const metrics = createMetrics();
    const bus = await RedisStreamsBus.connect({ url: redis!.url, prefix: `${redis!.prefix}bad:`, metrics });
    const raw = new Redis(redis!.url);
    try {
      const got: Delivery[] = [];
      await bus.subscribe({ pattern: 'bad.#', group: 'bad', handler: async (d) => void got.push(d) });
      await raw.xadd(`${bus.keys.prefix}g:bad:p3`, '*', 'm', '{"not":"a message"}', 'a', '0', 'e', '[]');
      await until(async () => (await bus.dlq.count()) === 1, 'the dead letter');
      const [dl] = (await bus.dlq.list()).items;
      expect(dl).toMatchObject({
        group: 'bad',
        reason: 'invalid-message',
        deliveries: 1,
        errors: [{ code: 'VALIDATION', attempt: 1 }],
      });
      expect(got).toEqual([]);
      await until(async () => (await bus.stats()).groups[0]!.pending === 0, 'nothing pending');
      const counted = (await metrics.busDeadLettered.get()).values;
      expect(counted.map((v) => [v.labels.reason, v.value])).toEqual([['invalid-message', 1]]);
    } finally {
      raw.disconnect();
      await bus.close();
    }
  });

  it('rejects publishes with UNAVAILABLE quickly while Redis is down, and resumes consuming when it is back', async () => {
    const server = await startRedis();
    let again: { stop(): Promise<void> } | undefined;
    const bus = await RedisStreamsBus.connect({
      url: server.url,
      prefix: 'down:',
      blockMs: 200,
      connectTimeoutMs: 500,
    });
    try {
      const got: unknown[] = [];
      await bus.subscribe({
        pattern: 'x.#',
        group: 'g',
        handler: async (d) => void got.push(d.message.payload),
      });
      await bus.publish({ topic: 'x.a', payload: 'before' });
      await until(() => got.length === 1, 'the first delivery');

      await server.stop();
      const started = performance.now();
      await expect(bus.publish({ topic: 'x.a', payload: 'during' })).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        retryable: true,
      });
      expect(performance.now() - started).toBeLessThan(1000);
      await until(async () => !(await succeeds(() => bus.ping())), 'ping to fail');
      await expect(bus.publish({ topic: 'x.a', payload: 'during' })).rejects.toMatchObject({
        code: 'UNAVAILABLE',
      });
      await expect(bus.stats()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      await expect(bus.dlq.count()).rejects.toMatchObject({ code: 'UNAVAILABLE' });

      again = await redisOnPort(server.port);
      await until(() => succeeds(() => bus.ping()), 'the reconnection');
      // Redis came back empty: the consumer registers its group again by itself.
      await until(
        async () => (await bus.stats()).groups.some((g) => g.group === 'g'),
        'the group to be registered again',
      );
      await bus.publish({ topic: 'x.a', payload: 'after' });
      await until(() => got.length === 2, 'a delivery after the restart');
      expect(got).toEqual(['before', 'after']);
    } finally {
      await bus.close();
      await again?.stop();
      await server.stop();
    }
  });

  it('starts without Redis and reports UNAVAILABLE instead of failing', async () => {
    const port = await freePort();
    const started = performance.now();
    const bus = await RedisStreamsBus.connect({ url: `redis://127.0.0.1:${port}`, connectTimeoutMs: 300 });
    expect(performance.now() - started).toBeLessThan(2000);
    await expect(bus.ping()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(bus.publish({ topic: 'a.b', payload: 1 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(bus.subscribe({ pattern: 'a.#', handler: async () => {} })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    await bus.close();
  });
});

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

  it('wakes an idle consumer with the entry itself, and close ends its blocked read at once', async () => {
    // A minute-long block: the delivery and the close below cannot be waiting for the block to time out.
    const bus = await RedisStreamsBus.connect({
      url: redis!.url,
      prefix: `${redis!.prefix}wake:`,
      blockMs: 60_000,
    });
    const raw = new Redis(redis!.url);
    try {
      const got: Delivery[] = [];
      const sub = await bus.subscribe({
        pattern: 'wake.#',
        group: 'wake',
        concurrency: 4,
        handler: async (d) => void got.push(d),
      });
      const connections = async () =>
        String(await raw.call('CLIENT', 'LIST'))
          .split('\n')
          .filter((line) => line.includes(` name=${bus.keys.prefix}wake:`));
      // subscribe resolved only once the consumer's own connection was up: a publish now need not
      // wait for a TCP connect and handshake.
      expect(await connections()).toHaveLength(1);
      const blockedReads = async () =>
        (await connections()).filter((line) => / flags=b .* cmd=xreadgroup /.test(line)).length;
      await until(async () => (await blockedReads()) === 1, 'the consumer blocked in XREADGROUP');
      const sent = await bus.publish({ topic: 'wake.up', payload: 'now' });
      await until(() => got.length === 1, 'the delivery');
      expect(got[0]).toMatchObject({ attempt: 1, message: { id: sent.id } });
      await until(async () => (await bus.stats()).acked === 1, 'the ack');
      expect(await bus.stats()).toMatchObject({ delivered: 1, acked: 1 });
      await until(async () => (await blockedReads()) === 1, 'the consumer blocked again');
      await sub.close();
      await until(async () => (await blockedReads()) === 0, 'the blocked read ended');
    } finally {
      raw.disconnect();
      await bus.close();
    }
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

  it('redelivers at once the messages of a consumer whose heartbeat lapsed, and forgets its name', async () => {
    const bus = await RedisStreamsBus.connect({
      url: redis!.url,
      prefix: `${redis!.prefix}hb:`,
      maxDeliveries: 2,
    });
    const raw = new Redis(redis!.url);
    try {
      const { keys } = bus;
      const stream = keys.streams('hb')[2]!; // priority 3
      await (await bus.subscribe({ pattern: 'hb.#', group: 'hb', handler: async () => {} })).close();
      // A consumer of another process took two entries, then the process died: its heartbeat is in the past.
      const sent = await bus.publish({ topic: 'hb.job', payload: 'orphan' });
      await raw.xadd(
        stream,
        '*',
        'm',
        JSON.stringify({ ...sent, id: 'last-try', payload: 'last' }),
        'a',
        '1',
        'e',
        '[]',
      );
      await raw.xreadgroup('GROUP', 'hb', 'dead-1', 'COUNT', 10, 'STREAMS', stream, '>');
      const [seconds] = await raw.time();
      await raw.zadd(keys.consumers, Number(seconds) * 1000 - 1, 'hb dead-1');
      // A consumer name that holds nothing and has no heartbeat (left by an old version) is dropped too.
      await raw.xgroup('CREATECONSUMER', stream, 'hb', 'ghost');

      const got: Delivery[] = [];
      const started = performance.now();
      await bus.subscribe({ pattern: 'hb.#', group: 'hb', handler: async (d) => void got.push(d) });
      await until(() => got.length === 1, 'the redelivery');
      expect(performance.now() - started).toBeLessThan(2000);
      expect(got[0]).toMatchObject({ attempt: 2, message: { id: sent.id } });
      await until(async () => (await bus.dlq.count()) === 1, 'the dead letter of the last delivery');
      const [dl] = (await bus.dlq.list()).items;
      expect(dl).toMatchObject({ message: { id: 'last-try' }, deliveries: 2, reason: 'max-deliveries' });
      expect(dl!.errors.at(-1)).toMatchObject({ code: 'UNAVAILABLE', details: { consumer: 'dead-1' } });
      const names = async () => ((await raw.xinfo('CONSUMERS', stream, 'hb')) as string[][]).map((c) => c[1]);
      await until(async () => !(await names()).includes('ghost'), 'the ghost consumer to go');
      expect(await names()).not.toContain('dead-1');
      expect(await raw.zscore(keys.consumers, 'hb dead-1')).toBeNull();
    } finally {
      raw.disconnect();
      await bus.close();
    }
  });

  it('hands back at once the messages of a late consumer whose connection is gone, not of a late connected one', async () => {
    const bus = await RedisStreamsBus.connect({
      url: redis!.url,
      prefix: `${redis!.prefix}gone:`,
      heartbeatTimeoutMs: 10_000,
    });
    const raw = new Redis(redis!.url);
    try {
      const { keys } = bus;
      const stream = keys.streams('gone')[2]!;
      await (await bus.subscribe({ pattern: 'gone.#', group: 'gone', handler: async () => {} })).close();
      const killed = await bus.publish({ topic: 'gone.job', payload: 'killed' });
      await raw.xreadgroup('GROUP', 'gone', 'killed-1', 'COUNT', 1, 'STREAMS', stream, '>');
      await bus.publish({ topic: 'gone.job', payload: 'stuck' });
      await raw.xreadgroup('GROUP', 'gone', 'stuck-1', 'COUNT', 1, 'STREAMS', stream, '>');
      // Both beat 2 s ago (8 s before their heartbeats lapse): one's connection is gone, the other's is not.
      const [seconds] = await raw.time();
      const score = Number(seconds) * 1000 + 8000;
      await raw.zadd(keys.consumers, score, 'gone killed-1', score, 'gone stuck-1');
      await raw.hset(
        keys.consumerClients,
        'gone killed-1',
        '987654321',
        'gone stuck-1',
        String(await raw.client('ID')),
      );

      const got: Delivery[] = [];
      await bus.subscribe({ pattern: 'gone.#', group: 'gone', handler: async (d) => void got.push(d) });
      await until(() => got.length === 1, 'the redelivery');
      expect(got[0]).toMatchObject({ attempt: 2, message: { id: killed.id } });
      // The other is still pending on its (connected) consumer, untouched.
      const pending = (await raw.xpending(stream, 'gone', '-', '+', 10)) as Array<[string, string]>;
      expect(pending.map((p) => p[1])).toEqual(['stuck-1']);
      expect(await raw.zscore(keys.consumers, 'gone killed-1')).toBeNull();
    } finally {
      raw.disconnect();
      await bus.close();
    }
  });

  it("leaves a live consumer's slow handler alone well past the heartbeat timeout", async () => {
    const options = {
      url: redis!.url,
      prefix: `${redis!.prefix}slow:`,
      heartbeatMs: 20,
      heartbeatTimeoutMs: 60,
    };
    const a = await RedisStreamsBus.connect(options);
    const b = await RedisStreamsBus.connect(options);
    try {
      const seen: string[] = [];
      let finished = false;
      const handler = (who: string) => async () => {
        seen.push(who);
        if (who === 'a') await new Promise((r) => setTimeout(r, 600)); // ten heartbeat timeouts
        finished = true;
      };
      await a.subscribe({ pattern: 'slow.#', group: 'slow', handler: handler('a') });
      await a.publish({ topic: 'slow.job', payload: 1 });
      await until(() => seen.length === 1, 'the delivery');
      await b.subscribe({ pattern: 'slow.#', group: 'slow', handler: handler('b') });
      await until(() => finished, 'the slow handler');
      await until(async () => (await a.stats()).acked === 1, 'the ack');
      expect(seen).toEqual(['a']);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("removes a closed consumer's name and heartbeat from its group", async () => {
    const bus = await RedisStreamsBus.connect({ url: redis!.url, prefix: `${redis!.prefix}names:` });
    const raw = new Redis(redis!.url);
    try {
      const sub = await bus.subscribe({
        pattern: 'n.#',
        group: 'n',
        consumer: 'c-1',
        handler: async () => {},
      });
      await bus.publish({ topic: 'n.x', payload: 1 });
      await until(async () => (await bus.stats()).acked === 1, 'the ack');
      expect(await raw.zscore(bus.keys.consumers, 'n c-1')).not.toBeNull();
      await sub.close();
      for (const stream of bus.keys.streams('n'))
        expect((await raw.xinfo('CONSUMERS', stream, 'n')) as unknown[]).toEqual([]);
      expect(await raw.zscore(bus.keys.consumers, 'n c-1')).toBeNull();
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

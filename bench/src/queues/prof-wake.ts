// A profiling aid, not a bench cell: the Redis wake cell's open loop (ours vs BullMQ, alternating)
// with a trace of where each slow message spent its time — send lag, the Redis commands in flight,
// event-loop delay, GC — and Redis's own latency monitor, to find what sets the p99.
//   RATE=100 SECONDS=5 ROUNDS=3 node --import tsx --conditions=@waooaw/source bench/src/queues/prof-wake.ts
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { startRedis } from '@waooaw/server/testing';
import { waitUntil } from '../arrival.js';
import type { BenchContext } from '../context.js';
import { bullmqQueue } from './bullmq-queue.js';
import { redisQueue } from './ours-queues.js';
import type { QueueFactory } from './queue-system.js';

const rate = Number(process.env.RATE ?? 100);
const seconds = Number(process.env.SECONDS ?? 5);
const rounds = Number(process.env.ROUNDS ?? 3);
const worst = Number(process.env.WORST ?? 6);

interface Cmd {
  name: string;
  conn: string;
  sent: number;
  done: number;
}
const cmds: Cmd[] = [];
/** Per item: the command whose reply delivered it (the first reply that mentions it after publish). */
const delivering = new Map<number, Cmd>();
const flatten = (v: unknown): string =>
  Array.isArray(v) ? v.map(flatten).join(' ') : Buffer.isBuffer(v) ? v.toString() : String(v);
const gcs: Array<{ at: number; ms: number; kind: number }> = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries())
    gcs.push({
      at: e.startTime,
      ms: e.duration,
      kind: (e as { detail?: { kind?: number } }).detail?.kind ?? 0,
    });
}).observe({ entryTypes: ['gc'] });

// Every Redis command of every connection, with when it was written and when its reply arrived.
const proto = Redis.prototype as unknown as {
  sendCommand(this: Redis, command: { name: string; promise: Promise<unknown> }, ...rest: unknown[]): unknown;
};
const original = proto.sendCommand;
proto.sendCommand = function (command, ...rest) {
  const c: Cmd = {
    name: command.name,
    conn: this.options.connectionName ?? '',
    sent: performance.now(),
    done: NaN,
  };
  cmds.push(c);
  command.promise.then(
    (reply) => {
      c.done = performance.now();
      // The command whose reply carried item i to the consumer (XREADGROUP, busFetch, moveToActive).
      for (const m of flatten(reply).matchAll(/"i":(\d+)/g))
        if (!delivering.has(Number(m[1]))) delivering.set(Number(m[1]), c);
    },
    () => (c.done = performance.now()),
  );
  return original.call(this, command, ...rest);
};

const redis = await startRedis({ durable: true });
const admin = new Redis(redis.url);
await admin.config('SET', 'latency-monitor-threshold', '1');
await admin.config('SET', 'slowlog-log-slower-than', process.env.SLOW_US ?? '200');
const ctx = { redisUrl: redis.url } as BenchContext;

async function run(name: string, factory: QueueFactory, print = true) {
  const q = await factory();
  const total = rate * seconds;
  const intended = new Float64Array(total);
  const sendStart = new Float64Array(total);
  const sendDone = new Float64Array(total);
  const handled = new Float64Array(total);
  await q.consume(64, (i) => {
    if (i >= 0 && !handled[i]) handled[i] = performance.now();
  });
  await admin.latency('RESET');
  await admin.slowlog('RESET');
  cmds.length = 0;
  gcs.length = 0;
  delivering.clear();
  const redisCpu = async () => {
    const info = await admin.info('cpu');
    const f = (k: string) => Number(info.match(new RegExp(`${k}:([\\d.]+)`))?.[1] ?? 0);
    return f('used_cpu_sys') + f('used_cpu_user');
  };
  const cpu0 = process.cpuUsage();
  const rcpu0 = await redisCpu();
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
  const t0 = performance.now() + 5;
  const sends: Array<Promise<void>> = [];
  for (let i = 0; i < total; i++) {
    intended[i] = t0 + i * (1000 / rate);
    await waitUntil(intended[i]!);
    sendStart[i] = performance.now();
    sends.push(q.send(i).then(() => void (sendDone[i] = performance.now())));
  }
  await Promise.all(sends);
  const deadline = performance.now() + 5000;
  while (handled.some((h) => h === 0) && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 10));
  eld.disable();
  const cpu = process.cpuUsage(cpu0);
  const rcpu = (await redisCpu()) - rcpu0;
  const redisLatency = await admin.latency('LATEST');
  const slow = ((await admin.slowlog('GET', 100)) as Array<[number, number, number, string[]]>).map(
    ([, , us, args]) => `${args.slice(0, 2).join(' ').slice(0, 50)} ${us}µs`,
  );
  await q.close();
  if (!print) return;
  const lat = Array.from(handled, (h, i) => h - intended[i]!);
  const sorted = [...lat].sort((a, b) => a - b);
  const pick = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!.toFixed(2);
  const lines = [
    `${name}: p50 ${pick(0.5)} p99 ${pick(0.99)} max ${pick(1)} ms; event-loop delay p99 ${(eld.percentile(99) / 1e6).toFixed(2)} max ${(eld.max / 1e6).toFixed(2)} ms; CPU/msg node ${((cpu.user + cpu.system) / total).toFixed(0)} µs redis ${((rcpu * 1e6) / total).toFixed(0)} µs; GCs ${gcs.length}; redis latency ${JSON.stringify(redisLatency)}`,
  ];
  const order = lat.map((l, i) => [l, i] as const).sort((a, b) => b[0] - a[0]);
  for (const [l, i] of order.slice(0, worst)) {
    const from = intended[i]! - 1;
    const to = handled[i]! + 0.1;
    const rel = (t: number) => (t - intended[i]!).toFixed(2);
    const counts = new Map<string, number>();
    for (const c of cmds)
      if (c.sent < to && (Number.isNaN(c.done) || c.done > from)) {
        const k = `${c.conn ? 'blk' : 'main'}:${c.name}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
    const d = delivering.get(i);
    const overlap = [
      d
        ? `delivered by ${d.conn ? 'blk' : 'main'}:${d.name} sent ${rel(d.sent)} replied ${rel(d.done)}`
        : 'delivery unknown',
      `in flight: ${[...counts].map(([k, n]) => `${k}×${n}`).join(' ')}`,
    ];
    const gc = gcs
      .filter((g) => g.at < to && g.at + g.ms > from)
      .map((g) => `gc${g.kind}:${g.ms.toFixed(2)}`);
    lines.push(
      `  #${i} ${l.toFixed(2)} ms: send +${(sendStart[i]! - intended[i]!).toFixed(2)}, accepted +${(sendDone[i]! - intended[i]!).toFixed(2)}, handled +${(handled[i]! - intended[i]!).toFixed(2)} | ${gc.join(' ')} | ${overlap.join(' ')}`,
    );
  }
  const slowCounts = new Map<string, number>();
  for (const x of slow)
    slowCounts.set(x.replace(/ \d+µs$/, ''), (slowCounts.get(x.replace(/ \d+µs$/, '')) ?? 0) + 1);
  lines.push(
    `  slowlog: ${slow.slice(0, 8).join(', ')} | by command: ${[...slowCounts].map(([k, n]) => `${k}×${n}`).join(', ')}`,
  );
  lines[0] += `; first 3: ${lat
    .slice(0, 3)
    .map((l) => l.toFixed(2))
    .join(' ')}`;
  console.log(lines.join('\n'));
}

try {
  await run('ours', redisQueue(ctx), false);
  await run('bullmq', bullmqQueue(ctx), false);
  for (let r = 0; r < rounds; r++) {
    await run('ours', redisQueue(ctx));
    await run('bullmq', bullmqQueue(ctx));
  }
} finally {
  admin.disconnect();
  await redis.stop();
}

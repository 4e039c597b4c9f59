// A profiling aid, not a bench cell: the load test's path (durable in-process bus → wake → decide →
// deliver) without the bench's PostgreSQL/Redis start-up, printing CPU per event, latency, COMMITs
// and SQLite statements per event (COUNT=1 lists the most frequent statements with their native time
// per event).
//   N=5000 RATE=862 node --import tsx --conditions=@waooaw/source bench/src/agents/prof-load.ts
//   PROFILE=load.cpuprofile … (a CPU profile of the measured run only)
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MemoryBus } from '@waooaw/server/bus';
import { waitUntil } from '../arrival.js';
import { loadAgentDefinition, loadModels } from '../suites/load.js';
import { runtimeWithAgents } from './bench-agents.js';

const n = Number(process.env.N ?? 5000);
const rate = Number(process.env.RATE ?? 50_000 / 58);
const counting = process.env.COUNT === '1';
const statements = new Map<string, number>();
const spent = new Map<string, number>();
let executed = 0;
if (counting) {
  // Every statement better-sqlite3 runs (run/get/all/iterate) and every exec, by SQL text.
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
  probe.close();
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = proto[method] as (...args: unknown[]) => unknown;
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      executed++;
      // Document statements by collection (their first parameter), the rest by SQL text.
      const key = this.source.includes('"documents"')
        ? `${this.source.slice(0, 60)} [${String(args[0]).split(',')[0]}]`
        : this.source;
      statements.set(key, (statements.get(key) ?? 0) + 1);
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        spent.set(key, (spent.get(key) ?? 0) + performance.now() - started);
      }
    };
  }
  const dbProto = Database.prototype as unknown as Record<string, unknown>;
  const exec = dbProto.exec as (...args: unknown[]) => unknown;
  dbProto.exec = function (this: unknown, sql: string) {
    executed++;
    statements.set(sql, (statements.get(sql) ?? 0) + 1);
    const started = performance.now();
    try {
      return exec.call(this, sql);
    } finally {
      spent.set(sql, (spent.get(sql) ?? 0) + performance.now() - started);
    }
  };
}

const intended = new Float64Array(n);
const latencies: number[] = [];
const byEvent = new Float64Array(n);
let warmDone = () => {};
let resolveAll!: () => void;
const all = new Promise<void>((r) => (resolveAll = r));
const env = await runtimeWithAgents({
  dir: mkdtempSync(join(tmpdir(), 'prof-load-')),
  agents: Number(process.env.AGENTS ?? 200),
  models: loadModels(),
  synchronous: process.env.SYNC === 'NORMAL' ? 'NORMAL' : 'FULL',
  checkpoint: process.env.CHECKPOINT === 'inline' ? 'inline' : 'background',
  bus: (store) => MemoryBus.open({ outbox: store.busOutbox }),
  definition: loadAgentDefinition((i) => {
    if (i < 0) return warmDone();
    latencies.push(performance.now() - intended[i]!);
    byEvent[i] = performance.now() - intended[i]!;
    if (latencies.length === n) resolveAll();
  }),
});
// WARM=k: k events at the same rate first (not measured), to see the warm process apart from start-up.
const warm = Number(process.env.WARM ?? 0);
if (warm > 0) {
  let warmed = 0;
  const allWarm = new Promise<void>((r) => {
    warmDone = () => {
      if (++warmed === warm) r();
    };
  });
  const w0 = performance.now();
  for (let i = 0; i < warm; i++) {
    await waitUntil(w0 + (i * 1000) / rate);
    void env.bus!.publish({
      topic: 'load.event',
      payload: { i: -1 },
      headers: { 'target-instance': env.agentIds[i % env.agentIds.length]! },
    });
  }
  await allWarm;
}
statements.clear();
spent.clear();
executed = 0;
const { Session } = await import('node:inspector/promises');
const session = process.env.PROFILE ? new Session() : undefined;
session?.connect();
await session?.post('Profiler.enable');
await session?.post('Profiler.start');
// The main thread's own CPU (the process figure also counts GC helpers and the thread pool).
const mainTicks = () => {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
};
const m0 = mainTicks();
// Bytes this process had the kernel write (WAL frames, checkpoints): the disk's share of an event.
const written = () => Number(/write_bytes: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))![1]);
const w0 = written();
const wc0 = Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))![1]);
const c0 = env.store.commitStats()!;
const cpu0 = process.cpuUsage();
const t0 = performance.now() + 5;
// TICK=1 sends each millisecond what is due instead of turning the loop until each send time: the
// main thread's CPU per event is then the platform's alone (the turning sender never idles).
const tick = process.env.TICK === '1';
const keep = process.env.KEEP === '1';
const kept: Array<Promise<unknown>> = [];
for (let i = 0; i < n; i++) {
  intended[i] = t0 + (i * 1000) / rate;
  if (!tick) await waitUntil(intended[i]!);
  else if (intended[i]! > performance.now()) await new Promise((r) => setTimeout(r, 1));
  const sent = env.bus!.publish({
    topic: 'load.event',
    payload: { i },
    headers: { 'target-instance': env.agentIds[i % env.agentIds.length]! },
  });
  if (keep) kept.push(sent.catch(() => undefined));
  else void sent;
}
await all;
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const c1 = env.store.commitStats()!;
latencies.sort((a, b) => a - b);
const at = (q: number) => Number(latencies[Math.floor(n * q)]!.toFixed(1));
console.log(
  JSON.stringify({
    events: n,
    rate: Math.round(rate),
    wallS: Number((wallMs / 1000).toFixed(2)),
    cpuUsPerEvent: Math.round((cpu.user + cpu.system) / n),
    mainUsPerEvent: Math.round(((mainTicks() - m0) * 10_000) / n),
    diskKbPerEvent: Number(((written() - w0) / 1024 / n).toFixed(1)),
    writeKbPerEvent: Number(
      ((Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))![1]) - wc0) / 1024 / n).toFixed(1),
    ),
    mainBusy: Number(((mainTicks() - m0) / (wallMs / 10)).toFixed(2)),
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    commitsPerEvent: Number(((c1.commits - c0.commits) / n).toFixed(3)),
    unitsPerEvent: Number(((c1.units - c0.units) / n).toFixed(2)),
    deferredPerEvent: Number(((c1.deferred - c0.deferred) / n).toFixed(2)),
    ...(counting ? { statementsPerEvent: Number((executed / n).toFixed(2)) } : {}),
  }),
);
if (process.env.TIMELINE === '1') {
  // Max and median latency per tenth of the run, in send order: a backlog building vs. isolated stalls.
  const tenth = Math.floor(n / 10);
  const rows: string[] = [];
  for (let k = 0; k < 10; k++) {
    const part = Array.from(byEvent.subarray(k * tenth, (k + 1) * tenth)).sort((a, b) => a - b);
    rows.push(`${part[Math.floor(part.length / 2)]!.toFixed(0)}/${part[part.length - 1]!.toFixed(0)}`);
  }
  console.log(`timeline p50/max per tenth: ${rows.join(' ')}`);
}
if (counting)
  for (const [sql, count] of [...statements].sort((a, b) => b[1] - a[1]).slice(0, 40))
    console.log(
      `${(count / n).toFixed(2).padStart(6)} ${((spent.get(sql)! * 1000) / n).toFixed(1).padStart(6)}µs  ${sql.replace(/\s+/g, ' ').slice(0, 200)}`,
    );
if (session) {
  const { profile } = await session.post('Profiler.stop');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(process.env.PROFILE!, JSON.stringify(profile));
}
await env.close();

// A profiling aid, not a bench cell: the load test's path (durable in-process bus → wake → decide →
// deliver) without the bench's PostgreSQL/Redis start-up, printing CPU per event, latency, COMMITs
// and SQLite statements per event (COUNT=1 lists the most frequent statements).
//   N=5000 RATE=862 node --import tsx --conditions=@waooaw/source bench/src/agents/prof-load.ts
//   PROFILE=load.cpuprofile … (a CPU profile of the measured run only)
import { mkdtempSync } from 'node:fs';
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
        ? `${this.source.slice(0, 40)} [${String(args[0])}]`
        : this.source;
      statements.set(key, (statements.get(key) ?? 0) + 1);
      return original.apply(this, args);
    };
  }
  const dbProto = Database.prototype as unknown as Record<string, unknown>;
  const exec = dbProto.exec as (...args: unknown[]) => unknown;
  dbProto.exec = function (this: unknown, sql: string) {
    executed++;
    statements.set(sql, (statements.get(sql) ?? 0) + 1);
    return exec.call(this, sql);
  };
}

const intended = new Float64Array(n);
const latencies: number[] = [];
let resolveAll!: () => void;
const all = new Promise<void>((r) => (resolveAll = r));
const env = await runtimeWithAgents({
  dir: mkdtempSync(join(tmpdir(), 'prof-load-')),
  agents: Number(process.env.AGENTS ?? 200),
  models: loadModels(),
  synchronous: process.env.SYNC === 'NORMAL' ? 'NORMAL' : 'FULL',
  bus: (store) => MemoryBus.open({ outbox: store.busOutbox }),
  definition: loadAgentDefinition((i) => {
    latencies.push(performance.now() - intended[i]!);
    if (latencies.length === n) resolveAll();
  }),
});
statements.clear();
executed = 0;
const { Session } = await import('node:inspector/promises');
const session = process.env.PROFILE ? new Session() : undefined;
session?.connect();
await session?.post('Profiler.enable');
await session?.post('Profiler.start');
const c0 = env.store.commitStats()!;
const cpu0 = process.cpuUsage();
const t0 = performance.now() + 5;
for (let i = 0; i < n; i++) {
  intended[i] = t0 + (i * 1000) / rate;
  await waitUntil(intended[i]!);
  void env.bus!.publish({
    topic: 'load.event',
    payload: { i },
    headers: { 'target-instance': env.agentIds[i % env.agentIds.length]! },
  });
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
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    commitsPerEvent: Number(((c1.commits - c0.commits) / n).toFixed(3)),
    unitsPerEvent: Number(((c1.units - c0.units) / n).toFixed(2)),
    deferredPerEvent: Number(((c1.deferred - c0.deferred) / n).toFixed(2)),
    ...(counting ? { statementsPerEvent: Number((executed / n).toFixed(2)) } : {}),
  }),
);
if (counting)
  for (const [sql, count] of [...statements].sort((a, b) => b[1] - a[1]).slice(0, 40))
    console.log(`${(count / n).toFixed(2).padStart(6)}  ${sql.replace(/\s+/g, ' ').slice(0, 200)}`);
if (session) {
  const { profile } = await session.post('Profiler.stop');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(process.env.PROFILE!, JSON.stringify(profile));
}
await env.close();

// A profiling aid, not a bench cell: N decisions at RATE/s (default 1,000) over 200 hired agents on
// SQLite, two rounds (the second warm), printing latency from the intended start and commits per round.
//   N=3000 AGENTS=200 DELAY=0 SYNC=FULL node --import tsx --conditions=@waooaw/source --cpu-prof bench/src/agents/prof-decisions.ts
// RATE=0 runs the decisions one after another (closed loop): every unit commits on its own, so CPU
// per decision is comparable between trees on a busy machine, where an open loop saturates and its
// decisions share group commits in proportions that depend on the load.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntil } from '../arrival.js';
import { runtimeWithAgents, TimedModel } from './bench-agents.js';

const model = new TimedModel(Number(process.env.DELAY ?? 0));
const env = await runtimeWithAgents({
  dir: mkdtempSync(join(tmpdir(), 'prof-')),
  agents: Number(process.env.AGENTS ?? 200),
  models: model,
  synchronous: process.env.SYNC === 'NORMAL' ? 'NORMAL' : 'FULL',
});
const n = Number(process.env.N ?? 3000);
const interval = 1000 / Number(process.env.RATE ?? 1000);
const closedLoop = interval === Infinity;
// PROFILE=file.cpuprofile: a CPU profile of the measured rounds only (not the hiring before them).
const { Session } = await import('node:inspector/promises');
const session = process.env.PROFILE ? new Session() : undefined;
session?.connect();
await session?.post('Profiler.enable');
await session?.post('Profiler.start');
for (let round = 0; round < 2; round++) {
  const c0 = env.store.commitStats()!;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const latencies: number[] = [];
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < n; i++) {
    if (closedLoop) await pending.at(-1);
    const intended = closedLoop ? performance.now() : t0 + i * interval;
    if (!closedLoop) await waitUntil(intended);
    const agent = env.agentIds[i % env.agentIds.length]!;
    pending.push(
      env.runtime
        .decide(agent, { kind: 'review', subject: `c-${round}-${i}`, facts: { i }, fresh: true })
        .then(() => void latencies.push(performance.now() - intended)),
    );
  }
  await Promise.all(pending);
  const wallMs = performance.now() - t0;
  latencies.sort((a, b) => a - b);
  const c1 = env.store.commitStats()!;
  const cpu = process.cpuUsage(cpu0);
  const at = (q: number) => latencies[Math.floor(n * q)]!.toFixed(2);
  console.log(
    JSON.stringify({
      round,
      decisions: n,
      wallMs: Math.round(wallMs),
      commits: c1.commits - c0.commits,
      units: c1.units - c0.units,
      syncs: c1.syncs - c0.syncs,
      cpuUsPerDecision: Math.round((cpu.user + cpu.system) / n),
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
    }),
  );
}
if (session) {
  const { profile } = await session.post('Profiler.stop');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(process.env.PROFILE!, JSON.stringify(profile));
}
await env.close();

// The plan's load test: agent decisions end to end on the embedded platform — events published on
// the durable in-process bus (SQLite outbox) → the runtime wakes the addressed agent → it decides
// through the tiers (offline scripted provider) → it stores a deliverable. Open loop just above the
// goal's rate (50,000 in 58 s against 60 s, see RATE); latency from the event's intended send time to
// the stored deliverable; wall time from the first send to the last deliverable. Events are sent on
// timer turns (`waitTimer`): a sender that turned the event loop between sends would take the thread
// the platform runs on, and a late send only adds to the measured latency.
import { MemoryBus } from '@waooaw/server/bus';
import { OfflineScriptedProvider } from '@waooaw/server/models';
import type { AgentDefinition } from '@waooaw/server/runtime';
import { runtimeWithAgents } from '../agents/bench-agents.js';
import { waitTimer } from '../arrival.js';
import type { BenchContext } from '../context.js';
import { createLatencyRecorder, type CellSpec, type Runner } from '../harness.js';

const DECISION = {
  approved: true,
  reason: 'Meets the review checklist for synthetic load.',
  confidence: 0.9,
  citations: ['checklist:1'],
};

/**
 * Arrival rate: the goal's 50,000 events in 60 s, offered within 58 s. Offered at exactly the goal's
 * rate, the last event would be sent at 59.999 s and the wall time could only meet "≤ 60 s" if it
 * took under 1.2 ms; 2 s of slack (3.4 % more load) makes the goal reachable by a system that keeps pace.
 * `BENCH_LOAD_PACE=2` offers issue 18's 2× pace the same way: 50,000 in 29 s against 30 s (1,724/s).
 * `BENCH_LOAD_RATE` sets any other rate; the goal's wall time is the 2× one above the plan's pace.
 */
const PACE = Number(process.env.BENCH_LOAD_PACE ?? 1);
const RATE = Number(process.env.BENCH_LOAD_RATE ?? (PACE * 50_000) / 58);
/** The goal's wall time for `events`: the plan's 60 s per 50,000, or 30 s per 50,000 at the 2× pace. */
const goalSeconds = (events: number) => ((RATE > 50_000 / 58 ? 30 : 60) * events) / 50_000;

/** The offline model every load-test decision goes to. */
export const loadModels = () =>
  new OfflineScriptedProvider({ script: [{ match: /^Decision:/, object: DECISION }] });

/** The load test's agent: each `load.event` wake decides its case and stores a note; `done(i)` after. */
export function loadAgentDefinition(done: (i: number) => void): Partial<AgentDefinition> {
  return {
    triggers: [{ kind: 'event', pattern: 'load.event', name: 'load' }],
    async onWake(agent, wake) {
      const i = (wake.event?.payload as { i: number }).i;
      const receipt = await agent.decide({
        kind: 'review',
        subject: `load case ${i}`,
        facts: { i },
        fresh: true,
      });
      await agent.deliver({
        type: 'review-note',
        title: `Review of case ${i}`,
        mimeType: 'text/plain',
        content: `${receipt.approved ? 'Approved' : 'Not approved'}: ${receipt.reason}`,
        producedBy: receipt.offline ? 'offline' : 'model',
      });
      done(i);
    },
  };
}

/** The largest latency in each tenth of the run (in send order), rounded to ms. */
function tenthMaxima(latencies: Float64Array): number[] {
  const size = Math.max(1, Math.floor(latencies.length / 10));
  const maxima: number[] = [];
  for (let start = 0; start < latencies.length; start += size)
    maxima.push(Math.round(Math.max(...latencies.subarray(start, start + size))));
  return maxima;
}

export function loadTestRunner(ctx: BenchContext, events: number, agents: number, capMs: number): Runner {
  return async () => {
    const rate = RATE;
    const intended = new Float64Array(events);
    const latency = createLatencyRecorder();
    // Per event, to tell a backlog at start-up from stalls spread over the run (`tenths` in details).
    const byEvent = new Float64Array(events);
    let delivered = 0;
    let lastDone = 0;
    let resolveAll!: () => void;
    const all = new Promise<void>((r) => (resolveAll = r));
    const models = loadModels();
    const env = await runtimeWithAgents({
      dir: ctx.tmpDir(),
      agents,
      models,
      synchronous: (process.env.BENCH_LOAD_SYNC as 'FULL' | 'NORMAL' | undefined) ?? 'FULL',
      checkpoint: process.env.BENCH_LOAD_CHECKPOINT === 'inline' ? 'inline' : 'background',
      bus: (store) => MemoryBus.open({ outbox: store.busOutbox }),
      definition: loadAgentDefinition((i) => {
        lastDone = performance.now();
        byEvent[i] = lastDone - intended[i]!;
        latency.recordMs(byEvent[i]);
        if (++delivered === events) resolveAll();
      }),
    });
    try {
      const bus = env.bus!;
      const t0 = performance.now() + 5;
      let sendErrors = 0;
      const sends: Array<Promise<unknown>> = [];
      for (let i = 0; i < events; i++) {
        intended[i] = t0 + (i * 1000) / rate;
        await waitTimer(intended[i]!);
        sends.push(
          bus
            .publish({
              topic: 'load.event',
              payload: { i },
              headers: { 'target-instance': env.agentIds[i % env.agentIds.length]! },
            })
            .catch(() => void sendErrors++),
        );
      }
      await Promise.all(sends);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        all,
        new Promise<void>((r) => (timer = setTimeout(r, Math.max(0, t0 + capMs - performance.now())))),
      ]);
      clearTimeout(timer);
      const s = latency.summaryMs();
      ctx.log(`  load: largest latency per tenth of the run (ms) ${tenthMaxima(byEvent).join(' ')}`);
      const wallS = ((delivered === events ? lastDone : performance.now()) - t0) / 1000;
      return {
        value: wallS,
        extra: {
          events,
          delivered,
          p50ms: s.p50,
          p95ms: s.p95,
          p99ms: s.p99,
          perSecond: delivered / wallS,
          sendErrors,
        },
      };
    } finally {
      await env.close();
    }
  };
}

/**
 * Events run before the measured runs, on a platform of their own that is then thrown away, at the
 * same pace: they warm the process (compiled code), not the measured platform's store or caches.
 * `BENCH_LOAD_WARMUP=0` measures a cold process.
 */
const WARMUP = Number(process.env.BENCH_LOAD_WARMUP ?? 5000);

export function loadCells(ctx: BenchContext): CellSpec[] {
  const events = Number(process.env.BENCH_LOAD_EVENTS ?? (ctx.quick ? 1000 : 50_000));
  const agents = 200;
  const cap = ctx.quick ? 90_000 : 1_800_000;
  const warmup = Math.min(WARMUP, events);
  return [
    {
      id: 'load.decisions-end-to-end',
      suite: 'load',
      metric: `Load test: ${events.toLocaleString('en-US')} events → decisions → deliverables, ${agents} agents, embedded (wall time; p95 in details)`,
      unit: 's',
      higherIsBetter: false,
      goal: {
        absolute: goalSeconds(events),
        extraAtMost: { p95ms: 50 },
        text: `≤ ${goalSeconds(events).toFixed(0)} s (p95 ≤ 50 ms)`,
      },
      repeats: ctx.quick ? 1 : 2,
      // The harness's warm-up round would be a whole second run; a shorter one on a throwaway platform
      // warms the process (JIT) the same way, as every other cell is warmed.
      noWarmup: true,
      ...(warmup > 0
        ? { setup: () => loadTestRunner(ctx, warmup, agents, cap)().then(() => undefined) }
        : {}),
      notes: `open loop at ${RATE.toFixed(0)} events/s (${RATE > 50_000 / 58 ? `issue 18's 2× pace (BENCH_LOAD_PACE=2): 50,000 offered in 29 s against the goal's ${goalSeconds(events).toFixed(0)} s` : "50,000 offered in 58 s against the goal's 60 s"}); embedded default: SQLite WAL synchronous=FULL, durable in-process bus, offline scripted provider; each event wakes its agent, which decides and stores a deliverable. Capped at ${cap / 1000} s. ${warmup > 0 ? `Measured after ${warmup.toLocaleString('en-US')} warm-up events on a throwaway platform in the same process (BENCH_LOAD_WARMUP=0: cold). ` : 'Cold process (no warm-up). '}${ctx.quick ? 'Quick mode sends fewer events (the full run sends 50,000).' : ''}`,
      ours: loadTestRunner(ctx, events, agents, cap),
    },
  ];
}

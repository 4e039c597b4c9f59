// The agent runtime: platform overhead per decision (decision latency − model time) at a fixed
// arrival rate of decisions over 200 → 10,000 hired agents, with an instant and a 200 ms model;
// the hot-path cost of the common components against a bare model call; and the memory that
// 10,000 idle hired agents take (measured in a child process).
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { AgentRuntime } from '@waooaw/server/runtime';
import { OfflineScriptedProvider } from '@waooaw/server/models';
import type { ModelProvider, ModelRequest } from '@waooaw/server/models';
import { OpenAiCompatibleProvider } from '@waooaw/server/models';
import { CacheHierarchy } from '@waooaw/server/components';
import { FairShareQueue } from '@waooaw/server/components';
import { SlidingWindowRateLimiter } from '@waooaw/server/components';
import { createKillSwitch } from '@waooaw/server/components';
import { createResiliencePolicy } from '@waooaw/server/components';
import { systemClock } from '@waooaw/server/clock';
import { runtimeWithAgents, TimedModel } from '../agents/bench-agents.js';
import { runNodeJson, serveChild } from '../child.js';
import { waitUntil } from '../arrival.js';
import type { BenchContext } from '../context.js';
import { createLatencyRecorder, type CellSpec, type Runner } from '../harness.js';

/** Open loop of `rate` decisions/s for `durationMs`, each by a random hired agent; p95 of platform overhead. */
async function decisionLoad(
  runtime: AgentRuntime,
  agentIds: string[],
  model: TimedModel,
  rate: number,
  durationMs: number,
  drainMs: number,
  tag: string,
) {
  const overhead = createLatencyRecorder();
  const total = createLatencyRecorder();
  const n = Math.round((rate * durationMs) / 1000);
  const interval = 1000 / rate;
  const t0 = performance.now() + 5;
  const pending: Array<Promise<void>> = [];
  let failed = 0;
  let late = 0;
  const deadline = t0 + durationMs + drainMs;
  for (let i = 0; i < n; i++) {
    const intended = t0 + i * interval;
    await waitUntil(intended);
    const caseId = `${tag}-${i}`;
    const agent = agentIds[Math.floor(Math.random() * agentIds.length)]!;
    pending.push(
      runtime.decide(agent, { kind: 'review', subject: caseId, facts: { i }, fresh: true }).then(
        () => {
          const ms = performance.now() - intended;
          total.recordMs(ms);
          overhead.recordMs(Math.max(0, ms - (model.modelMs.get(caseId) ?? 0)));
          model.modelMs.delete(caseId);
        },
        () => void failed++,
      ),
    );
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(pending),
    new Promise<void>((r) => (timer = setTimeout(r, Math.max(0, deadline - performance.now())))),
  ]);
  clearTimeout(timer);
  const done = overhead.summaryMs().count;
  if (done + failed < n) {
    // Not finished by the deadline: counted at the deadline (a lower bound), as in the open-loop harness.
    late = n - done - failed;
    for (let i = 0; i < late; i++) overhead.recordMs(performance.now() - t0 - durationMs);
  }
  const o = overhead.summaryMs();
  const t = total.summaryMs();
  // Decisions still running must finish before the next run, or they would load it.
  await Promise.all(pending);
  return {
    value: o.p95,
    extra: {
      overheadP50: o.p50,
      overheadP95: o.p95,
      overheadP99: o.p99,
      totalP50: t.p50,
      totalP95: t.p95,
      decisions: n,
      late,
      failed,
    },
  };
}

function decisionCell(ctx: BenchContext, agents: number, modelDelayMs: number): CellSpec {
  const rate = 1000;
  const dur = ctx.quick ? 1000 : 5000;
  const drain = ctx.quick ? 10_000 : 60_000;
  let env: Awaited<ReturnType<typeof runtimeWithAgents>> | undefined;
  const model = new TimedModel(modelDelayMs);
  let run = 0;
  return {
    id: `agents.decision-overhead-${agents}-${modelDelayMs ? `${modelDelayMs}ms` : 'instant'}`,
    suite: 'agents',
    metric: `Platform overhead per decision p95, ${agents} agents, ${modelDelayMs ? `${modelDelayMs} ms` : 'instant'} model, ${rate}/s open loop`,
    unit: 'ms',
    higherIsBetter: false,
    goal: { absolute: 5, text: 'p95 ≤ 5 ms' },
    notes: `embedded default: SQLite WAL synchronous=FULL; every decision goes to the model tier (fresh: no cache/memory) and stores its receipt, budget reservation and memory; overhead = decision latency − time inside the model; model concurrency 256; ${dur / 1000} s at ${rate}/s, undecided after ${drain / 1000} s counted at that bound.`,
    async setup() {
      env = await runtimeWithAgents({ dir: ctx.tmpDir(), agents, models: model, synchronous: 'FULL' });
    },
    async teardown() {
      await env?.close();
    },
    ours: async () => decisionLoad(env!.runtime, env!.agentIds, model, rate, dur, drain, `r${++run}`),
  };
}

/**
 * The components a decision passes on its hot path around one model call — kill switch, L1 cache
 * miss, sliding-window rate limit, fair-share slot, the runtime's model policy (breaker; the deadline
 * is the provider's own) — against the same call made bare; median per-call latency of each.
 */
function overheadRunner(provider: ModelProvider, calls: number): { run: Runner } {
  const request: ModelRequest = {
    messages: [{ role: 'user', content: 'Decision: review\nCase: c-1' }],
    maxTokens: 64,
  };
  const killSwitch = createKillSwitch();
  const cache = new CacheHierarchy({ clock: systemClock, killSwitch });
  const limiter = new SlidingWindowRateLimiter({ clock: systemClock, killSwitch });
  limiter.setLimit('agent:bench', 1_000_000_000);
  const fair = new FairShareQueue({ capacity: 64 });
  // As the agent runtime configures its model policy (the deadline is the provider's own).
  const policy = createResiliencePolicy({
    name: 'bench',
    retry: false,
    breaker: { kind: 'consecutive', threshold: 5, halfOpenAfterMs: 60_000 },
    clock: systemClock,
    killSwitch,
  });
  let seq = 0;
  const bare = async () => {
    await provider.generate(request);
  };
  const wrapped = async () => {
    if (killSwitch.isDisabled('model')) throw new Error('switched off');
    if ((await cache.get(`decision:bench:${seq++}`)) !== undefined) return;
    if (!limiter.tryAcquire('agent:bench').allowed) throw new Error('rate limited');
    const release = await fair.acquire('medium');
    try {
      await policy.execute((signal) => provider.generate(signal ? { ...request, signal } : request));
    } finally {
      release();
    }
  };
  // Per call, alternating which goes first; medians, so GC pauses and scheduler noise (a loopback
  // call varies by ±100 µs between runs) do not decide the comparison.
  const median = (xs: Float64Array) => {
    const sorted = Float64Array.from(xs).sort();
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  return {
    run: async () => {
      const bareUs = new Float64Array(calls);
      const wrappedUs = new Float64Array(calls);
      for (let i = 0; i < calls; i++) {
        for (const which of i % 2 ? ['wrapped', 'bare'] : ['bare', 'wrapped']) {
          const t0 = performance.now();
          if (which === 'bare') await bare();
          else await wrapped();
          (which === 'bare' ? bareUs : wrappedUs)[i] = (performance.now() - t0) * 1000;
        }
      }
      const b = median(bareUs);
      const w = median(wrappedUs);
      return {
        value: ((w - b) / b) * 100,
        extra: { bareUs: b, wrappedUs: w, overheadUs: w - b },
      };
    },
  };
}

function componentOverheadCells(ctx: BenchContext): CellSpec[] {
  const components =
    'kill switch, L1 cache miss, rate limit, fair-share slot, breaker, as the runtime configures them';
  let server: ChildProcess | undefined;
  let overHttp: Runner = async () => ({ value: NaN });
  const inProcess = overheadRunner(new OfflineScriptedProvider(), ctx.quick ? 20_000 : 100_000);
  return [
    {
      id: 'agents.component-overhead',
      suite: 'agents',
      metric: `Hot-path component overhead around one model call (${components}) vs the bare call, OpenAI-compatible adapter over loopback`,
      unit: '%',
      higherIsBetter: false,
      goal: { absolute: 5, text: '< 5 %' },
      notes: `bare call = OpenAiCompatibleProvider.generate() (official SDK) against the fake OpenAI server (real wire protocol) in a child process on loopback — the cheapest real model call there is; ${ctx.quick ? 3000 : 10_000} calls per repeat, bare and wrapped alternating call by call; medians. Budget reservations are durable writes and are in the decision-overhead cells instead.`,
      async setup() {
        const started = await serveChild(
          join(import.meta.dirname, '..', 'agents', 'model-server-child.ts'),
          [],
        );
        server = started.child;
        const provider = new OpenAiCompatibleProvider({
          name: 'loopback',
          baseUrl: String(started.info.baseUrl),
          model: 'gpt-4o-mini',
        });
        overHttp = overheadRunner(provider, ctx.quick ? 3000 : 10_000).run;
      },
      async teardown() {
        server?.kill('SIGTERM');
      },
      ours: () => overHttp(),
    },
    {
      id: 'agents.component-overhead-in-process',
      suite: 'agents',
      metric: `Hot-path component overhead (${components}) around the in-process offline provider (context: a ~5 µs "model")`,
      unit: '%',
      higherIsBetter: false,
      notes:
        "bare call = the offline scripted provider's generate(), a few microseconds of string work, so the same absolute overhead is a large share; no goal (the goal is judged against a real model call above). overheadUs is the absolute cost per call.",
      ours: inProcess.run,
    },
  ];
}

function idleMemoryCell(ctx: BenchContext): CellSpec {
  const agents = 10_000;
  return {
    id: 'agents.idle-10k-memory',
    suite: 'agents',
    metric: `Resident memory with ${agents.toLocaleString('en-US')} idle hired agents (whole process, after GC)`,
    unit: 'MiB',
    higherIsBetter: false,
    goal: { absolute: 1024, text: '≤ 1 GiB' },
    repeats: ctx.quick ? 1 : 3,
    noWarmup: true,
    notes:
      'child process: runtime over SQLite (NORMAL during hiring), agents hired and started (schedules armed), then GC; baseline = same process before hiring.',
    ours: async () => {
      const r = await runNodeJson<{
        rssMiB: number;
        heapMiB: number;
        baselineRssMiB: number;
        perAgentKiB: number;
      }>(join(import.meta.dirname, '..', 'agents', 'idle-agents-child.ts'), [ctx.tmpDir(), String(agents)], {
        timeoutMs: 600_000,
        execArgv: ['--expose-gc'],
      });
      return {
        value: r.rssMiB,
        extra: { heapMiB: r.heapMiB, baselineRssMiB: r.baselineRssMiB, perAgentKiB: r.perAgentKiB },
      };
    },
  };
}

export function agentCells(ctx: BenchContext): CellSpec[] {
  const sizes = ctx.quick ? [200, 10_000] : [200, 1000, 10_000];
  const cells: CellSpec[] = [];
  for (const n of sizes) cells.push(decisionCell(ctx, n, 0));
  for (const n of ctx.quick ? [200] : [200, 10_000]) cells.push(decisionCell(ctx, n, 200));
  cells.push(...componentOverheadCells(ctx), idleMemoryCell(ctx));
  return cells;
}

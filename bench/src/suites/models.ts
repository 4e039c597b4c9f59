// Model-call batching and the warm pool against their plain paths, in the same run: coalesced vs
// plain chat calls (identical and distinct), micro-batched vs one-by-one embeddings, both against the
// fake OpenAI server in a child process with a fixed latency and a few parallel slots; and decision
// latency with the warm pool of instances' decision state on vs off.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { systemClock } from '@waooaw/server/clock';
import {
  BatchingEmbedder,
  CoalescingModelProvider,
  OfflineScriptedProvider,
  OpenAiCompatibleProvider,
} from '@waooaw/server/models';
import type { AgentRuntime } from '@waooaw/server/runtime';
import { runtimeWithAgents } from '../agents/bench-agents.js';
import { serveChild } from '../child.js';
import type { BenchContext } from '../context.js';
import { createLatencyRecorder, type CellSpec, type Runner } from '../harness.js';

/** The fake model server: each call takes this long, and it serves this many at once. */
const MODEL_MS = 50;
const MODEL_SLOTS = 8;
/** Requests sent at once per round. */
const BURST = 64;

/** A loopback model server shared by the cells of this suite (started by the first cell's setup). */
function modelServer() {
  let child: ChildProcess | undefined;
  let baseUrl = '';
  let users = 0;
  return {
    async acquire(): Promise<string> {
      users++;
      if (!child) {
        const started = await serveChild(join(import.meta.dirname, '..', 'agents', 'model-server-child.ts'), [
          String(MODEL_MS),
          String(MODEL_SLOTS),
        ]);
        child = started.child;
        baseUrl = String(started.info.baseUrl);
      }
      return baseUrl;
    },
    release(): void {
      if (--users === 0) {
        child?.kill('SIGTERM');
        child = undefined;
      }
    },
  };
}

/**
 * `rounds` bursts of BURST concurrent calls; requests/s over the whole run, latency per request, and
 * the HTTP calls that reached the server per burst (counted by the caller's `calls()`).
 */
function burstRunner(
  rounds: number,
  send: (round: number, i: number) => Promise<unknown>,
  calls: () => number,
): Runner {
  return async () => {
    const latency = createLatencyRecorder();
    const before = calls();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let r = 0; r < rounds; r++) {
      await Promise.all(
        Array.from({ length: BURST }, async (_, i) => {
          const s = performance.now();
          await send(r, i);
          latency.recordMs(performance.now() - s);
        }),
      );
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const l = latency.summaryMs();
    return {
      value: (rounds * BURST) / seconds,
      extra: {
        p50Ms: l.p50,
        p95Ms: l.p95,
        modelCallsPerBurst: (calls() - before) / rounds,
        // This process's CPU per request (the model server is another process): steadier than wall time.
        cpuUsPerRequest: (cpu.user + cpu.system) / (rounds * BURST),
      },
    };
  };
}

/** Counts the HTTP calls a provider makes (each generate/embed is one POST). */
function counted<T extends object>(
  target: T,
  method: 'generate' | 'embed',
): { provider: T; calls: () => number } {
  let n = 0;
  const provider = new Proxy(target, {
    get(t, p, r) {
      const v = Reflect.get(t, p, r) as unknown;
      if (p !== method || typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        n++;
        return (v as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
  return { provider, calls: () => n };
}

function chatCells(ctx: BenchContext, server: ReturnType<typeof modelServer>): CellSpec[] {
  const rounds = ctx.quick ? 5 : 20;
  const cells: CellSpec[] = [];
  for (const identical of [true, false]) {
    let ours: Runner = async () => ({ value: NaN });
    let plain: Runner = async () => ({ value: NaN });
    const request = (r: number, i: number) => ({
      messages: [
        { role: 'user' as const, content: identical ? `Case: round ${r}` : `Case: round ${r} item ${i}` },
      ],
      temperature: 0,
      maxTokens: 64,
      partition: 'tenant:bench',
    });
    cells.push({
      id: `models.chat-${identical ? 'identical' : 'distinct'}`,
      suite: 'models',
      metric: `Chat requests/s, ${BURST} concurrent ${identical ? 'identical' : 'distinct'} requests of one tenant, coalesced vs plain (model: ${MODEL_MS} ms per call, ${MODEL_SLOTS} parallel slots)`,
      unit: 'req/s',
      higherIsBetter: true,
      goal: identical
        ? { ratio: 4, versus: 'plain', text: `≥ 4× plain (one model call per burst instead of ${BURST})` }
        : { ratio: 0.9, versus: 'plain', text: 'no worse than plain (≥ 0.9×): nothing to coalesce' },
      notes: `OpenAiCompatibleProvider (official SDK) against the fake OpenAI server in a child process on loopback; ${rounds} bursts per repeat; modelCallsPerBurst = HTTP calls that reached the server. Chat completions have no synchronous batch in the wire protocol, so distinct requests are not batched.`,
      async setup() {
        const baseUrl = await server.acquire();
        const direct = counted(
          new OpenAiCompatibleProvider({ name: 'loopback', baseUrl, model: 'gpt-4o-mini' }),
          'generate',
        );
        const coalescing = new CoalescingModelProvider(direct.provider);
        ours = burstRunner(rounds, (r, i) => coalescing.generate(request(r, i)), direct.calls);
        plain = burstRunner(rounds, (r, i) => direct.provider.generate(request(r, i)), direct.calls);
      },
      async teardown() {
        server.release();
      },
      ours: () => ours(),
      peers: { plain: () => plain() },
    });
  }
  return cells;
}

function embeddingCell(ctx: BenchContext, server: ReturnType<typeof modelServer>): CellSpec {
  const rounds = ctx.quick ? 5 : 20;
  let ours: Runner = async () => ({ value: NaN });
  let plain: Runner = async () => ({ value: NaN });
  const request = (r: number, i: number) => ({
    input: [`ticket ${r}-${i}: parcel arrived damaged`],
    partition: 'tenant:bench',
  });
  return {
    id: 'models.embeddings-batched',
    suite: 'models',
    metric: `Embedding requests/s, ${BURST} concurrent single-text requests of one tenant, micro-batched (5 ms window) vs one call each (model: ${MODEL_MS} ms per call, ${MODEL_SLOTS} parallel slots)`,
    unit: 'req/s',
    higherIsBetter: true,
    goal: { ratio: 4, versus: 'plain', text: '≥ 4× one-by-one' },
    notes: `OpenAiCompatibleProvider.embed (POST /v1/embeddings with an array input) against the fake server on loopback; BatchingEmbedder maxWaitMs 5, maxSize 64; ${rounds} bursts per repeat.`,
    async setup() {
      const baseUrl = await server.acquire();
      const direct = counted(new OpenAiCompatibleProvider({ name: 'loopback', baseUrl }), 'embed');
      const batched = new BatchingEmbedder(direct.provider, {
        clock: systemClock,
        maxWaitMs: 5,
        maxSize: 64,
      });
      ours = burstRunner(rounds, (r, i) => batched.embed(request(r, i)), direct.calls);
      plain = burstRunner(rounds, (r, i) => direct.provider.embed(request(r, i)), direct.calls);
    },
    async teardown() {
      server.release();
    },
    ours: () => ours(),
    peers: { plain: () => plain() },
  };
}

/**
 * Decisions answered from memory (a remembered case), one at a time: the memory index of the agent
 * comes from the warm pool, or — pool off — from the store on every decision.
 */
function warmPoolCell(ctx: BenchContext): CellSpec {
  const agents = 200;
  const remembered = 200;
  const decisions = ctx.quick ? 400 : 2000;
  const runtimes: Array<{ runtime: AgentRuntime; agentIds: string[]; close(): Promise<void> }> = [];
  const measure = (variant: number): Runner => {
    let round = 0;
    return async () => {
      const { runtime, agentIds } = runtimes[variant]!;
      const latency = createLatencyRecorder();
      const cpu0 = process.cpuUsage();
      round++;
      for (let d = 0; d < decisions; d++) {
        const a = Math.floor(Math.random() * agents);
        const k = Math.floor(Math.random() * remembered);
        const s = performance.now();
        // A new case id each time misses the decision cache; the subject matches a remembered one.
        const receipt = await runtime.decide(agentIds[a]!, {
          kind: 'review',
          subject: `refund request ${k} for order ${a} (damaged parcel)`,
          facts: { round, d },
        });
        latency.recordMs(performance.now() - s);
        if (receipt.method !== 'memory' && receipt.method !== 'cache')
          throw new Error(`decided by ${receipt.method}`);
      }
      const cpu = process.cpuUsage(cpu0);
      const l = latency.summaryMs();
      return {
        value: l.p95,
        extra: { p50Ms: l.p50, p99Ms: l.p99, cpuUsPerDecision: (cpu.user + cpu.system) / decisions },
      };
    };
  };
  return {
    id: 'models.warm-pool-decisions',
    suite: 'models',
    metric: `Decision latency p95, ${agents} agents × ${remembered} remembered decisions, answered from memory: warm pool vs off (cold: the store on every decision)`,
    unit: 'ms',
    higherIsBetter: false,
    goal: { ratio: 1, versus: 'cold', text: 'at most the cold path (≤ 1×)' },
    notes: `runtime over SQLite (synchronous=FULL); ${decisions} decisions per repeat, one at a time, random agent and remembered case; facts differ each time so the decision cache misses and the memory tier answers. Warm: WarmPool of 10,000 instances (the default), version check every 1 s.`,
    async setup() {
      for (const maxInstances of [10_000, 0]) {
        const r = await runtimeWithAgents({
          dir: ctx.tmpDir(),
          agents,
          models: new OfflineScriptedProvider(),
          synchronous: 'FULL',
          warmPool: { maxInstances },
        });
        await r.store.transaction(async (tx) => {
          for (const [a, agentId] of r.agentIds.entries())
            for (let k = 0; k < remembered; k++) {
              const decisionId = `seed-${a}-${k}`;
              await tx.decisionMemory.insert({
                id: decisionId,
                tenantId: null,
                data: {
                  decisionId,
                  agentId,
                  kind: 'review',
                  subject: `refund request ${k} for order ${a} (damaged parcel)`,
                  outcome: { approved: true, reason: 'seen before', confidence: 0.9, citations: [] },
                  at: Date.now(),
                },
              });
            }
        });
        runtimes.push(r);
      }
    },
    async teardown() {
      for (const r of runtimes.splice(0)) await r.close();
    },
    ours: measure(0),
    peers: { cold: measure(1) },
  };
}

export function modelCells(ctx: BenchContext): CellSpec[] {
  const server = modelServer();
  return [...chatCells(ctx, server), embeddingCell(ctx, server), warmPoolCell(ctx)];
}

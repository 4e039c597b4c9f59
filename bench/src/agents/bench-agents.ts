// The agent type and model used by the decision-loop, memory and load-test cells: a minimal agent
// whose decisions go to the model tier, and a fake model that answers after a fixed delay and
// records how long each call took so that platform overhead = decision latency − model time.
import { join } from 'node:path';
import { createAgentRuntime, type AgentRuntime } from '@waooaw/server/runtime';
import type { AgentDefinition } from '@waooaw/server/runtime';
import type { Bus } from '@waooaw/server/bus';
import { systemClock } from '@waooaw/server/clock';
import { createIds } from '@waooaw/server/ids';
import type { ModelProvider, ModelRequest, ModelResponse, ModelStreamEvent } from '@waooaw/server/models';
import { createSqlStore, type SqlStore } from '@waooaw/server/store';

export const BENCH_AGENT = 'bench-agent';

export const benchSpecialisation = {
  agentType: BENCH_AGENT,
  role: 'Bench Reviewer',
  domain: 'platform',
  expertise: 'approves or rejects synthetic cases',
  version: '1.0.0',
  capabilities: ['review'],
};

const ANSWER = JSON.stringify({
  approved: true,
  reason: 'The case meets every stated condition.',
  confidence: 0.9,
  citations: ['fact:case'],
});

/** A model that answers a valid decision after `delayMs`; `modelMs.get(caseId)` is the time spent inside. */
export class TimedModel implements ModelProvider {
  readonly name = 'bench-model';
  readonly kind = 'openai' as const;
  readonly defaultModel = 'bench-model';
  readonly offline = false;
  readonly modelMs = new Map<string, number>();

  constructor(private readonly delayMs: number) {}

  async generate(request: ModelRequest): Promise<ModelResponse> {
    const t0 = performance.now();
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    const caseId = /Case: (\S+)/.exec(request.messages.at(-1)?.content ?? '')?.[1];
    if (caseId) this.modelMs.set(caseId, performance.now() - t0);
    return {
      text: ANSWER,
      toolCalls: [],
      usage: { inputTokens: 120, outputTokens: 40, estimated: false },
      model: this.defaultModel,
      provider: this.name,
      offline: false,
      finishReason: 'stop',
      latencyMs: performance.now() - t0,
      costMoney: 0.0001,
      currency: 'USD',
      priceKnown: true,
    };
  }

  async *stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    yield { type: 'finish', response: await this.generate(request) };
  }
}

/**
 * Opens a runtime over an embedded SQLite file with `agents` hired. Hiring runs with
 * synchronous=NORMAL (set-up cost is not what is measured); the runtime returned runs on the same
 * file reopened with `synchronous` (FULL is the embedded default).
 */
export async function runtimeWithAgents(options: {
  dir: string;
  agents: number;
  models: ModelProvider;
  synchronous: 'FULL' | 'NORMAL';
  /** WAL checkpoints on the store's worker thread (the default) or inside COMMITs, as SQLite does. */
  checkpoint?: 'background' | 'inline';
  definition?: Partial<AgentDefinition>;
  bus?: (store: SqlStore) => Promise<Bus>;
  modelConcurrency?: number;
  /** Warm pool of instances' decision state; the runtime's default when absent. */
  warmPool?: { maxInstances?: number; revalidateAfterMs?: number };
}): Promise<{
  runtime: AgentRuntime;
  store: SqlStore;
  agentIds: string[];
  bus?: Bus;
  close(): Promise<void>;
}> {
  const path = join(options.dir, 'agents.db');
  // Every hired agent has a daily budget (as the workforce's do), so each model call reserves on and
  // settles against a real budget row; it is large enough never to run out here.
  const definition: AgentDefinition = {
    specialisation: benchSpecialisation,
    budget: { tokensPerDay: 1_000_000_000, moneyPerDay: 1_000_000 },
    ...options.definition,
  };
  {
    const store = await createSqlStore({ dialect: 'sqlite', path, synchronous: 'NORMAL' });
    await store.migrate();
    const rt = createAgentRuntime({ store, clock: systemClock, ids: createIds() });
    rt.register(definition);
    await rt.start();
    for (let i = 0; i < options.agents; i++)
      await rt.hire({ agentType: BENCH_AGENT, personality: { name: `Reviewer ${i}` } });
    await rt.stop();
    await store.close();
  }
  const store = await createSqlStore({
    dialect: 'sqlite',
    path,
    synchronous: options.synchronous,
    ...(options.checkpoint === 'inline' ? { backgroundCheckpoint: false } : {}),
  });
  const bus = options.bus ? await options.bus(store) : undefined;
  const runtime = createAgentRuntime({
    store,
    clock: systemClock,
    ids: createIds(),
    models: options.models,
    modelConcurrency: options.modelConcurrency ?? 256,
    ...(options.warmPool ? { warmPool: options.warmPool } : {}),
    ...(bus ? { bus } : {}),
  });
  runtime.register(definition);
  await runtime.start();
  return {
    runtime,
    store,
    agentIds: runtime.list({ agentType: BENCH_AGENT }).map((a) => a.id),
    ...(bus ? { bus } : {}),
    async close() {
      await runtime.stop();
      await bus?.close();
      await store.close();
    },
  };
}

// Runs the ModelProvider conformance suite against every implementation: the offline scripted
// provider, the OpenAI-compatible and Anthropic adapters against their fake wire servers, a provider
// chain in front of the OpenAI-compatible adapter, and the coalescer over it.
import { FakeClock } from '../clock.js';
import { startFakeAnthropicServer, type FakeAnthropicReply } from '../testing/fake-anthropic-server.js';
import {
  startFakeOpenAiServer,
  type FakeOpenAiReply,
  type FakeOpenAiServer,
} from '../testing/fake-openai-server.js';
import { AnthropicProvider } from './anthropic-provider.js';
import { CoalescingModelProvider } from './coalescing-model-provider.js';
import {
  modelProviderContract,
  type HeldCall,
  type ModelProviderHarness,
  type ScriptedReply,
} from './model-provider.contract.js';
import type { ModelProvider } from './model-provider.js';
import { OfflineScriptedProvider } from './offline-scripted-provider.js';
import { OpenAiCompatibleProvider } from './openai-compatible-provider.js';
import { PriceTable } from './pricing.js';
import { ProviderChain } from './provider-chain.js';

const MODEL = 'contract-model';
const prices = new PriceTable({
  currency: 'INR',
  includeDefaults: false,
  prices: { [MODEL]: { inputPer1M: 40, outputPer1M: 160 } },
});

/** A scripted reply in either fake server's terms (both take text and tool calls alike). */
function wireReply(reply: ScriptedReply): FakeOpenAiReply & FakeAnthropicReply {
  if (reply.object !== undefined) return { text: JSON.stringify(reply.object) };
  return {
    text: reply.text ?? (reply.toolCall ? '' : 'A reply from the wire.'),
    ...(reply.toolCall
      ? { toolCalls: [{ name: reply.toolCall.name, arguments: reply.toolCall.arguments }] }
      : {}),
  };
}

/** The shared part of a harness over a fake wire server; `stall` is its reply that stalls a stream. */
function overServer<R extends { hang?: boolean; status?: number; headers?: Record<string, string> }>(
  server: {
    requests: unknown[];
    abandoned: number;
    enqueue(reply: R): void;
    waitForRequests(n: number): Promise<void>;
    waitForAbandoned(n: number): Promise<void>;
  },
  stall: R,
) {
  const held = (reply: R): HeldCall => {
    server.enqueue(reply);
    return {
      arrived: server.waitForRequests(server.requests.length + 1),
      released: server.waitForAbandoned(server.abandoned + 1),
    };
  };
  return {
    hangNext: () => held({ hang: true } as R),
    stallNextStream: () => held(stall),
    failNext(status: number, headers?: Record<string, string>) {
      server.enqueue({ status, ...(headers ? { headers } : {}) } as R);
    },
    requestCount: () => server.requests.length,
  };
}

modelProviderContract('OfflineScriptedProvider', async () => {
  const clock = new FakeClock();
  return {
    clock,
    prices,
    reportsUsage: false,
    provider: (reply = {}) =>
      new OfflineScriptedProvider({
        clock,
        prices,
        model: MODEL,
        script: [
          {
            match: /[\s\S]/,
            ...(reply.text === undefined ? { reply: 'A scripted reply.' } : { reply: reply.text }),
            ...(reply.toolCall ? { toolCall: reply.toolCall } : {}),
            ...(reply.object === undefined ? {} : { object: reply.object }),
          },
        ],
      }),
    close: async () => undefined,
  };
});

/** A harness over the fake OpenAI server; `build` makes the provider under test on it. */
async function overOpenAiServer(
  build: (server: FakeOpenAiServer, clock: FakeClock) => ModelProvider,
  extra: Partial<ModelProviderHarness> = {},
): Promise<ModelProviderHarness> {
  const clock = new FakeClock();
  const server = await startFakeOpenAiServer();
  return {
    clock,
    prices,
    reportsUsage: true,
    ...extra,
    ...overServer(server, { text: 'partial answer', stallAfterChunks: 2 }),
    provider(reply = {}) {
      server.setDefault(wireReply(reply));
      return build(server, clock);
    },
    close: () => server.close(),
  };
}

modelProviderContract('OpenAiCompatibleProvider (fake OpenAI server)', () =>
  overOpenAiServer(
    (server, clock) => new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, model: MODEL, clock, prices }),
  ),
);

modelProviderContract('AnthropicProvider (fake Anthropic server)', async () => {
  const clock = new FakeClock();
  const server = await startFakeAnthropicServer();
  return {
    clock,
    prices,
    reportsUsage: true,
    // message_start, ping, content_block_start, then the first text delta.
    ...overServer(server, { text: 'partial answer', stallAfterEvents: 4 }),
    provider(reply = {}) {
      server.setDefault(wireReply(reply));
      return new AnthropicProvider({
        baseUrl: server.baseUrl,
        apiKey: 'sk-ant-contract',
        model: MODEL,
        clock,
        prices,
      });
    },
    close: () => server.close(),
  };
});

modelProviderContract('ProviderChain (over the OpenAI-compatible adapter)', () =>
  overOpenAiServer(
    (server, clock) =>
      new ProviderChain(
        [
          new OpenAiCompatibleProvider({
            name: 'primary',
            baseUrl: server.baseUrl,
            model: MODEL,
            clock,
            prices,
          }),
        ],
        { clock },
      ),
    { answeredBy: 'primary', retryableFailuresExhaust: true },
  ),
);

modelProviderContract('CoalescingModelProvider (every request partitioned, over the OpenAI adapter)', () =>
  overOpenAiServer((server, clock) => {
    const coalescing = new CoalescingModelProvider(
      new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, model: MODEL, clock, prices }),
      { mode: 'all' },
    );
    // As the privacy guard does: every request names its tenant, so each goes the coalescing path.
    return {
      name: coalescing.name,
      kind: coalescing.kind,
      defaultModel: coalescing.defaultModel,
      offline: coalescing.offline,
      generate: (request) => coalescing.generate({ ...request, partition: 'tenant:contract' }),
      stream: (request) => coalescing.stream({ ...request, partition: 'tenant:contract' }),
    };
  }),
);

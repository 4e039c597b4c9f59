// Builds the ProviderChain from validated config (`config.models.providers`). The offline scripted
// provider is always the last resort, so the platform answers (and says it is offline) with no model.
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { Config } from '../config.js';
import { PlatformError } from '../errors.js';
import { AnthropicProvider } from './anthropic-provider.js';
import type { ModelProvider } from './model-provider.js';
import { OfflineScriptedProvider } from './offline-scripted-provider.js';
import type { OfflineScriptEntry } from './offline-scripted-provider.js';
import { OPENAI_DEFAULT_BASE_URL, OpenAiCompatibleProvider } from './openai-compatible-provider.js';
import { defaultPriceTable } from './pricing.js';
import type { PriceTable } from './pricing.js';
import { ProviderChain } from './provider-chain.js';
import { BatchingEmbedder } from './batching-embedder.js';
import type { EmbeddingProvider } from './embedding-provider.js';
import type { ProviderChainEntry, ProviderChainOptions } from './provider-chain.js';

/** One entry of `config.models.providers` (`timeoutMs` may be absent when not parsed by the schema). */
export type ModelProviderConfig = Omit<Config['models']['providers'][number], 'timeoutMs'> & {
  timeoutMs?: number | undefined;
};

export interface CreateModelProvidersOptions {
  clock?: Clock;
  prices?: PriceTable;
  /** Script of the offline provider (see OfflineScriptedProvider). */
  offlineScript?: OfflineScriptEntry[];
  /** Breaker and fallback settings of the chain. */
  chain?: Omit<ProviderChainOptions, 'clock'>;
}

function invalid(key: string, message: string): PlatformError {
  return new PlatformError('CONFIG_INVALID', `Invalid configuration — ${key}: ${message}`, {
    details: { problems: [{ key, message }] },
  });
}

/**
 * The configured providers in fallback order, then the offline provider (unless the list already
 * ends with one), behind one ProviderChain. Fails with CONFIG_INVALID naming the key
 * (`models.providers[1].apiKey`) for a provider that cannot work as configured.
 */
export function createModelProviders(
  configs: readonly ModelProviderConfig[],
  options: CreateModelProvidersOptions = {},
): ProviderChain {
  const clock = options.clock ?? systemClock;
  const prices = options.prices ?? defaultPriceTable;
  const entries: ProviderChainEntry[] = [];
  const names = new Set<string>();
  const offline = (name: string): ModelProvider =>
    new OfflineScriptedProvider({
      name,
      clock,
      prices,
      ...(options.offlineScript ? { script: options.offlineScript } : {}),
    });

  for (const [i, c] of configs.entries()) {
    const key = `models.providers[${i}]`;
    let name = c.name ?? c.kind;
    if (names.has(name)) {
      if (c.name !== undefined)
        throw invalid(`${key}.name`, `the name ${name} is already used by another provider`);
      let n = 2;
      while (names.has(`${c.kind}-${n}`)) n++;
      name = `${c.kind}-${n}`;
    }
    names.add(name);
    const common = {
      name,
      clock,
      prices,
      ...(c.model ? { model: c.model } : {}),
      ...(c.timeoutMs === undefined ? {} : { timeoutMs: c.timeoutMs }),
    };
    let provider: ModelProvider;
    switch (c.kind) {
      case 'openai':
        // Local servers (Ollama, vLLM, llama.cpp) need no key; OpenAI itself does.
        if (!c.apiKey && (c.baseUrl === undefined || c.baseUrl.startsWith(OPENAI_DEFAULT_BASE_URL))) {
          throw invalid(
            `${key}.apiKey`,
            'an API key is required for api.openai.com (or set baseUrl to a local server)',
          );
        }
        provider = new OpenAiCompatibleProvider({
          ...common,
          ...(c.baseUrl ? { baseUrl: c.baseUrl } : {}),
          ...(c.apiKey ? { apiKey: c.apiKey } : {}),
        });
        break;
      case 'anthropic':
        if (!c.apiKey) throw invalid(`${key}.apiKey`, 'an API key is required for Anthropic');
        provider = new AnthropicProvider({
          ...common,
          apiKey: c.apiKey,
          ...(c.baseUrl ? { baseUrl: c.baseUrl } : {}),
        });
        break;
      case 'offline':
        provider = offline(name);
        break;
    }
    entries.push({ provider, ...(c.timeoutMs === undefined ? {} : { timeoutMs: c.timeoutMs }) });
  }

  if (entries[entries.length - 1]?.provider.kind !== 'offline') {
    let name = 'offline';
    for (let n = 2; names.has(name); n++) name = `offline-${n}`;
    entries.push({ provider: offline(name) });
  }
  return new ProviderChain(entries, { ...options.chain, clock });
}

export interface CreateEmbeddingsOptions {
  clock?: Clock;
  prices?: PriceTable;
  /** Micro-batch window in ms (`models.batchWaitMs`); 0 batches one event-loop turn. */
  batchWaitMs?: number;
  /** Most texts per provider call (`models.batchMaxSize`). */
  batchMaxSize?: number;
}

/**
 * The embedder: the first configured OpenAI-compatible provider (the Anthropic API has no
 * embeddings), else the offline one, behind the micro-batcher. No fallback between providers:
 * vectors of two models are not comparable, so a failure is the caller's to see.
 */
export function createEmbeddings(
  configs: readonly ModelProviderConfig[],
  options: CreateEmbeddingsOptions = {},
): BatchingEmbedder {
  const clock = options.clock ?? systemClock;
  const prices = options.prices ?? defaultPriceTable;
  const c = configs.find((p) => p.kind === 'openai' && (p.apiKey || p.baseUrl));
  const inner: EmbeddingProvider = c
    ? new OpenAiCompatibleProvider({
        name: c.name ?? c.kind,
        clock,
        prices,
        ...(c.baseUrl ? { baseUrl: c.baseUrl } : {}),
        ...(c.apiKey ? { apiKey: c.apiKey } : {}),
        ...(c.timeoutMs === undefined ? {} : { timeoutMs: c.timeoutMs }),
      })
    : new OfflineScriptedProvider({ clock, prices });
  return new BatchingEmbedder(inner, {
    clock,
    ...(options.batchWaitMs === undefined ? {} : { maxWaitMs: options.batchWaitMs }),
    ...(options.batchMaxSize === undefined ? {} : { maxSize: options.batchMaxSize }),
  });
}

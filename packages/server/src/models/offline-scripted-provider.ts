// The embedded default model: deterministic, free and honest about being offline. It answers from a
// script, or with a template summary of the prompt, or (for JSON) the most conservative valid object.
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import { PlatformError } from '../errors.js';
import { OFFLINE_MARKER, conservativeValue } from './conservative-value.js';
import type {
  ModelMessage,
  ModelProvider,
  ModelRequest,
  ModelResponse,
  ModelStreamEvent,
  ModelToolCall,
} from './model-provider.js';
import { validateModelRequest } from './model-request.js';
import { defaultPriceTable } from './pricing.js';
import type { PriceTable } from './pricing.js';
import { estimateOutputTokens, estimateRequestTokens, estimateTokens } from './tokens.js';
import type { EmbedRequest, EmbedResponse, EmbeddingProvider } from './embedding-provider.js';
import { hashedVector, validateEmbedRequest } from './embed-request.js';

export { OFFLINE_MARKER };

/** One scripted answer. The first entry whose `match` fits the last message wins. */
export interface OfflineScriptEntry {
  /** A RegExp tested against the last message, or a case-insensitive substring of it. */
  match: RegExp | string;
  /** Reply text; prefixed with the offline marker, except on JSON requests (where it must be the JSON). */
  reply?: string;
  /**
   * A tool call to make when the request offers that tool. Skipped when the last message is itself a
   * tool result, so a script cannot loop.
   */
  toolCall?: { name: string; arguments: unknown };
  /** The reply to a JSON request, serialised as is. */
  object?: unknown;
}

export interface OfflineScriptedProviderOptions {
  /** Default `offline`. */
  name?: string;
  /** Reported as the model of every reply; default `offline`. */
  model?: string;
  script?: OfflineScriptEntry[];
  clock?: Clock;
  /** Only its currency is used: offline replies cost 0. */
  prices?: PriceTable;
}

interface Reply {
  text: string;
  toolCalls: ModelToolCall[];
}

function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function matches(entry: OfflineScriptEntry, text: string): boolean {
  // String.prototype.search ignores `lastIndex`, so a /g or /y pattern stays deterministic.
  return typeof entry.match === 'string'
    ? text.toLowerCase().includes(entry.match.toLowerCase())
    : text.search(entry.match) >= 0;
}

function abortedError(name: string): PlatformError {
  return new PlatformError('TIMEOUT', `${name}: request aborted`, {
    retryable: false,
    details: { provider: name, reason: 'aborted' },
  });
}

/** Deterministic ModelProvider that never calls a real model (`offline: true`, cost 0). */
export class OfflineScriptedProvider implements ModelProvider, EmbeddingProvider {
  readonly name: string;
  readonly kind = 'offline' as const;
  readonly defaultModel: string;
  readonly offline = true;
  readonly defaultEmbeddingModel = 'offline';
  /** Declares batch support: one call embeds up to 256 texts. */
  readonly maxBatchInputs = 256;
  private readonly script: readonly OfflineScriptEntry[];
  private readonly clock: Clock;
  private readonly currency: string;

  constructor(options: OfflineScriptedProviderOptions = {}) {
    this.name = options.name ?? 'offline';
    this.defaultModel = options.model ?? 'offline';
    this.script = options.script ?? [];
    this.clock = options.clock ?? systemClock;
    this.currency = (options.prices ?? defaultPriceTable).currency;
  }

  async generate(request: ModelRequest): Promise<ModelResponse> {
    validateModelRequest(request);
    if (request.signal?.aborted) throw abortedError(this.name);
    const startedAt = this.clock.now();
    return this.respond(request, this.reply(request), startedAt);
  }

  /** Hashed bag-of-words vectors (see `hashedVector`); cost 0, tokens estimated. */
  async embed(request: EmbedRequest): Promise<EmbedResponse> {
    validateEmbedRequest(request, this.maxBatchInputs);
    if (request.signal?.aborted) throw abortedError(this.name);
    return {
      embeddings: request.input.map((t) => hashedVector(t)),
      usage: { inputTokens: request.input.reduce((n, t) => n + estimateTokens(t), 0), estimated: true },
      model: request.model ?? this.defaultEmbeddingModel,
      provider: this.name,
      offline: true,
      latencyMs: 0,
      costMoney: 0,
      currency: this.currency,
      priceKnown: true,
    };
  }

  async *stream(request: ModelRequest): AsyncGenerator<ModelStreamEvent> {
    validateModelRequest(request);
    const startedAt = this.clock.now();
    const reply = this.reply(request);
    for (const piece of reply.text.match(/\S+\s*|\s+/g) ?? []) {
      if (request.signal?.aborted) throw abortedError(this.name);
      yield { type: 'text-delta', text: piece };
    }
    for (const [index, call] of reply.toolCalls.entries()) {
      if (request.signal?.aborted) throw abortedError(this.name);
      yield {
        type: 'tool-call-delta',
        index,
        id: call.id,
        name: call.name,
        argumentsDelta: JSON.stringify(call.arguments),
      };
    }
    yield { type: 'finish', response: this.respond(request, reply, startedAt) };
  }

  private respond(request: ModelRequest, reply: Reply, startedAt: number): ModelResponse {
    return {
      text: reply.text,
      toolCalls: reply.toolCalls,
      usage: {
        inputTokens: estimateRequestTokens(request),
        outputTokens: estimateOutputTokens(reply.text, reply.toolCalls),
        estimated: true,
      },
      model: this.defaultModel,
      provider: this.name,
      offline: true,
      finishReason: reply.toolCalls.length ? 'tool-calls' : 'stop',
      latencyMs: Math.max(0, this.clock.now() - startedAt),
      costMoney: 0,
      currency: this.currency,
      priceKnown: true,
    };
  }

  private reply(request: ModelRequest): Reply {
    const last = request.messages[request.messages.length - 1] as ModelMessage;
    const json = request.responseFormat !== undefined;
    const afterTool = last.role === 'tool';
    const toolNames = new Set((request.tools ?? []).map((t) => t.name));
    for (const entry of this.script) {
      if (!matches(entry, last.content)) continue;
      const call = entry.toolCall !== undefined && !afterTool && toolNames.has(entry.toolCall.name);
      if (!call && entry.reply === undefined && entry.object === undefined) continue;
      const toolCalls = call
        ? [{ id: 'offline_call_0', name: entry.toolCall!.name, arguments: entry.toolCall!.arguments }]
        : [];
      if (json && entry.object !== undefined) return { text: JSON.stringify(entry.object), toolCalls };
      if (entry.reply !== undefined)
        return { text: json ? entry.reply : `${OFFLINE_MARKER} ${entry.reply}`, toolCalls };
      if (toolCalls.length) return { text: '', toolCalls };
    }
    if (json) return { text: this.jsonReply(request), toolCalls: [] };
    return { text: this.summary(request, last), toolCalls: [] };
  }

  private jsonReply(request: ModelRequest): string {
    const schema = request.responseFormat?.schema;
    if (!schema)
      return JSON.stringify({ offline: true, message: `${OFFLINE_MARKER} no language model is configured` });
    const built = conservativeValue(schema);
    // Unbuildable schemas get plain text, which the caller's JSON validation then rejects.
    return built.ok
      ? JSON.stringify(built.value)
      : `${OFFLINE_MARKER} cannot produce a value for this schema: ${built.reason}`;
  }

  private summary(request: ModelRequest, last: ModelMessage): string {
    const parts = [
      `${OFFLINE_MARKER} No language model is configured, so this is a deterministic summary instead of an answer.`,
      `Request: ${request.messages.length} message(s), about ${estimateRequestTokens(request)} input tokens.`,
    ];
    if (request.system) parts.push(`Instructions: "${excerpt(request.system, 120)}".`);
    if (last.role === 'tool') parts.push(`Tool result received: "${excerpt(last.content, 160)}".`);
    else parts.push(`Last ${last.role} message: "${excerpt(last.content, 160)}".`);
    if (request.tools?.length)
      parts.push(`Tools offered: ${request.tools.map((t) => t.name).join(', ')} (none called).`);
    return parts.join(' ');
  }
}

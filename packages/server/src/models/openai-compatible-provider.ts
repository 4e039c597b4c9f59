// ModelProvider over the OpenAI chat-completions API with the official `openai` SDK. Any server that
// speaks that API works through `baseUrl`: OpenAI, Ollama (`/v1`), vLLM, llama.cpp server.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { Clock } from '../clock.js';
import { PlatformError } from '../errors.js';
import type { EmbedRequest, EmbedResponse, EmbeddingProvider } from './embedding-provider.js';
import { validateEmbedRequest } from './embed-request.js';
import { estimateTokens } from './tokens.js';
import { systemClock } from '../clock.js';
import { Deadline } from './deadline.js';
import type {
  FinishReason,
  ModelProvider,
  ModelRequest,
  ModelResponse,
  ModelStreamEvent,
  ModelToolCall,
} from './model-provider.js';
import { systemPrompt, validateModelRequest } from './model-request.js';
import { StreamAccumulator, buildResponse, parseToolArguments } from './model-response.js';
import type { ResponseContext } from './model-response.js';
import { defaultPriceTable } from './pricing.js';
import type { PriceTable } from './pricing.js';
import { classifySdkError, toProviderError } from './provider-error.js';
import type { ProviderFailureKind, SdkErrorClasses } from './provider-error.js';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface OpenAiCompatibleProviderOptions {
  /** Reported in responses and health; default `openai`. */
  name?: string;
  /** API root including the version path, e.g. `http://127.0.0.1:11434/v1` for Ollama; default OpenAI's. */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer`; local servers accept any value, so it defaults to `not-needed`. */
  apiKey?: string;
  /** Model for requests that name none; default `gpt-4o-mini`. */
  model?: string;
  /** Embedding model for requests that name none; default `text-embedding-3-small`. */
  embeddingModel?: string;
  /** Deadline per call when the request sets none; default 30 s. */
  timeoutMs?: number;
  /** How JSON replies are requested: `json_object` works on every compatible server; `json_schema` is stricter. */
  jsonMode?: 'json_object' | 'json_schema';
  /** SDK-level retries; default 0 because retries and fallback belong to the ProviderChain. */
  maxRetries?: number;
  clock?: Clock;
  prices?: PriceTable;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
}

const sdkErrors: SdkErrorClasses = {
  userAbort: APIUserAbortError,
  connectionTimeout: APIConnectionTimeoutError,
  connection: APIConnectionError,
  api: APIError,
};

function classify(err: unknown, now: number): ProviderFailureKind {
  return classifySdkError(sdkErrors, err, now);
}

function finishReasonOf(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}

function toWireMessages(request: ModelRequest): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  const system = systemPrompt(request);
  if (system) out.push({ role: 'system', content: system });
  for (const m of request.messages) {
    switch (m.role) {
      case 'system':
      case 'user':
        out.push({ role: m.role, content: m.content });
        break;
      case 'tool':
        out.push({ role: 'tool', tool_call_id: m.toolCallId ?? '', content: m.content });
        break;
      case 'assistant':
        out.push({
          role: 'assistant',
          content: m.content,
          ...(m.toolCalls?.length
            ? {
                tool_calls: m.toolCalls.map((c) => ({
                  id: c.id,
                  type: 'function' as const,
                  function: { name: c.name, arguments: JSON.stringify(c.arguments ?? {}) },
                })),
              }
            : {}),
        });
        break;
    }
  }
  return out;
}

/**
 * ModelProvider for OpenAI-compatible chat-completions servers, and EmbeddingProvider over its
 * `/embeddings` endpoint. Chat completions take one conversation per HTTP call (OpenAI's Batch API
 * is asynchronous, up to 24 h, so no use for a waiting caller); embeddings take an array of texts,
 * which is what the micro-batcher fills.
 */
export class OpenAiCompatibleProvider implements ModelProvider, EmbeddingProvider {
  readonly name: string;
  readonly kind = 'openai' as const;
  readonly defaultModel: string;
  readonly offline = false;
  readonly defaultEmbeddingModel: string;
  /** OpenAI's limit of inputs per embeddings call. */
  readonly maxBatchInputs = 2048;
  private readonly client: OpenAI;
  private readonly clock: Clock;
  private readonly prices: PriceTable;
  private readonly timeoutMs: number;
  private readonly jsonMode: 'json_object' | 'json_schema';

  constructor(options: OpenAiCompatibleProviderOptions = {}) {
    this.name = options.name ?? 'openai';
    this.defaultModel = options.model ?? 'gpt-4o-mini';
    this.defaultEmbeddingModel = options.embeddingModel ?? 'text-embedding-3-small';
    this.clock = options.clock ?? systemClock;
    this.prices = options.prices ?? defaultPriceTable;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.jsonMode = options.jsonMode ?? 'json_object';
    // Every setting is explicit so that OPENAI_* environment variables cannot change behaviour.
    this.client = new OpenAI({
      baseURL: options.baseUrl ?? OPENAI_DEFAULT_BASE_URL,
      apiKey: options.apiKey ?? 'not-needed',
      organization: null,
      project: null,
      maxRetries: options.maxRetries ?? 0,
      ...(options.headers ? { defaultHeaders: options.headers } : {}),
    });
  }

  async generate(request: ModelRequest): Promise<ModelResponse> {
    validateModelRequest(request);
    const { deadline, ctx } = this.begin(request);
    try {
      const completion = await deadline.race(
        this.client.chat.completions.create(
          { ...this.body(request), stream: false },
          { signal: deadline.signal, timeout: this.sdkTimeout(request) },
        ),
      );
      const choice = completion.choices[0];
      const message = choice?.message;
      const toolCalls: ModelToolCall[] = [];
      for (const call of message?.tool_calls ?? []) {
        if (call.type !== 'function') continue;
        toolCalls.push({
          id: call.id,
          name: call.function.name,
          arguments: parseToolArguments(this.name, call.function.name, call.function.arguments),
        });
      }
      return buildResponse(ctx, {
        text: message?.content ?? '',
        toolCalls,
        model: completion.model || (request.model ?? this.defaultModel),
        finishReason: finishReasonOf(choice?.finish_reason),
        inputTokens: completion.usage?.prompt_tokens,
        outputTokens: completion.usage?.completion_tokens,
      });
    } catch (err) {
      throw toProviderError(this.name, classify(err, this.clock.now()), deadline, err);
    } finally {
      deadline.dispose();
    }
  }

  /** One `POST /embeddings` with every input of the request (`encoding_format: float`). */
  async embed(request: EmbedRequest): Promise<EmbedResponse> {
    validateEmbedRequest(request, this.maxBatchInputs);
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    const deadline = new Deadline(this.clock, timeoutMs, request.signal, `${this.name} embeddings`, {
      provider: this.name,
    });
    const startedAt = this.clock.now();
    const model = request.model ?? this.defaultEmbeddingModel;
    try {
      const res = await deadline.race(
        this.client.embeddings.create(
          { model, input: request.input, encoding_format: 'float' },
          { signal: deadline.signal, timeout: Math.max(timeoutMs * 2, timeoutMs + 60_000) },
        ),
      );
      const embeddings = new Array<number[]>(request.input.length);
      for (const d of res.data) embeddings[d.index] = d.embedding;
      if (res.data.length !== request.input.length || embeddings.some((e) => e === undefined))
        throw new PlatformError(
          'BAD_REQUEST',
          `${this.name} returned ${res.data.length} embeddings for ${request.input.length} inputs`,
          {
            retryable: false,
            details: { provider: this.name },
          },
        );
      const reported = res.usage?.prompt_tokens;
      const inputTokens = reported ?? request.input.reduce((n, t) => n + estimateTokens(t), 0);
      const cost = this.prices.cost(res.model || model, { inputTokens, outputTokens: 0 });
      return {
        embeddings,
        usage: { inputTokens, estimated: reported === undefined },
        model: res.model || model,
        provider: this.name,
        offline: false,
        latencyMs: this.clock.now() - startedAt,
        costMoney: cost.amount,
        currency: cost.currency,
        priceKnown: cost.known,
      };
    } catch (err) {
      throw toProviderError(this.name, classify(err, this.clock.now()), deadline, err);
    } finally {
      deadline.dispose();
    }
  }

  async *stream(request: ModelRequest): AsyncGenerator<ModelStreamEvent> {
    validateModelRequest(request);
    const { deadline, ctx } = this.begin(request);
    const acc = new StreamAccumulator(this.name);
    let iterator: AsyncIterator<ChatCompletionChunk> | undefined;
    try {
      const stream = await deadline.race(
        this.client.chat.completions.create(
          { ...this.body(request), stream: true, stream_options: { include_usage: true } },
          { signal: deadline.signal, timeout: this.sdkTimeout(request) },
        ),
      );
      iterator = stream[Symbol.asyncIterator]();
      let model = request.model ?? this.defaultModel;
      let finish: string | null | undefined;
      let inputTokens: number | undefined;
      let outputTokens: number | undefined;
      for (;;) {
        const next = await deadline.race(iterator.next());
        if (next.done) break;
        const chunk = next.value;
        if (chunk.model) model = chunk.model;
        if (chunk.usage) {
          inputTokens = chunk.usage.prompt_tokens;
          outputTokens = chunk.usage.completion_tokens;
        }
        for (const choice of chunk.choices) {
          if (choice.index !== 0) continue;
          const text = acc.addText(choice.delta.content ?? '');
          if (text) yield text;
          for (const call of choice.delta.tool_calls ?? []) {
            yield acc.addToolDelta(call.index, call.id, call.function?.name, call.function?.arguments ?? '');
          }
          if (choice.finish_reason) finish = choice.finish_reason;
        }
      }
      const response = buildResponse(ctx, {
        text: acc.text,
        toolCalls: acc.toolCalls(),
        model,
        finishReason: finishReasonOf(finish),
        inputTokens,
        outputTokens,
      });
      yield { type: 'finish', response };
    } catch (err) {
      throw toProviderError(this.name, classify(err, this.clock.now()), deadline, err);
    } finally {
      deadline.dispose();
      // Closing the SDK iterator releases the HTTP response when the consumer stopped early.
      await iterator?.return?.().catch(() => undefined);
    }
  }

  private begin(request: ModelRequest): { deadline: Deadline; ctx: ResponseContext } {
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    const deadline = new Deadline(this.clock, timeoutMs, request.signal, `${this.name} chat completion`, {
      provider: this.name,
    });
    const ctx: ResponseContext = {
      provider: this.name,
      offline: false,
      prices: this.prices,
      clock: this.clock,
      startedAt: this.clock.now(),
      request,
    };
    return { deadline, ctx };
  }

  /** The SDK's own timer is only a backstop; the Deadline on the injected clock decides. */
  private sdkTimeout(request: ModelRequest): number {
    const ms = request.timeoutMs ?? this.timeoutMs;
    return Math.max(ms * 2, ms + 60_000);
  }

  private body(request: ModelRequest): ChatCompletionCreateParamsBase {
    const format = request.responseFormat;
    return {
      model: request.model ?? this.defaultModel,
      messages: toWireMessages(request),
      ...(request.tools?.length
        ? {
            tools: request.tools.map((t) => ({
              type: 'function' as const,
              function: { name: t.name, description: t.description, parameters: t.parameters },
            })),
          }
        : {}),
      ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(format
        ? this.jsonMode === 'json_schema' && format.schema
          ? {
              response_format: {
                type: 'json_schema' as const,
                json_schema: { name: format.name ?? 'response', schema: format.schema },
              },
            }
          : { response_format: { type: 'json_object' as const } }
        : {}),
    };
  }
}

// ModelProvider over Anthropic's Messages API with the official `@anthropic-ai/sdk`: text, streaming
// (server-sent events) and tool use. System messages go to `system`; tool results go in user turns.
import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import type {
  ContentBlockParam,
  MessageCreateParamsBase,
  RawMessageStreamEvent,
  Tool,
} from '@anthropic-ai/sdk/resources/messages/messages';
import type { Clock } from '../clock.js';
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
import { StreamAccumulator, buildResponse } from './model-response.js';
import type { ResponseContext } from './model-response.js';
import { defaultPriceTable } from './pricing.js';
import type { PriceTable } from './pricing.js';
import { classifySdkError, toProviderError } from './provider-error.js';
import type { ProviderFailureKind, SdkErrorClasses } from './provider-error.js';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

export interface AnthropicProviderOptions {
  /** Reported in responses and health; default `anthropic`. */
  name?: string;
  /** API root without the version path; default Anthropic's. */
  baseUrl?: string;
  /** The API key; this SDK generation sends it as `Authorization: Bearer`. */
  apiKey: string;
  /** Model for requests that name none; default `claude-sonnet-4-6`. */
  model?: string;
  /** `max_tokens` when the request sets none (the API requires one); default 1024. */
  defaultMaxTokens?: number;
  /** Deadline per call when the request sets none; default 30 s. */
  timeoutMs?: number;
  /** SDK-level retries; default 0 because retries and fallback belong to the ProviderChain. */
  maxRetries?: number;
  clock?: Clock;
  prices?: PriceTable;
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
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other';
  }
}

interface WireTurn {
  role: 'user' | 'assistant';
  blocks: ContentBlockParam[];
}

/** Messages API shape: strictly alternating user/assistant turns, so same-role neighbours merge. */
function toWire(request: ModelRequest): {
  system: string | undefined;
  messages: MessageCreateParamsBase['messages'];
} {
  const systemParts: string[] = [];
  const base = systemPrompt(request);
  if (base) systemParts.push(base);
  const turns: WireTurn[] = [];
  const push = (role: WireTurn['role'], blocks: ContentBlockParam[]): void => {
    const last = turns[turns.length - 1];
    if (last && last.role === role) last.blocks.push(...blocks);
    else turns.push({ role, blocks });
  };
  for (const m of request.messages) {
    switch (m.role) {
      case 'system':
        systemParts.push(m.content);
        break;
      case 'user':
        push('user', [{ type: 'text', text: m.content }]);
        break;
      case 'tool':
        push('user', [{ type: 'tool_result', tool_use_id: m.toolCallId ?? '', content: m.content }]);
        break;
      case 'assistant': {
        const blocks: ContentBlockParam[] = m.content ? [{ type: 'text', text: m.content }] : [];
        for (const c of m.toolCalls ?? [])
          blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: c.arguments ?? {} });
        push('assistant', blocks.length ? blocks : [{ type: 'text', text: m.content }]);
        break;
      }
    }
  }
  const messages = turns.map((t) => {
    const only = t.blocks[0];
    const content = t.blocks.length === 1 && only?.type === 'text' ? only.text : t.blocks;
    return { role: t.role, content };
  });
  return { system: systemParts.length ? systemParts.join('\n\n') : undefined, messages };
}

/** ModelProvider for Anthropic's Messages API. */
export class AnthropicProvider implements ModelProvider {
  readonly name: string;
  readonly kind = 'anthropic' as const;
  readonly defaultModel: string;
  readonly offline = false;
  private readonly client: Anthropic;
  private readonly clock: Clock;
  private readonly prices: PriceTable;
  private readonly timeoutMs: number;
  private readonly defaultMaxTokens: number;

  constructor(options: AnthropicProviderOptions) {
    this.name = options.name ?? 'anthropic';
    this.defaultModel = options.model ?? 'claude-sonnet-4-6';
    this.clock = options.clock ?? systemClock;
    this.prices = options.prices ?? defaultPriceTable;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.defaultMaxTokens = options.defaultMaxTokens ?? 1024;
    // Every setting is explicit so that ANTHROPIC_* environment variables cannot change behaviour.
    this.client = new Anthropic({
      baseURL: options.baseUrl ?? ANTHROPIC_DEFAULT_BASE_URL,
      apiKey: options.apiKey,
      authToken: null,
      maxRetries: options.maxRetries ?? 0,
      ...(options.headers ? { defaultHeaders: options.headers } : {}),
    });
  }

  async generate(request: ModelRequest): Promise<ModelResponse> {
    validateModelRequest(request);
    const { deadline, ctx } = this.begin(request);
    try {
      const message = await deadline.race(
        this.client.messages.create(
          { ...this.body(request), stream: false },
          { signal: deadline.signal, timeout: this.sdkTimeout(request) },
        ),
      );
      let text = '';
      const toolCalls: ModelToolCall[] = [];
      for (const block of message.content) {
        if (block.type === 'text') text += block.text;
        else if (block.type === 'tool_use')
          toolCalls.push({ id: block.id, name: block.name, arguments: block.input });
      }
      const u = message.usage;
      return buildResponse(ctx, {
        text,
        toolCalls,
        model: message.model || (request.model ?? this.defaultModel),
        finishReason: finishReasonOf(message.stop_reason),
        inputTokens: u
          ? u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0)
          : undefined,
        outputTokens: u?.output_tokens,
      });
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
    let iterator: AsyncIterator<RawMessageStreamEvent> | undefined;
    try {
      const stream = await deadline.race(
        this.client.messages.create(
          { ...this.body(request), stream: true },
          { signal: deadline.signal, timeout: this.sdkTimeout(request) },
        ),
      );
      iterator = stream[Symbol.asyncIterator]();
      let model = request.model ?? this.defaultModel;
      let stop: string | null | undefined;
      let inputTokens: number | undefined;
      let outputTokens: number | undefined;
      // Tool-use blocks are numbered by content index; the port numbers tool calls from 0.
      const toolIndex = new Map<number, number>();
      for (;;) {
        const next = await deadline.race(iterator.next());
        if (next.done) break;
        const event = next.value;
        switch (event.type) {
          case 'message_start': {
            const u = event.message.usage;
            if (event.message.model) model = event.message.model;
            inputTokens =
              u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
            outputTokens = u.output_tokens;
            break;
          }
          case 'content_block_start': {
            const block = event.content_block;
            if (block.type === 'text') {
              const delta = acc.addText(block.text);
              if (delta) yield delta;
            } else if (block.type === 'tool_use') {
              const index = toolIndex.size;
              toolIndex.set(event.index, index);
              // `input` on the start event is `{}`; the arguments arrive as input_json_delta.
              yield acc.addToolDelta(index, block.id, block.name, '');
            }
            break;
          }
          case 'content_block_delta': {
            const delta = event.delta;
            if (delta.type === 'text_delta') {
              const out = acc.addText(delta.text);
              if (out) yield out;
            } else if (delta.type === 'input_json_delta') {
              const index = toolIndex.get(event.index);
              if (index !== undefined)
                yield acc.addToolDelta(index, undefined, undefined, delta.partial_json);
            }
            break;
          }
          case 'message_delta':
            stop = event.delta.stop_reason ?? stop;
            outputTokens = event.usage.output_tokens;
            if (typeof event.usage.input_tokens === 'number') {
              inputTokens =
                event.usage.input_tokens +
                (event.usage.cache_creation_input_tokens ?? 0) +
                (event.usage.cache_read_input_tokens ?? 0);
            }
            break;
          default:
            break;
        }
      }
      const response = buildResponse(ctx, {
        text: acc.text,
        toolCalls: acc.toolCalls(),
        model,
        finishReason: finishReasonOf(stop),
        inputTokens,
        outputTokens,
      });
      yield { type: 'finish', response };
    } catch (err) {
      throw toProviderError(this.name, classify(err, this.clock.now()), deadline, err);
    } finally {
      deadline.dispose();
      await iterator?.return?.().catch(() => undefined);
    }
  }

  private begin(request: ModelRequest): { deadline: Deadline; ctx: ResponseContext } {
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    const deadline = new Deadline(this.clock, timeoutMs, request.signal, `${this.name} message`, {
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

  private body(request: ModelRequest): MessageCreateParamsBase {
    const { system, messages } = toWire(request);
    return {
      model: request.model ?? this.defaultModel,
      max_tokens: request.maxTokens ?? this.defaultMaxTokens,
      messages,
      ...(system === undefined ? {} : { system }),
      ...(request.tools?.length
        ? {
            tools: request.tools.map((t): Tool => ({
              name: t.name,
              description: t.description,
              input_schema: { ...t.parameters, type: 'object' } as Tool.InputSchema,
            })),
          }
        : {}),
      ...(request.temperature === undefined ? {} : { temperature: Math.min(1, request.temperature) }),
    };
  }
}

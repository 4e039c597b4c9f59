// The ModelProvider port: one shape for every language model the platform talks to (hosted, local or
// the offline scripted stand-in). Adapters translate their SDK's errors to PlatformError at this edge.

/** Who wrote a message. `tool` carries the result of a tool call and names it with `toolCallId`. */
export type ModelRole = 'system' | 'user' | 'assistant' | 'tool';

/** A JSON Schema object, as produced by `z.toJSONSchema` or written by hand. */
export type JsonSchema = Record<string, unknown>;

/** A tool call the model asked for. `arguments` is the parsed JSON the model produced. */
export interface ModelToolCall {
  id: string;
  name: string;
  arguments: unknown;
}

export interface ModelMessage {
  role: ModelRole;
  content: string;
  /** Required when `role` is `tool`: the id of the call this message answers. */
  toolCallId?: string;
  /** On `assistant` messages: the calls the model made in that turn (replayed to the provider). */
  toolCalls?: ModelToolCall[];
}

/** A function the model may call; `parameters` is a JSON Schema of type `object`. */
export interface ModelTool {
  name: string;
  description: string;
  parameters: JsonSchema;
}

/**
 * Asks for a JSON reply. Providers with a JSON mode use it; the others are told so in the system
 * prompt. The schema also lets the offline provider build a conservative valid object.
 */
export interface ModelResponseFormat {
  type: 'json';
  schema?: JsonSchema;
  /** Schema name, used by providers that want one (letters, digits, `_` and `-`). */
  name?: string;
}

export interface ModelRequest {
  /** Model id; the provider's configured default when absent. */
  model?: string;
  /** System prompt, placed before `messages` (system-role messages are merged after it). */
  system?: string;
  /** The conversation, oldest first; at least one message. */
  messages: ModelMessage[];
  tools?: ModelTool[];
  responseFormat?: ModelResponseFormat;
  /** Upper bound on generated tokens; provider default when absent (Anthropic requires one: 1024). */
  maxTokens?: number;
  /** 0–2; provider default when absent. */
  temperature?: number;
  /** Aborting fails the call with TIMEOUT (`retryable: false`, `details.reason: 'aborted'`). */
  signal?: AbortSignal;
  /** Deadline for the whole call (for a stream: until the last event); the provider default when absent. */
  timeoutMs?: number;
  /**
   * Whose call this is (the tenant; set by the privacy guard). Identical concurrent requests are
   * coalesced only within one partition, and never when it is absent. Not sent to the provider.
   */
  partition?: string;
}

/** Token counts. Taken from the provider's report when it gives one, estimated otherwise. */
export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
  /** True when at least one of the counts is an estimate (see `models/tokens.ts`). */
  estimated: boolean;
}

/** Why generation stopped: natural end, token limit, to call tools, refused by a filter, or anything else. */
export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'other';

/** One provider that was tried and failed before the one that answered (set by ProviderChain). */
export interface ProviderFailure {
  provider: string;
  code: string;
  message: string;
}

export interface ModelResponse {
  /** The generated text; empty when the model only called tools. */
  text: string;
  toolCalls: ModelToolCall[];
  usage: ModelUsage;
  /** The model that answered, as reported by the provider when it reports one. */
  model: string;
  /** Name of the provider that answered (e.g. `openai`, `ollama`, `offline`). */
  provider: string;
  /** True when no real model produced this answer (the offline scripted provider). */
  offline: boolean;
  finishReason: FinishReason;
  /** Wall time of the call on the provider's clock. */
  latencyMs: number;
  /** Cost of the call from the price table, in `currency`; 0 for an unknown model (see `priceKnown`). */
  costMoney: number;
  currency: string;
  /** False when the model is missing from the price table, so `costMoney` is 0 rather than the truth. */
  priceKnown: boolean;
  /** Providers that failed before this one answered; absent when the first one answered. */
  failovers?: ProviderFailure[];
  /**
   * True when this caller joined an identical call already in flight (see CoalescingModelProvider):
   * the answer is that call's, and `usage` and `costMoney` are 0 because the first caller paid.
   */
  coalesced?: boolean;
}

/**
 * One step of a streamed reply. Text and tool-call arguments arrive as deltas; `finish` always comes
 * last and carries the assembled response, including the final usage.
 */
export type ModelStreamEvent =
  | { type: 'text-delta'; text: string }
  | {
      type: 'tool-call-delta';
      /** Position of the call in this reply; deltas with the same index belong to one call. */
      index: number;
      /** Present on the first delta of a call. */
      id?: string;
      /** Present on the first delta of a call. */
      name?: string;
      /** The next piece of the JSON arguments text. */
      argumentsDelta: string;
    }
  | { type: 'finish'; response: ModelResponse };

export type ModelProviderKind = 'openai' | 'anthropic' | 'offline' | 'chain';

/**
 * A language model behind one interface.
 *
 * Failures are PlatformErrors: VALIDATION for a malformed request (naming the field), UNAUTHENTICATED
 * (401), FORBIDDEN (403), RATE_LIMITED (429, retryable), UNAVAILABLE (5xx or connection refused,
 * retryable), TIMEOUT (deadline passed: retryable; caller aborted: not retryable), BAD_REQUEST for a
 * request the provider rejected. No SDK error crosses this port.
 */
export interface ModelProvider {
  /** Stable name, reported in responses and health (e.g. `openai`, `ollama`, `offline`). */
  readonly name: string;
  readonly kind: ModelProviderKind;
  /** Model used when a request names none. */
  readonly defaultModel: string;
  /** True when this provider never calls a real model. */
  readonly offline: boolean;

  /** Sends the request and resolves with the complete reply. */
  generate(request: ModelRequest): Promise<ModelResponse>;

  /**
   * Streams the reply. The request is sent when iteration starts; errors before or during the
   * stream are thrown from the iterator. Stopping iteration early cancels the request.
   */
  stream(request: ModelRequest): AsyncIterable<ModelStreamEvent>;
}

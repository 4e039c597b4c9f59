// Assembles ModelResponses the same way for every adapter: usage (reported or estimated), cost from
// the price table, latency on the injected clock; and accumulates streamed deltas into one response.
import type { Clock } from '../clock.js';
import { PlatformError } from '../errors.js';
import type {
  FinishReason,
  ModelRequest,
  ModelResponse,
  ModelStreamEvent,
  ModelToolCall,
} from './model-provider.js';
import type { PriceTable } from './pricing.js';
import { resolveUsage } from './tokens.js';

export interface ResponseContext {
  provider: string;
  offline: boolean;
  prices: PriceTable;
  clock: Clock;
  /** `clock.now()` when the call started. */
  startedAt: number;
  request: ModelRequest;
}

export interface ResponseParts {
  text: string;
  toolCalls: ModelToolCall[];
  model: string;
  finishReason: FinishReason;
  /** As reported by the provider; estimated when absent. */
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
}

/** The complete response: usage resolved, cost priced, latency measured. */
export function buildResponse(ctx: ResponseContext, parts: ResponseParts): ModelResponse {
  const usage = resolveUsage(parts, ctx.request, parts.text, parts.toolCalls);
  const cost = ctx.prices.cost(parts.model, usage);
  return {
    text: parts.text,
    toolCalls: parts.toolCalls,
    usage,
    model: parts.model,
    provider: ctx.provider,
    offline: ctx.offline,
    finishReason: parts.finishReason,
    latencyMs: Math.max(0, ctx.clock.now() - ctx.startedAt),
    costMoney: cost.amount,
    currency: cost.currency,
    priceKnown: cost.known,
  };
}

/** Parses a tool call's JSON arguments; empty means `{}`. Malformed JSON from the model is VALIDATION. */
export function parseToolArguments(provider: string, tool: string, raw: string): unknown {
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new PlatformError(
      'VALIDATION',
      `${provider}: the model sent invalid JSON arguments for tool ${tool}`,
      {
        details: { provider, tool, arguments: raw.slice(0, 2000) },
      },
    );
  }
}

interface PartialCall {
  id: string | undefined;
  name: string | undefined;
  args: string;
}

/** Collects stream deltas (text and tool calls by index) and emits the matching port events. */
export class StreamAccumulator {
  text = '';
  private readonly calls = new Map<number, PartialCall>();

  constructor(private readonly provider: string) {}

  /** Records a text delta; undefined for an empty one (nothing to emit). */
  addText(delta: string): ModelStreamEvent | undefined {
    if (delta === '') return undefined;
    this.text += delta;
    return { type: 'text-delta', text: delta };
  }

  /** Records a tool-call delta; `id` and `name` usually arrive on the first delta of a call only. */
  addToolDelta(
    index: number,
    id: string | undefined,
    name: string | undefined,
    argsDelta: string,
  ): ModelStreamEvent {
    const call = this.calls.get(index) ?? { id: undefined, name: undefined, args: '' };
    if (id) call.id = id;
    if (name && !call.name) call.name = name;
    call.args += argsDelta;
    this.calls.set(index, call);
    return {
      type: 'tool-call-delta',
      index,
      ...(id ? { id } : {}),
      ...(name ? { name } : {}),
      argumentsDelta: argsDelta,
    };
  }

  /** The completed calls in index order, arguments parsed. */
  toolCalls(): ModelToolCall[] {
    return [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, c]) => {
        const name = c.name ?? '';
        return {
          id: c.id ?? `call_${index}`,
          name,
          arguments: parseToolArguments(this.provider, name, c.args),
        };
      });
  }
}

/** Consumes a stream and returns its final response (the `finish` event). */
export async function collectStream(stream: AsyncIterable<ModelStreamEvent>): Promise<ModelResponse> {
  for await (const event of stream) {
    if (event.type === 'finish') return event.response;
  }
  throw new PlatformError('UNAVAILABLE', 'The model stream ended without a finish event');
}

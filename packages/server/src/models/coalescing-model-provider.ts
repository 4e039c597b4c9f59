// Identical concurrent model calls of one partition (tenant) share one in-flight call: the first
// caller pays; those who join get the same answer with zero usage and cost (decision 0084).
import { canonicalJson } from '../components/security/canonical-json.js';
import type { ModelProvider, ModelRequest, ModelResponse, ModelStreamEvent } from './model-provider.js';
import { callerAborted, raceAbort } from './race-abort.js';

/**
 * Which requests may be coalesced: `off`, `deterministic` (temperature 0 only: a caller asking to
 * sample at a higher temperature expects its own draft) or `all`.
 */
export type CoalesceMode = 'off' | 'deterministic' | 'all';

export interface CoalescingOptions {
  mode?: CoalesceMode;
  /** Told each time a caller joins a call in flight (metrics). */
  onCoalesced?: (provider: string) => void;
}

interface Flight {
  promise: Promise<ModelResponse>;
  controller: AbortController;
  /** Callers still waiting; the shared call is aborted when the last of them gives up. */
  waiting: number;
}

/** The key of a request, or undefined when it must go on its own. */
export function coalesceKey(
  request: ModelRequest,
  defaultModel: string,
  mode: CoalesceMode,
): string | undefined {
  if (mode === 'off' || request.partition === undefined) return undefined;
  if (mode === 'deterministic' && request.temperature !== 0) return undefined;
  return canonicalJson({
    partition: request.partition,
    model: request.model ?? defaultModel,
    system: request.system,
    messages: request.messages,
    tools: request.tools,
    responseFormat: request.responseFormat,
    maxTokens: request.maxTokens,
    temperature: request.temperature,
  });
}

/**
 * ModelProvider that coalesces identical concurrent `generate` calls. Streams are never shared:
 * each consumer drives its own iteration and may stop it early.
 */
export class CoalescingModelProvider implements ModelProvider {
  private readonly inflight = new Map<string, Flight>();
  private readonly mode: CoalesceMode;

  constructor(
    private readonly inner: ModelProvider,
    private readonly options: CoalescingOptions = {},
  ) {
    this.mode = options.mode ?? 'deterministic';
  }

  get name(): string {
    return this.inner.name;
  }
  get kind(): ModelProvider['kind'] {
    return this.inner.kind;
  }
  get defaultModel(): string {
    return this.inner.defaultModel;
  }
  get offline(): boolean {
    return this.inner.offline;
  }

  /** Calls in flight now (for tests and health). */
  get inFlight(): number {
    return this.inflight.size;
  }

  generate(request: ModelRequest): Promise<ModelResponse> {
    const key = coalesceKey(request, this.inner.defaultModel, this.mode);
    // An already-aborted call starts nothing to share: the provider fails it at once, as the port says.
    if (key === undefined || request.signal?.aborted) return this.inner.generate(request);
    const joined = this.inflight.get(key);
    if (joined) {
      this.options.onCoalesced?.(this.inner.name);
      return this.wait(joined, request.signal).then((r) => ({
        ...structuredClone(r),
        usage: { inputTokens: 0, outputTokens: 0, estimated: false },
        costMoney: 0,
        coalesced: true,
      }));
    }
    const controller = new AbortController();
    const { signal: _own, ...shared } = request;
    const flight: Flight = {
      controller,
      waiting: 0,
      promise: this.inner.generate({ ...shared, signal: controller.signal }).finally(() => {
        this.inflight.delete(key);
      }),
    };
    this.inflight.set(key, flight);
    // Followers get a clone, so the leader's caller may change its answer without touching theirs.
    return this.wait(flight, request.signal);
  }

  stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    return this.inner.stream(request);
  }

  /** The shared answer, or TIMEOUT (aborted) as soon as this caller's own signal fires. */
  private wait(flight: Flight, signal: AbortSignal | undefined): Promise<ModelResponse> {
    flight.waiting++;
    return raceAbort(
      flight.promise,
      signal,
      () => callerAborted(this.inner.name, 'call'),
      () => this.leave(flight),
    );
  }

  private leave(flight: Flight): void {
    flight.waiting--;
    if (flight.waiting === 0) flight.controller.abort();
  }
}

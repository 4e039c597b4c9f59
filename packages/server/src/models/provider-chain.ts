// Several ModelProviders in fallback order, each behind its own circuit breaker (a resilience policy
// with a breaker only) and a per-attempt deadline. A retryable failure or an open breaker moves the
// call to the next provider.
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import {
  createResiliencePolicy,
  type BreakerState,
  type ResiliencePolicy,
} from '../components/resilience/resilience-policy.js';
import { PlatformError, isPlatformError, toPlatformError } from '../errors.js';
import { Deadline } from './deadline.js';
import type {
  ModelProvider,
  ModelRequest,
  ModelResponse,
  ModelStreamEvent,
  ProviderFailure,
} from './model-provider.js';
import { validateModelRequest } from './model-request.js';

/** A provider with its own per-attempt deadline (e.g. a slow local model gets longer). */
export interface ProviderChainEntry {
  provider: ModelProvider;
  timeoutMs?: number;
}

export type { BreakerState };

export interface ProviderChainOptions {
  /** Reported as the chain's name; default `chain`. */
  name?: string;
  /** Drives deadlines and breaker cool-downs; default the system clock. */
  clock?: Clock;
  /** Consecutive counted failures that open a provider's breaker; default 3. */
  failureThreshold?: number;
  /** Time an open breaker waits before letting one trial call through (half-open); default 30 s. */
  halfOpenAfterMs?: number;
  /** Per-attempt deadline when neither the request nor the entry sets one; default 60 s. */
  attemptTimeoutMs?: number;
  /**
   * Whether a failure moves on to the next provider; default: `retryable` failures (timeout,
   * unavailable, rate limited). An open breaker always moves on; a caller's abort never does.
   */
  shouldFallback?: (err: PlatformError) => boolean;
  /** Observes fallbacks and breaker transitions (logging, metrics). Must not throw. */
  onEvent?: (event: ProviderChainEvent) => void;
}

export type ProviderChainEvent =
  | { type: 'fallback'; provider: string; code: string; message: string }
  | { type: 'breaker'; provider: string; state: BreakerState };

/** What `health()` reports for one provider. Times are on the chain's clock. */
export interface ProviderHealth {
  provider: string;
  kind: ModelProvider['kind'];
  offline: boolean;
  state: BreakerState;
  consecutiveFailures: number;
  calls: number;
  failures: number;
  lastError?: { code: string; message: string; at: number };
  /** When the breaker last opened (present while open). */
  openedAt?: number;
  /** When an open breaker lets the next trial call through (present while open). */
  retryAt?: number;
}

interface Slot {
  provider: ModelProvider;
  timeoutMs: number | undefined;
  breaker: ResiliencePolicy;
  consecutiveFailures: number;
  calls: number;
  failures: number;
  lastError?: { code: string; message: string; at: number };
  openedAt?: number;
}

/** Counted by breakers: failures that say something about the provider's health. */
function countsAgainstProvider(err: unknown): boolean {
  return isPlatformError(err) && (err as PlatformError).retryable;
}

/** ModelProvider that tries its providers in order, with a circuit breaker and deadline for each. */
export class ProviderChain implements ModelProvider {
  readonly name: string;
  readonly kind = 'chain' as const;
  readonly defaultModel: string;
  readonly offline: boolean;
  private readonly slots: Slot[];
  private readonly clock: Clock;
  private readonly halfOpenAfterMs: number;
  private readonly attemptTimeoutMs: number;
  private readonly shouldFallback: (err: PlatformError) => boolean;
  private readonly onEvent: (event: ProviderChainEvent) => void;

  constructor(
    providers: ReadonlyArray<ModelProvider | ProviderChainEntry>,
    options: ProviderChainOptions = {},
  ) {
    if (providers.length === 0) {
      throw new PlatformError('VALIDATION', 'A provider chain needs at least one provider', {
        details: { field: 'providers' },
      });
    }
    this.name = options.name ?? 'chain';
    this.clock = options.clock ?? systemClock;
    this.halfOpenAfterMs = options.halfOpenAfterMs ?? 30_000;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 60_000;
    this.shouldFallback = options.shouldFallback ?? ((err) => err.retryable);
    this.onEvent = options.onEvent ?? (() => undefined);
    const threshold = options.failureThreshold ?? 3;
    const names = new Set<string>();
    this.slots = providers.map((p, i) => {
      const entry: ProviderChainEntry = 'provider' in p ? p : { provider: p };
      if (names.has(entry.provider.name)) {
        throw new PlatformError(
          'VALIDATION',
          `Provider name ${entry.provider.name} is used twice in the chain`,
          {
            details: { field: `providers[${i}].name` },
          },
        );
      }
      names.add(entry.provider.name);
      return this.slot(entry, threshold);
    });
    this.defaultModel = this.slots[0]!.provider.defaultModel;
    this.offline = this.slots.every((s) => s.provider.offline);
  }

  /** The providers in fallback order. */
  get providers(): ModelProvider[] {
    return this.slots.map((s) => s.provider);
  }

  /** Breaker state and counters per provider, in fallback order. */
  health(): ProviderHealth[] {
    return this.slots.map((s) => {
      const state = s.breaker.breakerState;
      return {
        provider: s.provider.name,
        kind: s.provider.kind,
        offline: s.provider.offline,
        state,
        consecutiveFailures: s.consecutiveFailures,
        calls: s.calls,
        failures: s.failures,
        ...(s.lastError ? { lastError: { ...s.lastError } } : {}),
        ...(state === 'open' && s.openedAt !== undefined
          ? { openedAt: s.openedAt, retryAt: s.openedAt + this.halfOpenAfterMs }
          : {}),
      };
    });
  }

  /**
   * Tries each provider in order. `request.model` goes to the first provider of the chain only (model
   * ids are provider-specific); fallbacks use their default model. `request.timeoutMs` is per attempt.
   * Fails with the first error that must not fall back, or UNAVAILABLE listing every failure.
   */
  async generate(request: ModelRequest): Promise<ModelResponse> {
    validateModelRequest(request);
    const failures: ProviderFailure[] = [];
    let lastError: PlatformError | undefined;
    for (const [index, slot] of this.slots.entries()) {
      const deadline = this.deadline(slot, request);
      try {
        const response = await slot.breaker.execute(() =>
          deadline.race(slot.provider.generate(this.attemptRequest(slot, index, request, deadline))),
        );
        this.succeeded(slot);
        return failures.length ? { ...response, failovers: failures } : response;
      } catch (e) {
        const err = this.failed(slot, e);
        if (!this.fallsBack(err)) throw err;
        failures.push(this.fellBack(slot, err));
        lastError = err;
      } finally {
        deadline.dispose();
      }
    }
    throw this.exhausted(failures, lastError);
  }

  /**
   * Streams from the first provider that produces a first event. Once output has started, a failure
   * is thrown to the consumer (text already delivered cannot be taken back), and is not counted by
   * the breaker.
   */
  async *stream(request: ModelRequest): AsyncGenerator<ModelStreamEvent> {
    validateModelRequest(request);
    const failures: ProviderFailure[] = [];
    let lastError: PlatformError | undefined;
    for (const [index, slot] of this.slots.entries()) {
      const deadline = this.deadline(slot, request);
      let iterator: AsyncIterator<ModelStreamEvent> | undefined;
      let committed = false;
      try {
        const first = await slot.breaker.execute(() => {
          const stream = slot.provider.stream(this.attemptRequest(slot, index, request, deadline));
          iterator = stream[Symbol.asyncIterator]();
          return deadline.race(iterator.next());
        });
        committed = true;
        this.succeeded(slot);
        let next = first;
        while (!next.done) {
          const event = next.value;
          yield event.type === 'finish' && failures.length
            ? { type: 'finish', response: { ...event.response, failovers: failures } }
            : event;
          next = await deadline.race(iterator!.next());
        }
        return;
      } catch (e) {
        if (committed) throw toPlatformError(e);
        const err = this.failed(slot, e);
        if (!this.fallsBack(err)) throw err;
        failures.push(this.fellBack(slot, err));
        lastError = err;
      } finally {
        deadline.dispose();
        await iterator?.return?.()?.catch(() => undefined);
      }
    }
    throw this.exhausted(failures, lastError);
  }

  private slot(entry: ProviderChainEntry, threshold: number): Slot {
    const breaker = createResiliencePolicy({
      name: `model:${entry.provider.name}`,
      retry: false,
      breaker: { kind: 'consecutive', threshold, halfOpenAfterMs: this.halfOpenAfterMs },
      isTransient: countsAgainstProvider,
      clock: this.clock,
    });
    const slot: Slot = {
      provider: entry.provider,
      timeoutMs: entry.timeoutMs,
      breaker,
      consecutiveFailures: 0,
      calls: 0,
      failures: 0,
    };
    breaker.onBreakerStateChange((state) => {
      if (state === 'open') slot.openedAt = this.clock.now();
      this.onEvent({ type: 'breaker', provider: entry.provider.name, state });
    });
    return slot;
  }

  private deadline(slot: Slot, request: ModelRequest): Deadline {
    const ms = request.timeoutMs ?? slot.timeoutMs ?? this.attemptTimeoutMs;
    return new Deadline(this.clock, ms, request.signal, `${slot.provider.name} model call`, {
      provider: slot.provider.name,
    });
  }

  private attemptRequest(slot: Slot, index: number, request: ModelRequest, deadline: Deadline): ModelRequest {
    const { model, ...rest } = request;
    return {
      ...rest,
      ...(index === 0 && model !== undefined ? { model } : {}),
      signal: deadline.signal,
      timeoutMs: request.timeoutMs ?? slot.timeoutMs ?? this.attemptTimeoutMs,
    };
  }

  private succeeded(slot: Slot): void {
    slot.calls++;
    slot.consecutiveFailures = 0;
  }

  private failed(slot: Slot, e: unknown): PlatformError {
    // The slot's own breaker refused the call (open or isolated): the provider was not asked.
    if (isPlatformError(e, 'CIRCUIT_OPEN') && e.details.policy === slot.breaker.name) {
      return new PlatformError('CIRCUIT_OPEN', `${slot.provider.name}: circuit open, provider skipped`, {
        details: { provider: slot.provider.name },
      });
    }
    const err = toPlatformError(e);
    slot.calls++;
    slot.failures++;
    slot.consecutiveFailures++;
    slot.lastError = { code: err.code, message: err.message, at: this.clock.now() };
    return err;
  }

  private fallsBack(err: PlatformError): boolean {
    if (err.code === 'CIRCUIT_OPEN') return true;
    if (err.details.reason === 'aborted') return false;
    return this.shouldFallback(err);
  }

  private fellBack(slot: Slot, err: PlatformError): ProviderFailure {
    const failure = { provider: slot.provider.name, code: err.code, message: err.message };
    this.onEvent({ type: 'fallback', ...failure });
    return failure;
  }

  private exhausted(failures: ProviderFailure[], lastError: PlatformError | undefined): PlatformError {
    const summary = failures.map((f) => `${f.provider}: ${f.code}`).join(', ');
    return new PlatformError('UNAVAILABLE', `Every model provider failed (${summary})`, {
      cause: lastError,
      details: {
        failures: failures.map((f) => ({ provider: f.provider, code: f.code, message: f.message })),
      },
    });
  }
}

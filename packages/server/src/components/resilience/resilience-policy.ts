// Retry (exponential backoff with jitter), circuit breaker (consecutive-count, rate over the last N
// calls, or rate over a time window), timeout and bulkhead on cockatiel 3, composed in that order
// from the inside out: bulkhead → retry → breaker → timeout. Final failures go to a DLQ sink.
import {
  CircuitState,
  ConsecutiveBreaker,
  CountBreaker,
  ExponentialBackoff,
  SamplingBreaker,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  decorrelatedJitterGenerator,
  handleWhen,
  noJitterGenerator,
  retry,
  timeout,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
  type IBackoff,
  type IBackoffFactory,
  type IBreaker,
  type IHalfOpenAfterBackoffContext,
  type RetryPolicy,
  type TimeoutPolicy,
} from 'cockatiel';
import type { Clock } from '../../clock.js';
import { PlatformError, isPlatformError, toPlatformError, type JsonValue } from '../../errors.js';
import type { KillSwitch } from '../kill-switch/kill-switch.js';
import type { DeadLetterSink } from './dead-letter-sink.js';

export type BreakerOptions =
  /** Opens after `threshold` failures in a row (count-based). */
  | { kind: 'consecutive'; threshold: number; halfOpenAfterMs: number }
  /** Opens when the failure rate over the last `size` calls reaches `threshold` (0–1), once `minimumCalls` were seen. */
  | { kind: 'rate'; threshold: number; size: number; minimumCalls: number; halfOpenAfterMs: number }
  /** Opens when the failure rate over the last `windowMs` reaches `threshold`, above `minimumRps` calls per second. */
  | { kind: 'sampling'; threshold: number; windowMs: number; minimumRps?: number; halfOpenAfterMs: number };

export interface RetryOptions {
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Growth per retry (default 2). */
  exponent?: number;
  /** Decorrelated jitter (default true); false gives exact initial × exponentⁿ delays. */
  jitter?: boolean;
}

export interface ResilienceOptions {
  /** Names the policy in errors, stats and dead letters. */
  name: string;
  retry?: RetryOptions | false;
  breaker?: BreakerOptions | false;
  /** Deadline per attempt; none when absent. */
  timeoutMs?: number;
  /** At most `limit` calls at once, `queue` more waiting; the rest fail fast with UNAVAILABLE. */
  bulkhead?: { limit: number; queue?: number };
  /** Which failures are transient (retried and counted by the breaker). Default: see `isTransientError`. */
  isTransient?: (err: unknown) => boolean;
  deadLetters?: DeadLetterSink;
  killSwitch?: KillSwitch;
  /**
   * Measures the breaker's open period on this clock (a FakeClock in tests) instead of Date.now.
   * Retry delays and timeouts still run on real timers (cockatiel schedules them itself).
   */
  clock?: Clock;
}

export interface ExecuteOptions<T> {
  /** Used when every attempt failed (or the circuit is open); receives the final error. */
  fallback?: (err: PlatformError) => Promise<T> | T;
  /** When given, a final failure is handed to the dead-letter sink with this payload. */
  deadLetter?: { payload: JsonValue; tenantId?: string | null };
  signal?: AbortSignal;
}

export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

export interface ResilienceStats {
  calls: number;
  successes: number;
  failures: number;
  retries: number;
  timeouts: number;
  rejectedOpen: number;
  rejectedBulkhead: number;
  fallbacks: number;
  deadLettered: number;
  breakerOpened: number;
}

export interface ResiliencePolicy {
  readonly name: string;
  /**
   * Runs `fn` under the policy. Failures are PlatformErrors: TIMEOUT, CIRCUIT_OPEN, UNAVAILABLE
   * (bulkhead full) or the operation's own. `fn` gets a signal when there is something to abort on:
   * the policy's timeout (one per attempt) or the caller's `signal`; otherwise undefined.
   */
  execute<T>(fn: (signal: AbortSignal | undefined) => Promise<T>, options?: ExecuteOptions<T>): Promise<T>;
  readonly breakerState: BreakerState;
  /** Called on every breaker state change; returns an unsubscribe function. */
  onBreakerStateChange(listener: (state: BreakerState) => void): () => void;
  /** Forces the breaker open until the returned function is called (operator action). */
  isolate(): () => void;
  stats(): ResilienceStats;
}

// cockatiel 3.2.1's own `isTaskCancelledError` tests the bulkhead marker (a known slip), so these
// guards check each error's own marker property.
const hasMarker = (e: unknown, marker: string): boolean => e instanceof Error && marker in e;
const isTaskCancelledError = (e: unknown) => hasMarker(e, 'isTaskCancelledError');
const isBrokenCircuitError = (e: unknown) => hasMarker(e, 'isBrokenCircuitError');
const isBulkheadRejectedError = (e: unknown) => hasMarker(e, 'isBulkheadRejectedError');

/** Retryable PlatformErrors, cockatiel timeouts, and plain errors (network faults are rarely PlatformErrors yet). */
export function isTransientError(err: unknown): boolean {
  if (isTaskCancelledError(err)) return true;
  if (isBrokenCircuitError(err) || isBulkheadRejectedError(err)) return false;
  if (isPlatformError(err)) return err.retryable;
  return true;
}

const stateNames: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

function makeBreaker(options: BreakerOptions): IBreaker {
  switch (options.kind) {
    case 'consecutive':
      return new ConsecutiveBreaker(options.threshold);
    case 'rate':
      return new CountBreaker({
        threshold: options.threshold,
        size: options.size,
        minimumNumberOfCalls: options.minimumCalls,
      });
    case 'sampling':
      return new SamplingBreaker({
        threshold: options.threshold,
        duration: options.windowMs,
        ...(options.minimumRps === undefined ? {} : { minimumRps: options.minimumRps }),
      });
  }
}

/** cockatiel asks a backoff how long to stay open; this answers from the injected clock. */
class ClockCoolDown implements IBackoffFactory<IHalfOpenAfterBackoffContext> {
  constructor(
    private readonly clock: Clock,
    private readonly ms: number,
  ) {}

  next(): IBackoff<IHalfOpenAfterBackoffContext> {
    const openedAt = this.clock.now();
    const { clock, ms } = this;
    return {
      get duration() {
        return clock.now() - openedAt >= ms ? 0 : Number.POSITIVE_INFINITY;
      },
      next: () => this.next(),
    };
  }
}

function backoffFor(r: RetryOptions): ExponentialBackoff<unknown> {
  const common = {
    initialDelay: r.initialDelayMs ?? 100,
    maxDelay: r.maxDelayMs ?? 60_000,
    exponent: r.exponent ?? 2,
  };
  return r.jitter === false
    ? new ExponentialBackoff({ ...common, generator: noJitterGenerator })
    : new ExponentialBackoff({ ...common, generator: decorrelatedJitterGenerator });
}

export function createResiliencePolicy(options: ResilienceOptions): ResiliencePolicy {
  const transient = options.isTransient ?? isTransientError;
  const handler = handleWhen((err) => transient(err));
  const counters: ResilienceStats = {
    calls: 0,
    successes: 0,
    failures: 0,
    retries: 0,
    timeouts: 0,
    rejectedOpen: 0,
    rejectedBulkhead: 0,
    fallbacks: 0,
    deadLettered: 0,
    breakerOpened: 0,
  };

  const retryPolicy: RetryPolicy | undefined =
    options.retry === false
      ? undefined
      : retry(handler, {
          maxAttempts: options.retry?.maxRetries ?? 3,
          backoff: backoffFor(options.retry ?? {}),
        });
  retryPolicy?.onRetry(() => {
    counters.retries += 1;
  });

  const breakerPolicy: CircuitBreakerPolicy | undefined = options.breaker
    ? circuitBreaker(handler, {
        breaker: makeBreaker(options.breaker),
        halfOpenAfter: options.clock
          ? new ClockCoolDown(options.clock, options.breaker.halfOpenAfterMs)
          : options.breaker.halfOpenAfterMs,
      })
    : undefined;
  breakerPolicy?.onBreak(() => {
    counters.breakerOpened += 1;
  });

  const timeoutPolicy: TimeoutPolicy | undefined =
    options.timeoutMs === undefined
      ? undefined
      : // No abort once the call has returned: it is finished by then, and aborting a signal nobody
        // listens to any more costs an AbortError (a DOMException with a stack) on every call.
        timeout(options.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  timeoutPolicy?.onTimeout(() => {
    counters.timeouts += 1;
  });
  const bulkheadPolicy: BulkheadPolicy | undefined = options.bulkhead
    ? bulkhead(options.bulkhead.limit, options.bulkhead.queue ?? 0)
    : undefined;

  function translate(err: unknown): PlatformError {
    if (isTaskCancelledError(err)) {
      return new PlatformError('TIMEOUT', `${options.name}: timed out after ${options.timeoutMs} ms`, {
        details: { policy: options.name },
        cause: err,
      });
    }
    if (isBrokenCircuitError(err)) {
      counters.rejectedOpen += 1;
      return new PlatformError('CIRCUIT_OPEN', `${options.name}: circuit open`, {
        details: { policy: options.name },
        cause: err,
      });
    }
    if (isBulkheadRejectedError(err)) {
      counters.rejectedBulkhead += 1;
      return new PlatformError('UNAVAILABLE', `${options.name}: too many concurrent calls`, {
        details: { policy: options.name, reason: 'bulkhead-full' },
        cause: err,
      });
    }
    return toPlatformError(err);
  }

  // The layers are composed once, innermost first; a call hands its function and its state down as
  // arguments instead of building a closure per layer (this sits on every model call's path).
  interface CallState {
    attempts: number;
    /** The caller gave no signal (cockatiel then hands down a shared never-aborted one). */
    unsignalled: boolean;
  }
  type Layer = <T>(
    fn: (signal: AbortSignal | undefined) => Promise<T>,
    signal: AbortSignal | undefined,
    state: CallState,
  ) => Promise<T>;
  let layer: Layer = (fn, signal, state) => {
    state.attempts += 1;
    // A timeout layer derives a signal per attempt. Without one, only a caller's signal can abort;
    // cockatiel's shared never-aborted stand-in is not passed on (it would collect every call's
    // abort listeners), and no signal at all saves the callee linking one.
    return fn(timeoutPolicy || !state.unsignalled ? signal : undefined);
  };
  for (const policy of [timeoutPolicy, breakerPolicy, retryPolicy, bulkheadPolicy]) {
    if (!policy) continue;
    const inner = layer;
    layer = (fn, signal, state) => policy.execute((ctx) => inner(fn, ctx.signal, state), signal);
  }

  async function run<T>(
    fn: (signal: AbortSignal | undefined) => Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const state: CallState = { attempts: 0, unsignalled: signal === undefined };
    try {
      return await layer(fn, signal, state);
    } catch (err) {
      throw Object.assign(translate(err), { attempts: Math.max(1, state.attempts) });
    }
  }

  return {
    name: options.name,
    async execute(fn, executeOptions = {}) {
      counters.calls += 1;
      if (options.killSwitch?.isDisabled('resilience')) {
        return fn(executeOptions.signal);
      }
      try {
        const value = await run(fn, executeOptions.signal);
        counters.successes += 1;
        return value;
      } catch (raw) {
        counters.failures += 1;
        const err = raw as PlatformError & { attempts: number };
        if (executeOptions.deadLetter && options.deadLetters) {
          await options.deadLetters.put({
            source: options.name,
            payload: executeOptions.deadLetter.payload,
            error: err.toJSON(),
            attempts: err.attempts,
            tenantId: executeOptions.deadLetter.tenantId ?? null,
          });
          counters.deadLettered += 1;
        }
        if (executeOptions.fallback) {
          counters.fallbacks += 1;
          return executeOptions.fallback(err);
        }
        throw err;
      }
    },
    get breakerState() {
      return breakerPolicy ? stateNames[breakerPolicy.state] : 'closed';
    },
    onBreakerStateChange(listener) {
      if (!breakerPolicy) return () => {};
      const sub = breakerPolicy.onStateChange((s) => listener(stateNames[s]));
      return () => sub.dispose();
    },
    isolate() {
      if (!breakerPolicy) return () => {};
      const handle = breakerPolicy.isolate();
      return () => handle.dispose();
    },
    stats: () => ({ ...counters }),
  };
}

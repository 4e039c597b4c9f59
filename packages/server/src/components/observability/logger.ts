// Structured JSON logs (pino). Every line written inside an active span carries its trace and span ids,
// so a log line can be joined to the trace of the publish/handle that produced it.
import { trace } from '@opentelemetry/api';
import { pino, type Logger, type LoggerOptions } from 'pino';
import { LOG_REDACT_CENSOR, LOG_REDACT_PATHS } from './log-redaction.js';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  level?: LoggerOptions['level'];
  name?: string;
  /** Destination stream (tests pass a collector); stdout by default. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const opts: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.name ?? 'waooaw' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Credentials and secret values never reach a log line, whoever logs them.
    redact: { paths: LOG_REDACT_PATHS, censor: LOG_REDACT_CENSOR },
    mixin() {
      const span = trace.getActiveSpan();
      if (!span) return {};
      const ctx = span.spanContext();
      return { traceId: ctx.traceId, spanId: ctx.spanId };
    },
  };
  return options.destination ? pino(opts, options.destination as pino.DestinationStream) : pino(opts);
}

/** A logger that discards everything, for tests and library defaults. */
export const silentLogger: Logger = pino({ level: 'silent' });

/** What `deferredChild` needs of a logger (pino's, or Fastify's view of it). */
interface DeferrableLogger {
  level: string;
  child(bindings: pino.Bindings, options?: pino.ChildLoggerOptions): unknown;
  isLevelEnabled?(level: string): boolean;
}

const noop = (): void => undefined;
const LOG_METHODS = new Set<PropertyKey>(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** A deferred child's state, kept on the proxy's target (which inherits from the parent logger). */
const STATE = Symbol('deferred child');
interface Deferred {
  parent: DeferrableLogger;
  bindings: pino.Bindings;
  options: pino.ChildLoggerOptions;
  child?: DeferrableLogger;
}
type DeferredTarget = DeferrableLogger & { [STATE]: Deferred };

const made = (d: Deferred): DeferrableLogger =>
  (d.child ??= d.parent.child(d.bindings, d.options) as DeferrableLogger);

/** A log method that makes the child and logs through it (`this` is the proxy); one per method, shared. */
const forwarders = new Map<PropertyKey, (this: DeferredTarget, ...args: unknown[]) => void>(
  [...LOG_METHODS].map((m) => [
    m,
    function forward(this: DeferredTarget, ...args: unknown[]) {
      const d = this[STATE];
      // A line below the level would be dropped by the child too: nothing to make it for. Checked
      // here, when a line is logged, not when Fastify reads the method (seven reads per request).
      if (d.child === undefined && d.parent.isLevelEnabled?.(m as string) === false) return;
      const logger = made(d);
      (Reflect.get(logger, m) as (...a: unknown[]) => void).apply(logger, args);
    },
  ]),
);
function deferredChildOfChild(this: DeferredTarget, b: pino.Bindings, o?: pino.ChildLoggerOptions): unknown {
  return made(this[STATE]).child(b, o);
}

/**
 * One handler for every request's proxy: Fastify reads seven methods of each request's logger, and a
 * handler holding closures per request made each read allocate. Before the child is made, log
 * methods are shared forwarders (or a no-op below the level) and `child` a shared function.
 */
const deferredHandler: ProxyHandler<DeferredTarget> = {
  get(target, prop) {
    const d = target[STATE];
    if (prop === STATE) return d;
    if (d.child === undefined) {
      if (LOG_METHODS.has(prop)) return prop === 'silent' ? noop : forwarders.get(prop);
      if (prop === 'level') return d.parent.level;
      // Fastify checks that `child` is a function on every request.
      if (prop === 'child') return deferredChildOfChild;
    }
    const logger = made(d);
    const value: unknown = Reflect.get(logger, prop);
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(logger) : value;
  },
  set(target, prop, value) {
    return Reflect.set(made(target[STATE]), prop, value);
  },
};

/**
 * `parent.child(bindings)` made on first use. A pino child serialises its bindings through the
 * redaction paths when it is made, which costs more than most requests it would log for; Fastify makes
 * one per request, and few requests log anything.
 */
export function deferredChild<L extends DeferrableLogger>(
  parent: L,
  bindings: pino.Bindings,
  options: pino.ChildLoggerOptions,
): L {
  // The target inherits from the parent, so `in` and the prototype answer as for a logger.
  const target = Object.create(parent) as DeferredTarget;
  target[STATE] = { parent, bindings, options };
  return new Proxy(target, deferredHandler) as unknown as L;
}

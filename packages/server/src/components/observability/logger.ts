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
  let child: L | undefined;
  const real = (): L => (child ??= parent.child(bindings, options) as L);
  return new Proxy(parent, {
    get(_target, prop) {
      if (child === undefined) {
        if (LOG_METHODS.has(prop)) {
          // A line below the level would be dropped by the child too: nothing to make it for.
          if (prop === 'silent' || parent.isLevelEnabled?.(prop as string) === false) return noop;
          return (...args: unknown[]) => {
            const logger = real();
            (Reflect.get(logger, prop) as (...a: unknown[]) => void).apply(logger, args);
          };
        }
        if (prop === 'level') return parent.level;
        // Fastify checks that `child` is a function on every request.
        if (prop === 'child') return (b: pino.Bindings, o?: pino.ChildLoggerOptions) => real().child(b, o);
      }
      const value: unknown = Reflect.get(real(), prop);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(child) : value;
    },
    set(_target, prop, value) {
      return Reflect.set(real(), prop, value);
    },
  });
}

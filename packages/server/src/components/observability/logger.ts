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

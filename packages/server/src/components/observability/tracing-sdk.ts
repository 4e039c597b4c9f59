// The OpenTelemetry SDK, registered by the composition root when a traces endpoint is configured: a
// NodeTracerProvider (AsyncLocalStorage context, W3C trace context) exporting in batches over OTLP/HTTP
// (JSON). Without it the API stays a no-op, so spans created everywhere cost next to nothing.
import { context, diag, DiagLogLevel, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Logger } from './logger.js';

export interface TracingOptions {
  /** Full OTLP/HTTP traces URL, e.g. `http://collector:4318/v1/traces`. */
  endpoint: string;
  serviceName: string;
  serviceVersion: string;
  /** Extra resource attributes (role, worker id). */
  attributes?: Record<string, string>;
  /** Longest wait between exports (default 5 s, the SDK's). */
  exportIntervalMs?: number;
  /** How long one export may take, retries included (default 10 s, the SDK's). */
  exportTimeoutMs?: number;
  /** Where the SDK's own warnings and errors go (a collector that cannot be reached, dropped spans). */
  logger?: Logger;
}

export interface Tracing {
  /** Exports what is buffered now. */
  flush(): Promise<void>;
  /** Exports what is buffered and unregisters the SDK (spans become no-ops again). */
  shutdown(): Promise<void>;
}

let shared: { provider: NodeTracerProvider; users: number } | undefined;

/**
 * Registers the SDK process-wide. The API's globals hold one provider per process, so while one is
 * registered a second call shares it (several platforms in one process); the last `shutdown` ends it.
 */
export function startTracing(options: TracingOptions): Tracing {
  if (!shared) {
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({
        'service.name': options.serviceName,
        'service.version': options.serviceVersion,
        ...options.attributes,
      }),
      spanProcessors: [
        new BatchSpanProcessor(
          new OTLPTraceExporter({
            url: options.endpoint,
            ...(options.exportTimeoutMs === undefined ? {} : { timeoutMillis: options.exportTimeoutMs }),
          }),
          {
            ...(options.exportIntervalMs === undefined
              ? {}
              : { scheduledDelayMillis: options.exportIntervalMs }),
          },
        ),
      ],
    });
    provider.register();
    const log = options.logger;
    if (log) {
      const warn = (message: string, ...args: unknown[]) => log.warn({ otel: args.map(String) }, message);
      const quiet = () => undefined;
      diag.setLogger({ error: warn, warn, info: quiet, debug: quiet, verbose: quiet }, DiagLogLevel.WARN);
    }
    shared = { provider, users: 0 };
  }
  const mine = shared;
  mine.users += 1;
  let ended = false;
  return {
    flush: () => mine.provider.forceFlush(),
    async shutdown() {
      if (ended) return;
      ended = true;
      mine.users -= 1;
      if (mine.users > 0) {
        await mine.provider.forceFlush();
        return;
      }
      if (shared === mine) shared = undefined;
      try {
        await mine.provider.shutdown();
      } finally {
        trace.disable();
        context.disable();
        propagation.disable();
        diag.disable();
      }
    },
  };
}

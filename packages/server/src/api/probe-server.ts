// Listeners beside the API port. Probes for a process that serves no API (`waooaw start --role worker
// --health-port N`): /health, /health/live, /health/ready and /metrics, so an orchestrator can probe
// workers and Prometheus can scrape them. And the metrics-only listener (`WAOOAW_METRICS_PORT`), which
// keeps /metrics off the public port. Bus queue gauges are left to the API processes, which refresh them.
import type { Logger } from '../components/observability/logger.js';
import type { Metrics } from '../components/observability/metrics.js';
import { createApp } from './app.js';
import { registerHealthRoutes, type HealthCheck, type HealthInfo } from './routes/health.js';
import { registerMetricsRoute, type MetricsRouteOptions } from './routes/metrics.js';

export interface ListenerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  logger: Logger;
  metrics: Metrics;
}

export interface ProbeServerOptions extends ListenerOptions {
  checks: HealthCheck[];
  info: HealthInfo;
  /** How /metrics is guarded (open by default); `false` leaves it out (it has a listener of its own). */
  metricsRoute?: MetricsRouteOptions | false;
}

export interface ProbeServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function listenProbes(options: ProbeServerOptions): Promise<ProbeServer> {
  const app = await createApp({ logger: options.logger, metrics: options.metrics });
  registerHealthRoutes(app, options.checks, options.info);
  if (options.metricsRoute !== false) registerMetricsRoute(app, options.metrics, options.metricsRoute ?? {});
  const url = await app.listen({ host: options.host, port: options.port });
  return { url, close: () => app.close() };
}

/** A listener that serves /metrics only. */
export async function listenMetrics(
  options: ListenerOptions & { route: MetricsRouteOptions },
): Promise<ProbeServer> {
  const app = await createApp({ logger: options.logger, metrics: options.metrics });
  registerMetricsRoute(app, options.metrics, options.route);
  const url = await app.listen({ host: options.host, port: options.port });
  return { url, close: () => app.close() };
}

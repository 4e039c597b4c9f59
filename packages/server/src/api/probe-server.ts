// Probes for a process that serves no API (`waooaw start --role worker --health-port N`): /health,
// /health/live, /health/ready and /metrics on a port of their own, so an orchestrator can probe workers
// and Prometheus can scrape them. Bus queue gauges are left to the API processes, which refresh them.
import type { Logger } from '../components/observability/logger.js';
import type { Metrics } from '../components/observability/metrics.js';
import { createApp } from './app.js';
import { registerHealthRoutes, type HealthCheck, type HealthInfo } from './routes/health.js';
import { registerMetricsRoute } from './routes/metrics.js';

export interface ProbeServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  checks: HealthCheck[];
  info: HealthInfo;
  logger: Logger;
  metrics: Metrics;
}

export interface ProbeServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function listenProbes(options: ProbeServerOptions): Promise<ProbeServer> {
  const app = await createApp({ logger: options.logger, metrics: options.metrics });
  registerHealthRoutes(app, options.checks, options.info);
  registerMetricsRoute(app, options.metrics);
  const url = await app.listen({ host: options.host, port: options.port });
  return { url, close: () => app.close() };
}

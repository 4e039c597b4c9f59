// Prometheus scrape endpoint. Bus gauges (depth, lag) are refreshed from the bus on each scrape.
import { z } from 'zod';
import type { PlatformApp } from '../app.js';
import type { Metrics } from '../../components/observability/metrics.js';

export function registerMetricsRoute(
  app: PlatformApp,
  metrics: Metrics,
  beforeScrape?: () => Promise<void>,
): void {
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (text exposition format)',
        response: { 200: z.string().describe('text/plain') },
      },
    },
    async (_request, reply) => {
      if (beforeScrape) await beforeScrape().catch(() => undefined);
      return reply
        .header('content-type', metrics.registry.contentType)
        .send(await metrics.registry.metrics());
    },
  );
}

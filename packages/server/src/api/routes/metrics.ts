// Prometheus scrape endpoint. With a token configured it answers only `Authorization: Bearer <token>`
// (compared in constant time); anonymous or wrong callers get 401. `beforeScrape` refreshes gauges read
// from the store and the bus (queue depth and lag, workflow instances by state) on each scrape.
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { PlatformApp } from '../app.js';
import { errorResponseSchema } from '../error-schema.js';
import type { Metrics } from '../../components/observability/metrics.js';
import { errorBody, PlatformError } from '../../errors.js';

export interface MetricsRouteOptions {
  /** Bearer token required from scrapers; open when absent. */
  token?: string | undefined;
  beforeScrape?: (() => Promise<void>) | undefined;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** True when the header carries exactly `Bearer <token>`. */
export function isBearer(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  // Digests have one length, so the comparison time says nothing about the token's length.
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

export function registerMetricsRoute(
  app: PlatformApp,
  metrics: Metrics,
  options: MetricsRouteOptions = {},
): void {
  const { token, beforeScrape } = options;
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        summary: token
          ? 'Prometheus metrics (text exposition format); needs the metrics bearer token'
          : 'Prometheus metrics (text exposition format)',
        ...(token ? { security: [{ bearer: [] as string[] }] } : {}),
        response: { 200: z.string().describe('text/plain'), 401: errorResponseSchema },
      },
    },
    async (request, reply) => {
      if (token && !isBearer(request.headers.authorization, token)) {
        return reply
          .status(401)
          .header('www-authenticate', 'Bearer realm="metrics"')
          .send(
            errorBody(new PlatformError('UNAUTHENTICATED', 'The metrics bearer token is missing or wrong')),
          );
      }
      if (beforeScrape)
        await beforeScrape().catch((err: unknown) => request.log.warn({ err }, 'metrics refresh failed'));
      return reply
        .header('content-type', metrics.registry.contentType)
        .send(await metrics.registry.metrics());
    },
  );
}

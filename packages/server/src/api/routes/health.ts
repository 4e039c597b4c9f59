// Health probes: /health/live (the process answers; no dependency checks, so an outage of PostgreSQL
// does not make an orchestrator restart every pod), /health/ready (store and bus answer and the
// process is not draining: send traffic), and /health (the full report). Each dependency is pinged
// with a deadline so a hung backend shows as down; a draining process is unready before it stops.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { PlatformApp } from '../app.js';
import { toPlatformError } from '../../errors.js';

export interface HealthCheck {
  name: string;
  ping(): Promise<void>;
}

const checkSchema = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });
const healthSchema = z.object({
  status: z.enum(['ok', 'down', 'draining']),
  role: z.string(),
  version: z.string(),
  uptimeSeconds: z.number(),
  checks: z.record(z.string(), checkSchema),
});
export type HealthReport = z.infer<typeof healthSchema>;

/** What the reports say about the process itself. */
export interface HealthInfo {
  role: string;
  version: string;
  startedAt: number;
  /** True once the process began a graceful stop: readiness turns false first. */
  isDraining?: () => boolean;
}

async function runCheck(check: HealthCheck, timeoutMs: number): Promise<z.infer<typeof checkSchema>> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  } catch (err) {
    return {
      ok: false,
      latencyMs: Math.round(performance.now() - started),
      error: toPlatformError(err).message,
    };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(
  checks: HealthCheck[],
  info: HealthInfo,
  timeoutMs = 2000,
): Promise<HealthReport> {
  const results = await Promise.all(checks.map(async (c) => [c.name, await runCheck(c, timeoutMs)] as const));
  const all = Object.fromEntries(results);
  return {
    status: info.isDraining?.() ? 'draining' : results.every(([, r]) => r.ok) ? 'ok' : 'down',
    role: info.role,
    version: info.version,
    uptimeSeconds: Math.round((Date.now() - info.startedAt) / 1000),
    checks: all,
  };
}

const liveSchema = z.object({ status: z.literal('ok'), uptimeSeconds: z.number() });

export function registerHealthRoutes(app: PlatformApp, checks: HealthCheck[], info: HealthInfo): void {
  const report = async (_request: unknown, reply: FastifyReply) => {
    const result = await checkHealth(checks, info);
    return reply.status(result.status === 'ok' ? 200 : 503).send(result);
  };
  const full = { 200: healthSchema, 503: healthSchema };
  app.get(
    '/health',
    {
      schema: {
        tags: ['operations'],
        summary:
          'Dependency health (store, bus): 200 when all answer, else 503 naming the failing one (or status "draining" during a graceful stop)',
        response: full,
      },
    },
    report,
  );
  app.get(
    '/health/ready',
    {
      schema: {
        tags: ['operations'],
        summary:
          'Readiness probe: 200 when store and bus answer (same report as /health); 503 with status "draining" once a graceful stop began',
        response: full,
      },
    },
    report,
  );
  app.get(
    '/health/live',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness probe: 200 while the process serves requests; checks no dependency',
        response: { 200: liveSchema },
      },
    },
    async () => ({ status: 'ok' as const, uptimeSeconds: Math.round((Date.now() - info.startedAt) / 1000) }),
  );
}

// Liveness and dependency health: each dependency is pinged with a deadline so a hung backend
// shows as down instead of hanging the probe.
import { z } from 'zod';
import type { PlatformApp } from '../app.js';
import { toPlatformError } from '../../errors.js';

export interface HealthCheck {
  name: string;
  ping(): Promise<void>;
}

const checkSchema = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });
const healthSchema = z.object({
  status: z.enum(['ok', 'down']),
  role: z.string(),
  version: z.string(),
  uptimeSeconds: z.number(),
  checks: z.record(z.string(), checkSchema),
});
export type HealthReport = z.infer<typeof healthSchema>;

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
  info: { role: string; version: string; startedAt: number },
  timeoutMs = 2000,
): Promise<HealthReport> {
  const results = await Promise.all(checks.map(async (c) => [c.name, await runCheck(c, timeoutMs)] as const));
  const all = Object.fromEntries(results);
  return {
    status: results.every(([, r]) => r.ok) ? 'ok' : 'down',
    role: info.role,
    version: info.version,
    uptimeSeconds: Math.round((Date.now() - info.startedAt) / 1000),
    checks: all,
  };
}

export function registerHealthRoutes(
  app: PlatformApp,
  checks: HealthCheck[],
  info: { role: string; version: string; startedAt: number },
): void {
  app.get(
    '/health',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness and dependency health (store, bus)',
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (_request, reply) => {
      const report = await checkHealth(checks, info);
      return reply.status(report.status === 'ok' ? 200 : 503).send(report);
    },
  );
}

// The operations console's overview (GET /api/v1/ops/overview, operators and admins): the health report
// the probes give, this process's throughput and error rates read from its Prometheus counters, the
// bus's queues and dead letters, and the workflow instances stopped on an incident.
import type { FastifyRequest } from 'fastify';
import type { Counter } from 'prom-client';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Bus } from '../../bus/bus.js';
import type { Metrics } from '../../components/observability/metrics.js';
import { OpsOverviewSchema, type OpsOverview } from '../../contracts/ops-console.js';
import type { InstanceRepository } from '../../engine/engine-store.js';
import type { PlatformApp } from '../app.js';
import { errorResponseSchema } from '../error-schema.js';
import { checkHealth, type HealthCheck, type HealthInfo } from './health.js';

export interface OpsOverviewDeps {
  checks: HealthCheck[];
  info: HealthInfo;
  bus: Bus;
  metrics: Metrics;
  /** The workflow instances (the store's repository: counts and listings, no engine step). */
  instances: Pick<InstanceRepository, 'list' | 'countByState'>;
  requireOperator(request: FastifyRequest): Promise<unknown>;
}

/** How many of the open incidents the overview names (the count covers them all). */
const INCIDENTS_SHOWN = 20;

/** Sum of a counter's samples, optionally only those whose labels pass `keep`. */
async function total<L extends string>(
  counter: Counter<L>,
  keep: (labels: Partial<Record<L, string | number>>) => boolean = () => true,
): Promise<number> {
  const { values } = await counter.get();
  return values.reduce((sum, v) => (keep(v.labels) ? sum + v.value : sum), 0);
}

const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);
const perMinute = (n: number, seconds: number) => Math.round((n / Math.max(seconds, 1)) * 60 * 100) / 100;

export async function readOpsOverview(deps: OpsOverviewDeps): Promise<OpsOverview> {
  const { bus, metrics, instances } = deps;
  const [health, stats, deadLetters, byState, failed] = await Promise.all([
    checkHealth(deps.checks, deps.info),
    bus.stats(),
    bus.dlq.count(),
    instances.countByState(),
    instances.list({ state: 'failed', limit: INCIDENTS_SHOWN }),
  ]);
  const [httpRequests, httpServerErrors, busHandled, busFailed, workflowSteps] = await Promise.all([
    total(metrics.httpRequests),
    total(metrics.httpRequests, (l) => String(l.status ?? '').startsWith('5')),
    total(metrics.busReceived),
    total(metrics.busReceived, (l) => l.outcome !== 'ack'),
    total(metrics.workflowSteps),
  ]);
  return {
    ...health,
    throughput: {
      httpRequests,
      httpServerErrors,
      httpErrorRate: ratio(httpServerErrors, httpRequests),
      busHandled,
      busFailed,
      busErrorRate: ratio(busFailed, busHandled),
      workflowSteps,
      requestsPerMinute: perMinute(httpRequests, health.uptimeSeconds),
      stepsPerMinute: perMinute(workflowSteps, health.uptimeSeconds),
    },
    bus: {
      kind: bus.kind,
      published: stats.published,
      delivered: stats.delivered,
      acked: stats.acked,
      deadLettered: stats.deadLettered,
      deadLetters,
      queues: stats.groups.map((g) => ({
        group: g.group,
        pattern: g.pattern,
        depth: g.depth,
        pending: g.pending,
        lagMs: g.lagMs,
      })),
    },
    workflows: {
      instancesByState: byState,
      openIncidents: byState.failed ?? 0,
      incidents: failed.items.map((i) => ({
        instanceId: i.instanceId,
        definitionId: i.definitionId,
        version: i.version,
        businessKey: i.businessKey,
        message: i.error?.message ?? 'failed',
        since: i.updatedAt,
      })),
    },
  };
}

export function registerOpsOverviewRoute(app: PlatformApp, deps: OpsOverviewDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/ops/overview',
    {
      preHandler: async (request) => {
        await deps.requireOperator(request);
      },
      schema: {
        tags: ['operations'],
        summary:
          'Operations overview: health, throughput and error rates since start, bus queues, open incidents',
        security: [{ bearer: [] as string[] }],
        response: { 200: OpsOverviewSchema, 401: errorResponseSchema, 403: errorResponseSchema },
      },
    },
    async () => readOpsOverview(deps),
  );
}

// The operations console's overview contract (issue 15): one JSON read of the platform's health, its
// throughput and error rate since start, the bus's queues and the workflows' open incidents. Imports
// nothing but zod, so the web imports it as-is.
import { z } from 'zod';

/** A workflow instance's status, as the workflow routes report and filter it. */
export const INSTANCE_STATUSES = [
  'active',
  'waiting',
  'suspended',
  'completed',
  'failed',
  'cancelled',
  'compensated',
] as const;
export type InstanceStatusName = (typeof INSTANCE_STATUSES)[number];

const CheckSchema = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });

export const OpsQueueSchema = z.object({
  group: z.string(),
  pattern: z.string(),
  /** Messages waiting to be delivered. */
  depth: z.number().int(),
  /** Delivered, not yet acknowledged (being worked on). */
  pending: z.number().int(),
  /** Age in ms of the oldest waiting message. */
  lagMs: z.number(),
});

export const OpsIncidentSummarySchema = z.object({
  instanceId: z.string(),
  definitionId: z.string(),
  version: z.number().int(),
  businessKey: z.string().nullable(),
  message: z.string(),
  since: z.number(),
});

export const OpsOverviewSchema = z.object({
  /** `ok` when store and bus answer; `draining` during a graceful stop. */
  status: z.enum(['ok', 'down', 'draining']),
  role: z.string(),
  version: z.string(),
  uptimeSeconds: z.number(),
  checks: z.record(z.string(), CheckSchema),
  /** Counted by this process since it started (per minute averages over its uptime). */
  throughput: z.object({
    httpRequests: z.number(),
    httpServerErrors: z.number(),
    /** Share of HTTP requests answered 5xx, 0–1. */
    httpErrorRate: z.number(),
    busHandled: z.number(),
    busFailed: z.number(),
    /** Share of bus deliveries that failed (retried, dead-lettered or rejected), 0–1. */
    busErrorRate: z.number(),
    workflowSteps: z.number(),
    requestsPerMinute: z.number(),
    stepsPerMinute: z.number(),
  }),
  bus: z.object({
    kind: z.enum(['memory', 'redis']),
    published: z.number(),
    delivered: z.number(),
    acked: z.number(),
    deadLettered: z.number(),
    /** Dead letters waiting for an operator now. */
    deadLetters: z.number().int(),
    queues: z.array(OpsQueueSchema),
  }),
  workflows: z.object({
    instancesByState: z.record(z.string(), z.number().int()),
    /** Instances stopped on an incident or a terminal error (state `failed`). */
    openIncidents: z.number().int(),
    incidents: z.array(OpsIncidentSummarySchema),
  }),
});
export type OpsOverview = z.infer<typeof OpsOverviewSchema>;
export type OpsQueue = z.infer<typeof OpsQueueSchema>;

export const opsConsoleRoutes = {
  opsOverview: { method: 'GET', path: '/api/v1/ops/overview', auth: ['operator', 'admin'] },
} as const satisfies Record<
  string,
  { method: string; path: string; auth: 'none' | 'user' | readonly ('customer' | 'operator' | 'admin')[] }
>;

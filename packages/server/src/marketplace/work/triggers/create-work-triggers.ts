// Builds the triggers of work orders — the schedule and webhook services and the due-schedule worker —
// over the store, the secrets store and the two ports they need (InstanceLookup, TaskCreator).
import type { Clock } from '../../../clock.js';
import type { Logger } from '../../../components/observability/logger.js';
import type { Metrics } from '../../../components/observability/metrics.js';
import type { Secrets } from '../../../components/security/secrets.js';
import type { Ids } from '../../../ids.js';
import type { Store } from '../../../store/store.js';
import type { InstanceLookup, TaskCreator } from '../work-ports.js';
import { ScheduleService } from './schedule-service.js';
import { ScheduleWorker } from './schedule-worker.js';
import { WebhookService, type WebhookServiceDeps } from './webhook-service.js';

export interface WorkTriggersDeps {
  store: Store;
  secrets: Secrets;
  clock: Clock;
  ids: Ids;
  instances: InstanceLookup;
  tasks: TaskCreator;
  /** The JSON body parser of the HTTP edge (depth-checked, prototype keys refused). */
  parseJson: WebhookServiceDeps['parseJson'];
  logger?: Logger;
  metrics?: Metrics;
  publicUrl?: string;
  jsonMaxDepth?: number;
  eventsPerMinute?: number;
  /** The worker's poll interval (default 15 s). */
  pollMs?: number;
}

export interface WorkTriggers {
  schedules: ScheduleService;
  webhooks: WebhookService;
  /** Starts and stops with the platform's workers. */
  worker: ScheduleWorker;
}

export function createWorkTriggers(d: WorkTriggersDeps): WorkTriggers {
  const { metrics } = d;
  return {
    schedules: new ScheduleService({
      schedules: d.store.workSchedules,
      instances: d.instances,
      clock: d.clock,
      ids: d.ids,
    }),
    webhooks: new WebhookService({
      webhooks: d.store.workWebhooks,
      secrets: d.secrets,
      instances: d.instances,
      tasks: d.tasks,
      clock: d.clock,
      ids: d.ids,
      parseJson: d.parseJson,
      ...(d.publicUrl === undefined ? {} : { publicUrl: d.publicUrl }),
      ...(d.jsonMaxDepth === undefined ? {} : { jsonMaxDepth: d.jsonMaxDepth }),
      ...(d.eventsPerMinute === undefined ? {} : { eventsPerMinute: d.eventsPerMinute }),
      ...(metrics ? { onEvent: (o) => metrics.webhookEvents.inc({ outcome: o.replace('-', '_') }) } : {}),
    }),
    worker: new ScheduleWorker({
      schedules: d.store.workSchedules,
      tasks: d.tasks,
      clock: d.clock,
      ...(d.logger ? { logger: d.logger } : {}),
      ...(d.pollMs === undefined ? {} : { pollMs: d.pollMs }),
    }),
  };
}

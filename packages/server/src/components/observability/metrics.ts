// Prometheus metrics (prom-client). One registry per platform instance, so several platforms in one
// test process do not collide; instruments are created once here and passed to the components.
// Every name passes `promtool check metrics` (deploy/prometheus/ and its test keep it so).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const handlerBuckets = [
  0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
/** Model calls take from milliseconds (offline) to a minute (a slow remote model). */
const modelBuckets = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * prom-client's default `nodejs_active_{handles,requests,resources}_total` are gauges with a counter's
 * suffix, which promtool rejects; the per-type gauges without the suffix stay (sum them for the total).
 */
const MISNAMED_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** Circuit breaker states, exported one-hot (`waooaw_circuit_breaker_state{state="open"} == 1`). */
export const BREAKER_STATES = ['closed', 'half-open', 'open', 'isolated'] as const;
export type BreakerStateName = (typeof BREAKER_STATES)[number];

export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics) {
    collectDefaultMetrics({ register: registry });
    for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);
  }
  const r = [registry];
  return {
    registry,
    busSent: new Counter({
      name: 'waooaw_bus_messages_sent_total',
      help: 'Messages published',
      labelNames: ['topic_root', 'priority'],
      registers: r,
    }),
    busReceived: new Counter({
      name: 'waooaw_bus_messages_received_total',
      help: 'Deliveries handed to handlers',
      labelNames: ['group', 'outcome'],
      registers: r,
    }),
    busDeadLettered: new Counter({
      name: 'waooaw_bus_dead_lettered_total',
      help: 'Messages parked in the dead-letter queue',
      labelNames: ['group', 'reason'],
      registers: r,
    }),
    busRejected: new Counter({
      name: 'waooaw_bus_publish_rejected_total',
      help: 'Publishes refused by validation',
      labelNames: ['code'],
      registers: r,
    }),
    busQueueDepth: new Gauge({
      name: 'waooaw_bus_queue_depth',
      help: 'Messages waiting per consumer group',
      labelNames: ['group'],
      registers: r,
    }),
    busConsumerLag: new Gauge({
      name: 'waooaw_bus_consumer_lag_seconds',
      help: 'Age of the oldest waiting message per group',
      labelNames: ['group'],
      registers: r,
    }),
    busHandlerDuration: new Histogram({
      name: 'waooaw_bus_handler_duration_seconds',
      help: 'Handler run time',
      labelNames: ['group', 'outcome'],
      buckets: handlerBuckets,
      registers: r,
    }),
    httpRequests: new Counter({
      name: 'waooaw_http_requests_total',
      help: 'HTTP requests',
      labelNames: ['method', 'route', 'status'],
      registers: r,
    }),
    httpDuration: new Histogram({
      name: 'waooaw_http_request_duration_seconds',
      help: 'HTTP request duration by route (the route pattern, not the URL)',
      labelNames: ['method', 'route'],
      buckets: handlerBuckets,
      registers: r,
    }),
    workflowSteps: new Counter({
      name: 'waooaw_workflow_steps_total',
      help: 'Workflow steps committed (one interpreter step: an input and the events it produced)',
      labelNames: ['definition'],
      registers: r,
    }),
    workflowStarted: new Counter({
      name: 'waooaw_workflow_instances_started_total',
      help: 'Workflow instances started',
      labelNames: ['definition'],
      registers: r,
    }),
    workflowFinished: new Counter({
      name: 'waooaw_workflow_instances_finished_total',
      help: 'Workflow instances that reached an end, by final state',
      labelNames: ['definition', 'state'],
      registers: r,
    }),
    workflowIncidents: new Counter({
      name: 'waooaw_workflow_incidents_total',
      help: 'Workflow incidents raised (a step failed past its retries and waits for an operator)',
      labelNames: ['definition'],
      registers: r,
    }),
    workflowInstances: new Gauge({
      name: 'waooaw_workflow_instances',
      help: 'Workflow instances in the store by state (refreshed on scrape by API processes)',
      labelNames: ['state'],
      registers: r,
    }),
    workflowTaskDuration: new Histogram({
      name: 'waooaw_workflow_task_duration_seconds',
      help: 'Service-task handler run time by task type and outcome',
      labelNames: ['task_type', 'outcome'],
      buckets: handlerBuckets,
      registers: r,
    }),
    decisions: new Counter({
      name: 'waooaw_agent_decisions_total',
      help: 'Agent decisions by method (cache, deterministic rules, memory, model, conservative fallback)',
      labelNames: ['agent', 'method'],
      registers: r,
    }),
    decisionCost: new Counter({
      name: 'waooaw_agent_decision_cost_total',
      help: 'Money spent on decisions by method, in the price table currency',
      labelNames: ['agent', 'method'],
      registers: r,
    }),
    agentCost: new Counter({
      name: 'waooaw_agent_cost_total',
      help: 'Money spent on metered model calls (decisions and writing) by agent type and tenant, in the price table currency',
      labelNames: ['agent', 'tenant'],
      registers: r,
    }),
    modelCalls: new Counter({
      name: 'waooaw_model_calls_total',
      help: 'Model calls by answering provider and outcome (ok or the error code)',
      labelNames: ['provider', 'outcome'],
      registers: r,
    }),
    modelTokens: new Counter({
      name: 'waooaw_model_tokens_total',
      help: 'Model tokens by provider and direction (input, output)',
      labelNames: ['provider', 'direction'],
      registers: r,
    }),
    modelDuration: new Histogram({
      name: 'waooaw_model_call_duration_seconds',
      help: 'Model call duration (fallbacks included) by answering provider',
      labelNames: ['provider'],
      buckets: modelBuckets,
      registers: r,
    }),
    cacheLookups: new Counter({
      name: 'waooaw_cache_lookups_total',
      help: 'Cache lookups by the level that answered (l1 memory, l2 Redis, l3 store) or miss',
      labelNames: ['level'],
      registers: r,
    }),
    breakerState: new Gauge({
      name: 'waooaw_circuit_breaker_state',
      help: 'Circuit breaker state, one-hot: 1 for the current state of each breaker, 0 for the others',
      labelNames: ['breaker', 'state'],
      registers: r,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Sets a breaker's one-hot state gauge. */
export function recordBreakerState(metrics: Metrics, breaker: string, state: string): void {
  for (const s of BREAKER_STATES) metrics.breakerState.set({ breaker, state: s }, s === state ? 1 : 0);
}

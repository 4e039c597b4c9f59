// Prometheus metrics (prom-client). One registry per platform instance, so several platforms in one
// test process do not collide; instruments are created once here and passed to the components.
// Every name passes `promtool check metrics` (deploy/prometheus/ and its test keep it so).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { HttpAnswerCounts } from './http-answer-counts.js';

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
  // Label names stay literal types, so `inc({...})` is checked against them.
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help, labelNames, registers: r });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name, help, labelNames, registers: r });
  const histogram = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    buckets: number[],
  ) => new Histogram<L>({ name, help, labelNames, buckets, registers: r });
  const httpAnswers = new HttpAnswerCounts();
  const httpRequests = new Counter<'method' | 'route' | 'status'>({
    name: 'waooaw_http_requests_total',
    help: 'HTTP requests',
    labelNames: ['method', 'route', 'status'],
    registers: r,
    collect() {
      httpAnswers.flushInto(this);
    },
  });
  return {
    registry,
    busSent: counter('waooaw_bus_messages_sent_total', 'Messages published', ['topic_root', 'priority']),
    busReceived: counter('waooaw_bus_messages_received_total', 'Deliveries handed to handlers', [
      'group',
      'outcome',
    ]),
    busDeadLettered: counter('waooaw_bus_dead_lettered_total', 'Messages parked in the dead-letter queue', [
      'group',
      'reason',
    ]),
    busRejected: counter('waooaw_bus_publish_rejected_total', 'Publishes refused by validation', ['code']),
    busQueueDepth: gauge('waooaw_bus_queue_depth', 'Messages waiting per consumer group', ['group']),
    busConsumerLag: gauge('waooaw_bus_consumer_lag_seconds', 'Age of the oldest waiting message per group', [
      'group',
    ]),
    busHandlerDuration: histogram(
      'waooaw_bus_handler_duration_seconds',
      'Handler run time',
      ['group', 'outcome'],
      handlerBuckets,
    ),
    httpRequests,
    /** Where the HTTP edge counts its answers; the counter above reads them when it is read. */
    httpAnswers,
    httpDuration: histogram(
      'waooaw_http_request_duration_seconds',
      'HTTP request duration by route (the route pattern, not the URL)',
      ['method', 'route'],
      handlerBuckets,
    ),
    workflowSteps: counter(
      'waooaw_workflow_steps_total',
      'Workflow steps committed (one interpreter step: an input and the events it produced)',
      ['definition'],
    ),
    workflowStarted: counter('waooaw_workflow_instances_started_total', 'Workflow instances started', [
      'definition',
    ]),
    workflowFinished: counter(
      'waooaw_workflow_instances_finished_total',
      'Workflow instances that reached an end, by final state',
      ['definition', 'state'],
    ),
    workflowIncidents: counter(
      'waooaw_workflow_incidents_total',
      'Workflow incidents raised (a step failed past its retries and waits for an operator)',
      ['definition'],
    ),
    workflowInstances: gauge(
      'waooaw_workflow_instances',
      'Workflow instances in the store by state (refreshed on scrape by API processes)',
      ['state'],
    ),
    workflowTaskDuration: histogram(
      'waooaw_workflow_task_duration_seconds',
      'Service-task handler run time by task type and outcome',
      ['task_type', 'outcome'],
      handlerBuckets,
    ),
    decisions: counter(
      'waooaw_agent_decisions_total',
      'Agent decisions by method (cache, deterministic rules, memory, model, conservative fallback)',
      ['agent', 'method'],
    ),
    decisionCost: counter(
      'waooaw_agent_decision_cost_total',
      'Money spent on decisions by method, in the price table currency',
      ['agent', 'method'],
    ),
    agentCost: counter(
      'waooaw_agent_cost_total',
      'Money spent on metered model calls (decisions and writing) by agent type and tenant, in the price table currency',
      ['agent', 'tenant'],
    ),
    modelCalls: counter(
      'waooaw_model_calls_total',
      'Model calls by answering provider and outcome (ok or the error code)',
      ['provider', 'outcome'],
    ),
    modelTokens: counter(
      'waooaw_model_tokens_total',
      'Model tokens by provider and direction (input, output)',
      ['provider', 'direction'],
    ),
    modelCoalesced: counter(
      'waooaw_model_coalesced_total',
      'Model calls answered by joining an identical call of the same tenant already in flight (no provider call, cost 0)',
      ['provider'],
    ),
    modelDuration: histogram(
      'waooaw_model_call_duration_seconds',
      'Model call duration (fallbacks included) by answering provider',
      ['provider'],
      modelBuckets,
    ),
    cacheLookups: counter(
      'waooaw_cache_lookups_total',
      'Cache lookups by the level that answered (l1 memory, l2 Redis, l3 store) or miss',
      ['level'],
    ),
    webhookEvents: counter(
      'waooaw_inbound_webhook_events_total',
      'Events posted to inbound webhooks by outcome (accepted, duplicate, bad_signature, rate_limited)',
      ['outcome'],
    ),
    breakerState: gauge(
      'waooaw_circuit_breaker_state',
      'Circuit breaker state, one-hot: 1 for the current state of each breaker, 0 for the others',
      ['breaker', 'state'],
    ),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Sets a breaker's one-hot state gauge. */
export function recordBreakerState(metrics: Metrics, breaker: string, state: string): void {
  for (const s of BREAKER_STATES) metrics.breakerState.set({ breaker, state: s }, s === state ? 1 : 0);
}

// Prometheus metrics (prom-client). One registry per platform instance, so several platforms in one
// test process do not collide; instruments are created once here and passed to the components.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const handlerBuckets = [
  0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
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
      help: 'HTTP request duration',
      labelNames: ['method', 'route'],
      buckets: handlerBuckets,
      registers: r,
    }),
    workflowSteps: new Counter({
      name: 'waooaw_workflow_steps_total',
      help: 'Workflow steps executed',
      labelNames: ['definition'],
      registers: r,
    }),
    workflowInstances: new Counter({
      name: 'waooaw_workflow_instances_total',
      help: 'Workflow instances by final state',
      labelNames: ['definition', 'state'],
      registers: r,
    }),
    decisions: new Counter({
      name: 'waooaw_agent_decisions_total',
      help: 'Agent decisions by method',
      labelNames: ['agent', 'method'],
      registers: r,
    }),
    decisionCost: new Counter({
      name: 'waooaw_agent_decision_cost_total',
      help: 'Money spent on decisions by method',
      labelNames: ['agent', 'method'],
      registers: r,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

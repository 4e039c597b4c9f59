import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { workflow } from '../../engine/definitions/builder.js';
import { engineFixture } from '../../engine/testing/engine-fixture.js';
import { engineHarness } from '../../runtime/testing/runtime-harness.js';
import { createSqlStore } from '../../store/sql-store.js';
import { createMetrics } from './metrics.js';
import { currentTraceparent, tracer, withRemoteParent, withSpan } from './tracing.js';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();
afterAll(() => provider.shutdown());
beforeEach(() => exporter.reset());

const spans = (name: string) => exporter.getFinishedSpans().filter((s) => s.name === name);

describe('withSpan and the traceparent helpers', () => {
  it('ends the span with an error status when the work throws, and rethrows', async () => {
    await expect(
      withSpan('failing', { step: 1 }, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const [span] = spans('failing');
    expect(span?.status).toMatchObject({ code: 2, message: 'boom' });
    expect(span?.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('carries the active context across a message as a W3C traceparent', async () => {
    let carried: string | undefined;
    await withSpan('publisher', {}, async () => {
      carried = currentTraceparent();
    });
    expect(carried).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await withRemoteParent(carried, () => withSpan('consumer', {}, async () => undefined));
    const [publisher] = spans('publisher');
    const [consumer] = spans('consumer');
    expect(consumer?.spanContext().traceId).toBe(publisher?.spanContext().traceId);
    expect(consumer?.parentSpanContext?.spanId).toBe(publisher?.spanContext().spanId);
  });
});

describe('workflow task spans and counters', () => {
  it('runs each service task in a workflow.task span joined to the caller’s trace, and counts steps and instances', async () => {
    const fx = await engineFixture('sqlite');
    try {
      const metrics = createMetrics();
      const engine = fx.engine({ metrics });
      await engine.open();
      await engine.deploy({
        format: 'json',
        model: workflow('order').start().service('price', 'price').end().build(),
      });
      let activeInHandler: string | undefined;
      engine.registerHandler('price', () => {
        activeInHandler = trace.getActiveSpan()?.spanContext().spanId;
        return { total: 42 };
      });
      const root = tracer().startSpan('request');
      await context.with(trace.setSpan(context.active(), root), () => engine.startInstance('order'));
      await fx.settle();
      root.end();
      const [task] = spans('workflow.task');
      expect(task?.attributes).toMatchObject({
        'workflow.definition': 'order',
        'workflow.task_type': 'price',
        'workflow.attempt': 1,
      });
      expect(task?.spanContext().traceId).toBe(root.spanContext().traceId);
      expect(activeInHandler).toBe(task?.spanContext().spanId);
      const json = await metrics.registry.getMetricsAsJSON();
      const value = (name: string) => json.find((m) => m.name === name)?.values[0]?.value;
      expect(value('waooaw_workflow_instances_started_total')).toBe(1);
      expect(value('waooaw_workflow_instances_finished_total')).toBe(1);
      expect(value('waooaw_workflow_steps_total')).toBeGreaterThanOrEqual(2);
    } finally {
      await fx.close();
    }
  });
});

describe('decision spans', () => {
  it('wraps a decision in agent.decide naming the agent and, once known, the method', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 5, 10));
    const store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' }, { clock });
    try {
      await store.migrate();
      const { engine } = engineHarness({ store, clock });
      const receipt = await engine.decide(
        {
          agentId: 'agent-1',
          agentType: 'reviewer',
          role: 'Code Reviewer',
          tenantId: 't1',
          rules: [
            {
              name: 'always',
              evaluate: () => ({ approved: true, reason: 'fine', confidence: 1, citations: [] }),
            },
          ],
          options: {},
        },
        { kind: 'pr-review', subject: 'A small fix' },
      );
      const [span] = spans('agent.decide');
      expect(span?.attributes).toMatchObject({
        'agent.type': 'reviewer',
        'agent.id': 'agent-1',
        'tenant.id': 't1',
        'decision.kind': 'pr-review',
        'decision.method': 'deterministic',
        'decision.id': receipt.id,
      });
    } finally {
      await store.close();
    }
  });
});

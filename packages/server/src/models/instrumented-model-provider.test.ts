import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../components/observability/metrics.js';
import { instrumentModelProvider } from './instrumented-model-provider.js';
import { OfflineScriptedProvider } from './offline-scripted-provider.js';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();
afterAll(() => provider.shutdown());

const offline = new OfflineScriptedProvider({ script: [{ match: 'hello', reply: 'Hi there, offline.' }] });
const request = { messages: [{ role: 'user' as const, content: 'hello' }], maxTokens: 64 };

async function sample(
  metrics: ReturnType<typeof createMetrics>,
  name: string,
  labels: Record<string, string>,
) {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  return metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
}

describe('instrumentModelProvider', () => {
  beforeEach(() => exporter.reset());

  it('wraps generate in a model.generate client span with the gen_ai attributes, and counts the call and its tokens', async () => {
    const metrics = createMetrics();
    const models = instrumentModelProvider(offline, metrics);
    expect({ name: models.name, kind: models.kind, offline: models.offline }).toEqual({
      name: 'offline',
      kind: offline.kind,
      offline: true,
    });
    const r = await models.generate(request);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('model.generate');
    expect(span?.attributes).toMatchObject({
      'gen_ai.system': 'offline',
      'gen_ai.request.model': 'offline',
      'gen_ai.request.max_tokens': 64,
      'gen_ai.usage.input_tokens': r.usage.inputTokens,
      'gen_ai.usage.output_tokens': r.usage.outputTokens,
      'waooaw.model.offline': true,
    });
    expect(await sample(metrics, 'waooaw_model_calls_total', { provider: 'offline', outcome: 'ok' })).toBe(1);
    expect(await sample(metrics, 'waooaw_model_tokens_total', { direction: 'output' })).toBe(
      r.usage.outputTokens,
    );
  });

  it('counts a failed call under its error code and marks the span as an error', async () => {
    const metrics = createMetrics();
    const models = instrumentModelProvider(offline, metrics);
    await expect(models.generate({ messages: [] })).rejects.toMatchObject({ code: 'VALIDATION' });
    const [span] = exporter.getFinishedSpans();
    expect(span?.status.code).toBe(2);
    expect(await sample(metrics, 'waooaw_model_calls_total', { outcome: 'VALIDATION' })).toBe(1);
  });

  it('spans a whole stream and records the usage of its finish event', async () => {
    const metrics = createMetrics();
    const models = instrumentModelProvider(offline, metrics);
    const events = [];
    for await (const e of models.stream(request)) events.push(e.type);
    expect(events.at(-1)).toBe('finish');
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('model.stream');
    expect(span?.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(await sample(metrics, 'waooaw_model_calls_total', { outcome: 'ok' })).toBe(1);
  });
});

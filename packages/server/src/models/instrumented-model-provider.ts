// Spans and metrics around every model call: a `model.generate` client span with the OpenTelemetry
// gen_ai attributes (provider, model, tokens), and calls, tokens and durations per answering provider.
// The composition root wraps the provider chain with it, so every caller is measured exactly once.
import type { Span } from '@opentelemetry/api';
import type { Metrics } from '../components/observability/metrics.js';
import { SpanKind, tracer, withSpan } from '../components/observability/tracing.js';
import { toPlatformError } from '../errors.js';
import type { ModelProvider, ModelRequest, ModelResponse, ModelStreamEvent } from './model-provider.js';

function requestAttributes(inner: ModelProvider, request: ModelRequest) {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.system': inner.name,
    'gen_ai.request.model': request.model ?? inner.defaultModel,
    ...(request.maxTokens === undefined ? {} : { 'gen_ai.request.max_tokens': request.maxTokens }),
  };
}

export function instrumentModelProvider(inner: ModelProvider, metrics?: Metrics): ModelProvider {
  const answered = (span: Span, r: ModelResponse, started: number): void => {
    span.setAttributes({
      'gen_ai.response.model': r.model,
      'gen_ai.usage.input_tokens': r.usage.inputTokens,
      'gen_ai.usage.output_tokens': r.usage.outputTokens,
      'waooaw.model.provider': r.provider,
      'waooaw.model.offline': r.offline,
      'waooaw.model.cost': r.costMoney,
      ...(r.failovers?.length
        ? { 'waooaw.model.failovers': r.failovers.map((f) => f.provider).join(',') }
        : {}),
    });
    if (!metrics) return;
    metrics.modelCalls.inc({ provider: r.provider, outcome: 'ok' });
    metrics.modelTokens.inc({ provider: r.provider, direction: 'input' }, r.usage.inputTokens);
    metrics.modelTokens.inc({ provider: r.provider, direction: 'output' }, r.usage.outputTokens);
    metrics.modelDuration.observe({ provider: r.provider }, (performance.now() - started) / 1000);
  };
  const failed = (err: unknown, started: number): void => {
    if (!metrics) return;
    metrics.modelCalls.inc({ provider: inner.name, outcome: toPlatformError(err).code });
    metrics.modelDuration.observe({ provider: inner.name }, (performance.now() - started) / 1000);
  };

  return {
    get name() {
      return inner.name;
    },
    get kind() {
      return inner.kind;
    },
    get defaultModel() {
      return inner.defaultModel;
    },
    get offline() {
      return inner.offline;
    },
    generate(request) {
      return withSpan(
        'model.generate',
        requestAttributes(inner, request),
        async (span) => {
          const started = performance.now();
          try {
            const r = await inner.generate(request);
            answered(span, r, started);
            return r;
          } catch (err) {
            failed(err, started);
            throw err;
          }
        },
        SpanKind.CLIENT,
      );
    },
    async *stream(request): AsyncIterable<ModelStreamEvent> {
      const span = tracer().startSpan('model.stream', {
        kind: SpanKind.CLIENT,
        attributes: requestAttributes(inner, request),
      });
      const started = performance.now();
      try {
        for await (const event of inner.stream(request)) {
          if (event.type === 'finish') answered(span, event.response, started);
          yield event;
        }
      } catch (err) {
        failed(err, started);
        span.recordException(err as Error);
        throw err;
      } finally {
        span.end();
      }
    },
  };
}

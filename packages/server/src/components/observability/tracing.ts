// Spans via @opentelemetry/api. Without a registered SDK the API is a no-op, so spans cost almost
// nothing unless an exporter is configured (telemetry.otlpEndpoint).
import {
  context,
  INVALID_SPAN_CONTEXT,
  propagation,
  ProxyTracerProvider,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from '@opentelemetry/api';

/**
 * The platform's tracer, looked up on each use rather than kept: a tracer taken before the SDK was
 * (re-)registered would keep a provider that is gone.
 */
export function tracer() {
  return trace.getTracer('waooaw');
}

/** What an unregistered provider delegates to: the API's no-op tracer provider. */
const noopProvider = new ProxyTracerProvider().getDelegate();

/**
 * Whether a span started now could be seen: a tracer provider is registered (the SDK, or a test's), or
 * a propagator that would carry an incoming trace on. Checked per use, as `tracer()` is, because either
 * may be registered or disabled at any time. A provider this copy of the API does not know counts as
 * active, so the answer errs towards tracing.
 */
export function tracingActive(): boolean {
  const provider = trace.getTracerProvider();
  return (
    !(provider instanceof ProxyTracerProvider) ||
    provider.getDelegate() !== noopProvider ||
    propagation.fields().length > 0
  );
}

/** The span handed to `fn` while tracing is off: records nothing, as the no-op tracer's would. */
const unseenSpan: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** Runs `fn` inside a span that records errors and ends when `fn` settles. */
export async function withSpan<T>(
  name: string,
  attributes: Record<string, string | number | boolean>,
  fn: (span: Span) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  // No provider and no propagator: nobody can see the span or its context, so the hot paths (every
  // decision, every wake) skip making one and entering its context.
  if (!tracingActive()) return fn(unseenSpan);
  return tracer().startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** The W3C traceparent of the active context, to carry in a message. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** Runs `fn` in the context carried by a message's traceparent (if any). */
export function withRemoteParent<T>(traceparent: string | undefined, fn: () => T): T {
  if (!traceparent) return fn();
  const ctx = propagation.extract(context.active(), { traceparent });
  return context.with(ctx, fn);
}

export { SpanKind };

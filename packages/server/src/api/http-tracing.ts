// A server span per HTTP request, named after the route pattern (`POST /api/v1/trials`), continuing an
// incoming W3C traceparent. Route handlers run inside the span's context, so what they publish on the
// bus, start in the engine or decide joins the request's trace. Probes and scrapes are not traced.
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  FastifyTypeProvider,
  RawServerDefault,
} from 'fastify';
import { tracer, tracingActive } from '../components/observability/tracing.js';

const UNTRACED = new Set(['/metrics', '/health', '/health/live', '/health/ready']);

interface RequestSpan {
  span: Span;
  ctx: Context;
  ended: boolean;
}

export function registerHttpTracing<L extends FastifyBaseLogger, P extends FastifyTypeProvider>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, L, P>,
): void {
  const spans = new WeakMap<FastifyRequest, RequestSpan>();

  const end = (request: FastifyRequest, status: number | undefined): void => {
    const entry = spans.get(request);
    if (!entry || entry.ended) return;
    entry.ended = true;
    const route = request.routeOptions.url;
    if (route) {
      entry.span.updateName(`${request.method} ${route}`);
      entry.span.setAttribute('http.route', route);
    }
    if (status === undefined) entry.span.setAttribute('http.request.aborted', true);
    else {
      entry.span.setAttribute('http.response.status_code', status);
      if (status >= 500) entry.span.setStatus({ code: SpanStatusCode.ERROR });
    }
    entry.span.end();
  };

  // Callback hooks, not async ones: they run on every request, and an async hook costs Fastify a
  // promise and a microtask turn each.
  app.addHook('onRequest', (request, _reply, done) => {
    // Without a provider or propagator the span would record nothing and carry no trace: the request
    // skips the span, its context and the bookkeeping for it.
    // (Checked first: the route's options are an object made on each read.)
    if (!tracingActive() || UNTRACED.has(request.routeOptions.url ?? '')) return done();
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer().startSpan(request.method, { kind: SpanKind.SERVER }, parent);
    // Without an SDK the span records nothing: its attributes are not worth working out.
    if (span.isRecording())
      span.setAttributes({
        'http.request.method': request.method,
        'url.path': request.url.split('?')[0] ?? '/',
        'url.scheme': request.protocol,
        'client.address': request.ip,
        ...(request.headers['user-agent'] ? { 'user_agent.original': request.headers['user-agent'] } : {}),
      });
    spans.set(request, { span, ctx: trace.setSpan(parent, span), ended: false });
    done();
  });
  // Body parsing runs on the socket's events, outside any context set in onRequest: the handler is
  // where the request's work starts, so that is what runs in the span's context.
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function tracedHandler(this, request, reply) {
      const entry = spans.get(request as FastifyRequest);
      return entry
        ? context.with(entry.ctx, handler, this, request, reply)
        : handler.call(this, request, reply);
    };
  });
  app.addHook('onError', (request, _reply, error, done) => {
    spans.get(request)?.span.recordException(error);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    end(request, reply.statusCode);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    end(request, undefined);
    done();
  });
}

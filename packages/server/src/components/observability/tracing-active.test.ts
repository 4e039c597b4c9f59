// tracingActive: the HTTP server span is skipped only while nothing could see it.
import { context, propagation, trace, type TextMapPropagator } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterEach, describe, expect, it } from 'vitest';
import { tracingActive } from './tracing.js';

afterEach(() => {
  trace.disable();
  context.disable();
  propagation.disable();
});

describe('tracingActive', () => {
  it('is false with no provider and no propagator registered', () => {
    expect(tracingActive()).toBe(false);
  });

  it('is true while a tracer provider is registered, and false again once it is disabled', () => {
    new NodeTracerProvider().register();
    expect(tracingActive()).toBe(true);
    trace.disable();
    propagation.disable();
    expect(tracingActive()).toBe(false);
  });

  it('is true with only a propagator, which carries an incoming trace on', () => {
    const carrying: TextMapPropagator = {
      inject: () => undefined,
      extract: (ctx) => ctx,
      fields: () => ['traceparent'],
    };
    propagation.setGlobalPropagator(carrying);
    expect(tracingActive()).toBe(true);
  });
});

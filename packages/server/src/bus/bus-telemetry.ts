// Metrics, spans and log lines for both bus adapters: publish and handle run inside spans, the
// message carries the publisher's traceparent, and every outcome is counted.
import { performance } from 'node:perf_hooks';
import { isPlatformError } from '../errors.js';
import type { Logger } from '../components/observability/logger.js';
import type { Metrics } from '../components/observability/metrics.js';
import {
  SpanKind,
  currentTraceparent,
  tracingActive,
  withRemoteParent,
  withSpan,
} from '../components/observability/tracing.js';
import type { BusMessage, BusStats, Delivery, PublishInput } from './bus.js';

export type HandleOutcome = 'ack' | 'retry' | 'dead' | 'rejected';

export class BusTelemetry {
  constructor(
    private readonly adapter: 'memory' | 'redis',
    private readonly metrics: Metrics | undefined,
    readonly logger: Logger,
  ) {}

  /** Runs a publish in a `bus.publish` span; `fn` gets the traceparent to carry and returns the message. */
  async publish(
    input: PublishInput,
    fn: (traceparent: string | undefined) => Promise<BusMessage>,
  ): Promise<BusMessage> {
    const topic = typeof input?.topic === 'string' ? input.topic : '';
    const [message] = await this.publishing(topic, 1, async (tp) => [await fn(tp)]);
    return message!;
  }

  /** Runs a batch publish in one `bus.publish` span (each message carries its traceparent); counts every message. */
  publishBatch(
    inputs: readonly PublishInput[],
    fn: (traceparent: string | undefined) => Promise<BusMessage[]>,
  ): Promise<BusMessage[]> {
    const first = Array.isArray(inputs) ? (inputs[0] as PublishInput | undefined) : undefined;
    const topic = typeof first?.topic === 'string' ? first.topic : '';
    return this.publishing(topic, Array.isArray(inputs) ? inputs.length : 0, fn);
  }

  private publishing(
    topic: string,
    count: number,
    fn: (traceparent: string | undefined) => Promise<BusMessage[]>,
  ): Promise<BusMessage[]> {
    const attributes: Record<string, string | number> = {
      'messaging.system': this.adapter,
      'messaging.destination': topic,
    };
    if (count !== 1) attributes['messaging.batch.message_count'] = count;
    return withSpan(
      'bus.publish',
      attributes,
      async (span) => {
        try {
          const messages = await fn(currentTraceparent());
          if (messages.length === 1) span.setAttribute('messaging.message_id', messages[0]!.id);
          if (this.metrics) {
            // One counter update per label set, not per message: batches are mostly one topic.
            const counts = new Map<string, number>();
            for (const m of messages) {
              const key = `${m.topic.split('.')[0] ?? ''}\n${m.priority}`;
              counts.set(key, (counts.get(key) ?? 0) + 1);
            }
            for (const [key, n] of counts) {
              const [root, priority] = key.split('\n') as [string, string];
              this.metrics.busSent.inc({ topic_root: root, priority }, n);
            }
          }
          return messages;
        } catch (err) {
          const code = isPlatformError(err) ? err.code : 'INTERNAL';
          this.metrics?.busRejected.inc({ code });
          this.logger.debug({ err, topic, code }, 'bus publish rejected');
          throw err;
        }
      },
      SpanKind.PRODUCER,
    );
  }

  /** Runs a handler in a `bus.handle` span joined to the publisher's trace and records its duration. */
  async handle(delivery: Delivery, fn: () => Promise<void>): Promise<void> {
    const { message, group, attempt } = delivery;
    const started = performance.now();
    let outcome = 'ack';
    try {
      // Nobody can see a span (no provider, no propagator): skip the context and span wrappers,
      // which cost two more promises a delivery on the hot path.
      if (!tracingActive()) return await this.handled(delivery, fn);
      await withRemoteParent(message.traceparent, () =>
        withSpan(
          'bus.handle',
          {
            'messaging.system': this.adapter,
            'messaging.destination': message.topic,
            'messaging.consumer_group': group,
            'messaging.message_id': message.id,
            attempt,
          },
          // Inside the span, so the log line carries the publisher's trace id.
          () => this.handled(delivery, fn),
          SpanKind.CONSUMER,
        ),
      );
    } catch (err) {
      outcome = 'error';
      throw err;
    } finally {
      this.metrics?.busHandlerDuration.observe({ group, outcome }, (performance.now() - started) / 1000);
    }
  }

  private async handled(delivery: Delivery, fn: () => Promise<void>): Promise<void> {
    await fn();
    const { group, message, attempt } = delivery;
    this.logger.debug({ group, topic: message.topic, messageId: message.id, attempt }, 'bus message handled');
  }

  received(group: string, outcome: HandleOutcome): void {
    this.metrics?.busReceived.inc({ group, outcome });
  }

  deadLettered(group: string, reason: string, message: Pick<BusMessage, 'id' | 'topic'>): void {
    this.metrics?.busDeadLettered.inc({ group, reason });
    this.logger.warn(
      { group, reason, messageId: message.id, topic: message.topic },
      'bus message dead-lettered',
    );
  }

  /** Publishes per-group depth and lag to the gauges. */
  gauges(stats: BusStats): void {
    if (!this.metrics) return;
    for (const g of stats.groups) {
      this.metrics.busQueueDepth.set({ group: g.group }, g.depth);
      this.metrics.busConsumerLag.set({ group: g.group }, g.lagMs / 1000);
    }
  }
}

// The in-process Bus adapter: a real implementation with the Redis adapter's semantics (leases,
// redelivery, priorities, DLQ, signatures), optionally durable through a BusOutbox. The queues
// live in a MemoryBroker; the bus is a client of it (validation, signing, handlers, telemetry).
import { hostname } from 'node:os';
import type { JsonValue } from '../errors.js';
import { PlatformError, toPlatformError } from '../errors.js';
import type {
  Bus,
  BusHandlerContext,
  BusMessage,
  BusStats,
  DeadLetter,
  DeadLetterQueue,
  Delivery,
  PublishInput,
  Subscription,
  SubscribeOptions,
} from './bus.js';
import type { BusOutbox } from './bus-outbox.js';
import type { BusOptions, NormalizedSubscription, ResolvedBusOptions } from './bus-options.js';
import { normalizeSubscribe, resolveBusOptions } from './bus-options.js';
import { BusTelemetry } from './bus-telemetry.js';
import { listDeadLetters, matchesDeadLetter } from './dead-letter-filter.js';
import type { Lease, MemoryConsumerPort } from './memory-broker.js';
import { MemoryBroker } from './memory-broker.js';
import { buildMessage, buildMessages, deepFreeze } from './message-schema.js';
import { verifyMessage } from './message-signature.js';
import { settleWithin } from './grace-period.js';
import { RequestRegistry } from './request-registry.js';

export interface MemoryBusOptions extends BusOptions {
  /** Share one in-process backend between several buses (like processes sharing one Redis). */
  broker?: MemoryBroker;
}

let instances = 0;

export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  readonly dlq: DeadLetterQueue;
  private readonly options: ResolvedBusOptions;
  private readonly telemetry: BusTelemetry;
  private readonly broker: MemoryBroker;
  private readonly ownsBroker: boolean;
  private readonly subscriptions = new Set<MemorySubscription>();
  /** Request/response inboxes: they keep consuming while the bus drains, so requests still get replies. */
  private readonly inboxes = new Set<MemorySubscription>();
  private readonly requests: RequestRegistry;
  private draining: Promise<void> | undefined;
  private readonly instanceId: string;
  private consumerSeq = 0;
  private closed = false;

  /** A bus whose queues live in memory only; see `MemoryBus.open` for a durable one. */
  constructor(options: MemoryBusOptions = {}, internal: { ownsBroker?: boolean } = {}) {
    this.options = resolveBusOptions(options);
    const { clock, ids, logger } = this.options;
    this.telemetry = new BusTelemetry('memory', this.options.metrics, logger);
    this.ownsBroker = internal.ownsBroker ?? !options.broker;
    this.broker =
      options.broker ?? new MemoryBroker({ clock, ids, logger, dedupeTtlMs: this.options.dedupeTtlMs });
    this.instanceId = `${process.pid}-${++instances}-${ids.next().slice(-6)}`;
    this.requests = new RequestRegistry({
      clock,
      ids,
      replyTopic: `_reply.${this.instanceId}`,
      subscribe: (topic, handler) =>
        this.subscribeInternal(
          { pattern: topic, group: topic, handler, concurrency: 16 },
          { transient: true },
        ),
      publish: (input) => this.publish(input),
    });
    this.dlq = this.createDlq();
  }

  /**
   * Opens a bus; with `outbox` it is durable: publishes are committed to the outbox before they
   * resolve and pending entries from a previous run are queued again.
   */
  static async open(options: MemoryBusOptions & { outbox?: BusOutbox | undefined } = {}): Promise<MemoryBus> {
    const { outbox, ...rest } = options;
    if (!outbox || rest.broker) return new MemoryBus(rest);
    const resolved = resolveBusOptions(rest);
    const broker = await MemoryBroker.open({
      clock: resolved.clock,
      ids: resolved.ids,
      logger: resolved.logger,
      outbox,
      dedupeTtlMs: resolved.dedupeTtlMs,
    });
    return new MemoryBus({ ...rest, broker }, { ownsBroker: true });
  }

  get isDurable(): boolean {
    return this.broker.isDurable;
  }

  async publish(input: PublishInput): Promise<BusMessage> {
    this.assertOpen();
    return this.telemetry.publish(input, async (traceparent) => {
      const { message, json } = buildMessage(input, {
        id: this.options.ids.next('msg'),
        now: this.options.clock.now(),
        maxMessageBytes: this.options.maxMessageBytes,
        signingSecret: this.options.signingSecret,
        traceparent,
      });
      // The message holds copies of the input's payload and headers (validation made them), so
      // freezing it keeps one group's handler from changing another group's copy.
      deepFreeze(message);
      await this.broker.publishMany([message], [json]);
      return message;
    });
  }

  async publishBatch(inputs: readonly PublishInput[]): Promise<BusMessage[]> {
    this.assertOpen();
    return this.telemetry.publishBatch(inputs, async (traceparent) => {
      const now = this.options.clock.now();
      const built = buildMessages(inputs, () => ({
        id: this.options.ids.next('msg'),
        now,
        maxMessageBytes: this.options.maxMessageBytes,
        signingSecret: this.options.signingSecret,
        traceparent,
      }));
      const messages = built.map(({ message }) => deepFreeze(message));
      if (messages.length)
        await this.broker.publishMany(
          messages,
          built.map(({ json }) => json),
        );
      return messages;
    });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    if (this.draining) throw new PlatformError('UNAVAILABLE', 'The bus is draining: no new subscriptions');
    return this.subscribeInternal(options, {});
  }

  private async subscribeInternal(
    options: SubscribeOptions,
    flags: { transient?: boolean },
  ): Promise<Subscription> {
    const s = normalizeSubscribe(options, `${hostname()}-${this.instanceId}-${++this.consumerSeq}`);
    await this.broker.registerGroup(s.group, s.pattern, flags);
    const sub = new MemorySubscription(this, s, this.broker, this.options, this.telemetry);
    if (!flags.transient) this.subscriptions.add(sub);
    else this.inboxes.add(sub);
    sub.onClosed = () => {
      this.subscriptions.delete(sub);
      this.inboxes.delete(sub);
    };
    this.broker.addConsumer(s.group, sub);
    return sub;
  }

  async request(
    input: Omit<PublishInput, 'replyTo' | 'correlationId'>,
    options: { timeoutMs: number },
  ): Promise<BusMessage> {
    this.assertOpen();
    return this.requests.request(input, options);
  }

  /** Publishes a response to the message's `replyTo` (used by `ctx.reply`). */
  reply(message: BusMessage, group: string, payload: JsonValue): Promise<void> {
    return this.requests.reply(message, group, payload);
  }

  async stats(): Promise<BusStats> {
    const stats = this.broker.stats();
    this.telemetry.gauges(stats);
    return stats;
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  drain(options: { graceMs?: number } = {}): Promise<void> {
    this.draining ??= Promise.all(
      [...this.subscriptions].map((s) =>
        s.close({ graceMs: options.graceMs ?? this.options.visibilityTimeoutMs }),
      ),
    ).then(() => undefined);
    return this.draining;
  }

  /** Closes subscriptions (waiting up to the visibility timeout for handlers), fails pending requests. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.requests.close();
    await Promise.all([...this.subscriptions, ...this.inboxes].map((s) => s.close()));
    this.broker.dropGroup(this.requests.replyTopic);
    if (this.ownsBroker) await this.broker.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new PlatformError('UNAVAILABLE', 'The bus is closed');
  }

  private createDlq(): DeadLetterQueue {
    const broker = this.broker;
    return {
      list: async (options = {}) => listDeadLetters([...broker.deadLetters.values()], options),
      get: async (id) => broker.deadLetters.get(id),
      retry: (id) => broker.retryDeadLetter(id),
      retryMatching: async (pattern) => {
        const matching = [...broker.deadLetters.values()].filter(matchesDeadLetter(pattern));
        for (const dl of matching) await broker.retryDeadLetter(dl.id);
        return matching.length;
      },
      discard: (id, reason) => broker.discardDeadLetter(id, reason),
      count: async () => broker.deadLetters.size,
    };
  }
}

/** One consumer of a group: bounded concurrency, handler invocation and settlement. */
class MemorySubscription implements Subscription, MemoryConsumerPort {
  readonly group: string;
  readonly name: string;
  readonly visibilityTimeoutMs: number;
  readonly maxDeliveries: number;
  onClosed: (() => void) | undefined;
  private readonly inflight = new Set<Promise<void>>();
  private closing = false;
  private closed: Promise<void> | undefined;
  /** Set when close gave up waiting: late results are dropped as if the process had died. */
  private abandoned = false;

  constructor(
    private readonly bus: MemoryBus,
    private readonly sub: NormalizedSubscription,
    private readonly broker: MemoryBroker,
    private readonly options: ResolvedBusOptions,
    private readonly telemetry: BusTelemetry,
  ) {
    this.group = sub.group;
    this.name = sub.consumer;
    this.visibilityTimeoutMs = options.visibilityTimeoutMs;
    this.maxDeliveries = options.maxDeliveries;
  }

  capacity(): number {
    return this.closing ? 0 : this.sub.concurrency - this.inflight.size;
  }

  deliver(lease: Lease): void {
    const run = this.handle(lease).finally(() => {
      this.inflight.delete(run);
      if (!this.closing) this.broker.pump(this.group);
    });
    this.inflight.add(run);
  }

  onDeadLetter(deadLetter: DeadLetter): void {
    this.telemetry.deadLettered(deadLetter.group, deadLetter.reason, deadLetter.message);
  }

  private async handle(lease: Lease): Promise<void> {
    const { message } = lease.entry;
    const secret = this.options.signingSecret;
    if (secret) {
      const check = verifyMessage(message, secret);
      if (check !== 'valid') {
        const error = new PlatformError(
          'SIGNATURE_INVALID',
          check === 'unsigned' ? 'Message is not signed' : 'Message signature does not match',
        ).toJSON();
        this.broker.settle(lease, { kind: 'reject', reason: check, error });
        this.telemetry.received(this.group, 'rejected');
        return;
      }
    }
    const delivery: Delivery = { message, attempt: lease.attempt, group: this.group };
    let marked: string | undefined;
    const ctx: BusHandlerContext = {
      isDuplicate: async () => {
        const key = message.idempotencyKey ?? message.id;
        const seen = this.broker.markSeen(this.group, key, lease.token);
        if (!seen) marked = key;
        return seen;
      },
      reply: (payload) => this.bus.reply(message, this.group, payload),
    };
    try {
      await this.telemetry.handle(delivery, () => this.sub.handler(delivery, ctx));
    } catch (err) {
      if (this.abandoned) return;
      if (marked !== undefined) this.broker.releaseSeen(this.group, marked, lease.token);
      const outcome = this.broker.settle(lease, { kind: 'fail', error: toPlatformError(err).toJSON() });
      if (outcome !== 'stale') this.telemetry.received(this.group, outcome === 'dead' ? 'dead' : 'retry');
      return;
    }
    if (this.abandoned) return;
    if (this.broker.settle(lease, { kind: 'ack' }) === 'ack') this.telemetry.received(this.group, 'ack');
  }

  close(options: { graceMs?: number } = {}): Promise<void> {
    this.closed ??= this.stop(options.graceMs ?? this.visibilityTimeoutMs);
    return this.closed;
  }

  private async stop(graceMs: number): Promise<void> {
    this.closing = true;
    this.broker.removeConsumer(this.group, this);
    this.onClosed?.();
    if (await settleWithin(this.inflight, graceMs)) return;
    this.abandoned = true;
    this.broker.handBack(this.group, this);
  }
}

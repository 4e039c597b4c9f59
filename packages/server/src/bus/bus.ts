// The Bus port: at-least-once messaging with priorities, topic patterns, consumer groups,
// request/response, idempotency keys, optional HMAC signatures and a dead-letter queue.
// Adapters: MemoryBus (in-process, optionally durable through the store's outbox) and
// RedisStreamsBus (consumer groups, consumer heartbeats, XAUTOCLAIM). Both pass bus.contract.ts.
import type { JsonValue, SerializedError } from '../errors.js';

/** 1 (lowest) … 5 (critical); default 3. Higher is served first. */
export type Priority = 1 | 2 | 3 | 4 | 5;
export const DEFAULT_PRIORITY: Priority = 3;

export interface PublishInput {
  /** Dotted topic, e.g. `marketing.content.requested`; letters, digits, `_`, `-`, `.`; ≤ 200 chars. */
  topic: string;
  /** JSON payload; the whole serialized message must fit `maxMessageBytes`. */
  payload: JsonValue;
  priority?: Priority;
  /** Sender identity (agent id, `api`, `engine`…). */
  from?: string;
  /**
   * Point-to-point: only the consumer group with this name receives it, whatever its pattern (dropped
   * when no such group exists). Absent: every group whose pattern matches the topic (broadcast).
   */
  to?: string;
  /** Topic the receiver should publish its response to. */
  replyTo?: string;
  correlationId?: string;
  /** Receivers deduplicate on this key (see `BusHandlerContext.isDuplicate`). */
  idempotencyKey?: string;
  headers?: Record<string, string>;
  /** Trace context carried across processes (W3C traceparent). */
  traceparent?: string;
}

export interface BusMessage extends Required<Pick<PublishInput, 'topic' | 'payload' | 'priority'>> {
  id: string;
  from?: string;
  to?: string;
  replyTo?: string;
  correlationId?: string;
  idempotencyKey?: string;
  headers: Record<string, string>;
  traceparent?: string;
  /** Epoch ms when published. */
  publishedAt: number;
  /** hex HMAC-SHA256 over the canonical message, when signing is configured. */
  signature?: string;
}

export interface Delivery {
  message: BusMessage;
  /** 1 on the first delivery, +1 on each redelivery. */
  attempt: number;
  group: string;
}

export interface BusHandlerContext {
  /**
   * Marks `message.idempotencyKey` (or the message id when absent) as seen for this group and
   * returns whether it had been seen before. Handlers call it to drop duplicates.
   */
  isDuplicate(): Promise<boolean>;
  /** Publish a response to `message.replyTo` with the same correlation id. */
  reply(payload: JsonValue): Promise<void>;
}

/**
 * Returns normally to ack; throws to nack (the message is redelivered until `maxDeliveries`,
 * then dead-lettered with the error history). A handler that never returns is reclaimed after
 * the visibility timeout; the messages of a consumer that died (its process was killed) are
 * redelivered as soon as its heartbeat lapses.
 */
export type BusHandler = (delivery: Delivery, ctx: BusHandlerContext) => Promise<void>;

export interface SubscribeOptions {
  /** Topic or pattern: exact `a.b`, one segment `a.*`, any suffix `a.#`, or everything `*`/`#`. */
  pattern: string;
  /**
   * Consumer group: every group receives its own copy of each matching message (fan-out);
   * consumers in one group compete (each message to one of them). Defaults to the pattern.
   */
  group?: string;
  /** Consumer name inside the group; defaults to a unique one per process. */
  consumer?: string;
  /** Messages handled at once by this consumer (default 1). Back-pressure: no more are fetched. */
  concurrency?: number;
  handler: BusHandler;
}

export interface Subscription {
  readonly group: string;
  /**
   * Stops fetching and waits for in-flight handlers up to `graceMs` (default: the visibility
   * timeout). Deliveries still running after that are handed back: the group's other consumers
   * receive them at once (the delivery counts as an attempt) and the abandoned handlers' late
   * results are ignored. The group itself stays: messages published meanwhile wait for its next
   * consumer. Calling it again, or after `Bus.drain`, returns once the first close is done.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

export interface DeadLetter {
  id: string;
  message: BusMessage;
  group: string;
  /** Why it was parked: `max-deliveries`, `invalid-signature`, `unsigned`, `invalid-message`, `handler-rejected`. */
  reason: string;
  deliveries: number;
  errors: Array<SerializedError & { at: number; attempt: number }>;
  deadAt: number;
}

export interface DeadLetterQueue {
  list(options?: {
    group?: string;
    reason?: string;
    limit?: number;
    cursor?: string;
  }): Promise<{ items: DeadLetter[]; nextCursor?: string }>;
  get(id: string): Promise<DeadLetter | undefined>;
  /** Re-publishes the message to its group with a fresh delivery count; NOT_FOUND if absent. */
  retry(id: string): Promise<void>;
  /** Retries every dead letter whose last error message (or reason) matches; returns how many. */
  retryMatching(pattern: RegExp | string): Promise<number>;
  /** Removes it for good, keeping the reason in the audit log; NOT_FOUND if absent. */
  discard(id: string, reason: string): Promise<void>;
  count(): Promise<number>;
}

export interface GroupStats {
  group: string;
  pattern: string;
  /** Messages waiting to be delivered. */
  depth: number;
  /** Delivered but not yet acked. */
  pending: number;
  /** Age in ms of the oldest undelivered message (0 when none). */
  lagMs: number;
}

/** Totals are backend-wide: every process on one Redis (or every bus on one MemoryBroker) adds to them. */
export interface BusStats {
  published: number;
  delivered: number;
  acked: number;
  deadLettered: number;
  groups: GroupStats[];
}

export interface Bus {
  readonly kind: 'memory' | 'redis';
  /**
   * Validates (shape, topic, size), signs when configured, and stores the message durably for
   * every group whose pattern matches (or the `to` group). Resolves once it is durable.
   * VALIDATION / PAYLOAD_TOO_LARGE on bad input, UNAVAILABLE when the backend is down — never silent loss.
   * A message matching no group is still counted and dropped (there is nobody to deliver it to).
   */
  publish(input: PublishInput): Promise<BusMessage>;
  /**
   * Publishes many messages with one durable write (one transaction on the store's outbox, one
   * atomic script on Redis) and resolves with them, in input order, once all are durable. Every
   * input is validated first: one bad input rejects the batch (VALIDATION / PAYLOAD_TOO_LARGE with
   * `details.index`) and nothing is stored. Afterwards each message is routed, delivered, acked,
   * retried and dead-lettered on its own, exactly as if it had been published alone. At most
   * `MAX_BATCH` inputs; an empty batch resolves with `[]`.
   */
  publishBatch(inputs: readonly PublishInput[]): Promise<BusMessage[]>;
  /** VALIDATION for a bad pattern, group or consumer name; CONFLICT when the group has another pattern; UNAVAILABLE while draining. */
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Publishes with a fresh `replyTo` + `correlationId` and resolves with the reply; TIMEOUT after `timeoutMs`. */
  request(
    input: Omit<PublishInput, 'replyTo' | 'correlationId'>,
    options: { timeoutMs: number },
  ): Promise<BusMessage>;
  readonly dlq: DeadLetterQueue;
  stats(): Promise<BusStats>;
  /** Resolves when the backend answers; UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  /**
   * Graceful shutdown, first step: every subscription stops taking messages at once, handlers
   * already running get up to `graceMs` (wall clock; default the visibility timeout) to finish,
   * and whatever still runs then is handed back to its group (see `Subscription.close`), so other
   * processes resume it at once. Publishing, requests and the DLQ keep working until `close()`;
   * new subscriptions are refused with UNAVAILABLE. A second call waits for the first.
   */
  drain(options?: { graceMs?: number }): Promise<void>;
  /**
   * Fails pending requests with UNAVAILABLE, closes every subscription (each waits up to the
   * visibility timeout, on the wall clock, for its handlers) and releases connections. Idempotent.
   */
  close(): Promise<void>;
}

/** Most inputs one `publishBatch` takes. */
export const MAX_BATCH = 10_000;

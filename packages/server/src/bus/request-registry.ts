// Request/response over the bus for both adapters: one private reply topic per bus instance
// (subscribed on first use), pending requests keyed by correlation id, TIMEOUT on the clock, and
// the responder's side (`reply`, behind `BusHandlerContext.reply`).
import type { Clock, TimerHandle } from '../clock.js';
import { PlatformError, type JsonValue } from '../errors.js';
import type { Ids } from '../ids.js';
import type { BusHandler, BusMessage, PublishInput, Subscription } from './bus.js';

interface Pending {
  resolve(message: BusMessage): void;
  reject(err: unknown): void;
  timer: TimerHandle;
}

export interface RequestRegistryOptions {
  clock: Clock;
  ids: Ids;
  /** Topic (and group) of this instance's inbox. */
  replyTopic: string;
  subscribe(topic: string, handler: BusHandler): Promise<Subscription>;
  publish(input: PublishInput): Promise<BusMessage>;
}

export class RequestRegistry {
  readonly replyTopic: string;
  private readonly pending = new Map<string, Pending>();
  private inbox: Promise<Subscription> | undefined;

  constructor(private readonly options: RequestRegistryOptions) {
    this.replyTopic = options.replyTopic;
  }

  /** Whether the inbox subscription was ever created (so close knows what to clean up). */
  get started(): boolean {
    return this.inbox !== undefined;
  }

  async request(
    input: Omit<PublishInput, 'replyTo' | 'correlationId'>,
    { timeoutMs }: { timeoutMs: number },
  ): Promise<BusMessage> {
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      throw new PlatformError('VALIDATION', 'Invalid request: timeoutMs must be a positive integer', {
        details: { field: 'timeoutMs' },
      });
    }
    await this.ensureInbox();
    const correlationId = this.options.ids.next('corr');
    const reply = new Promise<BusMessage>((resolve, reject) => {
      const timer = this.options.clock.setTimeout(() => {
        this.pending.delete(correlationId);
        reject(
          new PlatformError('TIMEOUT', `No reply to ${input.topic} within ${timeoutMs} ms`, {
            details: { topic: input.topic, correlationId, timeoutMs },
          }),
        );
      }, timeoutMs);
      this.pending.set(correlationId, { resolve, reject, timer });
    });
    try {
      await this.options.publish({ ...input, replyTo: this.replyTopic, correlationId });
    } catch (err) {
      this.pending.get(correlationId)?.timer.cancel();
      this.pending.delete(correlationId);
      throw err;
    }
    return reply;
  }

  /**
   * Publishes `payload` to the message's `replyTo` with its correlation id and priority, sent from
   * `group`. VALIDATION when the message asked for no reply.
   */
  async reply(message: BusMessage, group: string, payload: JsonValue): Promise<void> {
    if (!message.replyTo)
      throw new PlatformError('VALIDATION', `Message ${message.id} has no replyTo to answer`, {
        details: { field: 'replyTo' },
      });
    await this.options.publish({
      topic: message.replyTo,
      payload,
      priority: message.priority,
      from: group,
      ...(message.correlationId === undefined ? {} : { correlationId: message.correlationId }),
    });
  }

  private ensureInbox(): Promise<Subscription> {
    this.inbox ??= this.options.subscribe(this.replyTopic, async ({ message }) => {
      const id = message.correlationId;
      const waiting = id === undefined ? undefined : this.pending.get(id);
      if (!waiting || id === undefined) return; // late or stray reply: nobody waits any more
      this.pending.delete(id);
      waiting.timer.cancel();
      waiting.resolve(message);
    });
    this.inbox.catch(() => {
      this.inbox = undefined;
    });
    return this.inbox;
  }

  /** Fails every pending request with UNAVAILABLE and closes the inbox subscription. */
  close(): Promise<void> {
    for (const [id, p] of this.pending) {
      p.timer.cancel();
      p.reject(
        new PlatformError('UNAVAILABLE', 'The bus closed before the reply arrived', {
          details: { correlationId: id },
        }),
      );
    }
    this.pending.clear();
    const inbox = this.inbox;
    this.inbox = undefined;
    return inbox ? inbox.then((s) => s.close({ graceMs: 0 })).catch(() => undefined) : Promise.resolve();
  }
}

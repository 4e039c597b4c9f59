// One consumer of the Redis Streams bus: fetches only as many entries as it has free slots
// (priority 5 first), or blocks in XREADGROUP on its own connection, which claims the next entry as
// it arrives; settles each delivery atomically, periodically reclaims entries idle past the
// visibility timeout, and on close hands back what its handlers did not finish.
import type { Redis } from 'ioredis';
import type { TimerHandle } from '../clock.js';
import type { JsonValue } from '../errors.js';
import { PlatformError, toPlatformError } from '../errors.js';
import type { BusHandlerContext, BusMessage, Delivery, Subscription } from './bus.js';
import type { NormalizedSubscription, ResolvedBusOptions } from './bus-options.js';
import type { BusTelemetry } from './bus-telemetry.js';
import { parseMessage } from './message-schema.js';
import { verifyMessage } from './message-signature.js';
import { settleWithin } from './grace-period.js';
import type { BusKeys } from './redis-client.js';
import { isNoGroupError, runScript, waitReady } from './redis-client.js';

export interface RedisSubscriptionContext {
  redis: Redis;
  keys: BusKeys;
  options: ResolvedBusOptions;
  telemetry: BusTelemetry;
  /** Longest single blocking wait. */
  blockMs: number;
  /** How long `start` waits for the blocking connection before it lets the consumer catch up alone. */
  connectTimeoutMs: number;
  /** A fresh connection for blocking reads, named `name` in Redis's CLIENT LIST. */
  connect(name: string): Redis;
  register(group: string, pattern: string): Promise<void>;
  reply(message: BusMessage, group: string, payload: JsonValue): Promise<void>;
  /** Ends the consumer's heartbeat, hands back its pending entries and removes it from its group. */
  release(group: string, consumer: string): Promise<number>;
}

type FetchedEntry = [number, string, string[]];

export class RedisSubscription implements Subscription {
  readonly group: string;
  private readonly streams: string[];
  private readonly blocking: Redis;
  private readonly inflight = new Set<Promise<void>>();
  /** Entries a blocking read claimed beyond the free slots (see `take`). */
  private readonly backlog: FetchedEntry[] = [];
  private slotFreed: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private reclaimTimer: TimerHandle | undefined;
  private closing = false;
  private wakeClose: (() => void) | undefined;
  private readonly closed: Promise<void>;
  private stopped: Promise<void> | undefined;
  private abandoned = false;
  private failing = false;
  onClosed: (() => void) | undefined;

  constructor(
    private readonly ctx: RedisSubscriptionContext,
    private readonly sub: NormalizedSubscription,
  ) {
    this.group = sub.group;
    this.streams = ctx.keys.streams(sub.group);
    // Named after the consumer (printable ASCII only, as CLIENT SETNAME requires) so operators can tell
    // in CLIENT LIST which consumer a blocked connection serves.
    this.blocking = ctx.connect(`${ctx.keys.prefix}${sub.group}:${sub.consumer}`.replace(/[^!-~]/g, '_'));
    this.blocking.on('error', () => {
      // Reported through the main connection and the loop; a blocking connection only reconnects.
    });
    this.closed = new Promise<void>((resolve) => (this.wakeClose = resolve));
  }

  /**
   * Starts consuming; resolves once the blocking connection is ready (or the connect timeout passed),
   * so a subscriber that publishes next finds its consumer listening rather than still connecting
   * (a wake-up would otherwise wait for the TCP connect and handshake).
   */
  async start(): Promise<void> {
    this.blocking.connect().catch(() => undefined);
    this.loop = this.run();
    this.scheduleReclaim(0);
    await waitReady(this.blocking, this.ctx.connectTimeoutMs);
  }

  private get log() {
    return this.ctx.telemetry.logger;
  }

  private async run(): Promise<void> {
    let backoff = 25;
    // True once a read claimed fewer entries than it asked for: the group had nothing more then, so
    // the next read blocks in XREADGROUP at once (it still returns at once if entries arrived since)
    // instead of a fetch that would come back empty — one round trip less per wake-up.
    let drained = false;
    while (!this.closing) {
      const free = this.sub.concurrency - this.inflight.size;
      if (free <= 0) {
        await new Promise<void>((resolve) => (this.slotFreed = resolve));
        this.slotFreed = undefined;
        continue;
      }
      if (this.backlog.length) {
        for (const e of this.backlog.splice(0, free)) this.dispatch(e);
        continue;
      }
      try {
        const entries: FetchedEntry[] = drained ? await this.waitForEntries(free) : await this.fetch(free);
        if (this.failing) this.log.info({ group: this.group }, 'bus consumer reconnected');
        this.failing = false;
        backoff = 25;
        this.take(entries, free);
        drained = entries.length < free;
      } catch (err) {
        drained = false;
        if (this.closing) break;
        if (isNoGroupError(err)) {
          // The streams are gone (Redis restarted empty, or keys were flushed): register again.
          await this.ctx.register(this.group, this.sub.pattern).catch(() => undefined);
        } else if (!this.failing) {
          this.failing = true;
          this.log.warn({ err, group: this.group }, 'bus consumer cannot reach Redis; retrying');
        }
        await Promise.race([this.ctx.options.clock.sleep(backoff), this.closed]);
        backoff = Math.min(backoff * 2, 1000);
      }
    }
  }

  /** Claims up to `count` undelivered entries in priority order, without blocking (one script). */
  private async fetch(count: number): Promise<FetchedEntry[]> {
    return (await runScript(
      this.ctx.redis,
      'busFetch',
      [...this.streams, this.ctx.keys.stats],
      [this.group, this.sub.consumer, count],
    )) as FetchedEntry[];
  }

  /**
   * Blocks on the consumer's own connection until any of the group's streams receives an entry,
   * and claims it in the same command: the wake-up carries the work, so a message published to an
   * idle consumer reaches its handler after one hop instead of a wake-up followed by a fetch.
   */
  private async waitForEntries(count: number): Promise<FetchedEntry[]> {
    const reply = (await this.blocking.call('XREADGROUP', [
      'GROUP',
      this.group,
      this.sub.consumer,
      'COUNT',
      count,
      'BLOCK',
      this.ctx.blockMs,
      'STREAMS',
      ...this.streams,
      ...this.streams.map(() => '>'),
    ])) as Array<[string, Array<[string, string[]]>]> | null;
    const entries: FetchedEntry[] = [];
    for (const [key, items] of reply ?? []) {
      const index = this.streams.indexOf(key) + 1;
      for (const [id, flat] of items) entries.push([index, id, flat]);
    }
    if (entries.length)
      this.ctx.redis.hincrby(this.ctx.keys.stats, 'delivered', entries.length).catch(() => undefined);
    return entries;
  }

  /**
   * Dispatches what a read claimed (a fetch never claims more than `free`). Redis 7.0 answers a
   * blocked read from the one stream that woke it (at most `free` entries); later versions — and a
   * read that finds entries already waiting — can claim up to `free` from each of the five streams:
   * the surplus waits here, priority first, for free slots (it is this consumer's pending work,
   * handed back on close like any other).
   */
  private take(entries: FetchedEntry[], free: number): void {
    entries.sort((a, b) => a[0] - b[0]);
    for (const e of entries.slice(0, free)) this.dispatch(e);
    this.backlog.push(...entries.slice(free));
  }

  private dispatch([index, id, flat]: FetchedEntry): void {
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
    // Work taken over from another consumer sits in the p5 stream and names its own priority.
    const priority = fields.p === undefined ? 6 - index : Number(fields.p);
    const run = this.handle(this.streams[index - 1]!, priority, id, fields).finally(() => {
      this.inflight.delete(run);
      this.slotFreed?.();
    });
    this.inflight.add(run);
  }

  private async handle(
    stream: string,
    priority: number,
    id: string,
    fields: Record<string, string>,
  ): Promise<void> {
    const attempt = Number(fields.a ?? '0') + 1;
    const message = parseMessage(fields.m ?? '');
    if (!message) {
      const error = new PlatformError('VALIDATION', 'Stored message is not a valid bus message').toJSON();
      return this.reject(stream, priority, id, attempt, 'invalid-message', error, { id, topic: '(invalid)' });
    }
    const secret = this.ctx.options.signingSecret;
    if (secret) {
      const check = verifyMessage(message, secret);
      if (check !== 'valid') {
        const error = new PlatformError(
          'SIGNATURE_INVALID',
          check === 'unsigned' ? 'Message is not signed' : 'Message signature does not match',
        ).toJSON();
        return this.reject(stream, priority, id, attempt, check, error, message);
      }
    }
    const delivery: Delivery = { message, attempt, group: this.group };
    const token = `${this.sub.consumer}:${id}:${attempt}`;
    let mark: string | undefined;
    const ctx: BusHandlerContext = {
      isDuplicate: async () => {
        const key = this.ctx.keys.mark(this.group, message.idempotencyKey ?? message.id);
        const set = await this.ctx.redis.set(key, token, 'PX', this.ctx.options.dedupeTtlMs, 'NX');
        if (set === 'OK') mark = key;
        return set !== 'OK';
      },
      reply: (payload) => this.ctx.reply(message, this.group, payload),
    };
    try {
      await this.ctx.telemetry.handle(delivery, () => this.sub.handler(delivery, ctx));
    } catch (err) {
      if (this.abandoned) return;
      if (mark !== undefined)
        await runScript(this.ctx.redis, 'busReleaseMark', [mark], [token]).catch(() => undefined);
      const error = { ...toPlatformError(err).toJSON(), at: this.ctx.options.clock.now(), attempt };
      const outcome = await this.settle(stream, priority, id, 'fail', JSON.stringify(error), '');
      if (outcome === 'retry') this.ctx.telemetry.received(this.group, 'retry');
      else if (outcome?.startsWith('dead:')) {
        this.ctx.telemetry.received(this.group, 'dead');
        this.ctx.telemetry.deadLettered(this.group, 'max-deliveries', message);
      }
      return;
    }
    if (this.abandoned) return;
    if ((await this.settle(stream, priority, id, 'ack', '', '')) === 'ack')
      this.ctx.telemetry.received(this.group, 'ack');
  }

  private async reject(
    stream: string,
    priority: number,
    id: string,
    attempt: number,
    reason: string,
    error: object,
    message: Pick<BusMessage, 'id' | 'topic'>,
  ): Promise<void> {
    const err = JSON.stringify({ ...error, at: this.ctx.options.clock.now(), attempt });
    const outcome = await this.settle(stream, priority, id, 'reject', err, reason);
    if (outcome?.startsWith('dead:')) {
      this.ctx.telemetry.received(this.group, 'rejected');
      this.ctx.telemetry.deadLettered(this.group, reason, message);
    }
  }

  /**
   * Settles atomically. While Redis cannot be reached the settle is retried (backing off up to 1 s)
   * and holds its slot, so a short outage does not leave the entry to the visibility timeout;
   * undefined when the consumer gave the delivery up meanwhile (it was handed back) or Redis
   * refused the script.
   */
  private async settle(
    stream: string,
    priority: number,
    id: string,
    mode: 'ack' | 'fail' | 'reject',
    errorJson: string,
    reason: string,
  ): Promise<string | undefined> {
    const { keys, options } = this.ctx;
    let backoff = 25;
    for (let logged = false; ; logged = true) {
      try {
        return (await runScript(
          this.ctx.redis,
          'busSettle',
          [stream, keys.dlq, keys.stats, this.streams[5 - priority] ?? stream],
          [this.group, id, mode, options.maxDeliveries, errorJson, reason, options.clock.now(), priority],
        )) as string;
      } catch (err) {
        const refused = (err as { name?: string }).name === 'ReplyError';
        if (!logged || refused)
          this.log.warn(
            { err, group: this.group, entry: id, mode },
            refused ? 'bus settle refused' : 'bus settle failed; retrying until Redis is back',
          );
        if (refused || this.abandoned) return undefined;
        await new Promise<void>((resolve) => setTimeout(resolve, backoff).unref());
        backoff = Math.min(backoff * 2, 1000);
        if (this.abandoned) return undefined;
      }
    }
  }

  private scheduleReclaim(delayMs: number): void {
    if (this.closing) return;
    this.reclaimTimer = this.ctx.options.clock.setTimeout(() => {
      void this.reclaim().finally(() =>
        this.scheduleReclaim(
          Math.min(Math.max(Math.floor(this.ctx.options.visibilityTimeoutMs / 4), 5), 5000),
        ),
      );
    }, delayMs);
  }

  /** Takes over entries whose consumer has not settled them within the visibility timeout. */
  private async reclaim(): Promise<void> {
    if (this.ctx.redis.status !== 'ready') return;
    const { keys, options } = this.ctx;
    try {
      const [, dead] = (await runScript(
        this.ctx.redis,
        'busReclaim',
        [...this.streams, keys.dlq, keys.stats, keys.consumers],
        [
          this.group,
          this.sub.consumer,
          options.visibilityTimeoutMs,
          options.maxDeliveries,
          options.clock.now(),
          100,
        ],
      )) as [number, number];
      for (let i = 0; i < dead; i++)
        this.ctx.telemetry.deadLettered(this.group, 'max-deliveries', {
          id: '(reclaimed)',
          topic: '(reclaimed)',
        });
    } catch (err) {
      if (!isNoGroupError(err)) this.log.debug({ err, group: this.group }, 'bus reclaim failed');
    }
  }

  close(options: { graceMs?: number } = {}): Promise<void> {
    this.stopped ??= this.stop(options.graceMs ?? this.ctx.options.visibilityTimeoutMs);
    return this.stopped;
  }

  private async stop(graceMs: number): Promise<void> {
    this.closing = true;
    this.reclaimTimer?.cancel();
    this.wakeClose?.();
    this.slotFreed?.();
    this.blocking.disconnect();
    await this.loop;
    this.onClosed?.();
    // The heartbeat goes on while handlers finish, so nobody takes their messages meanwhile.
    if (!(await settleWithin(this.inflight, graceMs))) this.abandoned = true;
    await this.ctx.release(this.group, this.sub.consumer);
  }
}

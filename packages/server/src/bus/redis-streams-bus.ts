// The Redis Streams Bus adapter (ioredis): per-group, per-priority streams read through Redis
// consumer groups, Lua scripts for every state change, consumer heartbeats so a killed process's
// messages are redelivered within a second, XAUTOCLAIM for hung handlers, a DLQ stream.
// Redis down: publish rejects with UNAVAILABLE at once; consumers retry until it is back.
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { PlatformError } from '../errors.js';
import type {
  Bus,
  BusMessage,
  BusStats,
  DeadLetterQueue,
  GroupStats,
  PublishInput,
  Subscription,
  SubscribeOptions,
} from './bus.js';
import type { BusOptions, ResolvedBusOptions } from './bus-options.js';
import { normalizeSubscribe, resolveBusOptions } from './bus-options.js';
import { BusTelemetry } from './bus-telemetry.js';
import { buildMessage, buildMessages } from './message-schema.js';
import { BusKeys, createRedisConnection, runScript, toBusError, waitReady } from './redis-client.js';
import { RedisDeadLetterQueue } from './redis-dead-letter-queue.js';
import { RedisLiveness } from './redis-liveness.js';
import { RedisSubscription } from './redis-subscription.js';
import { RequestRegistry } from './request-registry.js';

export interface RedisStreamsBusOptions extends BusOptions {
  url: string;
  /** Key prefix; `waooaw` gives `waooaw:groups`, `waooaw:g:<group>:p3`, … (default `waooaw`). */
  prefix?: string;
  /** Longest single blocking read of a consumer (default 2000 ms). */
  blockMs?: number;
  /** How often each consumer's heartbeat is refreshed and lapsed consumers are swept (default 200 ms). */
  heartbeatMs?: number;
  /**
   * A consumer whose heartbeat is older than this is presumed dead and its in-flight messages are
   * redelivered at once (default 600 ms; at least twice `heartbeatMs`). Unlike the visibility
   * timeout it does not limit how long a handler may run: a live process keeps heartbeating.
   */
  heartbeatTimeoutMs?: number;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
}

let instances = 0;

export class RedisStreamsBus implements Bus {
  readonly kind = 'redis' as const;
  readonly dlq: DeadLetterQueue;
  readonly keys: BusKeys;
  private readonly options: ResolvedBusOptions;
  private readonly telemetry: BusTelemetry;
  private readonly redis: Redis;
  private readonly subscriptions = new Set<RedisSubscription>();
  /** Request/response inboxes: they keep consuming while the bus drains, so requests still get replies. */
  private readonly inboxes = new Set<RedisSubscription>();
  private readonly requests: RequestRegistry;
  private readonly liveness: RedisLiveness;
  private readonly instanceId: string;
  private readonly connection: {
    url: string;
    connectTimeoutMs: number;
    commandTimeoutMs: number;
    blockMs: number;
  };
  private consumerSeq = 0;
  private closed = false;
  private draining: Promise<void> | undefined;
  private lastErrorLog = 0;

  /** Starts connecting in the background; see `RedisStreamsBus.connect` to wait for it. */
  constructor(options: RedisStreamsBusOptions) {
    this.options = resolveBusOptions(options);
    const { clock, ids, logger } = this.options;
    this.telemetry = new BusTelemetry('redis', this.options.metrics, logger);
    this.keys = new BusKeys(options.prefix ?? 'waooaw');
    this.connection = {
      url: options.url,
      connectTimeoutMs: options.connectTimeoutMs ?? 2000,
      commandTimeoutMs: options.commandTimeoutMs ?? 5000,
      blockMs: options.blockMs ?? 2000,
    };
    this.redis = createRedisConnection(options.url, this.connection);
    this.redis.on('error', (err: Error) => {
      // Never let a connection error crash the process; log at most once per 10 s.
      const now = Date.now();
      if (now - this.lastErrorLog > 10_000) {
        this.lastErrorLog = now;
        logger.warn({ err: err.message }, 'bus Redis connection error; reconnecting');
      }
    });
    this.redis.connect().catch(() => undefined);
    this.instanceId = `${hostname()}-${process.pid}-${++instances}-${ids.next().slice(-6)}`;
    this.requests = new RequestRegistry({
      clock,
      ids,
      replyTopic: `_reply.${this.instanceId.replace(/[^A-Za-z0-9_-]/g, '-')}`,
      subscribe: (topic, handler) =>
        this.subscribeInternal({ pattern: topic, group: topic, handler, concurrency: 16 }, true),
      publish: (input) => this.publish(input),
    });
    this.dlq = new RedisDeadLetterQueue(this.redis, this.keys, clock, logger);
    const heartbeatMs = options.heartbeatMs ?? 200;
    const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? Math.max(600, 3 * heartbeatMs);
    if (!(heartbeatMs >= 10 && heartbeatTimeoutMs >= 2 * heartbeatMs))
      throw new PlatformError(
        'CONFIG_INVALID',
        `bus heartbeat: heartbeatMs (${heartbeatMs}) must be at least 10 and heartbeatTimeoutMs (${heartbeatTimeoutMs}) at least twice it`,
        { details: { field: 'heartbeatTimeoutMs' } },
      );
    this.liveness = new RedisLiveness(this.redis, this.keys, {
      heartbeatMs,
      heartbeatTimeoutMs,
      maxDeliveries: this.options.maxDeliveries,
      logger,
      onDeadLettered: (group, count) => {
        for (let i = 0; i < count; i++)
          this.telemetry.deadLettered(group, 'max-deliveries', {
            id: '(consumer died)',
            topic: '(consumer died)',
          });
      },
    });
  }

  /** Creates the bus and waits up to the connect timeout for Redis; a bus whose Redis is down still returns (ping says UNAVAILABLE). */
  static async connect(options: RedisStreamsBusOptions): Promise<RedisStreamsBus> {
    const bus = new RedisStreamsBus(options);
    if (!(await waitReady(bus.redis, bus.connection.connectTimeoutMs))) {
      bus.options.logger.warn(
        { url: redactUrl(options.url) },
        'bus Redis is not reachable yet; publishing fails with UNAVAILABLE until it is',
      );
    }
    return bus;
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
      this.assertReady('publish');
      try {
        await runScript(
          this.redis,
          'busPublish',
          [this.keys.registry, this.keys.stats],
          [this.keys.prefix, message.topic, message.to ?? '', message.priority, json],
        );
      } catch (err) {
        throw toBusError(err, 'publish');
      }
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
      if (!built.length) return [];
      this.assertReady('publish');
      const args: Array<string | number> = [this.keys.prefix];
      for (const { message, json } of built)
        args.push(message.topic, message.to ?? '', message.priority, json);
      try {
        await runScript(this.redis, 'busPublishBatch', [this.keys.registry, this.keys.stats], args);
      } catch (err) {
        throw toBusError(err, 'publish');
      }
      return built.map((b) => b.message);
    });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    if (this.draining) throw new PlatformError('UNAVAILABLE', 'The bus is draining: no new subscriptions');
    return this.subscribeInternal(options, false);
  }

  private async subscribeInternal(options: SubscribeOptions, inbox: boolean): Promise<Subscription> {
    const s = normalizeSubscribe(options, `${this.instanceId}-${++this.consumerSeq}`);
    await this.register(s.group, s.pattern);
    try {
      await this.liveness.add(s.group, s.consumer);
    } catch (err) {
      throw toBusError(err, 'subscribe');
    }
    const sub = new RedisSubscription(
      {
        redis: this.redis,
        keys: this.keys,
        options: this.options,
        telemetry: this.telemetry,
        blockMs: this.connection.blockMs,
        connectTimeoutMs: this.connection.connectTimeoutMs,
        connect: (name) =>
          createRedisConnection(
            this.connection.url,
            {
              ...this.connection,
              commandTimeoutMs: this.connection.blockMs + this.connection.commandTimeoutMs,
            },
            { enableOfflineQueue: true, connectionName: name },
          ),
        register: (group, pattern) => this.register(group, pattern),
        reply: (message, group, payload) => this.requests.reply(message, group, payload),
        release: (group, consumer) => this.liveness.release(group, consumer),
      },
      s,
    );
    (inbox ? this.inboxes : this.subscriptions).add(sub);
    sub.onClosed = () => {
      this.subscriptions.delete(sub);
      this.inboxes.delete(sub);
    };
    await sub.start();
    return sub;
  }

  /** Registers the group with its pattern and creates its streams; CONFLICT when it has another pattern. */
  private async register(group: string, pattern: string): Promise<void> {
    this.assertReady('subscribe');
    let current: string;
    try {
      current = (await runScript(
        this.redis,
        'busRegister',
        [this.keys.registry],
        [this.keys.prefix, group, pattern],
      )) as string;
    } catch (err) {
      throw toBusError(err, 'subscribe');
    }
    if (current !== pattern) {
      throw new PlatformError(
        'CONFLICT',
        `Consumer group ${group} already subscribes to ${current}, not ${pattern}`,
        {
          details: { field: 'group', group, pattern: current },
        },
      );
    }
  }

  async request(
    input: Omit<PublishInput, 'replyTo' | 'correlationId'>,
    options: { timeoutMs: number },
  ): Promise<BusMessage> {
    this.assertOpen();
    return this.requests.request(input, options);
  }

  async stats(): Promise<BusStats> {
    this.assertReady('stats');
    try {
      const [registry, totals] = await Promise.all([
        this.redis.hgetall(this.keys.registry),
        this.redis.hgetall(this.keys.stats),
      ]);
      const names = Object.keys(registry).sort();
      const perGroup = await Promise.all(
        names.map(
          (g) =>
            runScript(this.redis, 'busGroupStats', this.keys.streams(g), [g]) as Promise<
              [number, Array<[number, number, number]>]
            >,
        ),
      );
      const groups: GroupStats[] = names.map((group, i) => {
        const [now, rows] = perGroup[i]!;
        let depth = 0;
        let pending = 0;
        let oldest = Infinity;
        for (const [len, pend, old] of rows) {
          depth += len - pend;
          pending += pend;
          if (old >= 0) oldest = Math.min(oldest, old);
        }
        return {
          group,
          pattern: registry[group]!,
          depth: Math.max(0, depth),
          pending,
          lagMs: oldest === Infinity ? 0 : Math.max(0, now - oldest),
        };
      });
      const stats: BusStats = {
        published: Number(totals.published ?? 0),
        delivered: Number(totals.delivered ?? 0),
        acked: Number(totals.acked ?? 0),
        deadLettered: Number(totals.deadLettered ?? 0),
        groups,
      };
      this.telemetry.gauges(stats);
      return stats;
    } catch (err) {
      throw toBusError(err, 'stats');
    }
  }

  async ping(): Promise<void> {
    this.assertReady('ping');
    try {
      await this.redis.ping();
    } catch (err) {
      throw toBusError(err, 'ping');
    }
  }

  drain(options: { graceMs?: number } = {}): Promise<void> {
    const graceMs = options.graceMs ?? this.options.visibilityTimeoutMs;
    this.draining ??= Promise.all([...this.subscriptions].map((s) => s.close({ graceMs }))).then(
      () => undefined,
    );
    return this.draining;
  }

  /** Closes subscriptions (waiting up to the visibility timeout for handlers), removes this instance's reply inbox, disconnects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const inboxUsed = this.requests.started;
    await this.requests.close();
    await Promise.all([...this.subscriptions, ...this.inboxes].map((s) => s.close()));
    this.liveness.stop();
    if (inboxUsed && this.redis.status === 'ready') {
      await runScript(
        this.redis,
        'busUnregister',
        [this.keys.registry],
        [this.keys.prefix, this.requests.replyTopic],
      ).catch(() => undefined);
    }
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }

  private assertOpen(): void {
    if (this.closed) throw new PlatformError('UNAVAILABLE', 'The bus is closed');
  }

  private assertReady(what: string): void {
    this.assertOpen();
    if (this.redis.status !== 'ready') {
      throw new PlatformError(
        'UNAVAILABLE',
        `Redis is unavailable (${what}): connection ${this.redis.status}`,
        { details: { backend: 'redis' } },
      );
    }
  }
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid url)';
  }
}

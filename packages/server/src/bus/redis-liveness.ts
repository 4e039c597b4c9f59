// Consumer liveness on the Redis Streams bus. Every bus refreshes a short heartbeat for each of its
// consumers (one sorted set scored by when the heartbeat lapses, on Redis time) and, in the same
// script, takes over the consumers whose heartbeat lapsed: their pending entries are redelivered at
// once and their names leave their groups. A killed process is found sooner: its heartbeat is late
// and Redis no longer lists its connection. Hung handlers in a live process are still reclaimed by
// the (long) visibility timeout. Timers are wall-clock: liveness is about real time.
import type { Redis } from 'ioredis';
import type { Logger } from '../components/observability/logger.js';
import type { BusKeys } from './redis-client.js';
import { runScript } from './redis-client.js';

export interface LivenessOptions {
  /** How often heartbeats are refreshed and lapsed consumers swept (ms). */
  heartbeatMs: number;
  /** A consumer whose heartbeat is older than this is presumed dead (ms). */
  heartbeatTimeoutMs: number;
  maxDeliveries: number;
  logger: Logger;
  /** Told how many messages of a group a sweep or hand-back dead-lettered (their last delivery died). */
  onDeadLettered(group: string, count: number): void;
}

/** Lapsed consumers one tick takes over, and entries per stream one script call moves. */
const SWEEP_CONSUMERS = 20;
const ENTRIES_PER_CALL = 200;
const HANDED_BACK = 'Handed back: the consumer stopped before its handler finished';
const CONNECTION_GONE = 'Its consumer disconnected from Redis without handing back';

export class RedisLiveness {
  private readonly members = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  /** This bus's Redis client id (it changes on every reconnection); '' until known. */
  private clientId = '';
  /** False once Redis refused CLIENT LIST (some hosted Redis do): lapsed heartbeats only. */
  private canListClients = true;

  constructor(
    private readonly redis: Redis,
    private readonly keys: BusKeys,
    private readonly options: LivenessOptions,
  ) {
    const learnId = () => {
      this.clientId = '';
      this.redis
        .client('ID')
        .then((id) => (this.clientId = String(id)))
        .catch(() => undefined);
    };
    this.redis.on('ready', learnId);
    if (this.redis.status === 'ready') learnId();
  }

  /** Starts heartbeating for a consumer; resolves once its first heartbeat is stored (before it fetches). */
  async add(group: string, consumer: string): Promise<void> {
    this.members.add(member(group, consumer));
    this.timer ??= setInterval(() => void this.tick(), this.options.heartbeatMs).unref();
    await this.tick([member(group, consumer)]);
  }

  /**
   * Stops heartbeating for a consumer and hands back what it still holds: other consumers of the
   * group get those entries at once (each delivery counts as an attempt); its name leaves the group.
   * When Redis cannot be reached the entries are swept by another bus once the heartbeat lapses.
   */
  async release(group: string, consumer: string): Promise<number> {
    const m = member(group, consumer);
    this.members.delete(m);
    if (!this.members.size) this.stop();
    let requeued = 0;
    try {
      for (;;) {
        const [r, done] = await this.handBack(m, HANDED_BACK, '');
        requeued += r;
        if (done === 1) return requeued;
      }
    } catch (err) {
      this.options.logger.warn(
        { err, group, consumer },
        'bus consumer could not hand back its messages; they are redelivered when its heartbeat lapses',
      );
      return requeued;
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One heartbeat of every member (or just `only`) and one sweep of lapsed consumers. */
  private async tick(only?: string[]): Promise<void> {
    if (!only && this.ticking) return;
    if (this.redis.status !== 'ready') return;
    if (!only) this.ticking = true;
    const { heartbeatMs, heartbeatTimeoutMs, maxDeliveries } = this.options;
    try {
      const [requeued, deadByGroup, removed, late] = (await runScript(
        this.redis,
        'busLiveness',
        [this.keys.consumers, this.keys.dlq, this.keys.stats, this.keys.consumerClients],
        [
          this.keys.prefix,
          heartbeatTimeoutMs,
          maxDeliveries,
          SWEEP_CONSUMERS,
          ENTRIES_PER_CALL,
          this.clientId,
          Math.ceil(1.5 * heartbeatMs),
          ...(only ?? this.members),
        ],
      )) as [number, Array<string | number>, number, string[]];
      for (let i = 0; i + 1 < deadByGroup.length; i += 2)
        this.options.onDeadLettered(String(deadByGroup[i]), Number(deadByGroup[i + 1]));
      if (requeued > 0 || removed > 0)
        this.options.logger.info(
          { requeued, removed },
          'bus took over the messages of consumers whose heartbeat lapsed',
        );
      if (late.length && this.canListClients) await this.takeOverDisconnected(late);
    } catch (err) {
      if (only) throw err;
      this.options.logger.debug({ err }, 'bus heartbeat failed');
    } finally {
      if (!only) this.ticking = false;
    }
  }

  /**
   * `late` holds (member, client id, score) triples of consumers whose heartbeat is overdue: those
   * whose connection Redis no longer lists died (a killed process closes its sockets), so their
   * messages are handed back now rather than when the heartbeat lapses.
   */
  private async takeOverDisconnected(late: string[]): Promise<void> {
    const ids = [...new Set(late.filter((_, i) => i % 3 === 1))];
    let listed: string;
    try {
      listed = String(await this.redis.call('CLIENT', 'LIST', 'ID', ...ids));
    } catch (err) {
      this.canListClients = false;
      this.options.logger.info(
        { err },
        'Redis refuses CLIENT LIST: dead bus consumers are found by their lapsed heartbeat only',
      );
      return;
    }
    const connected = new Set([...listed.matchAll(/^id=(\d+)/gm)].map((m) => m[1]));
    for (let i = 0; i + 2 < late.length; i += 3) {
      if (connected.has(late[i + 1]!)) continue;
      const [requeued] = await this.handBack(late[i]!, CONNECTION_GONE, late[i + 2]!);
      if (requeued > 0)
        this.options.logger.info(
          { consumer: late[i], requeued },
          'bus took over the messages of a consumer whose connection is gone',
        );
    }
  }

  /** Runs HAND_BACK for `m`; returns [requeued, 1 done | 0 more left | -1 it beat meanwhile]. */
  private async handBack(m: string, why: string, maxScore: string): Promise<[number, number]> {
    const [requeued, dead, done] = (await runScript(
      this.redis,
      'busHandBack',
      [this.keys.consumers, this.keys.dlq, this.keys.stats, this.keys.consumerClients],
      [this.keys.prefix, this.options.maxDeliveries, ENTRIES_PER_CALL, m, why, maxScore],
    )) as [number, number, number];
    if (dead > 0) this.options.onDeadLettered(m.slice(0, m.indexOf(' ')), dead);
    return [requeued, done];
  }
}

function member(group: string, consumer: string): string {
  return `${group} ${consumer}`;
}

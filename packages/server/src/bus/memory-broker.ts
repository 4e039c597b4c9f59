// The in-process bus backend: per-group priority queues, leases with a visibility timeout,
// dead letters and counters. Several MemoryBus clients may share one broker, the way several
// processes share one Redis; the broker is what a durable outbox persists.
import type { Clock, TimerHandle } from '../clock.js';
import { PlatformError } from '../errors.js';
import type { Ids } from '../ids.js';
import type { Logger } from '../components/observability/logger.js';
import { silentLogger } from '../components/observability/logger.js';
import type { BusMessage, BusStats, DeadLetter, GroupStats } from './bus.js';
import type { AttemptError, BusOutbox, BusOutboxEntry } from './bus-outbox.js';
import { OutboxWriter } from './bus-outbox.js';
import { DedupeCache } from './dedupe-cache.js';
import { topicMatches } from './topic-pattern.js';

export interface QueueEntry extends BusOutboxEntry {
  /** Clock time it joined the queue (for lag). */
  enqueuedAt: number;
}

/** A delivery in flight: the entry is invisible to other consumers until it is settled or expires. */
export interface Lease {
  readonly token: string;
  readonly entry: QueueEntry;
  readonly attempt: number;
  readonly consumer: MemoryConsumerPort;
  readonly maxDeliveries: number;
  timer: TimerHandle;
}

/** What the broker needs from a consumer (implemented in memory-bus.ts). */
export interface MemoryConsumerPort {
  readonly name: string;
  /** Free handler slots. */
  capacity(): number;
  /** Starts handling; the consumer later calls `settle`. Must not throw. */
  deliver(lease: Lease): void;
  readonly visibilityTimeoutMs: number;
  readonly maxDeliveries: number;
  onDeadLetter(deadLetter: DeadLetter): void;
}

export type SettleOutcome =
  | { kind: 'ack' }
  | { kind: 'fail'; error: Omit<AttemptError, 'at' | 'attempt'> }
  | { kind: 'reject'; reason: string; error: Omit<AttemptError, 'at' | 'attempt'> };

/** Small FIFO with amortised O(1) shift. */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  peek(): T | undefined {
    return this.items[this.head];
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

class GroupState {
  /** Index 0 holds priority 5. */
  readonly queues = [
    new Fifo<QueueEntry>(),
    new Fifo<QueueEntry>(),
    new Fifo<QueueEntry>(),
    new Fifo<QueueEntry>(),
    new Fifo<QueueEntry>(),
  ];
  readonly leases = new Map<string, Lease>();
  readonly consumers: MemoryConsumerPort[] = [];
  next = 0;
  pumping = false;
  again = false;
  constructor(
    readonly name: string,
    /** Undefined for a group known only from restored entries, until someone subscribes to it. */
    public pattern: string | undefined,
    /** Transient groups (request/response inboxes) are not written to the outbox. */
    readonly durable: boolean,
    readonly seen: DedupeCache,
  ) {}

  depth(): number {
    let n = 0;
    for (const q of this.queues) n += q.length;
    return n;
  }
}

export interface MemoryBrokerOptions {
  clock: Clock;
  ids: Ids;
  logger?: Logger;
  /** Makes the broker durable: see BusOutbox. */
  outbox?: BusOutbox | undefined;
  dedupeTtlMs?: number;
}

export interface DlqAuditRecord {
  action: 'retry' | 'discard';
  id: string;
  group: string;
  messageId: string;
  reason?: string;
  at: number;
}

export class MemoryBroker {
  private readonly groups = new Map<string, GroupState>();
  readonly deadLetters = new Map<string, DeadLetter>();
  /** Operator actions on dead letters, oldest first (durable brokers also keep discarded rows). */
  readonly audit: DlqAuditRecord[] = [];
  private readonly counters = { published: 0, delivered: 0, acked: 0, deadLettered: 0 };
  private readonly writer: OutboxWriter | undefined;
  private readonly clock: Clock;
  private readonly ids: Ids;
  private readonly logger: Logger;
  private readonly dedupeTtlMs: number;
  private closed = false;
  private leaseSeq = 0;

  constructor(options: MemoryBrokerOptions) {
    this.clock = options.clock;
    this.ids = options.ids;
    this.logger = options.logger ?? silentLogger;
    this.dedupeTtlMs = options.dedupeTtlMs ?? 24 * 3600_000;
    this.writer = options.outbox ? new OutboxWriter(options.outbox, this.logger) : undefined;
  }

  /** A broker restored from its outbox: groups, pending entries (re-queued) and dead letters. */
  static async open(options: MemoryBrokerOptions): Promise<MemoryBroker> {
    const broker = new MemoryBroker(options);
    if (options.outbox) {
      const state = await options.outbox.load();
      for (const g of state.groups) broker.group(g.name, g.pattern, true);
      for (const e of state.pending)
        broker.enqueue(broker.group(e.group, undefined, true), { ...e, enqueuedAt: broker.clock.now() });
      for (const d of state.deadLetters) broker.deadLetters.set(d.id, d);
      if (state.pending.length)
        broker.logger.info({ pending: state.pending.length }, 'bus outbox restored pending messages');
    }
    return broker;
  }

  get isDurable(): boolean {
    return this.writer !== undefined;
  }

  private group(name: string, pattern: string | undefined, durable: boolean): GroupState {
    let g = this.groups.get(name);
    if (!g) {
      g = new GroupState(name, pattern, durable, new DedupeCache(this.clock, this.dedupeTtlMs, 100_000));
      this.groups.set(name, g);
    } else if (g.pattern === undefined && pattern !== undefined) {
      g.pattern = pattern;
    }
    return g;
  }

  /** Creates the group or checks it has this pattern (CONFLICT otherwise); durable brokers persist it. */
  async registerGroup(name: string, pattern: string, options: { transient?: boolean } = {}): Promise<void> {
    this.assertOpen();
    const existing = this.groups.get(name);
    if (existing?.pattern !== undefined && existing.pattern !== pattern) {
      throw new PlatformError(
        'CONFLICT',
        `Consumer group ${name} already subscribes to ${existing.pattern}, not ${pattern}`,
        {
          details: { field: 'group', group: name, pattern: existing.pattern },
        },
      );
    }
    const durable = !options.transient;
    if (existing?.pattern === undefined && durable && this.writer)
      await this.writer.write({ kind: 'group', name, pattern });
    this.group(name, pattern, durable);
  }

  /** Forgets a transient group and whatever it holds. */
  dropGroup(name: string): void {
    const g = this.groups.get(name);
    if (!g) return;
    for (const lease of g.leases.values()) lease.timer.cancel();
    this.groups.delete(name);
  }

  addConsumer(group: string, consumer: MemoryConsumerPort): void {
    const g = this.groups.get(group);
    if (!g) throw new PlatformError('NOT_FOUND', `Consumer group ${group} is not registered`);
    g.consumers.push(consumer);
    this.pump(g);
  }

  removeConsumer(group: string, consumer: MemoryConsumerPort): void {
    const g = this.groups.get(group);
    if (!g) return;
    const i = g.consumers.indexOf(consumer);
    if (i >= 0) g.consumers.splice(i, 1);
  }

  /** Records `key` as seen for the group; true when it had been seen (see BusHandlerContext.isDuplicate). */
  markSeen(group: string, key: string, token: string): boolean {
    return this.groups.get(group)?.seen.markSeen(key, token) ?? false;
  }

  releaseSeen(group: string, key: string, token: string): void {
    this.groups.get(group)?.seen.release(key, token);
  }

  /**
   * Routes the message to every group whose pattern matches (or to the `to` group), durably first
   * when an outbox is configured, then queues it. Returns how many groups got a copy.
   */
  async publish(message: BusMessage): Promise<number> {
    return this.publishMany([message]);
  }

  /**
   * Routes each message as `publish` does; the copies of all of them are written to the outbox in
   * one transaction before any is queued. `jsons[i]`, when given, is `messages[i]` serialised (the
   * outbox stores it as is). Returns how many copies were queued in all.
   */
  async publishMany(messages: readonly BusMessage[], jsons?: readonly string[]): Promise<number> {
    this.assertOpen();
    const now = this.clock.now();
    const targets: GroupState[] = [];
    const entries: QueueEntry[] = [];
    const durable: BusOutboxEntry[] = [];
    // A batch is mostly one topic: route each topic (or `to` group) once, not once per message.
    const routes = new Map<string, GroupState[]>();
    messages.forEach((message, m) => {
      this.counters.published++;
      const key = message.to === undefined ? `t:${message.topic}` : `g:${message.to}`;
      let groups = routes.get(key);
      if (!groups) routes.set(key, (groups = this.route(message)));
      for (const g of groups) {
        const entry: QueueEntry = {
          id: this.ids.next('dlv'),
          group: g.name,
          message,
          attempts: 0,
          errors: [],
          enqueuedAt: now,
        };
        targets.push(g);
        entries.push(entry);
        if (this.writer && g.durable) {
          const stored = toOutboxEntry(entry);
          const json = jsons?.[m];
          if (json !== undefined) stored.json = json;
          durable.push(stored);
        }
      }
    });
    if (!entries.length) return 0;
    if (durable.length) {
      await this.writer!.write({ kind: 'enqueue', entries: durable });
      this.assertOpen();
    }
    entries.forEach((e, i) => this.enqueue(targets[i]!, e));
    return entries.length;
  }

  private route(message: BusMessage): GroupState[] {
    if (message.to !== undefined) {
      const g = this.groups.get(message.to);
      return g ? [g] : [];
    }
    const targets: GroupState[] = [];
    for (const g of this.groups.values())
      if (g.pattern !== undefined && topicMatches(g.pattern, message.topic)) targets.push(g);
    return targets;
  }

  /** Settles a lease; ignored when the lease already expired (the message was handed out again). */
  settle(lease: Lease, outcome: SettleOutcome): 'ack' | 'retry' | 'dead' | 'stale' {
    const g = this.groups.get(lease.entry.group);
    if (!g || g.leases.get(lease.token) !== lease) return 'stale';
    g.leases.delete(lease.token);
    lease.timer.cancel();
    const entry = lease.entry;
    if (outcome.kind === 'ack') {
      this.counters.acked++;
      if (g.durable) this.writer?.writeLater({ kind: 'ack', id: entry.id });
      return 'ack';
    }
    entry.errors = [...entry.errors, { ...outcome.error, at: this.clock.now(), attempt: lease.attempt }];
    if (outcome.kind === 'reject') {
      this.deadLetter(g, entry, outcome.reason, lease.consumer);
      return 'dead';
    }
    return this.failed(g, entry, lease.maxDeliveries, lease.consumer);
  }

  /**
   * `takenOver`: its consumer died, stopped or hung after the entry had reached the head of the
   * queue once, so it is queued again with the top priority (as on Redis: the p5 stream).
   */
  private failed(
    g: GroupState,
    entry: QueueEntry,
    maxDeliveries: number,
    consumer: MemoryConsumerPort,
    takenOver = false,
  ): 'retry' | 'dead' {
    if (entry.attempts >= maxDeliveries) {
      this.deadLetter(g, entry, 'max-deliveries', consumer);
      return 'dead';
    }
    if (g.durable)
      this.writer?.writeLater({
        kind: 'attempt',
        id: entry.id,
        attempts: entry.attempts,
        errors: entry.errors,
      });
    this.enqueue(g, { ...entry, enqueuedAt: this.clock.now() }, takenOver);
    return 'retry';
  }

  private deadLetter(g: GroupState, entry: QueueEntry, reason: string, consumer: MemoryConsumerPort): void {
    const dl: DeadLetter = {
      id: entry.id,
      message: entry.message,
      group: g.name,
      reason,
      deliveries: entry.attempts,
      errors: entry.errors,
      deadAt: this.clock.now(),
    };
    this.deadLetters.set(dl.id, dl);
    this.counters.deadLettered++;
    if (g.durable) this.writer?.writeLater({ kind: 'dead', deadLetter: dl });
    consumer.onDeadLetter(dl);
  }

  private enqueue(g: GroupState, entry: QueueEntry, topPriority = false): void {
    g.queues[topPriority ? 0 : 5 - entry.message.priority]!.push(entry);
    this.pump(g);
  }

  /** Hands waiting entries, highest priority first, to consumers with free slots (round-robin). */
  pump(group: string | GroupState): void {
    const g = typeof group === 'string' ? this.groups.get(group) : group;
    if (!g || this.closed) return;
    if (g.pumping) {
      g.again = true;
      return;
    }
    g.pumping = true;
    try {
      do {
        g.again = false;
        for (;;) {
          const queue = g.queues.find((q) => q.length > 0);
          if (!queue) break;
          const consumer = this.pickConsumer(g);
          if (!consumer) break;
          this.lease(g, queue.shift()!, consumer);
        }
      } while (g.again);
    } finally {
      g.pumping = false;
    }
  }

  private pickConsumer(g: GroupState): MemoryConsumerPort | undefined {
    const n = g.consumers.length;
    for (let i = 0; i < n; i++) {
      const c = g.consumers[(g.next + i) % n]!;
      if (c.capacity() > 0) {
        g.next = (g.next + i + 1) % n;
        return c;
      }
    }
    return undefined;
  }

  private lease(g: GroupState, entry: QueueEntry, consumer: MemoryConsumerPort): void {
    entry.attempts += 1;
    // Tokens only tell this broker's leases apart: a counter, not an id from `ids` (one per delivery).
    const token = `lease_${++this.leaseSeq}`;
    const lease: Lease = {
      token,
      entry,
      attempt: entry.attempts,
      consumer,
      maxDeliveries: consumer.maxDeliveries,
      timer: { cancel() {} },
    };
    lease.timer = this.clock.setTimeout(() => this.expire(g, lease), consumer.visibilityTimeoutMs);
    g.leases.set(token, lease);
    this.counters.delivered++;
    consumer.deliver(lease);
  }

  /** The visibility timeout passed without a settle: the consumer is presumed dead or stuck. */
  private expire(g: GroupState, lease: Lease): void {
    if (g.leases.get(lease.token) !== lease || this.closed) return;
    this.logger.warn(
      { group: g.name, messageId: lease.entry.message.id, consumer: lease.consumer.name },
      'bus lease expired; redelivering',
    );
    this.requeue(g, lease, {
      code: 'TIMEOUT',
      message: `Not acknowledged within the visibility timeout (${lease.consumer.visibilityTimeoutMs} ms) by consumer ${lease.consumer.name}`,
    });
  }

  /**
   * A consumer stopped before its handlers finished: its leases go back to the group at once (each
   * delivery counts as an attempt), and its late settles are stale. Returns how many it held.
   */
  handBack(group: string, consumer: MemoryConsumerPort): number {
    const g = this.groups.get(group);
    if (!g || this.closed) return 0;
    const held = [...g.leases.values()].filter((l) => l.consumer === consumer);
    for (const lease of held) {
      lease.timer.cancel();
      this.requeue(g, lease, {
        code: 'UNAVAILABLE',
        message: `Handed back by consumer ${consumer.name}, which stopped before its handler finished`,
      });
    }
    return held.length;
  }

  private requeue(
    g: GroupState,
    lease: Lease,
    error: { code: 'TIMEOUT' | 'UNAVAILABLE'; message: string },
  ): void {
    g.leases.delete(lease.token);
    const entry = lease.entry;
    entry.errors = [
      ...entry.errors,
      {
        ...error,
        retryable: true,
        details: { consumer: lease.consumer.name },
        at: this.clock.now(),
        attempt: lease.attempt,
      },
    ];
    this.failed(g, entry, lease.maxDeliveries, lease.consumer, true);
  }

  // --- dead-letter queue -------------------------------------------------------------------

  /** Re-queues a dead letter with a fresh delivery count; NOT_FOUND when absent. */
  async retryDeadLetter(id: string): Promise<void> {
    this.assertOpen();
    const dl = this.deadLetters.get(id);
    if (!dl) throw new PlatformError('NOT_FOUND', `Dead letter ${id} not found`, { details: { id } });
    const g = this.group(dl.group, undefined, true);
    const entry: QueueEntry = {
      id: dl.id,
      group: dl.group,
      message: dl.message,
      attempts: 0,
      errors: [],
      enqueuedAt: this.clock.now(),
    };
    if (this.writer && g.durable)
      await this.writer.write({ kind: 'enqueue', entries: [toOutboxEntry(entry)] });
    if (this.deadLetters.get(id) !== dl) return;
    this.deadLetters.delete(id);
    this.audit.push({ action: 'retry', id, group: dl.group, messageId: dl.message.id, at: this.clock.now() });
    this.enqueue(g, entry);
  }

  async discardDeadLetter(id: string, reason: string): Promise<void> {
    this.assertOpen();
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new PlatformError('VALIDATION', 'A discard needs a reason', { details: { field: 'reason' } });
    }
    const dl = this.deadLetters.get(id);
    if (!dl) throw new PlatformError('NOT_FOUND', `Dead letter ${id} not found`, { details: { id } });
    const at = this.clock.now();
    if (this.writer) await this.writer.write({ kind: 'discard', id, reason, at });
    this.deadLetters.delete(id);
    this.audit.push({ action: 'discard', id, group: dl.group, messageId: dl.message.id, reason, at });
    this.logger.info({ id, group: dl.group, messageId: dl.message.id, reason }, 'bus dead letter discarded');
  }

  // --- introspection -----------------------------------------------------------------------

  stats(): BusStats {
    const now = this.clock.now();
    const groups: GroupStats[] = [];
    for (const g of this.groups.values()) {
      let oldest = Infinity;
      for (const q of g.queues) oldest = Math.min(oldest, q.peek()?.enqueuedAt ?? Infinity);
      groups.push({
        group: g.name,
        pattern: g.pattern ?? '',
        depth: g.depth(),
        pending: g.leases.size,
        lagMs: oldest === Infinity ? 0 : Math.max(0, now - oldest),
      });
    }
    groups.sort((a, b) => a.group.localeCompare(b.group));
    return { ...this.counters, groups };
  }

  /** Waits for queued outbox writes; stops lease timers. Pending entries stay in the outbox. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const g of this.groups.values()) for (const lease of g.leases.values()) lease.timer.cancel();
    await this.writer?.drain();
  }

  private assertOpen(): void {
    if (this.closed) throw new PlatformError('UNAVAILABLE', 'The in-process bus is closed');
  }
}

function toOutboxEntry(e: QueueEntry): BusOutboxEntry {
  return { id: e.id, group: e.group, message: e.message, attempts: e.attempts, errors: e.errors };
}

// Durability for the in-process bus: every publish is written to an outbox (the store) before it
// resolves, acks and dead letters update it, and a restarted bus re-queues what is still pending.
// The port is small so the bus never imports the store; store/repositories/bus-outbox.ts implements it.
import type { Logger } from '../components/observability/logger.js';
import type { BusMessage, DeadLetter } from './bus.js';

export type AttemptError = DeadLetter['errors'][number];

/** One copy of a message for one consumer group. Its id is also its dead-letter id. */
export interface BusOutboxEntry {
  id: string;
  group: string;
  message: BusMessage;
  /** `message` as JSON when the publisher already has it (saves serialising it again to store it). */
  json?: string;
  /** Deliveries so far. */
  attempts: number;
  errors: AttemptError[];
}

export type BusOutboxOp =
  /** Inserts pending entries, or turns existing rows (a retried dead letter) back into fresh pending ones. */
  | { kind: 'enqueue'; entries: BusOutboxEntry[] }
  /** A delivery failed and the entry waits for the next one. */
  | { kind: 'attempt'; id: string; attempts: number; errors: AttemptError[] }
  /** Delivered and acknowledged: the row goes. */
  | { kind: 'ack'; id: string }
  | { kind: 'dead'; deadLetter: DeadLetter }
  /** A dead letter discarded by an operator; the row is kept with the reason as the audit trail. */
  | { kind: 'discard'; id: string; reason: string; at: number }
  | { kind: 'group'; name: string; pattern: string };

export interface BusOutboxState {
  groups: Array<{ name: string; pattern: string }>;
  /** Pending entries in publish order. */
  pending: BusOutboxEntry[];
  deadLetters: DeadLetter[];
}

export interface BusOutbox {
  /** Applies the operations in order, in one transaction; rejects (UNAVAILABLE…) and changes nothing on failure. */
  write(ops: readonly BusOutboxOp[]): Promise<void>;
  load(): Promise<BusOutboxState>;
}

/** An operation waiting for its transaction; without callbacks when nobody awaits it (`writeLater`). */
interface Waiting {
  op: BusOutboxOp;
  resolve?: () => void;
  reject?: (err: unknown) => void;
}

/**
 * Group commit: operations issued in the same turn of the event loop are written in one
 * transaction, one transaction at a time, in issue order.
 */
export class OutboxWriter {
  private queue: Waiting[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly outbox: BusOutbox,
    private readonly logger: Logger,
  ) {}

  /** Resolves once the operation is committed. */
  write(op: BusOutboxOp): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      this.running ??= this.run();
    });
  }

  /**
   * Writes without waiting; a failure is logged (the entry is then redelivered after a restart).
   * No promise per operation: every ack takes this path.
   */
  writeLater(op: BusOutboxOp): void {
    this.queue.push({ op });
    this.running ??= this.run();
  }

  private failed(w: Waiting, err: unknown): void {
    if (w.reject) w.reject(err);
    else this.logger.error({ err, op: w.op.kind }, 'bus outbox write failed');
  }

  /** Resolves when everything issued so far is written (or failed). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    // Let the rest of this turn add its operations to the batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.queue.length) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.outbox.write(batch.map((w) => w.op));
        for (const w of batch) w.resolve?.();
      } catch (err) {
        if (batch.length === 1) this.failed(batch[0]!, err);
        // One bad operation (say a payload the database refuses) must not fail its neighbours:
        // write them one by one so only the culprit is rejected.
        else
          for (const w of batch)
            await this.outbox.write([w.op]).then(
              () => w.resolve?.(),
              (e: unknown) => this.failed(w, e),
            );
      }
    }
    this.running = undefined;
  }
}

// Deferred durability (decision 0089): a unit of work such as a wake makes several transactions but
// needs only its last one to wait for a durable commit — the WAL is written in order, so that commit
// makes every earlier one durable too. The earlier ones are answered once applied (visible to every
// later read), and the closing one fails if any commit was lost in between.
import { PlatformError } from '../errors.js';

/** The store's failure count when a unit of work began (`Store.deferWrites()`); compared at its close. */
export interface DeferredWrites {
  readonly failuresAtStart: number;
}

export interface TransactionOptions {
  /**
   * Answer once the transaction is applied (later reads see it, errors surface as usual) instead of once
   * it is durable; the next durable commit makes it durable. With a `DeferredWrites`, it also fails
   * when a commit failed since that unit of work began. SQLite: released into the open group commit
   * without waiting for COMMIT and WAL flush; PostgreSQL: `synchronous_commit = off` for it.
   */
  defer?: DeferredWrites | true;
  /**
   * A durable transaction that closes the unit of work: fails (UNAVAILABLE, retryable) when any commit
   * failed since it began — one of its deferred writes may be lost, so its work must be redone (a bus
   * message is then redelivered instead of acknowledged).
   */
  closes?: DeferredWrites;
}

/** UNAVAILABLE (retryable) when `failures` moved since the unit of work began. */
export function assertNoFailureSince(writes: DeferredWrites, failures: number, target: string): void {
  if (failures === writes.failuresAtStart) return;
  throw new PlatformError(
    'UNAVAILABLE',
    `A commit to ${target} failed while deferred writes were pending: they may be lost, so this unit of work is not confirmed`,
    { retryable: true, details: { failures: failures - writes.failuresAtStart } },
  );
}

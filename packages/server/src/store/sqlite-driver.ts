// A Kysely driver for better-sqlite3 that (1) begins every transaction IMMEDIATE, so a writer takes the
// write lock up front instead of failing mid-transaction, (2) waits for a busy database asynchronously,
// so another connection in this process holding the lock can finish (SQLite's own busy_timeout would
// block the event loop and with it that connection), (3) caches prepared statements and (4) commits
// in groups: transactions and single writes that come while one is running share one COMMIT, each in
// its own savepoint, and (5) makes a durable COMMIT's fsync off the event loop: the connection runs
// synchronous=NORMAL and the driver flushes the WAL file itself on libuv's thread pool (a flush covers
// every group committed before it began) and answers each caller only once such a flush is done. That is exactly what synchronous=FULL adds in WAL mode (a WAL sync after each commit), without
// stopping the loop for it. (6) A transaction that runs `DEFERRED_COMMIT_SQL` is answered once its
// savepoint is released into the open group, before the COMMIT and flush (decision 0089). (7) With a
// background checkpointer (sqlite-background-checkpoint.ts, decision 0092) it tells the worker of each
// COMMIT and, once the log is long, holds its next transaction until the log can start over.
import { closeSync, fdatasync, openSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import { PlatformError } from '../errors.js';
import type { BackgroundCheckpointer } from './sqlite-background-checkpoint.js';

const STATEMENT_CACHE_SIZE = 256;

/**
 * Run inside a transaction: its commit need not be waited for durably — a later durable commit makes
 * it durable. PostgreSQL runs it as it is (asynchronous commit for this transaction); the SQLite
 * driver takes it as that instruction and runs nothing.
 */
export const DEFERRED_COMMIT_SQL = 'set local synchronous_commit = off';

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

const pause = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

class BetterSqliteConnection implements DatabaseConnection {
  private readonly statements = new Map<string, Database.Statement>();
  /** Set while a transaction is open: a busy error there cannot be retried statement by statement. */
  inTransaction = false;

  constructor(
    private readonly db: Database.Database,
    private readonly busyTimeoutMs: number,
  ) {}

  private prepare(sqlText: string): Database.Statement {
    const cached = this.statements.get(sqlText);
    if (cached) return cached;
    const stmt = this.db.prepare(sqlText);
    if (this.statements.size >= STATEMENT_CACHE_SIZE) {
      const oldest = this.statements.keys().next().value;
      if (oldest !== undefined) this.statements.delete(oldest);
    }
    this.statements.set(sqlText, stmt);
    return stmt;
  }

  /** True for statements that change nothing (SELECT, read-only PRAGMA); INSERT … RETURNING is a write. */
  isReadOnly(query: CompiledQuery): boolean {
    return this.prepare(query.sql).readonly;
  }

  runOnce<R>(query: CompiledQuery): QueryResult<R> {
    const stmt = this.prepare(query.sql);
    // One array argument binds the same anonymous parameters as spreading it, without the spread.
    const params = query.parameters as unknown[];
    if (stmt.reader) return { rows: stmt.all(params) as R[] };
    const { changes, lastInsertRowid } = stmt.run(params);
    return {
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
      rows: [],
    };
  }

  /**
   * Runs one statement; outside a transaction a busy database is retried with backoff until the busy
   * timeout (an autocommit statement that got SQLITE_BUSY did nothing, so a retry is safe). The first
   * attempt runs at once, without an async frame: that is every statement but a busy one.
   */
  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return Promise.resolve(this.runOnce<R>(query));
    } catch (err) {
      if (!isBusy(err) || this.inTransaction || this.busyTimeoutMs <= 0) return Promise.reject(err as Error);
      return this.retryBusy<R>(query, Date.now() + this.busyTimeoutMs);
    }
  }

  private async retryBusy<R>(query: CompiledQuery, deadline: number): Promise<QueryResult<R>> {
    for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
      await pause(delay);
      try {
        return this.runOnce<R>(query);
      } catch (err) {
        if (!isBusy(err) || this.inTransaction || Date.now() >= deadline) throw err;
      }
    }
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // A fresh statement: an iterating statement cannot run anything else until it is done.
    const stmt = this.db.prepare(query.sql);
    if (!stmt.reader) throw new Error('Only statements that return rows can be streamed');
    for (const row of stmt.iterate(...(query.parameters as unknown[]))) yield { rows: [row as R] };
  }
}

export interface SqliteGroupCommitOptions {
  /** Most transactions / single writes per COMMIT (default 256; 1 commits each on its own). */
  maxUnits?: number;
  /** A COMMIT is made at the latest this long after its transaction began (default 2 ms). */
  maxDelayMs?: number;
}

/** One caller's turn on the connection (Kysely acquires one per query or transaction). */
class Lease implements DatabaseConnection {
  released = false;
  /** Inside a caller's transaction (its savepoint is open). */
  inUnit = false;
  /** The transaction ran DEFERRED_COMMIT_SQL: it is answered when released into the group. */
  deferred = false;

  constructor(private readonly driver: BetterSqliteDriver) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.execute<R>(this, query);
  }

  streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    return this.driver.stream<R>(this, query);
  }
}

/** Durable commits with the fsync off the event loop (see the header). */
export interface SqliteWalSyncOptions {
  /** The database's WAL file (`<path>-wal`). */
  walPath: string;
  /** Flushes a file's data to stable storage (default `fs.fdatasync`); replaceable in tests. */
  flush?: (fd: number) => Promise<void>;
  /** Flushes running at once (default 2); more groups committed meanwhile share the next one. */
  maxInFlight?: number;
}

const fdatasyncAsync = (fd: number) =>
  new Promise<void>((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));

interface Unit {
  resolve: () => void;
  reject: (err: unknown) => void;
}

const raw = (text: string) => CompiledQuery.raw(text);

/** A deferred transaction's share of a group: nobody waits on it; a failure counts in `failures`. */
const DEFERRED_UNIT: Unit = { resolve: () => undefined, reject: () => undefined };

/**
 * One connection, handed to one caller at a time (SQLite has a single writer anyway). The physical
 * transaction (a "group") stays open while callers queue for the connection: each caller's
 * transaction is a savepoint inside it, each single write a statement inside it, and a failed one
 * rolls back only its own savepoint or statement. The group commits when nobody is waiting (after
 * one macrotask, so callers ready in the same turn join), or when it reaches `maxUnits` or
 * `maxDelayMs`; then every member is answered. Nested `transaction()` calls join the outer one.
 */
export class BetterSqliteDriver implements Driver {
  private readonly connection: BetterSqliteConnection;
  private held = false;
  private readonly waiters: Array<{ resume: () => void; fail: (err: unknown) => void }> = [];
  /** Counts transactions begun, so the watchdog can tell whether the same one still holds the connection. */
  private unitSeq = 0;
  private watchdog: NodeJS.Timeout | undefined;
  private group: { units: Unit[]; startedAt: number } | undefined;
  private commitScheduled = false;
  /** A caller's savepoint is open (its transaction is running). */
  private unitOpen = false;
  private readonly maxUnits: number;
  private readonly maxDelayMs: number;
  /**
   * COMMITs made, the transactions / writes they carried (of them deferred ones) and WAL flushes, for
   * metrics and benchmarks.
   */
  readonly stats = { commits: 0, units: 0, deferred: 0, syncs: 0, walRestarts: 0 };
  /**
   * Groups lost (COMMIT failed, rolled back) and WAL flushes failed. A deferred transaction was answered
   * before its group committed, so whoever relies on one compares this count before and after.
   */
  failures = 0;
  private readonly walSync: Required<SqliteWalSyncOptions> | undefined;
  private walFd: number | undefined;
  /** Committed, waiting for a WAL flush to start. */
  private unsynced: Unit[] = [];
  /** Flushes under way, each with the units committed before it started (in start order). */
  private readonly flushing: Array<{ units: Unit[]; done: Promise<void> }> = [];
  /** A WAL flush failed: what was written may be lost, so nothing more is promised durable. */
  private syncFailure: PlatformError | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly busyTimeoutMs: number,
    groupCommit: SqliteGroupCommitOptions = {},
    walSync?: SqliteWalSyncOptions,
    private checkpointer?: BackgroundCheckpointer,
  ) {
    this.connection = new BetterSqliteConnection(db, busyTimeoutMs);
    this.walSync = walSync && {
      walPath: walSync.walPath,
      flush: walSync.flush ?? fdatasyncAsync,
      maxInFlight: Math.max(1, walSync.maxInFlight ?? 2),
    };
    this.maxUnits = Math.max(1, groupCommit.maxUnits ?? 256);
    this.maxDelayMs = Math.max(0, groupCommit.maxDelayMs ?? 2);
  }

  async init(): Promise<void> {}

  /** `stats` and the background checkpoints made so far. */
  commitStats(): typeof this.stats & { checkpoints: number } {
    return { ...this.stats, checkpoints: this.checkpointer?.checkpoints ?? 0 };
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.held) {
      await new Promise<void>((resume, fail) => {
        this.waiters.push({ resume, fail });
        this.armWatchdog();
      });
    } else this.held = true;
    return new Lease(this);
  }

  /**
   * A transaction body that uses the root store instead of its `tx` waits for the connection its own
   * transaction holds: a silent deadlock. Telling that caller apart would need AsyncLocalStorage,
   * whose promise hooks slow every await in the process, so the driver watches instead: when one
   * transaction has held the connection for the busy timeout while others wait, the waiters fail
   * (as a writer waiting on another process's lock would) — the deadlocked call among them, which
   * ends its transaction with a message that says what to fix.
   */
  private armWatchdog(): void {
    if (this.watchdog || !this.unitOpen || this.waiters.length === 0) return;
    const seq = this.unitSeq;
    this.watchdog = setTimeout(() => {
      this.watchdog = undefined;
      if (!this.unitOpen || this.waiters.length === 0) return;
      if (this.unitSeq !== seq) return this.armWatchdog();
      const err = new PlatformError(
        'UNAVAILABLE',
        `Waited ${this.busyTimeoutMs} ms for the SQLite connection while one transaction held it. If this call is made inside that transaction, use the \`tx\` store passed to transaction(): the root store waits for the transaction to end, which deadlocks`,
        { retryable: true },
      );
      for (const waiter of this.waiters.splice(0)) waiter.fail(err);
    }, this.busyTimeoutMs);
    this.watchdog.unref();
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.release(connection as Lease);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    await this.openGroup();
    this.connection.runOnce(raw('savepoint unit'));
    lease.inUnit = true;
    this.unitOpen = true;
    this.unitSeq++;
    this.armWatchdog();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    this.connection.runOnce(raw('release unit'));
    lease.inUnit = false;
    this.unitOpen = false;
    if (lease.deferred) {
      // Applied and visible to every later statement on the connection; the group commits later.
      this.group?.units.push(DEFERRED_UNIT);
      this.stats.deferred++;
      this.release(lease);
      return;
    }
    const committed = this.join();
    this.release(lease);
    await committed;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    // Released: its commit failed with the whole group, which is already rolled back.
    if (lease.released || !lease.inUnit) return;
    lease.inUnit = false;
    this.unitOpen = false;
    if (this.db.inTransaction) {
      this.connection.runOnce(raw('rollback to unit'));
      this.connection.runOnce(raw('release unit'));
    } else {
      // SQLite rolled the whole transaction back on its own (e.g. SQLITE_FULL): the group is lost.
      this.failGroup(
        new PlatformError('UNAVAILABLE', 'SQLite rolled the transaction back', { retryable: true }),
      );
    }
  }

  async destroy(): Promise<void> {
    // A transaction still running must not be committed half done: its whole group is rolled back
    // and every member told so. Without one, the group's finished work commits.
    if (this.group && this.unitOpen)
      this.failGroup(new PlatformError('UNAVAILABLE', 'The store was closed during a transaction'));
    else if (this.group) this.commitGroup();
    // Callers whose COMMIT is done are answered once its flush is, before the file is let go.
    while (this.flushing.length > 0) await Promise.all(this.flushing.map((f) => f.done));
    await this.checkpointer?.stop();
    clearTimeout(this.watchdog);
    if (this.walFd !== undefined) closeSync(this.walFd);
    this.walFd = undefined;
    this.db.close();
  }

  /** A query on a lease: reads run as they are, a single write outside a transaction joins the group. */
  async execute<R>(lease: Lease, query: CompiledQuery): Promise<QueryResult<R>> {
    if (lease.released) throw new PlatformError('INTERNAL', 'SQLite connection used after its release');
    if (lease.inUnit && query.sql === DEFERRED_COMMIT_SQL) {
      lease.deferred = true;
      return { rows: [] };
    }
    if (lease.inUnit || this.connection.isReadOnly(query)) return this.connection.executeQuery<R>(query);
    await this.openGroup();
    let result: QueryResult<R>;
    try {
      result = this.connection.runOnce<R>(query);
    } catch (err) {
      // A failed statement undoes itself; only when SQLite dropped the whole transaction is the group lost.
      if (!this.db.inTransaction) this.failGroup(err);
      throw err;
    }
    const committed = this.join();
    this.release(lease);
    await committed;
    return result;
  }

  stream<R>(lease: Lease, query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (lease.released) throw new PlatformError('INTERNAL', 'SQLite connection used after its release');
    return this.connection.streamQuery<R>(query);
  }

  private async openGroup(): Promise<void> {
    if (this.group) return;
    if (this.syncFailure) throw this.syncFailure;
    if (this.checkpointer) {
      if (!this.checkpointer.running) {
        // The worker is gone (it could not open the file): the connection checkpoints by itself again.
        this.db.pragma('wal_autocheckpoint = 1000');
        this.checkpointer = undefined;
      } else if (this.checkpointer.wantsRestart) {
        this.stats.walRestarts++;
        await this.checkpointer.catchUp();
      }
      if (this.group) return;
    }
    // Outside a transaction: a busy database (another connection's writer) is waited for here.
    await this.connection.executeQuery(raw('begin immediate'));
    this.connection.inTransaction = true;
    this.group = { units: [], startedAt: performance.now() };
  }

  /** Adds the current holder's work to the open group; settles when the group commits. */
  private join(): Promise<void> {
    const group = this.group;
    if (!group) return Promise.reject(new PlatformError('INTERNAL', 'No open SQLite transaction to join'));
    return new Promise<void>((resolve, reject) => group.units.push({ resolve, reject }));
  }

  /** Ends a lease: commits first when the group is due, then hands the connection to the next caller. */
  private release(lease: Lease): void {
    if (lease.released) return;
    lease.released = true;
    const group = this.group;
    if (
      group &&
      (group.units.length >= this.maxUnits || performance.now() - group.startedAt >= this.maxDelayMs)
    )
      this.commitGroup();
    const next = this.waiters.shift();
    if (next) return next.resume();
    this.held = false;
    if (this.group) this.scheduleCommit();
  }

  private scheduleCommit(): void {
    if (this.commitScheduled) return;
    this.commitScheduled = true;
    // One macrotask: callers ready in this turn join the group before it commits.
    setImmediate(() => {
      this.commitScheduled = false;
      // A holder commits or reschedules when it releases.
      if (!this.group || this.held) return;
      this.commitGroup();
    });
  }

  /** COMMIT (synchronous in better-sqlite3) and answer every member. Called by the holder or when idle. */
  private commitGroup(): void {
    const group = this.group;
    if (!group) return;
    this.group = undefined;
    try {
      this.connection.runOnce(raw('commit'));
    } catch (err) {
      this.group = group;
      this.failGroup(err);
      return;
    }
    this.connection.inTransaction = false;
    this.checkpointer?.committed();
    this.stats.commits++;
    this.stats.units += group.units.length;
    if (!this.walSync) {
      for (const unit of group.units) unit.resolve();
      return;
    }
    this.unsynced.push(...group.units);
    this.flushWal();
  }

  /**
   * Flushes the WAL for every group committed since the last flush began. A flush covers every frame
   * written before it started, so a flush that completes answers its own units and those of any
   * flush begun before it. Up to `maxInFlight` run at once (a group need not wait for the previous
   * group's flush to end); beyond that, groups committed meanwhile share the next one.
   */
  private flushWal(): void {
    const walSync = this.walSync;
    if (!walSync || this.unsynced.length === 0 || this.flushing.length >= walSync.maxInFlight) return;
    const units = this.unsynced;
    this.unsynced = [];
    if (this.syncFailure) {
      for (const unit of units) unit.reject(this.syncFailure);
      return;
    }
    const flush = async () => {
      this.walFd ??= openSync(walSync.walPath, 'r+');
      await walSync.flush(this.walFd);
    };
    const entry = { units, done: Promise.resolve() };
    this.flushing.push(entry);
    entry.done = flush()
      .then(
        () => {
          this.stats.syncs++;
          // This flush and every one begun before it (still running or not) are now covered — unless
          // an earlier flush failed: frames after lost ones are lost with them on recovery.
          const at = this.flushing.indexOf(entry);
          for (const covered of this.flushing.splice(0, at + 1)) {
            for (const unit of covered.units) {
              if (this.syncFailure) unit.reject(this.syncFailure);
              else unit.resolve();
            }
            covered.units = [];
          }
        },
        (cause: unknown) => {
          // After a failed fsync the kernel may have dropped the dirty pages: a later flush could
          // "succeed" without them. Nothing written from here on can be promised durable.
          this.failures++;
          this.syncFailure = new PlatformError(
            'UNAVAILABLE',
            `SQLite committed data could not be flushed to disk (${(cause as Error).message}); restart the process`,
            { retryable: false, cause },
          );
          const at = this.flushing.indexOf(entry);
          if (at >= 0) this.flushing.splice(at, 1);
          for (const unit of entry.units) unit.reject(this.syncFailure);
          entry.units = [];
        },
      )
      .finally(() => this.flushWal());
  }

  /** The group's transaction is lost: roll back what is left of it and fail every member. */
  private failGroup(err: unknown): void {
    const group = this.group;
    this.group = undefined;
    this.connection.inTransaction = false;
    this.failures++;
    if (this.db.inTransaction) {
      try {
        this.connection.runOnce(raw('rollback'));
      } catch {
        /* already rolled back */
      }
    }
    for (const unit of group?.units ?? []) unit.reject(err);
  }
}

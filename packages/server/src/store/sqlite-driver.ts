// A Kysely driver for better-sqlite3 that (1) begins every transaction IMMEDIATE, so a writer takes the
// write lock up front instead of failing mid-transaction, (2) waits for a busy database asynchronously,
// so another connection in this process holding the lock can finish (SQLite's own busy_timeout would
// block the event loop and with it that connection), and (3) caches prepared statements.
import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import { PlatformError } from '../errors.js';

const STATEMENT_CACHE_SIZE = 256;

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
  /** Set between BEGIN and COMMIT/ROLLBACK: a busy error there cannot be retried statement by statement. */
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

  private runOnce<R>(query: CompiledQuery): QueryResult<R> {
    const stmt = this.prepare(query.sql);
    const params = query.parameters as unknown[];
    if (stmt.reader) return { rows: stmt.all(...params) as R[] };
    const { changes, lastInsertRowid } = stmt.run(...params);
    return {
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
      rows: [],
    };
  }

  /**
   * Runs one statement; outside a transaction a busy database is retried with backoff until the busy
   * timeout (an autocommit statement that got SQLITE_BUSY did nothing, so a retry is safe).
   */
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const deadline = Date.now() + this.busyTimeoutMs;
    for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
      try {
        return this.runOnce<R>(query);
      } catch (err) {
        if (!isBusy(err) || this.inTransaction || Date.now() >= deadline) throw err;
      }
      await pause(delay);
    }
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // A fresh statement: an iterating statement cannot run anything else until it is done.
    const stmt = this.db.prepare(query.sql);
    if (!stmt.reader) throw new Error('Only statements that return rows can be streamed');
    for (const row of stmt.iterate(...(query.parameters as unknown[]))) yield { rows: [row as R] };
  }
}

/**
 * One connection, handed to one user at a time (SQLite has a single writer anyway). No savepoints:
 * nested `transaction()` calls join the outer transaction.
 */
export class BetterSqliteDriver implements Driver {
  private connection: BetterSqliteConnection;
  private queue: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;
  /** Marks code running inside one of this driver's transactions (see `runInTransaction`). */
  private readonly holder = new AsyncLocalStorage<{ active: boolean }>();

  constructor(
    private readonly db: Database.Database,
    busyTimeoutMs: number,
  ) {
    this.connection = new BetterSqliteConnection(db, busyTimeoutMs);
  }

  async init(): Promise<void> {}

  /**
   * Runs a transaction body so that the driver recognises it: a query from that body that asks for
   * the connection again (the root store instead of the transaction's) would wait for the transaction
   * to end, and the transaction for the query — a silent deadlock. It fails loudly instead.
   */
  async runInTransaction<T>(fn: () => Promise<T>): Promise<T> {
    const mark = { active: true };
    try {
      return await this.holder.run(mark, fn);
    } finally {
      mark.active = false;
    }
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.holder.getStore()?.active) {
      throw new PlatformError(
        'INTERNAL',
        'The root store was used inside its own transaction on SQLite, which would deadlock: use the `tx` store passed to transaction()',
      );
    }
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.release = release;
    return this.connection;
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = undefined;
    release?.();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    this.connection.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
    this.connection.inTransaction = false;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.connection.inTransaction = false;
    // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL); that is not an error.
    if (this.db.inTransaction) await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async destroy(): Promise<void> {
    this.db.close();
  }
}

// What a feature repository gets from the SqlStore: a Kysely executor (the transaction's inside a
// transaction), the dialect, the clock and a way to run several statements atomically.
import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Clock } from '../clock.js';
import type { StoreDialect } from './store-dialect.js';
import type { StoreErrorContext } from './sql-errors.js';
import type { TransactionOptions } from './deferred-writes.js';

/**
 * A Kysely executor over any schema: the store itself knows no tables, each repository narrows it to
 * its own table types (`this.ctx.db as Kysely<MyTables>`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the deliberate "any schema" executor
export type SqlDb = Kysely<any>;

export interface SqlContext {
  /** Bound to the current transaction when `inTransaction`, else to the pool / the SQLite connection. */
  readonly db: SqlDb;
  readonly dialect: StoreDialect;
  readonly clock: Clock;
  /** True inside `transaction()`: a nested `transaction` joins this one instead of starting another. */
  readonly inTransaction: boolean;
  /** For error messages (`SQLite at ./data/waooaw.db`, `PostgreSQL at host:5432/db`); never holds a password. */
  readonly errorContext: StoreErrorContext;
  /**
   * PostgreSQL connected as the platform's non-owner role: tenant-owned tables answer only inside a
   * row scope (`repositories/row-scope.ts`). False or absent elsewhere.
   */
  readonly rowLevelSecurity?: boolean;
  /**
   * Runs one compiled statement on this executor's connection without Kysely's executor chain (SQLite,
   * where that chain cost as much CPU as the statement; see prepared-query.ts). Absent: `db.executeQuery`.
   */
  readonly executeCompiled?: (<R>(query: CompiledQuery) => Promise<QueryResult<R>>) | undefined;
  /** Runs `fn` atomically; joins the current transaction when there is one (whose options then hold). */
  transaction<T>(fn: (tx: SqlContext) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

/**
 * A repository class over one executor. The SqlStore constructs it lazily, at most once per executor
 * (the root store, or each transaction), so its constructor must be cheap and side-effect free.
 */
export type RepositoryFactory<R> = new (ctx: SqlContext) => R;

/** `ctx.transaction(fn)` answered once applied, not once durable (see `TransactionOptions.defer`). */
export function deferredTransaction<T>(ctx: SqlContext, fn: (tx: SqlContext) => Promise<T>): Promise<T> {
  return ctx.transaction(fn, { defer: true });
}

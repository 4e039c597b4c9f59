// Opens the two Kysely dialects the SqlStore runs on: better-sqlite3 (WAL, IMMEDIATE transactions)
// and a pg Pool whose int8 values come back as numbers (epoch-ms timestamps and counts are BIGINT).
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PostgresDialect, SqliteAdapter, SqliteIntrospector, type Dialect, type Driver } from 'kysely';
import { PlatformError } from '../errors.js';
import { translateStoreError } from './sql-errors.js';
import { BackgroundCheckpointer, type BackgroundCheckpointOptions } from './sqlite-background-checkpoint.js';
import { BetterSqliteDriver, type SqliteGroupCommitOptions } from './sqlite-driver.js';
import { LiteralLimitSqliteQueryCompiler } from './sqlite-query-compiler.js';

export interface CommitStats {
  commits: number;
  units: number;
  /** Of `units`, transactions answered before their COMMIT (deferred durability, decision 0089). */
  deferred: number;
  /** WAL flushes made off the event loop (synchronous=FULL); 0 otherwise. */
  syncs: number;
  /** WAL checkpoints made by the background worker (0 without one). */
  checkpoints: number;
  /** Transactions held back until the background checkpoint caught up, so the WAL restarted. */
  walRestarts: number;
}

export type SqliteSynchronous = 'FULL' | 'NORMAL' | 'OFF';

export interface SqliteStoreOptions {
  dialect: 'sqlite';
  /** File path (parent directories are created) or `:memory:`. */
  path: string;
  /**
   * FULL (default) survives power loss (SQLite runs NORMAL and the driver flushes the WAL before it
   * acknowledges a commit, off the event loop); NORMAL survives process crashes; OFF is for tests.
   */
  synchronous?: SqliteSynchronous;
  /** How long a writer waits for another process's write lock before UNAVAILABLE (default 5000 ms). */
  busyTimeoutMs?: number;
  /**
   * Concurrent transactions and writes share one COMMIT (see the driver); `false` commits each on
   * its own. Default: on, at most 256 per COMMIT and 2 ms after the first began.
   */
  groupCommit?: SqliteGroupCommitOptions | false;
  /**
   * WAL checkpoints on a worker thread instead of inside COMMITs on the event loop (see
   * sqlite-background-checkpoint.ts); `false` leaves them to SQLite. Default: on for a WAL file.
   */
  backgroundCheckpoint?: BackgroundCheckpointOptions | false;
}

export interface PostgresStoreOptions {
  dialect: 'postgres';
  /** `postgres://user:password@host:port/database`. */
  url: string;
  /** Maximum pooled connections (default 10). */
  poolSize?: number;
  /** How long to wait for a connection before UNAVAILABLE (default 5000 ms). */
  connectTimeoutMs?: number;
  /**
   * Connected as a non-owner role under the row-level security policies of migration 0096: every
   * query on a tenant-owned marketplace table sets its tenant (or the explicit bypass) per transaction.
   */
  rowLevelSecurity?: boolean;
}

export type SqlStoreOptions = SqliteStoreOptions | PostgresStoreOptions;

export interface OpenedDialect {
  dialect: Dialect;
  /** `SQLite at <path>` / `PostgreSQL at host:port/db`: for messages, never with a password. */
  target: string;
  /** SQLite: COMMITs made, the transactions / single writes they carried, WAL flushes (group commit). */
  commitStats?: () => CommitStats;
  /** SQLite: the driver, for statements that skip Kysely's executor chain (`SqlContext.executeCompiled`). */
  driver?: Driver;
  /**
   * Failures that may have lost a write already answered (a deferred commit, decision 0089): SQLite's
   * lost groups and failed WAL flushes; PostgreSQL's lost connections. Only ever grows.
   */
  failures: () => number;
}

export function openSqlite(options: SqliteStoreOptions): OpenedDialect {
  const target = `SQLite at ${options.path}`;
  const synchronous = options.synchronous ?? 'FULL';
  if (!['FULL', 'NORMAL', 'OFF'].includes(synchronous)) {
    throw new PlatformError(
      'VALIDATION',
      `synchronous must be FULL, NORMAL or OFF (got ${String(synchronous)})`,
      {
        details: { field: 'synchronous' },
      },
    );
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new PlatformError('VALIDATION', 'busyTimeoutMs must be a non-negative integer', {
      details: { field: 'busyTimeoutMs' },
    });
  }
  const memory = options.path === ':memory:';
  let asyncWalSync = false;
  let background = false;
  let db: Database.Database;
  try {
    if (!memory) mkdirSync(dirname(resolve(options.path)), { recursive: true });
    db = new Database(options.path);
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    throw new PlatformError('UNAVAILABLE', `Cannot open ${target}: ${(cause as Error).message}`, {
      retryable: false,
      details: { path: options.path, ...(code ? { driverCode: code } : {}) },
      cause,
    });
  }
  try {
    // While opening, SQLite itself waits for a busy file (switching to WAL needs a lock); afterwards
    // the driver waits asynchronously instead, so the event loop keeps running meanwhile.
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    const wal = !memory && db.pragma('journal_mode = WAL', { simple: true }) === 'wal';
    db.pragma('foreign_keys = ON');
    // FULL in WAL mode = NORMAL + a WAL sync after every commit; the driver makes that sync itself,
    // off the event loop (see sqlite-driver.ts), so SQLite is told NORMAL.
    asyncWalSync = wal && synchronous === 'FULL';
    db.pragma(`synchronous = ${asyncWalSync ? 'NORMAL' : synchronous}`);
    db.pragma('busy_timeout = 0');
    background = wal && options.backgroundCheckpoint !== false;
    if (background) db.pragma('wal_autocheckpoint = 0');
  } catch (cause) {
    db.close();
    throw translateStoreError(cause, { target });
  }
  const driver = new BetterSqliteDriver(
    db,
    busyTimeoutMs,
    options.groupCommit === false ? { maxUnits: 1 } : options.groupCommit,
    asyncWalSync ? { walPath: `${options.path}-wal` } : undefined,
    background
      ? new BackgroundCheckpointer(
          options.path,
          options.backgroundCheckpoint === false ? {} : options.backgroundCheckpoint,
        )
      : undefined,
  );
  const dialect: Dialect = {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => driver,
    createIntrospector: (k) => new SqliteIntrospector(k),
    createQueryCompiler: () => new LiteralLimitSqliteQueryCompiler(),
  };
  return {
    dialect,
    target,
    commitStats: () => driver.commitStats(),
    driver,
    failures: () => driver.failures,
  };
}

const INT8_OID = 20;

/** Numbers for BIGINT: epoch-ms timestamps and counts stay far below 2^53. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function describePostgres(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new PlatformError(
      'VALIDATION',
      'url is not a valid PostgreSQL URL (postgres://user:password@host:port/database)',
      {
        details: { field: 'url' },
      },
    );
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new PlatformError('VALIDATION', 'url must start with postgres:// or postgresql://', {
      details: { field: 'url' },
    });
  }
  return `PostgreSQL at ${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname}`;
}

export function openPostgres(options: PostgresStoreOptions): OpenedDialect {
  const target = describePostgres(options.url);
  const poolSize = options.poolSize ?? 10;
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 200) {
    throw new PlatformError('VALIDATION', 'poolSize must be an integer 1..200', {
      details: { field: 'poolSize' },
    });
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    // Idle connections are closed down to one, never to none: a server crash is then always seen by
    // a connection that was open across it (deferred commits, below and decision 0089).
    min: 1,
    types: pgTypes,
  });
  // A client losing its connection (server restart, terminated backend) emits 'error'; unhandled, that
  // crashes the process. The pool listens only while a client is idle, so every client gets its own
  // listener too: the failing query rejects (→ UNAVAILABLE) and the pool discards the broken client.
  // Each such loss also counts as a failure for deferred commits (decision 0089): a server that
  // crashed lost its asynchronous commits not yet flushed and ended every connection open then. An
  // empty pool (only after such losses, as idle closing keeps one) counts too: nothing saw the moment.
  let failures = 0;
  pool.on('error', () => void failures++);
  pool.on('connect', (client) => {
    client.on('error', () => void failures++);
  });
  pool.on('remove', () => {
    if (pool.totalCount === 0) failures++;
  });
  return { dialect: new PostgresDialect({ pool }), target, failures: () => failures };
}

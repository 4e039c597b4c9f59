// Translates pg / better-sqlite3 / Kysely errors into PlatformErrors at the store's edge, so no driver
// error crosses the Store port. Details name the constraint, table or column — never bound values,
// which may hold user data (driver messages and pg `detail` do, so they stay in `cause` only).
import { PlatformError, isPlatformError, toPlatformError, type ErrorDetails } from '../errors.js';

/** Where a translated error happened, for messages: e.g. `PostgreSQL at 127.0.0.1:5432/app`. */
export interface StoreErrorContext {
  target?: string;
}

interface DriverErrorShape {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  schema?: unknown;
  errors?: unknown;
}

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
]);

/** Driver messages that mean "no usable connection" but carry no code. */
const unavailableMessages: Array<[RegExp, boolean]> = [
  [/Connection terminated/i, true],
  [/timeout exceeded when trying to connect/i, true],
  [/Client has encountered a connection error/i, true],
  [/Cannot use a pool after calling end/i, false],
  [/driver has already been destroyed/i, false],
  [/database connection is not open/i, false],
];

function shape(err: unknown): DriverErrorShape {
  return typeof err === 'object' && err !== null ? (err as DriverErrorShape) : {};
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function where(context: StoreErrorContext): string {
  return context.target ? ` (${context.target})` : '';
}

/** The network error code of `err` or of any error it aggregates (Node tries IPv4 and IPv6 in turn). */
function networkCode(err: unknown, depth = 0): string | undefined {
  const e = shape(err);
  const code = str(e.code);
  if (code && networkCodes.has(code)) return code;
  if (depth < 3 && Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const c = networkCode(inner, depth + 1);
      if (c) return c;
    }
  }
  if (depth < 3 && err instanceof Error && err.cause !== undefined) return networkCode(err.cause, depth + 1);
  return undefined;
}

/** The table and columns named by an SQLite constraint message (`UNIQUE constraint failed: t.a, t.b`). */
function sqliteConstraintTarget(message: string): ErrorDetails {
  const m = /constraint failed: (.+)$/i.exec(message);
  if (!m?.[1]) return {};
  const refs = m[1].split(',').map((s) => s.trim());
  const tables = new Set(refs.map((r) => r.split('.')[0]!).filter((t) => t && !t.includes(' ')));
  const columns = refs.map((r) => r.split('.')[1]).filter((c): c is string => !!c);
  const details: ErrorDetails = {};
  if (tables.size === 1) details.table = [...tables][0]!;
  if (columns.length) details.columns = columns;
  return details;
}

function translateSqlite(
  code: string,
  message: string,
  err: unknown,
  context: StoreErrorContext,
): PlatformError {
  const base: ErrorDetails = { driverCode: code };
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const target = sqliteConstraintTarget(message);
    return new PlatformError(
      'CONFLICT',
      `Unique constraint violated${target.table ? ` on ${String(target.table)}` : ''}`,
      {
        details: {
          ...base,
          constraint: code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ? 'primary key' : 'unique',
          ...target,
        },
        cause: err,
      },
    );
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new PlatformError('CONFLICT', 'Foreign key constraint violated', {
      details: { ...base, constraint: 'foreign key' },
      cause: err,
    });
  }
  if (code === 'SQLITE_CONSTRAINT_NOTNULL' || code === 'SQLITE_CONSTRAINT_CHECK') {
    const target = sqliteConstraintTarget(message);
    return new PlatformError(
      'VALIDATION',
      `Value rejected by a ${code === 'SQLITE_CONSTRAINT_CHECK' ? 'check' : 'not-null'} constraint`,
      {
        details: { ...base, ...target },
        cause: err,
      },
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new PlatformError('UNAVAILABLE', `SQLite database is locked by another writer${where(context)}`, {
      retryable: true,
      details: base,
      cause: err,
    });
  }
  if (
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_IOERR') ||
    code.startsWith('SQLITE_READONLY') ||
    code === 'SQLITE_FULL' ||
    code === 'SQLITE_NOTADB' ||
    code.startsWith('SQLITE_CORRUPT')
  ) {
    return new PlatformError('UNAVAILABLE', `SQLite database cannot be used${where(context)}: ${code}`, {
      retryable: false,
      details: base,
      cause: err,
    });
  }
  return new PlatformError('INTERNAL', `Store operation failed (${code})`, { details: base, cause: err });
}

function pgDetails(e: DriverErrorShape, sqlState: string): ErrorDetails {
  const details: ErrorDetails = { sqlState };
  const constraint = str(e.constraint);
  const table = str(e.table);
  const column = str(e.column);
  if (constraint) details.constraint = constraint;
  if (table) details.table = table;
  if (column) details.column = column;
  return details;
}

function translatePostgres(sqlState: string, err: unknown, context: StoreErrorContext): PlatformError {
  const e = shape(err);
  const details = pgDetails(e, sqlState);
  const on = details.constraint ? ` ${String(details.constraint)}` : '';
  switch (sqlState) {
    case '23505':
      return new PlatformError('CONFLICT', `Unique constraint${on} violated`, { details, cause: err });
    case '23503':
      return new PlatformError('CONFLICT', `Foreign key constraint${on} violated`, { details, cause: err });
    case '23502':
    case '23514':
    case '22001':
    case '22003':
      return new PlatformError('VALIDATION', `Value rejected by the database (SQLSTATE ${sqlState})`, {
        details,
        cause: err,
      });
    case '40001':
    case '40P01':
      return new PlatformError(
        'CONFLICT',
        sqlState === '40001'
          ? 'Serialization failure; retry the transaction'
          : 'Deadlock detected; retry the transaction',
        {
          retryable: true,
          details,
          cause: err,
        },
      );
    case '55P03':
      return new PlatformError('CONFLICT', 'Row or table is locked; retry', {
        retryable: true,
        details,
        cause: err,
      });
    case '57014':
      return new PlatformError('TIMEOUT', 'Statement cancelled (timeout or cancel request)', {
        details,
        cause: err,
      });
    case '3D000':
      return new PlatformError('UNAVAILABLE', `PostgreSQL database does not exist${where(context)}`, {
        retryable: false,
        details,
        cause: err,
      });
    case '28P01':
    case '28000':
      return new PlatformError('UNAVAILABLE', `PostgreSQL rejected the credentials${where(context)}`, {
        retryable: false,
        details,
        cause: err,
      });
  }
  if (
    sqlState.startsWith('08') ||
    sqlState === '57P01' ||
    sqlState === '57P02' ||
    sqlState === '57P03' ||
    sqlState === '53300'
  ) {
    return new PlatformError(
      'UNAVAILABLE',
      `PostgreSQL is unavailable${where(context)} (SQLSTATE ${sqlState})`,
      { retryable: true, details, cause: err },
    );
  }
  return new PlatformError('INTERNAL', `Store operation failed (SQLSTATE ${sqlState})`, {
    details,
    cause: err,
  });
}

/** True for errors raised by a database driver or Kysely's runtime (as opposed to caller code). */
export function isDriverError(err: unknown): boolean {
  if (isPlatformError(err)) return false;
  const e = shape(err);
  const code = str(e.code);
  if (code && (code.startsWith('SQLITE_') || /^[0-9A-Z]{5}$/.test(code))) return true;
  if (networkCode(err)) return true;
  const message = str(e.message) ?? '';
  return unavailableMessages.some(([re]) => re.test(message));
}

/**
 * Maps any error to a PlatformError: PlatformErrors pass through; unique violations → CONFLICT;
 * serialization failures and deadlocks → CONFLICT (retryable); refused or lost connections, a locked
 * SQLite file → UNAVAILABLE (retryable); a closed store → UNAVAILABLE; anything else → INTERNAL with
 * the original as `cause`.
 */
export function translateStoreError(err: unknown, context: StoreErrorContext = {}): PlatformError {
  if (isPlatformError(err)) return toPlatformError(err);
  const e = shape(err);
  const code = str(e.code);
  const message = str(e.message) ?? String(err);
  if (code?.startsWith('SQLITE_')) return translateSqlite(code, message, err, context);
  const net = networkCode(err);
  if (net) {
    return new PlatformError(
      'UNAVAILABLE',
      `Database is unreachable${where(context)}: ${net} — is the server running?`,
      {
        retryable: true,
        details: { driverCode: net },
        cause: err,
      },
    );
  }
  if (code && /^[0-9A-Z]{5}$/.test(code)) return translatePostgres(code, err, context);
  for (const [re, retryable] of unavailableMessages) {
    if (re.test(message)) {
      const text = retryable
        ? `Database connection lost${where(context)}`
        : `Store is closed${where(context)}`;
      return new PlatformError('UNAVAILABLE', text, { retryable, cause: err });
    }
  }
  return new PlatformError(
    'INTERNAL',
    err instanceof Error ? `Store operation failed: ${err.message}` : 'Store operation failed',
    {
      cause: err,
    },
  );
}

/** Runs `fn`, translating whatever it throws with `translateStoreError`. Every repository method uses it. */
export async function withStoreErrors<T>(fn: () => Promise<T>, context?: StoreErrorContext): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw translateStoreError(err, context);
  }
}

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PlatformError } from '../errors.js';
import { isDriverError, translateStoreError, withStoreErrors } from './sql-errors.js';

/** Shaped like pg's DatabaseError: SQLSTATE in `code`, values only in `detail`. */
function pgError(code: string, extra: Record<string, string> = {}): Error {
  return Object.assign(new Error(`pg says ${code}`), {
    code,
    detail: 'Key (id)=(secret-value) already exists.',
    ...extra,
  });
}

function sqliteError(fn: (db: Database.Database) => void): unknown {
  const db = new Database(':memory:');
  try {
    fn(db);
  } catch (err) {
    return err;
  } finally {
    db.close();
  }
  throw new Error('expected the statement to fail');
}

describe('translateStoreError', () => {
  it.each([
    ['23505', 'CONFLICT', false],
    ['23503', 'CONFLICT', false],
    ['40001', 'CONFLICT', true],
    ['40P01', 'CONFLICT', true],
    ['55P03', 'CONFLICT', true],
    ['57P01', 'UNAVAILABLE', true],
    ['08006', 'UNAVAILABLE', true],
    ['53300', 'UNAVAILABLE', true],
    ['3D000', 'UNAVAILABLE', false],
    ['28P01', 'UNAVAILABLE', false],
    ['57014', 'TIMEOUT', true],
    ['23502', 'VALIDATION', false],
    ['42601', 'INTERNAL', false],
  ])('maps SQLSTATE %s to %s (retryable %s)', (sqlState, code, retryable) => {
    const err = translateStoreError(pgError(sqlState, { constraint: 'documents_pkey', table: 'documents' }));
    expect(err).toMatchObject({ code, retryable, details: { sqlState } });
    expect(JSON.stringify(err.toJSON())).not.toContain('secret-value');
  });

  it('names the pg constraint and table of a unique violation', () => {
    expect(
      translateStoreError(pgError('23505', { constraint: 'documents_pkey', table: 'documents' })),
    ).toMatchObject({
      code: 'CONFLICT',
      details: { constraint: 'documents_pkey', table: 'documents' },
    });
  });

  it('maps refused connections, also when aggregated over several addresses, to retryable UNAVAILABLE', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const aggregate = new AggregateError([refused, refused], 'all attempts failed');
    for (const e of [refused, aggregate]) {
      const err = translateStoreError(e, { target: 'PostgreSQL at 127.0.0.1:1/x' });
      expect(err).toMatchObject({
        code: 'UNAVAILABLE',
        retryable: true,
        details: { driverCode: 'ECONNREFUSED' },
      });
      expect(err.message).toContain('PostgreSQL at 127.0.0.1:1/x');
    }
  });

  it('maps lost and closed connections to UNAVAILABLE', () => {
    expect(translateStoreError(new Error('Connection terminated unexpectedly'))).toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
    });
    expect(translateStoreError(new Error('Cannot use a pool after calling end on the pool'))).toMatchObject({
      code: 'UNAVAILABLE',
      retryable: false,
    });
    expect(translateStoreError(new Error('driver has already been destroyed'))).toMatchObject({
      code: 'UNAVAILABLE',
      retryable: false,
    });
  });

  it('maps real SQLite errors: unique → CONFLICT with table and columns, not-null → VALIDATION, syntax → INTERNAL', () => {
    const unique = sqliteError((db) => {
      db.exec("create table t (a text primary key, b text); insert into t values ('secret-value', 'x')");
      db.prepare('insert into t values (?, ?)').run('secret-value', 'y');
    });
    const err = translateStoreError(unique);
    expect(err).toMatchObject({
      code: 'CONFLICT',
      details: { table: 't', columns: ['a'], driverCode: 'SQLITE_CONSTRAINT_PRIMARYKEY' },
    });
    expect(JSON.stringify(err.toJSON())).not.toContain('secret-value');
    const notNull = sqliteError((db) => {
      db.exec('create table t (a text not null)');
      db.prepare('insert into t values (null)').run();
    });
    expect(translateStoreError(notNull)).toMatchObject({
      code: 'VALIDATION',
      details: { table: 't', columns: ['a'] },
    });
    const syntax = sqliteError((db) => db.exec('selec 1'));
    const internal = translateStoreError(syntax);
    expect(internal).toMatchObject({ code: 'INTERNAL' });
    expect(internal.cause).toBe(syntax);
  });

  it('maps SQLITE_BUSY to retryable UNAVAILABLE', () => {
    expect(
      translateStoreError(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })),
    ).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
  });

  it('passes PlatformErrors through and rebuilds ones that crossed as JSON', () => {
    const original = new PlatformError('NOT_FOUND', 'nope');
    expect(translateStoreError(original)).toBe(original);
    expect(translateStoreError(original.toJSON())).toMatchObject({ code: 'NOT_FOUND', message: 'nope' });
  });

  it('wraps anything else as INTERNAL keeping the cause', () => {
    const cause = new TypeError('x is not a function');
    expect(translateStoreError(cause)).toMatchObject({ code: 'INTERNAL', cause });
    expect(translateStoreError('a string')).toMatchObject({ code: 'INTERNAL' });
  });
});

describe('isDriverError', () => {
  it('recognises driver errors and not caller errors', () => {
    expect(isDriverError(pgError('23505'))).toBe(true);
    expect(isDriverError(Object.assign(new Error('x'), { code: 'SQLITE_ERROR' }))).toBe(true);
    expect(isDriverError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isDriverError(new Error('boom'))).toBe(false);
    expect(isDriverError(new PlatformError('CONFLICT', 'x'))).toBe(false);
  });
});

describe('withStoreErrors', () => {
  it('translates what the function throws and returns what it resolves', async () => {
    await expect(withStoreErrors(async () => 7)).resolves.toBe(7);
    await expect(
      withStoreErrors(async () => {
        throw pgError('23505');
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

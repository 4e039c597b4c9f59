import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ErrorCode,
  errorBody,
  httpStatusByCode,
  isPlatformError,
  PlatformError,
  toPlatformError,
} from './errors.js';

describe('PlatformError', () => {
  it('carries code, status, retryable default, details and cause', () => {
    const cause = new Error('ECONNREFUSED');
    const err = new PlatformError('UNAVAILABLE', 'store down', { details: { host: 'db' }, cause });
    expect(err.httpStatus).toBe(503);
    expect(err.retryable).toBe(true);
    expect(err.cause).toBe(cause);
    expect(err.toJSON()).toEqual({
      code: 'UNAVAILABLE',
      message: 'store down',
      retryable: true,
      details: { host: 'db' },
    });
    expect(new PlatformError('CONFLICT', 'stale').retryable).toBe(false);
    expect(new PlatformError('CONFLICT', 'stale', { retryable: true }).retryable).toBe(true);
  });

  it('is recognised by code after crossing JSON, not by instanceof', () => {
    const wire = JSON.parse(JSON.stringify(new PlatformError('NOT_FOUND', 'no run')));
    expect(wire instanceof PlatformError).toBe(false);
    expect(isPlatformError(wire)).toBe(true);
    expect(isPlatformError(wire, 'NOT_FOUND')).toBe(true);
    expect(isPlatformError(wire, 'CONFLICT')).toBe(false);
    expect(isPlatformError({ code: 'SOMETHING_ELSE' })).toBe(false);
    expect(toPlatformError(wire).code).toBe('NOT_FOUND');
  });

  it('wraps unknown throws as INTERNAL keeping the cause', () => {
    const err = toPlatformError(new TypeError('x is undefined'));
    expect(err.code).toBe('INTERNAL');
    expect(err.message).toBe('x is undefined');
    expect(err.cause).toBeInstanceOf(TypeError);
    expect(errorBody(err)).toEqual({ error: { code: 'INTERNAL', message: 'x is undefined', details: {} } });
  });
});

describe('docs/errors.md', () => {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const rows = new Map(
    [...doc.matchAll(/^\|\s*([A-Z_]+)\s*\|\s*(\d{3})\s*\|\s*(yes|no)\s*\|/gm)].map((m) => [
      m[1]!,
      { status: Number(m[2]), retryable: m[3] === 'yes' },
    ]),
  );

  it('documents every code with the status and retryability the code uses', () => {
    for (const code of Object.values(ErrorCode)) {
      const row = rows.get(code);
      expect(row, `docs/errors.md has no row for ${code}`).toBeDefined();
      expect(row!.status, `status of ${code}`).toBe(httpStatusByCode[code]);
      expect(row!.retryable, `retryable of ${code}`).toBe(new PlatformError(code, 'x').retryable);
    }
  });

  it('documents no code that does not exist', () => {
    for (const code of rows.keys()) expect(Object.values(ErrorCode)).toContain(code);
  });
});

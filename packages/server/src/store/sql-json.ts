// JSON columns across dialects: jsonb on PostgreSQL, TEXT on SQLite. Repositories write with `toJson`,
// read with `fromJson` and filter with `jsonFieldEquals`, so both dialects store and compare the same way.
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { PlatformError } from '../errors.js';
import type { StoreDialect } from './store-dialect.js';

/** The column type for JSON data in migrations: `jsonb` on PostgreSQL, `text` on SQLite. */
export function jsonColumnType(dialect: StoreDialect): 'jsonb' | 'text' {
  return dialect === 'postgres' ? 'jsonb' : 'text';
}

/** A NUL escape that is not itself escaped: jsonb cannot hold U+0000, so both dialects refuse it. */
const nulEscape = /(?<!\\)(?:\\\\)*\\u0000/;

/**
 * Serialises `value` for a JSON column (a string; PostgreSQL casts it to jsonb on insert/update).
 * VALIDATION naming `field` when the value is not JSON (undefined, a function, a cycle, a BigInt)
 * or holds a U+0000 character.
 */
export function toJson(value: unknown, field = 'data'): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new PlatformError('VALIDATION', `${field} is not JSON-serialisable: ${(cause as Error).message}`, {
      details: { field },
      cause,
    });
  }
  if (text === undefined) {
    throw new PlatformError('VALIDATION', `${field} is not JSON-serialisable (got ${typeof value})`, {
      details: { field },
    });
  }
  // The plain substring test is cheap; the exact (escape-aware) check runs only when it might match.
  if (text.includes('\\u0000') && nulEscape.test(text)) {
    throw new PlatformError(
      'VALIDATION',
      `${field} contains a U+0000 character, which the store cannot hold`,
      { details: { field } },
    );
  }
  return text;
}

/** Reads a JSON column: SQLite returns the text, pg has already parsed jsonb. */
export function fromJson<T>(raw: unknown, dialect: StoreDialect): T {
  if (dialect === 'sqlite' && typeof raw === 'string') return JSON.parse(raw) as T;
  return raw as T;
}

const fieldName = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** VALIDATION unless `name` is a plain top-level field name (letters, digits, underscore; ≤ 64). */
export function assertJsonFieldName(name: string, what = 'where'): void {
  if (!fieldName.test(name)) {
    throw new PlatformError(
      'VALIDATION',
      `${what}: field name ${JSON.stringify(name)} must match ${fieldName.source}`,
      {
        details: { field: `${what}.${name}` },
      },
    );
  }
}

/**
 * `column.field = value` for a top-level field of a JSON column, type-correct on both dialects:
 * the string "1" does not match the number 1, `true` does not match 1, and `null` matches a JSON
 * null or an absent field.
 */
export function jsonFieldEquals(
  dialect: StoreDialect,
  column: string,
  field: string,
  value: string | number | boolean | null,
): Expression<SqlBool> {
  assertJsonFieldName(field);
  const scalar =
    value === null ||
    ['string', 'boolean'].includes(typeof value) ||
    (typeof value === 'number' && Number.isFinite(value));
  if (!scalar) {
    throw new PlatformError(
      'VALIDATION',
      `where.${field} must be a string, a finite number, a boolean or null`,
      {
        details: { field: `where.${field}` },
      },
    );
  }
  const col = sql.ref(column);
  if (dialect === 'postgres') {
    if (value === null)
      return sql<SqlBool>`(${col} -> ${field} is null or ${col} -> ${field} = 'null'::jsonb)`;
    return sql<SqlBool>`${col} -> ${field} = ${JSON.stringify(value)}::jsonb`;
  }
  const path = `$.${field}`;
  const type: RawBuilder<string> = sql`json_type(${col}, ${path})`;
  if (value === null) return sql<SqlBool>`(${type} is null or ${type} = 'null')`;
  if (typeof value === 'boolean') return sql<SqlBool>`${type} = ${value ? 'true' : 'false'}`;
  if (typeof value === 'number') {
    return sql<SqlBool>`(${type} in ('integer', 'real') and json_extract(${col}, ${path}) = ${value})`;
  }
  return sql<SqlBool>`(${type} = 'text' and json_extract(${col}, ${path}) = ${value})`;
}

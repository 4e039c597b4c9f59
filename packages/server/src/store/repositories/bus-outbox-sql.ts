// The bus outbox's hot statements as SQL text: a multi-row INSERT per publish batch and a multi-id
// DELETE per batch of acks. Built here rather than by Kysely, whose per-row query building cost more
// than SQLite's insert itself (decision 0088).
import type { StoreDialect } from '../store-dialect.js';

/**
 * Rows per statement: up to 512 (6 parameters a row stays within SQLite's 32,766 and PostgreSQL's
 * 65,535), in powers of two, so a write of any size reuses at most ten statement texts per kind —
 * each prepared once by the SQLite driver's statement cache. Yields [first index, row count].
 */
export function* statementChunks(total: number): Generator<[number, number]> {
  for (let from = 0; from < total;) {
    const rows = Math.min(512, 2 ** Math.floor(Math.log2(total - from)));
    yield [from, rows];
    from += rows;
  }
}

const texts = new Map<string, string>();

/** A statement text, built once per dialect and key; `p()` gives the next placeholder. */
function cached(key: string, dialect: StoreDialect, build: (p: () => string) => string): string {
  const cacheKey = `${dialect}:${key}`;
  let text = texts.get(cacheKey);
  if (text === undefined) {
    let n = 0;
    text = build(() => (dialect === 'postgres' ? `$${++n}` : '?'));
    texts.set(cacheKey, text);
  }
  return text;
}

/**
 * Inserts `rows` pending entries (id, grp, message, attempts, errors, updated_at each); on an id
 * that exists (a retried dead letter) the row turns back into a fresh pending one.
 */
export const insertPendingSql = (dialect: StoreDialect, rows: number): string =>
  cached(`insert:${rows}`, dialect, (p) => {
    const values = Array.from(
      { length: rows },
      () => `(${p()}, ${p()}, 'pending', ${p()}, ${p()}, ${p()}, ${p()})`,
    );
    return (
      `insert into bus_outbox (id, grp, status, message, attempts, errors, updated_at) values ${values.join(', ')} ` +
      `on conflict (id) do update set status = 'pending', attempts = excluded.attempts, ` +
      `errors = excluded.errors, reason = null, dead_at = null, updated_at = excluded.updated_at`
    );
  });

/** Deletes `rows` acked entries by id. */
export const deleteEntriesSql = (dialect: StoreDialect, rows: number): string =>
  cached(`delete:${rows}`, dialect, (p) => {
    const ids = Array.from({ length: rows }, () => p());
    return `delete from bus_outbox where id in (${ids.join(', ')})`;
  });

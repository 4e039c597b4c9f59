// A tenant's data across the tables that hold it (issue 15, data rights), found from the schema so tables
// added later are covered: rows with its `tenant_id`, rows of its workflow instances (`instance_id`, or
// `owner` of engine variables), and — for erasure — any other row that mentions one of its emails. Rows
// are read for an export, or deleted / rewritten with personal strings replaced (JSON values walked,
// keys left alone). On SQLite, erasure overwrites freed space (secure_delete) and checkpoints the WAL,
// so the old values are left neither in the file nor in backups taken after it.
import { sql, type SqlBool, type Expression } from 'kysely';
import { PlatformError } from '../../errors.js';
import type { SqlContext } from '../sql-context.js';
import { checkpointSqlite } from '../sqlite-checkpoint.js';

export type TenantRow = Record<string, unknown>;

/** Which rows of a table: the tenant's own, those whose `column` is one of `values`, or any mentioning a string. */
export type RowScope =
  { tenantId: string } | { column: string; values: readonly string[] } | { mentions: readonly string[] };

export interface TableInfo {
  name: string;
  columns: string[];
}

/** Never read or changed here: the append-only audit trail (pseudonymous by id) and bookkeeping. */
const EXCLUDED = new Set(['audit_entries', 'waooaw_migrations']);

export interface TenantDataRepository {
  /** Every table and its columns, audit trail excepted, sorted by name. */
  tables(): Promise<TableInfo[]>;
  /** The rows of `table` in `scope` (for `mkt_tenants` and a tenant scope: the tenant's own row). */
  rows(table: string, scope: RowScope): Promise<TenantRow[]>;
  /** Deletes the rows of `table` in a tenant scope; resolves with how many. */
  deleteRows(table: string, tenantId: string): Promise<number>;
  /**
   * Replaces every match of each pattern in every string value of the rows in `scope` (inside JSON too,
   * keys excepted); resolves with how many rows changed. A row is addressed by all its non-null values
   * as read, so no primary key needs to be known.
   */
  replaceText(table: string, scope: RowScope, replacements: ReadonlyArray<[RegExp, string]>): Promise<number>;
  /**
   * Runs `fn` (the erasure, in a store transaction) with freed space overwritten, then folds the WAL
   * into the file and truncates it (SQLite; PostgreSQL's dead rows never reach a pg_dump and go at VACUUM).
   */
  erasing<T>(fn: () => Promise<T>): Promise<T>;
}

const isPlain = (v: unknown): v is object => !!v && typeof v === 'object' && !(v instanceof Uint8Array);

function replaceIn(value: unknown, replacements: ReadonlyArray<[RegExp, string]>): unknown {
  if (typeof value === 'string') return replacements.reduce((s, [re, to]) => s.replace(re, to), value);
  if (Array.isArray(value)) return value.map((v) => replaceIn(v, replacements));
  if (isPlain(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceIn(v, replacements)]));
  return value;
}

/** A string column may hold JSON text: its values are walked, so keys and structure survive. */
function scrubColumn(value: unknown, replacements: ReadonlyArray<[RegExp, string]>): unknown {
  if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
    try {
      return JSON.stringify(replaceIn(JSON.parse(value), replacements));
    } catch {
      // Not JSON after all: treated as text below.
    }
  }
  if (isPlain(value)) return JSON.stringify(replaceIn(value, replacements));
  return replaceIn(value, replacements);
}

/** A value as it goes back into a WHERE clause (jsonb read as an object is compared as JSON text). */
const asParam = (v: unknown) => (isPlain(v) ? JSON.stringify(v) : v);

export class SqlTenantData implements TenantDataRepository {
  constructor(private readonly ctx: SqlContext) {}

  async tables(): Promise<TableInfo[]> {
    const all = await this.ctx.db.introspection.getTables();
    return all
      .filter((t) => !EXCLUDED.has(t.name))
      .map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async rows(table: string, scope: RowScope): Promise<TenantRow[]> {
    const info = await this.known(table);
    let q = this.ctx.db.selectFrom(table).selectAll();
    if ('tenantId' in scope) q = q.where(table === 'mkt_tenants' ? 'id' : 'tenant_id', '=', scope.tenantId);
    else if ('column' in scope) {
      if (!scope.values.length || !info.columns.includes(scope.column)) return [];
      q = q.where(scope.column, 'in', [...scope.values]);
    } else {
      if (!scope.mentions.length) return [];
      // Prefiltered in SQL (every column as text), then matched exactly by the caller's patterns.
      const text = (c: string) =>
        this.ctx.dialect === 'postgres'
          ? sql`lower(${sql.ref(c)}::text)`
          : sql`lower(cast(${sql.ref(c)} as text))`;
      q = q.where(({ or }) =>
        or(
          info.columns.flatMap((c) =>
            scope.mentions.map(
              (m) => sql<SqlBool>`${text(c)} like ${`%${m.toLowerCase()}%`}` as Expression<SqlBool>,
            ),
          ),
        ),
      );
    }
    return (await q.execute()) as TenantRow[];
  }

  async deleteRows(table: string, tenantId: string): Promise<number> {
    await this.known(table);
    const result = await this.ctx.db.deleteFrom(table).where('tenant_id', '=', tenantId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async replaceText(
    table: string,
    scope: RowScope,
    replacements: ReadonlyArray<[RegExp, string]>,
  ): Promise<number> {
    let changed = 0;
    for (const row of await this.rows(table, scope)) {
      const update: TenantRow = {};
      for (const [column, value] of Object.entries(row)) {
        if (value === null || typeof value === 'number' || typeof value === 'bigint') continue;
        const next = scrubColumn(value, replacements);
        if (next !== (isPlain(value) ? JSON.stringify(value) : value)) update[column] = next;
      }
      if (Object.keys(update).length === 0) continue;
      let q = this.ctx.db.updateTable(table).set(update);
      for (const [column, value] of Object.entries(row))
        if (value !== null) q = q.where(column, '=', asParam(value));
      await q.execute();
      changed += 1;
    }
    return changed;
  }

  async erasing<T>(fn: () => Promise<T>): Promise<T> {
    if (this.ctx.dialect !== 'sqlite') return fn();
    await sql`PRAGMA secure_delete = ON`.execute(this.ctx.db);
    try {
      return await fn();
    } finally {
      await sql`PRAGMA secure_delete = OFF`.execute(this.ctx.db);
      // Older page versions stay in the WAL until a checkpoint, which cannot run inside this
      // connection's open group transaction (sqlite-driver.ts): a connection of its own does it.
      const files = await sql<{ name: string; file: string }>`PRAGMA database_list`.execute(this.ctx.db);
      const main = files.rows.find((f) => f.name === 'main')?.file;
      if (main) checkpointSqlite(main);
    }
  }

  /** The table's info; VALIDATION for any other name (names are interpolated as identifiers). */
  private async known(table: string): Promise<TableInfo> {
    const info = (await this.tables()).find((t) => t.name === table);
    if (!info)
      throw new PlatformError('VALIDATION', `${table} is not a table of the store`, { details: { table } });
    return info;
  }
}

// Helpers of the typed-table migrations (0042/0043, 0080/0081). Released migrations depend on them:
// change a helper only in ways that keep what those migrations do; add a new helper otherwise.
import { sql, type CreateTableBuilder, type SqlBool } from 'kysely';
import { PlatformError } from '../../errors.js';
import type { SqlDb } from '../sql-context.js';
import type { StoreDialect } from '../store.js';

type Columns = (t: CreateTableBuilder<string, never>) => CreateTableBuilder<string, never>;

/** id, (tenant_id,) version, the entity's own columns, created_at, updated_at. */
export async function entityTable(
  db: SqlDb,
  table: string,
  tenant: 'required' | 'optional' | 'none',
  columns: Columns,
): Promise<void> {
  let t = db.schema.createTable(table).addColumn('id', 'text', (c) => c.primaryKey());
  if (tenant === 'required')
    t = t.addColumn('tenant_id', 'text', (c) => c.notNull().references('mkt_tenants.id'));
  if (tenant === 'optional') t = t.addColumn('tenant_id', 'text');
  t = columns(t.addColumn('version', 'integer', (c) => c.notNull()));
  await t
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function index(
  db: SqlDb,
  table: string,
  columns: string[],
  options: { unique?: boolean; where?: string } = {},
): Promise<void> {
  let q = db.schema
    .createIndex(`${table}_${columns.join('_')}${options.unique ? '_unique' : ''}`)
    .on(table)
    .columns(columns);
  if (options.unique) q = q.unique();
  if (options.where) q = q.where(sql.raw<SqlBool>(options.where));
  await q.execute();
}

type Kind = 'text' | 'int' | 'real' | 'bool' | 'json';

/** The SQL that reads one field of the JSON `data` column as a column value. */
export function field(dialect: StoreDialect, path: readonly string[], kind: Kind): string {
  if (dialect === 'sqlite') {
    const p = `'$.${path.map((k) => (/^[A-Za-z_]\w*$/.test(k) ? k : `"${k}"`)).join('.')}'`;
    // `->` keeps JSON text (a string stays quoted, null stays 'null'); json_extract gives SQL values.
    return kind === 'json' ? `(data -> ${p})` : `json_extract(data, ${p})`;
  }
  const p = `'{${path.join(',')}}'`;
  if (kind === 'json') return `(data #> ${p})`;
  const cast = { text: '', int: '::bigint', real: '::double precision', bool: '::boolean' }[kind];
  return cast ? `((data #>> ${p})${cast})` : `(data #>> ${p})`;
}

export interface TableMove {
  table: string;
  tenant: boolean;
  /** column → [JSON path, kind]; or a raw SQL expression over `documents` (as d). */
  columns: Record<
    string,
    readonly [string | readonly string[], Kind] | { sql(dialect: StoreDialect): string }
  >;
}

export const f = (path: string | readonly string[], kind: Kind = 'text') => [path, kind] as const;

async function count(db: SqlDb, query: string): Promise<number> {
  const { rows } = await sql.raw<{ n: number | string }>(query).execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Moves every document of the collection named like the table into it, checked by count. */
export async function moveDocuments(db: SqlDb, dialect: StoreDialect, m: TableMove): Promise<void> {
  const columns = ['id', ...(m.tenant ? ['tenant_id'] : []), 'version', 'created_at', 'updated_at'];
  const values = [...columns];
  for (const [column, source] of Object.entries(m.columns)) {
    columns.push(column);
    values.push('sql' in source ? source.sql(dialect) : field(dialect, [source[0]].flat(), source[1]));
  }
  const from = `from documents where collection = '${m.table}'`;
  await sql
    .raw(`insert into ${m.table} (${columns.join(', ')}) select ${values.join(', ')} ${from} order by id`)
    .execute(db);
  const documents = await count(db, `select count(*) as n ${from}`);
  const rows = await count(db, `select count(*) as n from ${m.table}`);
  if (rows !== documents) {
    throw new PlatformError('INTERNAL', `moved ${rows} of ${documents} ${m.table} documents`, {
      details: { table: m.table, documents, rows },
    });
  }
  await sql.raw(`delete ${from}`).execute(db);
}

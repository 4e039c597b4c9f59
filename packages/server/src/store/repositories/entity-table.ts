// EntityRepository over one typed table, for both dialects: a table spec maps the record to its
// columns and back; this class adds ids, tenants, versions, natural keys, filters and cursor pages.
import { sql, type InsertQueryBuilder, type SqlBool } from 'kysely';
import { PlatformError, isPlatformError } from '../../errors.js';
import type { Entity, EntityListOptions, EntityRepository, NewEntity } from '../entity-repository.js';
import { decodeCursor, pageLimit, pageOrder, toPage } from '../page-cursor.js';
import { preparedByShape, preparedInsert } from '../prepared-query.js';
import { withModifyRetries } from './modify-retries.js';
import { BYPASS, rowScope, withRowScope } from './row-scope.js';
import type { SqlContext } from '../sql-context.js';
import { translateStoreError, withStoreErrors } from '../sql-errors.js';
import { fromJson, toJson } from '../sql-json.js';
import type { Page, StoreDialect } from '../store.js';

export type Row = Record<string, unknown>;

/** How one record maps to one table. */
export interface EntityTableSpec<R, F> {
  table: string;
  /** Names the entity in errors: `trial trl_… does not exist`. */
  noun: string;
  /** False only for tables that are not owned by a tenant (the tenants themselves). */
  tenantOwned: boolean;
  /** The record's columns (without id, tenant_id, version and timestamps). */
  toRow(record: R, dialect: StoreDialect): Row;
  fromRow(row: Row, dialect: StoreDialect): R;
  /** Filterable field → its (indexed) column. */
  filters: { [K in keyof F]-?: string };
  /**
   * The unique columns an insert may repeat idempotently, and their values for a record and the
   * insert's idempotency key (undefined when it has none: a customer tenant is not the internal one).
   * `where` is the predicate of a partial unique index.
   */
  naturalKey?: {
    columns: readonly string[];
    where?: { column: string; value: string };
    of(record: R, tenantId: string | null, key: string | null): Row | undefined;
  };
  /** The column that keeps the insert's idempotency key, for tables that have one. */
  keyColumn?: string;
}

// Column helpers for specs: pg returns BIGINT as strings, SQLite has no booleans, jsonb arrives parsed.
export const num = (v: unknown): number => Number(v);
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const str = (v: unknown): string => String(v);
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
export const bool = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't';
export const boolIn = (v: boolean, dialect: StoreDialect): boolean | number =>
  dialect === 'sqlite' ? (v ? 1 : 0) : v;
export const jsonIn = (v: unknown, field: string): string => toJson(v, field);
export const jsonOut = <T>(v: unknown, dialect: StoreDialect): T => fromJson<T>(v, dialect);

function validId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
    throw new PlatformError('VALIDATION', `${field} must be a non-empty string of at most 200 characters`, {
      details: { field },
    });
  }
  return value;
}

/** Prepared inserts by table, conflict clause and columns (one per dialect inside each). */
const preparedInserts = new Map<string, ReturnType<typeof preparedInsert<Row>>>();

/**
 * Reads, counts and updates compiled once per table and shape (see prepared-query.ts): the listing
 * of pending tasks and handoffs and the count of escalations run on every wake cycle, and Kysely's
 * building cost more than SQLite's statement.
 */
const prepared = preparedByShape();

/** `column = value`, or `column is null` for a null value. */
type Condition = readonly [column: string, value: unknown];

/** The part of a shape key conditions fix: their columns and which are `is null`. */
const conditionShape = (conditions: readonly Condition[]): string =>
  conditions.map(([column, value]) => (value === null ? `${column} is null` : `${column} =`)).join(' and ');

/** The conditions' values, in the order `whereAll` places them. */
const conditionArgs = (conditions: readonly Condition[]): unknown[] =>
  conditions.filter(([, value]) => value !== null).map(([, value]) => value);

/** `q` narrowed by `conditions`, placing `args` (their stand-ins) from `from` on; returns the next index. */
function whereAll<Q extends { where: (...args: never[]) => Q }>(
  q: Q,
  conditions: readonly Condition[],
  args: readonly unknown[],
  from = 0,
): [Q, number] {
  const where = q.where as unknown as (lhs: string, op: string, rhs: unknown) => Q;
  let out = q;
  let i = from;
  for (const [column, value] of conditions)
    out = value === null ? where.call(out, column, 'is', null) : where.call(out, column, '=', args[i++]);
  return [out, i];
}

function isExpression(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'toOperationNode' in value;
}

export class SqlEntityTable<R, F> implements EntityRepository<R, F> {
  constructor(
    protected readonly ctx: SqlContext,
    protected readonly spec: EntityTableSpec<R, F>,
  ) {}

  protected run<T>(fn: () => Promise<T>): Promise<T> {
    return withStoreErrors(fn, this.ctx.errorContext);
  }

  /**
   * Runs `fn` on this table bound to a transaction whose row scope is the tenant (null or undefined:
   * the explicit bypass of system work) when the store is under row-level security; as is otherwise.
   */
  private scoped<T>(
    tenantId: string | null | undefined,
    fn: (repo: SqlEntityTable<R, F>) => Promise<T>,
  ): Promise<T> {
    if (!this.ctx.rowLevelSecurity) return fn(this);
    // The tenants table is protected by id (migration 0145); its lookups are system work.
    const scope = this.spec.tenantOwned ? rowScope(tenantId) : BYPASS;
    return this.run(() => withRowScope(this.ctx, scope, (tx) => fn(new SqlEntityTable(tx, this.spec))));
  }

  protected toEntity(row: Row): Entity<R> {
    return {
      id: String(row.id),
      tenantId: this.spec.tenantOwned ? strOrNull(row.tenant_id) : null,
      version: Number(row.version),
      data: this.spec.fromRow(row, this.ctx.dialect),
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    };
  }

  protected select() {
    return this.ctx.db.selectFrom(this.spec.table).selectAll();
  }

  /** The first row matching every column = value (null: IS NULL), for natural-key lookups. */
  protected findBy(values: Row): Promise<Entity<R> | undefined> {
    // Natural-key lookups (a user by email, a hire by trial) are system work: across tenants.
    return this.scoped(undefined, (repo) => repo.findByNow(values));
  }

  private async findByNow(values: Row): Promise<Entity<R> | undefined> {
    return this.first('find', Object.entries(values));
  }

  /** The first row matching `conditions` (prepared per shape; `kind` keeps distinct uses apart). */
  private async first(kind: string, conditions: readonly Condition[]): Promise<Entity<R> | undefined> {
    const table = this.spec.table;
    const args = conditionArgs(conditions);
    const query = prepared(`${table}|${kind}|${conditionShape(conditions)}`, args.length, (db, ...slots) =>
      whereAll(db.selectFrom(table).selectAll(), conditions, slots)[0].limit(1),
    );
    const { rows } = await this.run(() => query.executeArgs<Row>(this.ctx, args));
    return rows[0] ? this.toEntity(rows[0]) : undefined;
  }

  insert(entity: NewEntity<R>): Promise<{ entity: Entity<R>; created: boolean }> {
    validId(entity?.id, 'id');
    return this.scoped(entity.tenantId, (repo) => repo.insertNow(entity));
  }

  /**
   * INSERT … RETURNING of one row, compiled once per table, row shape and conflict clause (see
   * prepared-query.ts): the query builder cost more than SQLite's insert on the decision path. A row
   * holding an SQL expression is built each time, as its text is part of the statement.
   */
  private async insertRow(row: Row, key: EntityTableSpec<R, F>['naturalKey']): Promise<Row | undefined> {
    const columns = Object.keys(row).filter((c) => row[c] !== undefined);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the builder over "any schema"
    const onConflict = (q: InsertQueryBuilder<any, any, any>) =>
      key
        ? q.onConflict((oc) => {
            const target = oc.columns([...key.columns]);
            // The partial index's predicate is inlined: PostgreSQL matches it against the index's.
            const where = key.where;
            return (
              where ? target.where(sql<SqlBool>`${sql.ref(where.column)} = ${sql.lit(where.value)}`) : target
            ).doNothing();
          })
        : q;
    if (columns.some((c) => isExpression(row[c])))
      return (await onConflict(this.ctx.db.insertInto(this.spec.table).values(row))
        .returningAll()
        .executeTakeFirst()) as Row | undefined;
    const shape = `${this.spec.table}|${key ? 'keyed' : ''}|${columns.join(',')}`;
    let insert = preparedInserts.get(shape);
    if (!insert) {
      insert = preparedInsert<Row>(this.spec.table, columns, (q) => onConflict(q).returningAll());
      preparedInserts.set(shape, insert);
    }
    return (await insert.execute<Row>(this.ctx, row)).rows[0];
  }

  private async insertNow(entity: NewEntity<R>): Promise<{ entity: Entity<R>; created: boolean }> {
    const id = validId(entity?.id, 'id');
    const tenantId = entity.tenantId ?? null;
    if (this.spec.tenantOwned && tenantId !== null) validId(tenantId, 'tenantId');
    const key = this.spec.naturalKey;
    const idempotencyKey = entity.key ?? null;
    if (idempotencyKey !== null && (typeof idempotencyKey !== 'string' || idempotencyKey.length > 500)) {
      throw new PlatformError('VALIDATION', 'key must be a string of at most 500 characters', {
        details: { field: 'key' },
      });
    }
    const keyValues = key?.of(entity.data, tenantId, idempotencyKey);
    // Checked first so that replaying an insert is a no-op, not a primary-key conflict.
    if (keyValues) {
      const existing = await this.findBy(keyValues);
      if (existing) return { entity: existing, created: false };
    }
    const now = this.ctx.clock.now();
    const row: Row = {
      id,
      ...(this.spec.tenantOwned ? { tenant_id: tenantId } : {}),
      ...(this.spec.keyColumn ? { [this.spec.keyColumn]: idempotencyKey } : {}),
      version: 1,
      ...this.spec.toRow(entity.data, this.ctx.dialect),
      created_at: now,
      updated_at: now,
    };
    let inserted: Row | undefined;
    try {
      inserted = await this.insertRow(row, keyValues !== undefined ? key : undefined);
    } catch (err) {
      const e = translateStoreError(err, this.ctx.errorContext);
      // A duplicate id (not a broken reference, which stays as translated).
      const duplicate =
        e.details.sqlState === '23505' ||
        e.details.constraint === 'primary key' ||
        e.details.constraint === 'unique';
      if (isPlatformError(e, 'CONFLICT') && !e.retryable && duplicate) {
        throw new PlatformError('CONFLICT', `${this.spec.noun} ${id} already exists`, {
          details: { ...e.details, id },
          cause: err,
        });
      }
      throw e;
    }
    if (inserted) return { entity: this.toEntity(inserted), created: true };
    // Another writer inserted the same natural key between our check and our insert.
    const existing = keyValues ? await this.findBy(keyValues) : undefined;
    if (existing) return { entity: existing, created: false };
    throw new PlatformError('CONFLICT', `${this.spec.noun} was inserted and removed concurrently; retry`, {
      retryable: true,
      details: { table: this.spec.table },
    });
  }

  get(id: string, options: { tenantId?: string | null } = {}): Promise<Entity<R> | undefined> {
    validId(id, 'id');
    return this.scoped(options.tenantId, (repo) => repo.getNow(id, options));
  }

  private async getNow(id: string, options: { tenantId?: string | null }): Promise<Entity<R> | undefined> {
    return this.first('get', [['id', id], ...this.tenantCondition(options.tenantId)]);
  }

  update(id: string, data: R, options: { expectedVersion?: number } = {}): Promise<Entity<R>> {
    validId(id, 'id');
    // By id: the caller checked the tenant when it read the row.
    return this.scoped(undefined, (repo) => repo.updateNow(id, data, options));
  }

  private async updateNow(id: string, data: R, options: { expectedVersion?: number }): Promise<Entity<R>> {
    const expected = options.expectedVersion;
    if (expected !== undefined && (!Number.isInteger(expected) || expected < 1)) {
      throw new PlatformError('VALIDATION', 'expectedVersion must be an integer ≥ 1', {
        details: { field: 'expectedVersion' },
      });
    }
    const columns = this.spec.toRow(data, this.ctx.dialect);
    return this.run(async () => {
      const row = await this.updateRow(columns, this.ctx.clock.now(), id, expected);
      if (row) return this.toEntity(row);
      throw await this.missOrConflict(id, expected);
    });
  }

  /**
   * UPDATE … RETURNING of one row by id (and version), prepared per table and column set; a row
   * holding an SQL expression is built each time, as for inserts.
   */
  private async updateRow(
    columns: Row,
    now: number,
    id: string,
    expected: number | undefined,
  ): Promise<Row | undefined> {
    const table = this.spec.table;
    const names = Object.keys(columns).filter((c) => columns[c] !== undefined);
    const set = (values: readonly unknown[], at: unknown) => ({
      ...Object.fromEntries(names.map((c, i) => [c, values[i]])),
      version: sql`version + 1`,
      updated_at: at,
    });
    const values = names.map((c) => columns[c]);
    if (values.some(isExpression)) {
      return (await this.ctx.db
        .updateTable(table)
        .set(set(values, now))
        .where('id', '=', id)
        .$if(expected !== undefined, (q) => q.where('version', '=', expected!))
        .returningAll()
        .executeTakeFirst()) as Row | undefined;
    }
    const versioned = expected !== undefined;
    const args = [...values, now, id, ...(versioned ? [expected] : [])];
    const query = prepared(
      `${table}|update|${names.join(',')}|${versioned ? 'at version' : ''}`,
      args.length,
      (db, ...slots) => {
        const q = db
          .updateTable(table)
          .set(set(slots, slots[names.length]))
          .where('id', '=', slots[names.length + 1]);
        return (versioned ? q.where('version', '=', slots[names.length + 2]) : q).returningAll();
      },
    );
    return (await query.executeArgs<Row>(this.ctx, args)).rows[0];
  }

  /** Why a versioned write matched no row: NOT_FOUND when the row is absent, else CONFLICT. */
  private async missOrConflict(id: string, expected: number | undefined): Promise<PlatformError> {
    const table = this.spec.table;
    const query = prepared(`${table}|version`, 1, (db, slot) =>
      db.selectFrom(table).select('version').where('id', '=', slot),
    );
    const current = (await query.execute<{ version: unknown }>(this.ctx, id)).rows[0];
    if (!current) return this.notFound(id);
    return new PlatformError(
      'CONFLICT',
      `${this.spec.noun} ${id} is at version ${String(current.version)}, not ${String(expected)}`,
      { details: { id, expectedVersion: expected ?? null, actualVersion: Number(current.version) } },
    );
  }

  protected notFound(id: string): PlatformError {
    return new PlatformError('NOT_FOUND', `${this.spec.noun} ${id} does not exist`, { details: { id } });
  }

  async modify(id: string, fn: (current: R) => R, options: { attempts?: number } = {}): Promise<Entity<R>> {
    validId(id, 'id');
    // One transaction per attempt: SQLite serialises it on its connection, PostgreSQL locks the row,
    // so concurrent modifies queue instead of failing; the version check guards the rest.
    const attempt = async (tx: SqlContext): Promise<Entity<R>> => {
      const repo = new SqlEntityTable(tx, this.spec);
      const table = this.spec.table;
      const lock = tx.dialect === 'postgres';
      const query = prepared(`${table}|get${lock ? ' for update' : ''}`, 1, (db, slot) => {
        const q = db.selectFrom(table).selectAll().where('id', '=', slot);
        return lock ? q.forUpdate() : q;
      });
      const row = (await repo.run(() => query.execute<Row>(tx, id))).rows[0];
      if (!row) throw this.notFound(id);
      const current = repo.toEntity(row);
      return repo.update(id, await fn(current.data), { expectedVersion: current.version });
    };
    return withModifyRetries(this.ctx, options.attempts, () =>
      this.ctx.transaction((tx) => withRowScope(tx, BYPASS, attempt)),
    );
  }

  /** `tenant_id` = the tenant (null: no tenant); none when undefined. VALIDATION on tables without tenants. */
  private tenantCondition(tenantId: string | null | undefined): Condition[] {
    if (tenantId === undefined) return [];
    if (!this.spec.tenantOwned) {
      throw new PlatformError('VALIDATION', `${this.spec.noun} rows have no tenant to filter by`, {
        details: { field: 'tenantId' },
      });
    }
    return [['tenant_id', tenantId]];
  }

  /** The tenant and `where` on columns: known fields only (VALIDATION otherwise), null as IS NULL. */
  private conditions(options: Pick<EntityListOptions<F>, 'tenantId' | 'where'>): Condition[] {
    const out = this.tenantCondition(options.tenantId);
    for (const [field, value] of Object.entries(options.where ?? {})) {
      if (value === undefined) continue;
      const column = (this.spec.filters as Record<string, string>)[field];
      if (!column) {
        throw new PlatformError('VALIDATION', `${this.spec.noun} cannot be filtered by ${field}`, {
          details: { field: `where.${field}` },
        });
      }
      out.push([column, value]);
    }
    return out;
  }

  list(options: EntityListOptions<F> = {}): Promise<Page<Entity<R>>> {
    return this.scoped(options.tenantId, (repo) => repo.listNow(options));
  }

  private async listNow(options: EntityListOptions<F>): Promise<Page<Entity<R>>> {
    const limit = pageLimit(options.limit);
    const order = pageOrder(options.order);
    const after =
      options.cursor === undefined
        ? undefined
        : decodeCursor(options.cursor, this.spec.table, order, 'listing');
    const table = this.spec.table;
    const conditions = this.conditions(options);
    const args = [...conditionArgs(conditions), ...(after === undefined ? [] : [after])];
    // The page size is part of the statement's text, not a parameter: SQLite re-prepares a statement
    // whose LIMIT is bound on every run (decision 0089), and page sizes are few (pageLimit caps them).
    const shape = `${table}|list|${conditionShape(conditions)}|${after === undefined ? '' : 'after'}|${order}|${limit}`;
    const query = prepared(shape, args.length, (db, ...slots) => {
      const [q, next] = whereAll(db.selectFrom(table).selectAll(), conditions, slots);
      return (after === undefined ? q : q.where('id', order === 'asc' ? '>' : '<', slots[next]))
        .orderBy('id', order)
        .limit(limit + 1);
    });
    const { rows } = await this.run(() => query.executeArgs<Row>(this.ctx, args));
    return toPage(
      rows.map((r) => this.toEntity(r)),
      limit,
      this.spec.table,
      order,
    );
  }

  count(options: Pick<EntityListOptions<F>, 'tenantId' | 'where'> = {}): Promise<number> {
    return this.scoped(options.tenantId, (repo) => repo.countNow(options));
  }

  private async countNow(options: Pick<EntityListOptions<F>, 'tenantId' | 'where'>): Promise<number> {
    const table = this.spec.table;
    const conditions = this.conditions(options);
    const args = conditionArgs(conditions);
    const query = prepared(
      `${table}|count|${conditionShape(conditions)}`,
      args.length,
      (db, ...slots) =>
        whereAll(
          db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')),
          conditions,
          slots,
        )[0],
    );
    return this.run(async () => Number((await query.executeArgs<{ n: unknown }>(this.ctx, args)).rows[0]!.n));
  }
}

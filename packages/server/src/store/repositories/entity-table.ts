// EntityRepository over one typed table, for both dialects: a table spec maps the record to its
// columns and back; this class adds ids, tenants, versions, natural keys, filters and cursor pages.
import { sql, type Expression, type InsertQueryBuilder, type SqlBool } from 'kysely';
import { PlatformError, isPlatformError } from '../../errors.js';
import type {
  Entity,
  EntityFilter,
  EntityListOptions,
  EntityRepository,
  NewEntity,
} from '../entity-repository.js';
import { decodeCursor, pageLimit, pageOrder, toPage } from '../page-cursor.js';
import { preparedInsert } from '../prepared-query.js';
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
    let q = this.select();
    for (const [column, value] of Object.entries(values))
      q = value === null ? q.where(column, 'is', null) : q.where(column, '=', value);
    const row = (await this.run(() => q.limit(1).executeTakeFirst())) as Row | undefined;
    return row ? this.toEntity(row) : undefined;
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
    let q = this.select().where('id', '=', id);
    if (options.tenantId !== undefined) q = this.whereTenant(q, options.tenantId);
    const row = (await this.run(() => q.executeTakeFirst())) as Row | undefined;
    return row ? this.toEntity(row) : undefined;
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
      const row = (await this.ctx.db
        .updateTable(this.spec.table)
        .set({ ...columns, version: sql`version + 1`, updated_at: this.ctx.clock.now() })
        .where('id', '=', id)
        .$if(expected !== undefined, (q) => q.where('version', '=', expected!))
        .returningAll()
        .executeTakeFirst()) as Row | undefined;
      if (row) return this.toEntity(row);
      throw await this.missOrConflict(id, expected);
    });
  }

  /** Why a versioned write matched no row: NOT_FOUND when the row is absent, else CONFLICT. */
  private async missOrConflict(id: string, expected: number | undefined): Promise<PlatformError> {
    const current = await this.ctx.db
      .selectFrom(this.spec.table)
      .select('version')
      .where('id', '=', id)
      .executeTakeFirst();
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
      const q = repo.select().where('id', '=', id);
      const row = (await repo.run(() =>
        (tx.dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst(),
      )) as Row | undefined;
      if (!row) throw this.notFound(id);
      const current = repo.toEntity(row);
      return repo.update(id, await fn(current.data), { expectedVersion: current.version });
    };
    return withModifyRetries(this.ctx, options.attempts, () =>
      this.ctx.transaction((tx) => withRowScope(tx, BYPASS, attempt)),
    );
  }

  private whereTenant<Q extends { where: (...args: never[]) => Q }>(q: Q, tenantId: string | null): Q {
    if (!this.spec.tenantOwned) {
      throw new PlatformError('VALIDATION', `${this.spec.noun} rows have no tenant to filter by`, {
        details: { field: 'tenantId' },
      });
    }
    const where = q.where as unknown as (lhs: string, op: string, rhs: unknown) => Q;
    return tenantId === null
      ? where.call(q, 'tenant_id', 'is', null)
      : where.call(q, 'tenant_id', '=', tenantId);
  }

  /** `where` on columns: known fields only (VALIDATION otherwise), null as IS NULL. */
  private conditions(filter: EntityFilter<F> | undefined): Array<Expression<SqlBool>> {
    const out: Array<Expression<SqlBool>> = [];
    for (const [field, value] of Object.entries(filter ?? {})) {
      if (value === undefined) continue;
      const column = (this.spec.filters as Record<string, string>)[field];
      if (!column) {
        throw new PlatformError('VALIDATION', `${this.spec.noun} cannot be filtered by ${field}`, {
          details: { field: `where.${field}` },
        });
      }
      out.push(
        value === null
          ? sql<SqlBool>`${sql.ref(column)} is null`
          : sql<SqlBool>`${sql.ref(column)} = ${value}`,
      );
    }
    return out;
  }

  private filtered<Q extends { where: (...args: never[]) => Q }>(
    q: Q,
    options: Pick<EntityListOptions<F>, 'tenantId' | 'where'>,
  ): Q {
    let out = options.tenantId === undefined ? q : this.whereTenant(q, options.tenantId);
    const where = q.where as unknown as (e: Expression<SqlBool>) => Q;
    for (const c of this.conditions(options.where)) out = where.call(out, c);
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
    const query = this.filtered(this.select(), options)
      .$if(after !== undefined, (q) => q.where('id', order === 'asc' ? '>' : '<', after!))
      .orderBy('id', order)
      .limit(limit + 1);
    const rows = (await this.run(() => query.execute())) as Row[];
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
    const query = this.filtered(
      this.ctx.db.selectFrom(this.spec.table).select((eb) => eb.fn.countAll().as('n')),
      options,
    );
    return this.run(async () => Number((await query.executeTakeFirstOrThrow()).n));
  }
}

// The shape every typed-table repository shares: one row per entity with a record of typed columns,
// an optimistic-concurrency version and clock timestamps, filtered only on indexed columns.
import type { Page } from './page-cursor.js';

/** One stored entity: its record plus the row's bookkeeping. */
export interface Entity<R> {
  id: string;
  /** Owning tenant; null only for platform-wide rows (tenants themselves, mail to no tenant). */
  tenantId: string | null;
  /** Starts at 1, +1 on every update. */
  version: number;
  data: R;
  createdAt: number;
  updatedAt: number;
}

export interface NewEntity<R> {
  id: string;
  tenantId?: string | null;
  data: R;
  /**
   * Idempotency key, for tables that keep one (agent tasks, escalations): a repeated key returns the
   * row that holds it. Ignored by other tables.
   */
  key?: string | null;
}

/**
 * Equality filters on indexed columns, all of which must hold. `null` matches a NULL column (a field
 * that is null in the record); an undefined field filters nothing.
 */
export type EntityFilter<F> = { [K in keyof F]?: F[K] | null | undefined };

export interface EntityListOptions<F> {
  /** Only this tenant's rows (null: rows without a tenant). Other tenants' rows are never returned. */
  tenantId?: string | null;
  where?: EntityFilter<F>;
  /** Opaque cursor from a previous page of the same listing and order; BAD_REQUEST otherwise. */
  cursor?: string;
  /** Page size, 1..1000, default 50 (VALIDATION otherwise). */
  limit?: number;
  /** By id, which is time-ordered: oldest first ('asc', default) or newest first. */
  order?: 'asc' | 'desc';
}

/**
 * A repository over one typed table. Guarantees: `insert` with an id already used fails with CONFLICT;
 * an insert that repeats the entity's natural key (a hire's trial, a user's email…) returns the row
 * that holds it (`created: false`) and writes nothing. `update` with a stale `expectedVersion` fails
 * with CONFLICT and changes nothing; NOT_FOUND when the row is absent. A broken reference (a hire of
 * a trial that does not exist) fails with CONFLICT.
 */
export interface EntityRepository<R, F> {
  insert(entity: NewEntity<R>): Promise<{ entity: Entity<R>; created: boolean }>;
  /** The row, or undefined when absent or (with `tenantId`) owned by another tenant. */
  get(id: string, options?: { tenantId?: string | null }): Promise<Entity<R> | undefined>;
  /** Replaces the record; last writer wins without `expectedVersion`. The tenant never changes. */
  update(id: string, data: R, options?: { expectedVersion?: number }): Promise<Entity<R>>;
  /**
   * Reads, applies `fn` and writes at the read version atomically (the row is locked while `fn` runs);
   * retries on CONFLICT up to `attempts` (default 5) except inside a caller's transaction. NOT_FOUND
   * when absent; an error thrown by `fn` is rethrown and nothing is written.
   */
  modify(id: string, fn: (current: R) => R, options?: { attempts?: number }): Promise<Entity<R>>;
  list(options?: EntityListOptions<F>): Promise<Page<Entity<R>>>;
  count(options?: Pick<EntityListOptions<F>, 'tenantId' | 'where'>): Promise<number>;
}

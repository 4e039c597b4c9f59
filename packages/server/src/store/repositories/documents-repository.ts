// DocumentRepository over Kysely, one implementation for SQLite and PostgreSQL: idempotent insert by
// key, optimistic concurrency by version, opaque id cursors and type-correct JSON equality filters.
import { sql, type ColumnType, type Kysely, type SelectQueryBuilder } from 'kysely';
import { PlatformError, isPlatformError } from '../../errors.js';
import { decodeCursor, pageLimit, pageOrder, toPage } from '../page-cursor.js';
import { preparedInsert, preparedQuery } from '../prepared-query.js';
import { withModifyRetries } from './modify-retries.js';
import type { SqlContext, SqlDb } from '../sql-context.js';
import type { StoreDialect } from '../store-dialect.js';
import { translateStoreError, withStoreErrors } from '../sql-errors.js';
import { fromJson, jsonFieldEquals, toJson } from '../sql-json.js';
import type {
  DocumentRepository,
  InsertDocument,
  ListDocumentsOptions,
  Page,
  StoredDocument,
} from '../store.js';

interface DocumentsTable {
  collection: string;
  id: string;
  tenant_id: string | null;
  key: string | null;
  version: number;
  data: ColumnType<unknown, string, string>;
  created_at: number;
  updated_at: number;
}

interface DocumentsDatabase {
  documents: DocumentsTable;
}

type DocumentRow = {
  collection: string;
  id: string;
  tenant_id: string | null;
  key: string | null;
  version: number;
  data: unknown;
  created_at: number;
  updated_at: number;
};

const MAX_NAME = 200;
const MAX_KEY = 500;

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new PlatformError(
      'VALIDATION',
      `${field} must be a non-empty string of at most ${max} characters`,
      { details: { field } },
    );
  }
  return value;
}

function optionalText(value: unknown, field: string, max: number): string | null {
  return value === undefined || value === null ? null : text(value, field, max);
}

function version(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new PlatformError('VALIDATION', `${field} must be an integer ≥ 1`, { details: { field } });
  }
  return value;
}

// Inserts are on every hot path (memory, deliverables, snapshots): compiled once (see prepared-query.ts).
const documentColumns = [
  'collection',
  'id',
  'tenant_id',
  'key',
  'version',
  'data',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof DocumentRow>;
const insertDocument = preparedInsert<DocumentRow>('documents', documentColumns, (q) => q.returningAll());
const insertKeyedDocument = preparedInsert<DocumentRow>('documents', documentColumns, (q) =>
  q
    .onConflict((oc) => oc.columns(['collection', 'key']).where('key', 'is not', null).doNothing())
    .returningAll(),
);

const docsDb = (db: SqlDb) => db as Kysely<DocumentsDatabase>;
const selectById = (db: SqlDb, collection: string, id: string) =>
  docsDb(db).selectFrom('documents').selectAll().where('collection', '=', collection).where('id', '=', id);
const getById = preparedQuery<[collection: string, id: string]>(2, selectById);
const getInTenant = preparedQuery<[collection: string, id: string, tenantId: string]>(
  3,
  (db, collection, id, tenantId) => selectById(db, collection, id).where('tenant_id', '=', tenantId),
);
const getWithoutTenant = preparedQuery<[collection: string, id: string]>(2, (db, collection, id) =>
  selectById(db, collection, id).where('tenant_id', 'is', null),
);
/** The document holding an idempotency key: keyed inserts look it up first. */
const getByKey = preparedQuery<[collection: string, key: string]>(2, (db, collection, key) =>
  docsDb(db).selectFrom('documents').selectAll().where('collection', '=', collection).where('key', '=', key),
);
/** Why a versioned write matched nothing: the version that is there, if any. */
const getVersion = preparedQuery<[collection: string, id: string]>(2, (db, collection, id) =>
  docsDb(db)
    .selectFrom('documents')
    .select('version')
    .where('collection', '=', collection)
    .where('id', '=', id),
);
const deleteById = (db: SqlDb, collection: string, id: string) =>
  docsDb(db).deleteFrom('documents').where('collection', '=', collection).where('id', '=', id);
const deleteAny = preparedQuery<[collection: string, id: string]>(2, deleteById);
const deleteAtVersion = preparedQuery<[collection: string, id: string, expected: number]>(
  3,
  (db, collection, id, expected) => deleteById(db, collection, id).where('version', '=', expected),
);
/** The row a `modify` reads, locked on PostgreSQL until its transaction ends. */
const getForUpdate = preparedQuery<[collection: string, id: string]>(2, (db, collection, id) =>
  selectById(db, collection, id).forUpdate(),
);
const updateData = (db: SqlDb, json: string, now: number, collection: string, id: string) =>
  docsDb(db)
    .updateTable('documents')
    .set({ data: json, version: sql<number>`version + 1`, updated_at: now })
    .where('collection', '=', collection)
    .where('id', '=', id);
const updateById = preparedQuery<[json: string, now: number, collection: string, id: string]>(
  4,
  (db, json, now, collection, id) => updateData(db, json, now, collection, id).returningAll(),
);
const updateAtVersion = preparedQuery<
  [json: string, now: number, collection: string, id: string, expected: number]
>(5, (db, json, now, collection, id, expected) =>
  updateData(db, json, now, collection, id).where('version', '=', expected).returningAll(),
);

/**
 * SQLite hands `data` back as JSON text; most writes (insert/update … RETURNING) and head reads never
 * look at it, so it is parsed on first read — an own, enumerable accessor, so spreading, comparing and
 * serialising the document behave as with a plain property (assigning replaces the value).
 */
function toDocument<T>(row: DocumentRow, dialect: StoreDialect): StoredDocument<T> {
  const raw = row.data;
  let parsed = false;
  let value: T;
  return {
    collection: row.collection,
    id: row.id,
    tenantId: row.tenant_id,
    key: row.key,
    version: Number(row.version),
    get data(): T {
      if (!parsed) {
        value = fromJson<T>(raw, dialect);
        parsed = true;
      }
      return value;
    },
    set data(next: T) {
      value = next;
      parsed = true;
    },
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export class DocumentsRepository implements DocumentRepository {
  constructor(private readonly ctx: SqlContext) {}

  private get db(): Kysely<DocumentsDatabase> {
    return this.ctx.db as Kysely<DocumentsDatabase>;
  }

  private run<T>(fn: () => Promise<T>): Promise<T> {
    return withStoreErrors(fn, this.ctx.errorContext);
  }

  private toDocument<T>(row: DocumentRow): StoredDocument<T> {
    return toDocument<T>(row, this.ctx.dialect);
  }

  private async findByKey<T>(collection: string, key: string): Promise<StoredDocument<T> | undefined> {
    const row = (await getByKey.execute<DocumentRow>(this.ctx, collection, key)).rows[0];
    return row ? this.toDocument<T>(row) : undefined;
  }

  async insert<T>(doc: InsertDocument<T>): Promise<{ document: StoredDocument<T>; created: boolean }> {
    const collection = text(doc?.collection, 'collection', MAX_NAME);
    const id = text(doc.id, 'id', MAX_NAME);
    const tenantId = optionalText(doc.tenantId, 'tenantId', MAX_NAME);
    const key = optionalText(doc.key, 'key', MAX_KEY);
    const data = toJson(doc.data, 'data');
    return this.run(async () => {
      // Checked first so that replaying the same insert (same id and key) is a no-op, not a PK conflict.
      if (key !== null) {
        const existing = await this.findByKey<T>(collection, key);
        if (existing) return { document: existing, created: false };
      }
      const now = this.ctx.clock.now();
      const row = {
        collection,
        id,
        tenant_id: tenantId,
        key,
        version: 1,
        data,
        created_at: now,
        updated_at: now,
      };
      let inserted: DocumentRow | undefined;
      try {
        inserted = (
          await (key === null ? insertDocument : insertKeyedDocument).execute<DocumentRow>(this.ctx, row)
        ).rows[0];
      } catch (err) {
        const e = translateStoreError(err, this.ctx.errorContext);
        if (isPlatformError(e, 'CONFLICT') && !e.retryable) {
          // Two first inserts of one key at once: PostgreSQL may report the race on the primary key
          // rather than on the key's index that ON CONFLICT names. The key's document is then the
          // answer, as for a replay (outside a transaction only: inside one, PostgreSQL has aborted it).
          if (key !== null && !this.ctx.inTransaction) {
            const existing = await this.findByKey<T>(collection, key);
            if (existing) return { document: existing, created: false };
          }
          throw new PlatformError('CONFLICT', `Document ${collection}/${id} already exists`, {
            details: { ...e.details, collection, id },
            cause: err,
          });
        }
        throw e;
      }
      if (inserted) return { document: this.toDocument<T>(inserted), created: true };
      // Another writer inserted the same key between our check and our insert.
      const existing = await this.findByKey<T>(collection, key!);
      if (existing) return { document: existing, created: false };
      throw new PlatformError(
        'CONFLICT',
        `Document with key in ${collection} was inserted and removed concurrently; retry`,
        {
          retryable: true,
          details: { collection },
        },
      );
    });
  }

  async get<T>(
    collection: string,
    id: string,
    options: { tenantId?: string | null } = {},
  ): Promise<StoredDocument<T> | undefined> {
    text(collection, 'collection', MAX_NAME);
    text(id, 'id', MAX_NAME);
    return this.run(async () => {
      const tenantId = options.tenantId;
      const { rows } = await (tenantId === undefined
        ? getById.execute<DocumentRow>(this.ctx, collection, id)
        : tenantId === null
          ? getWithoutTenant.execute<DocumentRow>(this.ctx, collection, id)
          : getInTenant.execute<DocumentRow>(this.ctx, collection, id, tenantId));
      return rows[0] ? this.toDocument<T>(rows[0]) : undefined;
    });
  }

  async getByKey<T>(collection: string, key: string): Promise<StoredDocument<T> | undefined> {
    text(collection, 'collection', MAX_NAME);
    text(key, 'key', MAX_KEY);
    return this.run(() => this.findByKey<T>(collection, key));
  }

  async update<T>(
    collection: string,
    id: string,
    data: T,
    options: { expectedVersion?: number } = {},
  ): Promise<StoredDocument<T>> {
    text(collection, 'collection', MAX_NAME);
    text(id, 'id', MAX_NAME);
    const expected =
      options.expectedVersion === undefined ? undefined : version(options.expectedVersion, 'expectedVersion');
    const json = toJson(data, 'data');
    return this.run(async () => {
      const now = this.ctx.clock.now();
      const { rows } = await (expected === undefined
        ? updateById.execute<DocumentRow>(this.ctx, json, now, collection, id)
        : updateAtVersion.execute<DocumentRow>(this.ctx, json, now, collection, id, expected));
      const row = rows[0];
      if (row) return this.toDocument<T>(row);
      throw await this.missOrConflict(collection, id, expected);
    });
  }

  /** Why a versioned write matched no row: NOT_FOUND when the document is absent, else CONFLICT. */
  private async missOrConflict(
    collection: string,
    id: string,
    expected: number | undefined,
  ): Promise<PlatformError> {
    const current = (await getVersion.execute<{ version: number }>(this.ctx, collection, id)).rows[0];
    if (!current)
      return new PlatformError('NOT_FOUND', `Document ${collection}/${id} does not exist`, {
        details: { collection, id },
      });
    return new PlatformError(
      'CONFLICT',
      `Document ${collection}/${id} is at version ${current.version}, not ${String(expected)}`,
      {
        details: {
          collection,
          id,
          expectedVersion: expected ?? null,
          actualVersion: Number(current.version),
        },
      },
    );
  }

  async modify<T>(
    collection: string,
    id: string,
    fn: (current: T) => T,
    options: { attempts?: number } = {},
  ): Promise<StoredDocument<T>> {
    text(collection, 'collection', MAX_NAME);
    text(id, 'id', MAX_NAME);
    // One transaction per attempt: SQLite serialises it on its connection, PostgreSQL locks the row,
    // so concurrent modifies queue instead of failing; the version check guards anything else.
    return withModifyRetries(this.ctx, options.attempts, () =>
      this.ctx.transaction(async (tx) => {
        const repo = new DocumentsRepository(tx);
        const row = await repo.run(
          async () =>
            (
              await (tx.dialect === 'postgres' ? getForUpdate : getById).execute<DocumentRow>(
                tx,
                collection,
                id,
              )
            ).rows[0],
        );
        if (!row)
          throw new PlatformError('NOT_FOUND', `Document ${collection}/${id} does not exist`, {
            details: { collection, id },
          });
        const current = repo.toDocument<T>(row);
        const next = await fn(current.data);
        return repo.update<T>(collection, id, next, { expectedVersion: current.version });
      }),
    );
  }

  async delete(collection: string, id: string, options: { expectedVersion?: number } = {}): Promise<boolean> {
    text(collection, 'collection', MAX_NAME);
    text(id, 'id', MAX_NAME);
    const expected =
      options.expectedVersion === undefined ? undefined : version(options.expectedVersion, 'expectedVersion');
    return this.run(async () => {
      const result = await (expected === undefined
        ? deleteAny.execute(this.ctx, collection, id)
        : deleteAtVersion.execute(this.ctx, collection, id, expected));
      if (Number(result.numAffectedRows ?? 0) > 0) return true;
      if (expected === undefined) return false;
      const err = await this.missOrConflict(collection, id, expected);
      if (err.code === 'NOT_FOUND') return false;
      throw err;
    });
  }

  private filtered<O>(
    q: SelectQueryBuilder<DocumentsDatabase, 'documents', O>,
    collection: string,
    options: Pick<ListDocumentsOptions, 'tenantId' | 'where'>,
  ): SelectQueryBuilder<DocumentsDatabase, 'documents', O> {
    let out = q.where('collection', '=', collection);
    if (options.tenantId !== undefined) {
      const tenantId = optionalText(options.tenantId, 'tenantId', MAX_NAME);
      out = tenantId === null ? out.where('tenant_id', 'is', null) : out.where('tenant_id', '=', tenantId);
    }
    if (options.where !== undefined) {
      if (typeof options.where !== 'object' || options.where === null || Array.isArray(options.where)) {
        throw new PlatformError('VALIDATION', 'where must be an object of field → value', {
          details: { field: 'where' },
        });
      }
      for (const [field, value] of Object.entries(options.where)) {
        out = out.where(jsonFieldEquals(this.ctx.dialect, 'data', field, value));
      }
    }
    return out;
  }

  async list<T>(collection: string, options: ListDocumentsOptions = {}): Promise<Page<StoredDocument<T>>> {
    text(collection, 'collection', MAX_NAME);
    const limit = pageLimit(options.limit);
    const order = pageOrder(options.order);
    const after =
      options.cursor === undefined
        ? undefined
        : decodeCursor(options.cursor, collection, order, 'collection');
    const query = this.filtered(this.db.selectFrom('documents').selectAll(), collection, options)
      .$if(after !== undefined, (q) => q.where('id', order === 'asc' ? '>' : '<', after!))
      .orderBy('id', order)
      .limit(limit + 1);
    return this.run(async () => {
      const rows = await query.execute();
      return toPage(
        rows.map((r) => this.toDocument<T>(r)),
        limit,
        collection,
        order,
      );
    });
  }

  async count(
    collection: string,
    options: Pick<ListDocumentsOptions, 'tenantId' | 'where'> = {},
  ): Promise<number> {
    text(collection, 'collection', MAX_NAME);
    const query = this.filtered(
      this.db.selectFrom('documents').select((eb) => eb.fn.countAll().as('n')),
      collection,
      options,
    );
    return this.run(async () => Number((await query.executeTakeFirstOrThrow()).n));
  }
}

// Versioned migrations: applied in name order, one transaction each, recorded in `waooaw_migrations`.
// Safe when several processes migrate at once: PostgreSQL serialises them with an advisory lock,
// SQLite with BEGIN IMMEDIATE per migration (each re-checks what is applied inside its transaction).
import { sql } from 'kysely';
import { PlatformError } from '../errors.js';
import type { Clock } from '../clock.js';
import type { MigrationReport, StoreDialect } from './store.js';
import type { SqlDb } from './sql-context.js';

/**
 * One schema step. `name` starts with a 4-digit number (`0001-core-documents`) that fixes its order;
 * `up` runs inside a transaction with `db` bound to it and must not commit. Migrations are never
 * edited once released: a change is a new migration.
 */
export interface Migration {
  name: string;
  up(db: SqlDb, dialect: StoreDialect): Promise<void>;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

export const MIGRATIONS_TABLE = 'waooaw_migrations';

/** Arbitrary but fixed: every WAOOAW process contends for the same advisory lock while migrating. */
const ADVISORY_LOCK_KEY = 0x57414f4f41; // "WAOOA"

const migrationName = /^\d{4}-[a-z0-9][a-z0-9-]*$/;

/** Checks names (format, uniqueness) and returns the migrations in the order they apply. */
export function orderMigrations(migrations: readonly Migration[]): Migration[] {
  const seen = new Set<string>();
  for (const m of migrations) {
    if (!migrationName.test(m.name)) {
      throw new PlatformError(
        'INTERNAL',
        `Migration name ${JSON.stringify(m.name)} must look like 0001-kebab-name`,
      );
    }
    if (seen.has(m.name)) throw new PlatformError('INTERNAL', `Migration ${m.name} is listed twice`);
    seen.add(m.name);
  }
  return [...migrations].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function ensureTable(db: SqlDb): Promise<void> {
  await db.schema
    .createTable(MIGRATIONS_TABLE)
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .execute();
}

async function appliedNames(db: SqlDb): Promise<string[]> {
  const rows = await db.selectFrom(MIGRATIONS_TABLE).select('name').orderBy('name').execute();
  return rows.map((r) => String(r.name));
}

async function tableExists(db: SqlDb, dialect: StoreDialect): Promise<boolean> {
  const row =
    dialect === 'postgres'
      ? await sql<{
          n: number;
        }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name = ${MIGRATIONS_TABLE}`.execute(
          db,
        )
      : await sql<{
          n: number;
        }>`select count(*) as n from sqlite_master where type = 'table' and name = ${MIGRATIONS_TABLE}`.execute(
          db,
        );
  return Number(row.rows[0]?.n ?? 0) > 0;
}

async function applyOne(
  trx: SqlDb,
  migration: Migration,
  dialect: StoreDialect,
  clock: Clock,
): Promise<void> {
  try {
    await migration.up(trx, dialect);
  } catch (cause) {
    throw new PlatformError(
      'INTERNAL',
      `Migration ${migration.name} failed: ${(cause as Error)?.message ?? String(cause)}`,
      {
        details: { migration: migration.name },
        cause,
      },
    );
  }
  await trx.insertInto(MIGRATIONS_TABLE).values({ name: migration.name, applied_at: clock.now() }).execute();
}

/** What is applied and what would apply, without changing anything. */
export async function migrationStatus(
  db: SqlDb,
  dialect: StoreDialect,
  migrations: readonly Migration[],
): Promise<MigrationStatus> {
  const applied = (await tableExists(db, dialect)) ? await appliedNames(db) : [];
  const done = new Set(applied);
  return {
    applied,
    pending: orderMigrations(migrations)
      .filter((m) => !done.has(m.name))
      .map((m) => m.name),
  };
}

/**
 * Applies pending migrations. `db` must be the root executor (not a transaction): each migration gets
 * its own transaction so a failure leaves the earlier ones applied and the failed one not at all.
 */
export async function runMigrations(
  db: SqlDb,
  dialect: StoreDialect,
  migrations: readonly Migration[],
  clock: Clock,
): Promise<MigrationReport> {
  const ordered = orderMigrations(migrations);
  const applied: string[] = [];
  if (dialect === 'postgres') {
    // A session-level lock on one pooled connection, held across the per-migration transactions.
    await db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(${ADVISORY_LOCK_KEY})`.execute(conn);
      try {
        await ensureTable(conn);
        const done = new Set(await appliedNames(conn));
        for (const m of ordered) {
          if (done.has(m.name)) continue;
          await conn.transaction().execute((trx) => applyOne(trx, m, dialect, clock));
          applied.push(m.name);
        }
      } finally {
        // If the connection broke, the server already released the lock with the session.
        await sql`select pg_advisory_unlock(${ADVISORY_LOCK_KEY})`.execute(conn).catch(() => undefined);
      }
    });
  } else {
    await ensureTable(db);
    for (const m of ordered) {
      // The SQLite driver begins every transaction IMMEDIATE: the check and the apply are one writer's.
      const didApply = await db.transaction().execute(async (trx) => {
        const exists = await trx
          .selectFrom(MIGRATIONS_TABLE)
          .select('name')
          .where('name', '=', m.name)
          .executeTakeFirst();
        if (exists) return false;
        await applyOne(trx, m, dialect, clock);
        return true;
      });
      if (didApply) applied.push(m.name);
    }
  }
  return { applied, current: await appliedNames(db) };
}

// Backup and restore of the embedded SQLite store (issue 15) with SQLite's online backup API (through
// better-sqlite3): a consistent copy while the platform keeps writing, and a restore that refuses a
// schema newer than this code and — without `force` — a database that exists or looks in use.
import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { PlatformError } from '../errors.js';
import { MIGRATIONS_TABLE } from './migrator.js';

export interface SqliteBackupReport {
  /** Pages copied. */
  pages: number;
  /** Migrations the copy's schema has applied (its schema version). */
  migrations: string[];
}

function precondition(message: string, reason: string, details: Record<string, string> = {}): PlatformError {
  return new PlatformError('PRECONDITION_FAILED', message, { details: { reason, ...details } });
}

/** The migrations a database file has applied; PRECONDITION_FAILED when it is not a WAOOAW database. */
export function appliedMigrationsOf(path: string): string[] {
  if (!existsSync(path)) throw new PlatformError('NOT_FOUND', `No file ${path}`, { details: { path } });
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw precondition(`${path} is damaged: ${String(check)}`, 'damaged', { path });
    const rows = db.prepare(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY name`).all() as Array<{
      name: string;
    }>;
    return rows.map((r) => r.name);
  } catch (err) {
    if (err instanceof PlatformError) throw err;
    throw precondition(
      `${path} is not a WAOOAW SQLite database (${(err as Error).message})`,
      'not-a-backup',
      {
        path,
      },
    );
  } finally {
    db?.close();
  }
}

/**
 * Copies the database at `source` to `target` while other connections (a running platform) keep
 * reading and writing: the backup API restarts a pass that a concurrent write invalidated, so the copy
 * is one committed state. The copy is written beside `target` and renamed into place when complete.
 */
export async function backupSqlite(
  source: string,
  target: string,
  options: { force?: boolean } = {},
): Promise<SqliteBackupReport> {
  if (source === ':memory:') throw precondition('An in-memory database cannot be backed up', 'in-memory');
  if (!existsSync(source))
    throw new PlatformError('NOT_FOUND', `No database at ${source}`, { details: { path: source } });
  if (existsSync(target) && !options.force)
    throw precondition(`${target} exists; give --force to replace it`, 'target-exists', { path: target });
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    const progress = await db.backup(partial);
    // A standalone file: no -wal beside it to carry along.
    const copy = new Database(partial);
    copy.pragma('journal_mode = DELETE');
    copy.close();
    renameSync(partial, target);
    return { pages: progress.totalPages, migrations: appliedMigrationsOf(target) };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    db.close();
  }
}

/**
 * Brings a backup back as the database at `target`. Refuses (PRECONDITION_FAILED) a backup whose
 * schema has migrations this code does not know (`newer-schema`), and — unless `force` — a target
 * that exists (`target-exists`) or has a write-ahead log beside it, the sign of a running platform
 * (`target-in-use`). With `force` the target is overwritten through SQLite's locks (never a file copy
 * under a live connection); stop the platform first all the same.
 */
export async function restoreSqlite(
  backup: string,
  target: string,
  options: { knownMigrations: readonly string[]; force?: boolean },
): Promise<SqliteBackupReport> {
  const migrations = appliedMigrationsOf(backup);
  const known = new Set(options.knownMigrations);
  const unknown = migrations.filter((m) => !known.has(m));
  if (unknown.length)
    throw precondition(
      `The backup has a newer schema than this version of WAOOAW (unknown migrations: ${unknown.join(', ')}); restore it with a newer release`,
      'newer-schema',
      { unknown: unknown.join(',') },
    );
  if (!options.force) {
    if (existsSync(`${target}-wal`))
      throw precondition(
        `${target} looks in use (a write-ahead log is beside it): stop the platform, or give --force`,
        'target-in-use',
        { path: target },
      );
    if (existsSync(target))
      throw precondition(`${target} exists; give --force to overwrite it`, 'target-exists', { path: target });
  }
  const source = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    // The platform turns WAL back on when it opens the restored file.
    const progress = await source.backup(target);
    return { pages: progress.totalPages, migrations };
  } finally {
    source.close();
  }
}

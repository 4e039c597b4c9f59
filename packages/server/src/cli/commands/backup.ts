// `waooaw backup FILE` / `waooaw restore FILE`: a consistent copy of the embedded SQLite store, taken
// while the platform runs, and bringing one back (issue 15). PostgreSQL is backed up with its own
// tools (pg_dump, point-in-time recovery): see docs/operations.md.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { PlatformError } from '../../errors.js';
import { migrations } from '../../store/migrations/index.js';
import { backupSqlite, restoreSqlite } from '../../store/sqlite-backup.js';
import { configFrom, print } from './shared.js';

function sqlitePathOf(cmd: Command, verb: string): string {
  const config = configFrom(cmd);
  if (config.store.databaseUrl)
    throw new PlatformError(
      'PRECONDITION_FAILED',
      `The store is PostgreSQL: ${verb} it with pg_dump / pg_restore or point-in-time recovery (docs/operations.md)`,
      { details: { reason: 'postgres-store' } },
    );
  return config.store.sqlitePath;
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup <file>')
    .description('copy the embedded SQLite store to FILE, consistently, while the platform runs')
    .option('--force', 'replace FILE when it exists')
    .action(async (file: string, opts: { force?: boolean }, cmd: Command) => {
      const source = sqlitePathOf(cmd, 'back up');
      const report = await backupSqlite(source, resolve(file), { force: opts.force === true });
      print(
        `Backed up ${source} to ${file}: ${report.pages} pages, schema at ${report.migrations.at(-1) ?? 'none'}.`,
      );
      print('Keys live outside the database (the key directory): back them up separately.');
    });
  program
    .command('restore <file>')
    .description('bring back a backup as the embedded SQLite store (stop the platform first)')
    .option('--force', 'overwrite the existing database (even one that looks in use)')
    .action(async (file: string, opts: { force?: boolean }, cmd: Command) => {
      const target = sqlitePathOf(cmd, 'restore');
      const report = await restoreSqlite(resolve(file), target, {
        knownMigrations: migrations.map((m) => m.name),
        force: opts.force === true,
      });
      print(
        `Restored ${file} to ${target}: ${report.pages} pages, schema at ${report.migrations.at(-1) ?? 'none'}.`,
      );
      print('Start the platform to apply any newer migrations.');
    });
}

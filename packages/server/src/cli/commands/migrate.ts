// `waooaw migrate`: applies pending store migrations (start-up does the same).
import type { Command } from 'commander';
import { createStoreFromConfig, migrateFromConfig } from '../../store/create-store.js';
import { configFrom, print } from './shared.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (SQLite or PostgreSQL per config)')
    .action(async (_opts: unknown, cmd: Command) => {
      const config = configFrom(cmd);
      const store = await createStoreFromConfig(config);
      try {
        print(`Migrating ${config.store.databaseUrl ? 'PostgreSQL' : config.store.sqlitePath} …`);
        const report = await migrateFromConfig(config, store);
        for (const name of report.applied) print(`  applied ${name}`);
        print(
          report.applied.length
            ? `Done: ${report.applied.length} applied, ${report.current.length} in total.`
            : `Up to date (${report.current.length} migrations).`,
        );
      } finally {
        await store.close();
      }
    });
}

// Builds the configured store: PostgreSQL when `store.databaseUrl` is set, else the embedded SQLite file.
import type { Config } from '../config.js';
import { createSqlStore, type SqlStore, type SqlStoreDeps, type SqlStoreOptions } from './sql-store.js';
import type { MigrationReport } from './store.js';

/** The SqlStore options `config` selects (exposed so `waooaw doctor` can describe them). */
export function storeOptionsFromConfig(config: Pick<Config, 'store'>): SqlStoreOptions {
  const { databaseUrl, migrationUrl, sqlitePath, sqliteSynchronous, poolSize } = config.store;
  return databaseUrl
    ? { dialect: 'postgres', url: databaseUrl, poolSize, ...(migrationUrl ? { rowLevelSecurity: true } : {}) }
    : { dialect: 'sqlite', path: sqlitePath, synchronous: sqliteSynchronous };
}

/** Opens (does not migrate) the store `config` selects; the platform calls `migrate()` at start-up. */
export function createStoreFromConfig(
  config: Pick<Config, 'store'>,
  deps: SqlStoreDeps = {},
): Promise<SqlStore> {
  return createSqlStore(storeOptionsFromConfig(config), deps);
}

/**
 * Applies the pending migrations: as the owner role on `store.migrationUrl` when one is set (the
 * platform's own role may not create tables), else on `store`.
 */
export async function migrateFromConfig(
  config: Pick<Config, 'store'>,
  store: SqlStore,
): Promise<MigrationReport> {
  const url = config.store.migrationUrl;
  if (!url || !config.store.databaseUrl) return store.migrate();
  const owner = await createSqlStore({ dialect: 'postgres', url, poolSize: 1 }, { clock: store.clock });
  try {
    return await owner.migrate();
  } finally {
    await owner.close();
  }
}

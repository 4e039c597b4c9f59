// Builds the configured store: PostgreSQL when `store.databaseUrl` is set, else the embedded SQLite file.
import type { Config } from '../config.js';
import { createSqlStore, type SqlStore, type SqlStoreDeps, type SqlStoreOptions } from './sql-store.js';

/** The SqlStore options `config` selects (exposed so `waooaw doctor` can describe them). */
export function storeOptionsFromConfig(config: Pick<Config, 'store'>): SqlStoreOptions {
  const { databaseUrl, sqlitePath, sqliteSynchronous, poolSize } = config.store;
  return databaseUrl
    ? { dialect: 'postgres', url: databaseUrl, poolSize }
    : { dialect: 'sqlite', path: sqlitePath, synchronous: sqliteSynchronous };
}

/** Opens (does not migrate) the store `config` selects; the platform calls `migrate()` at start-up. */
export function createStoreFromConfig(
  config: Pick<Config, 'store'>,
  deps: SqlStoreDeps = {},
): Promise<SqlStore> {
  return createSqlStore(storeOptionsFromConfig(config), deps);
}

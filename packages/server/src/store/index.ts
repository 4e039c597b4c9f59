// Public surface of the Store port and its SQL adapter (SQLite and PostgreSQL), for the bench and tools.
export type { Store } from './store.js';
export { createSqlStore, type SqlStore } from './sql-store.js';
export { createStoreFromConfig } from './create-store.js';

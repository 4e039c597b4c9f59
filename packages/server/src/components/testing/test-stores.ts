// Test helper for the runtime and platform components: the backends a store-backed test runs on —
// SQLite in memory always, PostgreSQL (a fresh database) when the run has a server.
import type { Clock } from '../../clock.js';
import { createSqlStore, type SqlStore } from '../../store/sql-store.js';
import { testPostgres } from '../../testing/services.js';

export interface TestStoreBackend {
  name: 'sqlite' | 'postgres';
  /** A migrated store on a fresh database; `cleanup` closes it (and drops the PostgreSQL database). */
  open(clock: Clock, options?: { poolSize?: number }): Promise<{ store: SqlStore; cleanup(): Promise<void> }>;
}

/** SQLite always; PostgreSQL only when `testPostgres()` has a server. */
export async function testStoreBackends(): Promise<TestStoreBackend[]> {
  const backends: TestStoreBackend[] = [
    {
      name: 'sqlite',
      async open(clock) {
        const store = await createSqlStore(
          { dialect: 'sqlite', path: ':memory:', synchronous: 'OFF' },
          { clock },
        );
        await store.migrate();
        return { store, cleanup: () => store.close() };
      },
    },
  ];
  const probe = await testPostgres();
  if (probe) {
    await probe.drop();
    backends.push({
      name: 'postgres',
      async open(clock, options = {}) {
        const db = (await testPostgres())!;
        const store = await createSqlStore(
          { dialect: 'postgres', url: db.url, poolSize: options.poolSize ?? 10 },
          { clock },
        );
        await store.migrate();
        return {
          store,
          async cleanup() {
            await store.close();
            await db.drop();
          },
        };
      },
    });
  }
  return backends;
}

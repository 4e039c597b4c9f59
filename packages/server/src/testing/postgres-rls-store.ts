// A store as the platform connects under row-level security: migrated by the owner, opened as a
// non-owner role with `rowLevelSecurity` on. For conformance suites run under the policies.
import type { Clock } from '../clock.js';
import { createSqlStore, type SqlStore } from '../store/sql-store.js';
import { createAppRole } from './postgres-app-role.js';
import { testPostgres } from './services.js';

export async function openRowSecuredStore(deps: { clock: Clock }) {
  const db = (await testPostgres())!;
  const owner = await createSqlStore({ dialect: 'postgres', url: db.url, poolSize: 2 }, deps);
  await owner.migrate();
  await owner.close();
  const role = await createAppRole(db);
  const store = await createSqlStore(
    { dialect: 'postgres', url: role.url, poolSize: 5, rowLevelSecurity: true },
    deps,
  );
  // Migrated by the owner above; the platform role may not create tables, so its migrate() is a no-op.
  const migrated = Object.assign(Object.create(store) as SqlStore, {
    migrate: async () => ({ applied: [], current: [] }),
  });
  return {
    store: migrated,
    async cleanup() {
      await store.close();
      await role.drop();
    },
  };
}

// Domain coordinators: one row per coordinator holding its durable routing state (assignments in
// flight, the back-pressure queue, counters), updated with an optimistic version check.
import { jsonColumnType } from '../sql-json.js';
import type { Migration } from '../migrator.js';

export const workforceCoordinators: Migration = {
  name: '0071-workforce-coordinators',
  async up(db, dialect) {
    await db.schema
      .createTable('coordinator_state')
      .addColumn('coordinator', 'text', (c) => c.primaryKey())
      .addColumn('data', jsonColumnType(dialect), (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};

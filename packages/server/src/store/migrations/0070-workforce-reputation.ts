// Agent reputation: one decayed aggregate per agent (agent_reputation) and the append-only log of the
// outcomes behind it (agent_reputation_outcomes), whose unique key makes recording idempotent.
import { jsonColumnType } from '../sql-json.js';
import type { Migration } from '../migrator.js';

export const workforceReputation: Migration = {
  name: '0070-workforce-reputation',
  async up(db, dialect) {
    await db.schema
      .createTable('agent_reputation')
      .addColumn('agent_id', 'text', (c) => c.primaryKey())
      .addColumn('data', jsonColumnType(dialect), (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('agent_reputation_outcomes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('data', jsonColumnType(dialect), (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('agent_reputation_outcomes_agent')
      .on('agent_reputation_outcomes')
      .columns(['agent_id', 'at'])
      .execute();
  },
};

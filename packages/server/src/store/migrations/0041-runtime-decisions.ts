// Decision receipts of the agent runtime: one row per decision, indexed for the per-agent daily
// report (aggregates by method over a time range) and for listing an agent's recent decisions.
import { jsonColumnType } from '../sql-json.js';
import type { Migration } from '../migrator.js';

export const runtimeDecisions: Migration = {
  name: '0041-runtime-decisions',
  async up(db, dialect) {
    await db.schema
      .createTable('runtime_decisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('approved', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('confidence', 'double precision', (c) => c.notNull())
      .addColumn('citations', jsonColumnType(dialect), (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('cost_micros', 'bigint', (c) => c.notNull())
      .addColumn('input_tokens', 'bigint', (c) => c.notNull())
      .addColumn('output_tokens', 'bigint', (c) => c.notNull())
      .addColumn('latency_ms', 'double precision', (c) => c.notNull())
      .addColumn('escalation_id', 'text')
      .addColumn('extra', jsonColumnType(dialect), (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('runtime_decisions_agent_time')
      .on('runtime_decisions')
      .columns(['agent_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('runtime_decisions_tenant_time')
      .on('runtime_decisions')
      .columns(['tenant_id', 'created_at'])
      .execute();
  },
};

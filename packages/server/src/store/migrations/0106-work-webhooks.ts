// Inbound webhooks (decision 0047): one row per webhook of an agent instance (its secret is in the
// secrets store), and fixed one-minute windows counting each tenant's events for the rate limit.
import { jsonColumnType } from '../sql-json.js';
import type { Migration } from '../migrator.js';
import { entityTable, index } from './migration-helpers.js';

export const workWebhooks: Migration = {
  name: '0106-work-webhooks',
  async up(db, dialect) {
    await entityTable(db, 'work_webhooks', 'required', (t) =>
      t
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('agent_id', 'text', (c) => c.notNull())
        .addColumn('skill', 'text', (c) => c.notNull())
        .addColumn('label', 'text')
        .addColumn('input', jsonColumnType(dialect), (c) => c.notNull())
        .addColumn('mapping', jsonColumnType(dialect))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('secret_hint', 'text', (c) => c.notNull())
        .addColumn('secret_rotated_at', 'bigint', (c) => c.notNull())
        .addColumn('accepted', 'integer', (c) => c.notNull())
        .addColumn('duplicates', 'integer', (c) => c.notNull())
        .addColumn('bad_signature', 'integer', (c) => c.notNull())
        .addColumn('last_event_at', 'bigint')
        .addColumn('created_by', 'text', (c) => c.notNull()),
    );
    await index(db, 'work_webhooks', ['tenant_id', 'instance_id', 'id']);
    await db.schema
      .createTable('work_webhook_rate')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('window_start', 'bigint', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('work_webhook_rate_pk', ['tenant_id', 'window_start'])
      .execute();
  },
};

// The in-process bus's outbox: one row per (message, consumer group) copy, pending until acked
// (deleted), dead-lettered (kept with the error history) or discarded (kept as the audit trail);
// and the registry of consumer groups, so publishes route to them again after a restart.
import { jsonColumnType } from '../sql-json.js';
import type { Migration } from '../migrator.js';

export const busOutbox: Migration = {
  name: '0010-bus-outbox',
  async up(db, dialect) {
    await db.schema
      .createTable('bus_outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('grp', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('message', jsonColumnType(dialect), (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('errors', jsonColumnType(dialect), (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('dead_at', 'bigint')
      .addColumn('discard_reason', 'text')
      .addColumn('discarded_at', 'bigint')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('bus_outbox_status').on('bus_outbox').columns(['status', 'id']).execute();
    await db.schema
      .createTable('bus_groups')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('pattern', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};

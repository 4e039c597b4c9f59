// Durable work of the engine: jobs (timers, inputs for an instance, start timers) claimed by workers,
// message subscriptions of waiting instances, and the buffer of messages that arrived early.
import type { Migration } from '../migrator.js';

export const engineWork: Migration = {
  name: '0022-engine-work',
  async up(db) {
    await db.schema
      .createTable('engine_jobs')
      .addColumn('job_id', 'text', (c) => c.primaryKey())
      .addColumn('instance_id', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('due_at', 'bigint', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('locked_by', 'text')
      .addColumn('locked_until', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('engine_jobs_due').on('engine_jobs').columns(['due_at']).execute();
    await db.schema.createIndex('engine_jobs_instance').on('engine_jobs').column('instance_id').execute();
    await db.schema
      .createTable('engine_subscriptions')
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('subscription_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('correlation_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('engine_subscriptions_pkey', ['instance_id', 'subscription_id'])
      .execute();
    await db.schema
      .createIndex('engine_subscriptions_lookup')
      .on('engine_subscriptions')
      .columns(['name', 'correlation_key', 'created_at'])
      .execute();
    await db.schema
      .createTable('engine_messages')
      .addColumn('message_id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('correlation_key', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('engine_messages_lookup')
      .on('engine_messages')
      .columns(['name', 'correlation_key', 'created_at'])
      .execute();
    await db.schema
      .createIndex('engine_messages_expiry')
      .on('engine_messages')
      .column('expires_at')
      .execute();
  },
};

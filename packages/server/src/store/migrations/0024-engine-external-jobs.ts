// Jobs for external workers (issue 17): a service task whose type no handler in the engine runs is
// handed to job workers over HTTP. A row per hand-off; workers lock rows (fetch-and-lock), and the
// row's state makes completion idempotent.
import type { Migration } from '../migrator.js';

export const engineExternalJobs: Migration = {
  name: '0024-engine-external-jobs',
  async up(db) {
    await db.schema
      .createTable('engine_external_jobs')
      .addColumn('job_key', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('activity_id', 'text', (c) => c.notNull())
      .addColumn('element_id', 'text', (c) => c.notNull())
      .addColumn('definition_id', 'text', (c) => c.notNull())
      .addColumn('variables', 'text', (c) => c.notNull())
      .addColumn('retries', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('worker', 'text')
      .addColumn('lock_until', 'bigint')
      .addColumn('due_at', 'bigint', (c) => c.notNull())
      .addColumn('error_message', 'text')
      .addColumn('outcome', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('settled_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('engine_external_jobs_open')
      .on('engine_external_jobs')
      .columns(['type', 'state', 'due_at'])
      .execute();
    await db.schema
      .createIndex('engine_external_jobs_instance')
      .on('engine_external_jobs')
      .columns(['instance_id', 'activity_id'])
      .execute();
  },
};

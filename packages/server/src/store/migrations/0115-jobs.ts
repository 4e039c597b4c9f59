// Multi-agent jobs (issue 13 item 6, decision 0047): one typed row per job, and the links from a job to
// what its agents did (protocol interactions, tasks), so its timeline is read by job id through indexes.
import { jsonColumnType } from '../sql-json.js';
import type { Migration } from '../migrator.js';
import { entityTable, index } from './migration-helpers.js';

export const jobsTables: Migration = {
  name: '0115-jobs',
  async up(db, dialect) {
    await entityTable(db, 'jobs', 'required', (t) =>
      t
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('request', jsonColumnType(dialect), (c) => c.notNull())
        .addColumn('routing', jsonColumnType(dialect), (c) => c.notNull())
        .addColumn('instance_id', 'text')
        .addColumn('agent_id', 'text')
        .addColumn('workflow_instance_id', 'text')
        .addColumn('finished_at', 'bigint'),
    );
    await index(db, 'jobs', ['tenant_id', 'status']);
    await index(db, 'jobs', ['workflow_instance_id']);

    // One row per thing a job's agents did; (job_id, key) is unique so a retried step links once.
    await db.schema
      .createTable('job_links')
      .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('ref', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('job_links_pk', ['job_id', 'key'])
      .execute();
  },
};

// Work orders (issue 13, decision 0047): agent instances (one per trial, kept by its hire), the tasks
// customers give them and the files those tasks read — typed tables, tenant_id on every row, one
// index per query path (a tenant's instances, an instance's tasks, the sweeper's stale requests).
import type { Migration } from '../migrator.js';
import { jsonColumnType } from '../sql-json.js';
import { entityTable, index } from './migration-helpers.js';

export const workOrders: Migration = {
  name: '0100-work-orders',
  async up(db, dialect) {
    const json = jsonColumnType(dialect);
    await entityTable(db, 'work_instances', 'required', (t) =>
      t
        .addColumn('agent_id', 'text', (c) => c.notNull())
        .addColumn('trial_id', 'text', (c) => c.notNull().references('mkt_trials.id'))
        .addColumn('hire_id', 'text')
        .addColumn('runtime_key', 'text', (c) => c.notNull())
        .addColumn('working_hours', json, (c) => c.notNull()),
    );
    await index(db, 'work_instances', ['trial_id'], { unique: true });
    await index(db, 'work_instances', ['tenant_id', 'id']);
    await index(db, 'work_instances', ['hire_id']);
    await index(db, 'work_instances', ['agent_id']);

    await entityTable(db, 'work_tasks', 'required', (t) =>
      t
        .addColumn('instance_id', 'text', (c) => c.notNull().references('work_instances.id'))
        .addColumn('agent_id', 'text', (c) => c.notNull())
        .addColumn('skill', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('input', json, (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull())
        .addColumn('progress', json, (c) => c.notNull())
        .addColumn('summary', 'text')
        .addColumn('checks', json, (c) => c.notNull())
        .addColumn('receipts', json, (c) => c.notNull())
        .addColumn('deliverable_ids', json, (c) => c.notNull())
        .addColumn('inbox_item_id', 'text')
        .addColumn('error', json)
        .addColumn('revision_of', 'text')
        .addColumn('revision_comment', 'text')
        .addColumn('schedule_id', 'text')
        .addColumn('webhook_id', 'text')
        .addColumn('job_id', 'text')
        .addColumn('idempotency_key', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('requested_at', 'bigint', (c) => c.notNull())
        .addColumn('started_at', 'bigint')
        .addColumn('finished_at', 'bigint'),
    );
    await index(db, 'work_tasks', ['tenant_id', 'instance_id', 'idempotency_key'], { unique: true });
    await index(db, 'work_tasks', ['tenant_id', 'instance_id', 'id']);
    await index(db, 'work_tasks', ['instance_id', 'status']);
    await index(db, 'work_tasks', ['status', 'requested_at']);
    await index(db, 'work_tasks', ['tenant_id', 'status']);

    await entityTable(db, 'work_files', 'required', (t) =>
      t
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('columns', json)
        .addColumn('table_rows', json)
        .addColumn('row_count', 'integer')
        .addColumn('text', 'text', (c) => c.notNull()),
    );
    await index(db, 'work_files', ['tenant_id', 'id']);
    await index(db, 'work_files', ['tenant_id', 'kind']);
    await index(db, 'work_files', ['tenant_id', 'sha256']);
  },
};

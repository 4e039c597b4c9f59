// Recurring work (decision 0047): one row per schedule of an agent instance, indexed for the due-fire
// scan across tenants (status, next_fire_at), the stale-claim sweep and each instance's listing.
import { jsonColumnType } from '../sql-json.js';
import type { Migration } from '../migrator.js';
import { entityTable, index } from './migration-helpers.js';

export const workSchedules: Migration = {
  name: '0105-work-schedules',
  async up(db, dialect) {
    await entityTable(db, 'work_schedules', 'required', (t) =>
      t
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('agent_id', 'text', (c) => c.notNull())
        .addColumn('skill', 'text', (c) => c.notNull())
        .addColumn('label', 'text')
        .addColumn('input', jsonColumnType(dialect), (c) => c.notNull())
        .addColumn('cron', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('timezone', 'text', (c) => c.notNull())
        .addColumn('within_working_hours', 'boolean', (c) => c.notNull())
        .addColumn('working_hours', jsonColumnType(dialect), (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('next_fire_at', 'bigint')
        .addColumn('last_run_at', 'bigint')
        .addColumn('last_task_id', 'text')
        .addColumn('pending_task_id', 'text')
        .addColumn('last_error_code', 'text')
        .addColumn('last_error_message', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull()),
    );
    await index(db, 'work_schedules', ['status', 'next_fire_at']);
    await index(db, 'work_schedules', ['pending_task_id', 'updated_at']);
    await index(db, 'work_schedules', ['tenant_id', 'instance_id', 'id']);
  },
};

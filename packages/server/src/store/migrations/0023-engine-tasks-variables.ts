// Human (user) tasks as a queryable inbox, and workflow- and global-scope variables with the full
// history of every change (version, actor, time).
import type { Migration } from '../migrator.js';

export const engineTasksVariables: Migration = {
  name: '0023-engine-tasks-variables',
  async up(db) {
    await db.schema
      .createTable('engine_user_tasks')
      .addColumn('task_id', 'text', (c) => c.primaryKey())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('definition_id', 'text', (c) => c.notNull())
      .addColumn('element_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text')
      .addColumn('assignee', 'text')
      .addColumn('role', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('form', 'text', (c) => c.notNull())
      .addColumn('escalated', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('due_at', 'bigint')
      .addColumn('completed_at', 'bigint')
      .addColumn('completed_by', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('engine_user_tasks_assignee')
      .on('engine_user_tasks')
      .columns(['status', 'assignee'])
      .execute();
    await db.schema
      .createIndex('engine_user_tasks_role')
      .on('engine_user_tasks')
      .columns(['status', 'role'])
      .execute();
    await db.schema
      .createIndex('engine_user_tasks_instance')
      .on('engine_user_tasks')
      .column('instance_id')
      .execute();
    await db.schema
      .createTable('engine_variables')
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('engine_variables_pkey', ['scope', 'owner', 'name'])
      .execute();
    await db.schema
      .createTable('engine_variable_history')
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('engine_variable_history_pkey', ['scope', 'owner', 'name', 'version'])
      .execute();
  },
};

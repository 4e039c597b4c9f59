// The one human-in-the-loop inbox (decision 0054): every item that waits on a person — a deliverable to
// approve, an engine user task, a runtime or protocol escalation — is one row, unique per source, with
// the indexes of its query paths (a tenant's open items, the SLA sweep, an instance's items).
import type { Migration } from '../migrator.js';
import { jsonColumnType } from '../sql-json.js';
import { entityTable, index } from './migration-helpers.js';

export const inboxItems: Migration = {
  name: '0110-inbox-items',
  async up(db, dialect) {
    // tenant_id is nullable: an escalation of a platform agent (no customer) is for operators only.
    await entityTable(db, 'inbox_items', 'optional', (t) =>
      t
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('instance_id', 'text')
        .addColumn('agent_id', 'text')
        .addColumn('task_id', 'text')
        .addColumn('job_id', 'text')
        .addColumn('deliverable_id', 'text')
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('actions', jsonColumnType(dialect), (c) => c.notNull())
        .addColumn('source_kind', 'text', (c) => c.notNull())
        .addColumn('source_ref', 'text', (c) => c.notNull())
        .addColumn('revision', jsonColumnType(dialect))
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        .addColumn('escalation_level', 'integer', (c) => c.notNull())
        .addColumn('answer', jsonColumnType(dialect)),
    );
    await index(db, 'inbox_items', ['source_kind', 'source_ref'], { unique: true });
    await index(db, 'inbox_items', ['tenant_id', 'status', 'id']);
    await index(db, 'inbox_items', ['status', 'due_at']);
    await index(db, 'inbox_items', ['instance_id']);
    await index(db, 'inbox_items', ['task_id']);
  },
};

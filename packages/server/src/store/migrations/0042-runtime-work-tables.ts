// The agent runtime's hot paths as typed tables: each wake reads its instance's pending tasks and
// handoffs and counts its pending escalations, and a decision engine loads an agent's memory; each
// has an index on exactly those columns. Runtime tenants are free-form, so tenant_id is no reference.
// 0043 moves the documents of earlier releases here.
import { jsonColumnType } from '../sql-json.js';
import type { Migration } from '../migrator.js';
import { entityTable, index } from './migration-helpers.js';

export const runtimeWorkTables: Migration = {
  name: '0042-runtime-work-tables',
  async up(db, dialect) {
    const json = jsonColumnType(dialect);
    await entityTable(db, 'agent_tasks', 'optional', (t) =>
      t
        .addColumn('task_key', 'text')
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('input', json, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('enqueued_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .addColumn('day', 'text')
        .addColumn('result', json, (c) => c.notNull())
        .addColumn('error', json),
    );
    await index(db, 'agent_tasks', ['task_key'], { unique: true });
    await index(db, 'agent_tasks', ['instance_id', 'status', 'id']);
    await index(db, 'agent_tasks', ['instance_id', 'status', 'day']);

    await entityTable(db, 'agent_handoffs', 'optional', (t) =>
      t
        .addColumn('from_instance_id', 'text', (c) => c.notNull())
        .addColumn('to_instance_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('payload', json, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'bigint', (c) => c.notNull()),
    );
    await index(db, 'agent_handoffs', ['to_instance_id', 'status', 'id']);

    await entityTable(db, 'agent_escalations', 'optional', (t) =>
      t
        .addColumn('escalation_key', 'text')
        .addColumn('agent_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('context', json, (c) => c.notNull())
        .addColumn('urgency', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('decision_id', 'text')
        .addColumn('raised_at', 'bigint', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('answer', json),
    );
    await index(db, 'agent_escalations', ['escalation_key'], { unique: true });
    await index(db, 'agent_escalations', ['agent_id', 'status', 'id']);
    await index(db, 'agent_escalations', ['agent_id', 'day']);
    await index(db, 'agent_escalations', ['tenant_id', 'id']);
    await index(db, 'agent_escalations', ['status', 'id']);

    await entityTable(db, 'agent_decision_memory', 'optional', (t) =>
      t
        .addColumn('agent_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('outcome', json, (c) => c.notNull())
        .addColumn('decided_at', 'bigint', (c) => c.notNull()),
    );
    await index(db, 'agent_decision_memory', ['agent_id', 'id']);
  },
};

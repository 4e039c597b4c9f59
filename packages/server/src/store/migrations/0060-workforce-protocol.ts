// The agent-to-agent protocol: every typed message (agent_messages) and the durable interactions
// (consult, handoff, escalation, consensus) with their deadlines, swept by whichever worker runs.
import { jsonColumnType } from '../sql-json.js';
import type { Migration } from '../migrator.js';

export const workforceProtocol: Migration = {
  name: '0060-workforce-protocol',
  async up(db, dialect) {
    await db.schema
      .createTable('agent_messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('protocol_version', 'text', (c) => c.notNull())
      .addColumn('conversation_id', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'text')
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('from_agent', 'text', (c) => c.notNull())
      .addColumn('to_agent', 'text', (c) => c.notNull())
      .addColumn('payload', jsonColumnType(dialect), (c) => c.notNull())
      .addColumn('priority', 'text', (c) => c.notNull())
      .addColumn('requires_response', 'integer', (c) => c.notNull())
      .addColumn('respond_by', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('agent_messages_conversation')
      .on('agent_messages')
      .columns(['conversation_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('agent_messages_to')
      .on('agent_messages')
      .columns(['to_agent', 'created_at'])
      .execute();
    await db.schema
      .createTable('agent_interactions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('conversation_id', 'text', (c) => c.notNull())
      .addColumn('initiator', 'text', (c) => c.notNull())
      .addColumn('assignee', 'text', (c) => c.notNull())
      .addColumn('deadline', 'bigint')
      .addColumn('data', jsonColumnType(dialect), (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('agent_interactions_due')
      .on('agent_interactions')
      .columns(['status', 'deadline'])
      .execute();
    await db.schema
      .createIndex('agent_interactions_assignee')
      .on('agent_interactions')
      .columns(['assignee', 'status'])
      .execute();
  },
};

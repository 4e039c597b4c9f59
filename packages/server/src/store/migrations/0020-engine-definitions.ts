// Workflow definitions, one row per version (the model as JSON next to its source), and the message
// names each latest version waits for or starts on (for correlation and "unknown message" errors).
import type { Migration } from '../migrator.js';

export const engineDefinitions: Migration = {
  name: '0020-engine-definitions',
  async up(db) {
    await db.schema
      .createTable('engine_definitions')
      .addColumn('definition_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('version_tag', 'text')
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('engine_definitions_pkey', ['definition_id', 'version'])
      .execute();
    await db.schema
      .createTable('engine_message_refs')
      .addColumn('message_name', 'text', (c) => c.notNull())
      .addColumn('definition_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('element_id', 'text', (c) => c.notNull())
      .addColumn('is_start', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('engine_message_refs_pkey', ['message_name', 'definition_id', 'element_id'])
      .execute();
    await db.schema
      .createIndex('engine_message_refs_definition')
      .on('engine_message_refs')
      .column('definition_id')
      .execute();
  },
};

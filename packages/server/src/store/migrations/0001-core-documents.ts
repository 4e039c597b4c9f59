// The general-purpose documents table behind `store.documents`.
import { sql } from 'kysely';
import { jsonColumnType } from '../sql-json.js';
import type { Migration } from '../migrator.js';

export const coreDocuments: Migration = {
  name: '0001-core-documents',
  async up(db, dialect) {
    await db.schema
      .createTable('documents')
      .addColumn('collection', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text')
      .addColumn('key', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('data', jsonColumnType(dialect), (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('documents_pkey', ['collection', 'id'])
      .execute();
    await db.schema
      .createIndex('documents_collection_key_unique')
      .on('documents')
      .columns(['collection', 'key'])
      .unique()
      .where(sql.ref('key'), 'is not', null)
      .execute();
    await db.schema
      .createIndex('documents_collection_tenant_id')
      .on('documents')
      .columns(['collection', 'tenant_id', 'id'])
      .execute();
  },
};

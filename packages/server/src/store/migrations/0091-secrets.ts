// The secrets store: one row per secret, its value encrypted with its own data key (AES-256-GCM) and
// the data key wrapped by the master key, which lives outside the database. `scope_key` is
// `<tenant id or *>/<name>`, unique, so a name is taken once per tenant and once platform-wide.
import type { Migration } from '../migrator.js';

export const secretsStore: Migration = {
  name: '0091-secrets',
  async up(db) {
    await db.schema
      .createTable('secrets')
      .addColumn('scope_key', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('ciphertext', 'text', (c) => c.notNull())
      .addColumn('wrapped_key', 'text', (c) => c.notNull())
      .addColumn('master_key_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('secrets_tenant').on('secrets').columns(['tenant_id', 'name']).execute();
  },
};

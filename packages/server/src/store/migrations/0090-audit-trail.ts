// The audit trail: one row per entry, keyed by its place in the hash chain. Rows are append-only in
// the database too (triggers refuse UPDATE, DELETE and — on PostgreSQL — TRUNCATE), so tampering
// needs DDL rights; the chain, the per-entry signatures and the anchor outside the database catch it.
import { sql } from 'kysely';
import type { Migration } from '../migrator.js';

export const auditTrail: Migration = {
  name: '0090-audit-trail',
  async up(db, dialect) {
    await db.schema
      .createTable('audit_entries')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('resource', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text')
      // Canonical JSON text, exactly as hashed (a JSON column type could normalise it).
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text')
      .addColumn('signature', 'text')
      .execute();
    for (const column of ['tenant_id', 'actor', 'action'] as const)
      await db.schema
        .createIndex(`audit_entries_${column}`)
        .on('audit_entries')
        .columns([column, 'seq'])
        .execute();
    if (dialect === 'sqlite') {
      for (const op of ['UPDATE', 'DELETE'])
        await sql
          .raw(
            `CREATE TRIGGER audit_entries_no_${op.toLowerCase()} BEFORE ${op} ON audit_entries ` +
              `BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END`,
          )
          .execute(db);
      return;
    }
    await sql
      .raw(
        `CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ ` +
          `BEGIN RAISE EXCEPTION 'audit_entries is append-only'; END $$`,
      )
      .execute(db);
    await sql
      .raw(
        'CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries ' +
          'FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()',
      )
      .execute(db);
    await sql
      .raw(
        'CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries ' +
          'FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()',
      )
      .execute(db);
  },
};

// The bus outbox gets leaner to write: every published message inserts a row and every ack deletes
// it, so each B-tree the row lives in costs on both. SQLite keeps the rows in their primary key
// (WITHOUT ROWID: no separate rowid table beside the id index), and the (status, id) index goes on
// both dialects: only the start-up `load` filters on status, and a scan there is cheap next to
// maintaining the index on the publish and ack paths (decision 0088).
import { sql } from 'kysely';
import type { Migration } from '../migrator.js';

export const busOutboxLean: Migration = {
  name: '0153-bus-outbox-lean',
  async up(db, dialect) {
    await db.schema.dropIndex('bus_outbox_status').execute();
    if (dialect !== 'sqlite') return;
    await sql`create table bus_outbox_lean (
      id text primary key not null,
      grp text not null,
      status text not null,
      message text not null,
      attempts integer not null,
      errors text not null,
      reason text,
      dead_at bigint,
      discard_reason text,
      discarded_at bigint,
      updated_at bigint not null
    ) without rowid`.execute(db);
    await sql`insert into bus_outbox_lean select id, grp, status, message, attempts, errors, reason, dead_at,
      discard_reason, discarded_at, updated_at from bus_outbox`.execute(db);
    await sql`drop table bus_outbox`.execute(db);
    await sql`alter table bus_outbox_lean rename to bus_outbox`.execute(db);
  },
};

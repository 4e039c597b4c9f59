// A transaction that fails at COMMIT on SQLite (a deferred foreign key is checked only then), so the
// whole group commit it joined is lost as on a disk error: for tests of what the group's members see.
import { sql } from 'kysely';
import type { SqlStore } from '../store/sql-store.js';

/** Creates the tables `transactionFailingAtCommit` writes to. */
export async function createDeferredForeignKey(store: SqlStore): Promise<void> {
  await sql`create table parents (id text primary key)`.execute(store.db);
  await sql`create table children (id text primary key, parent text references parents (id) deferrable initially deferred)`.execute(
    store.db,
  );
}

/** Joins the open group commit and makes its COMMIT fail; rejects with that failure. */
export function transactionFailingAtCommit(store: SqlStore): Promise<unknown> {
  return store.transaction((tx) =>
    sql`insert into children (id, parent) values ('c1', 'nobody')`.execute(tx.db),
  );
}

// Folding SQLite's write-ahead log into the database file from a connection of its own: the platform's
// connection keeps a group transaction open (sqlite-driver.ts), inside which a checkpoint cannot run.
import Database from 'better-sqlite3';

/**
 * Checkpoints the WAL of the database at `path` and truncates it. Best effort: a reader holding an
 * older snapshot leaves the log as it is, to be folded by a later checkpoint.
 */
export function checkpointSqlite(path: string): void {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 1000');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

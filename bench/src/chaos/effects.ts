// The side effects chaos workers perform, and how they keep them exactly-once under kill -9: each
// effect is applied in one transaction together with a row under its unique idempotency key, so a
// redelivered message finds the key taken and applies nothing. `chaos_effect_log` has no constraint:
// a duplicate effect would show there. `chaos_attempts` logs every delivery (duplicates expected).
import Database from 'better-sqlite3';
import type pg from 'pg';
import { crashNow, faultDue, faultPoint } from './fault-point.js';

export const FAULT_POINTS = {
  beforeEffect: 'before-effect',
  duringCommit: 'during-effect-commit',
  afterEffect: 'after-effect-before-ack',
} as const;

/** `tag` names what the effect is for (e.g. instance/element); it is the key unless given. */
export const pgEffectsSchema = `
  create table if not exists chaos_effects (key text primary key, tag text not null, pid int not null, at bigint not null);
  create table if not exists chaos_effect_log (key text not null, tag text not null, pid int not null, at bigint not null);
  create table if not exists chaos_attempts (key text not null, tag text not null, pid int not null, at bigint not null);
  create index if not exists chaos_attempts_key on chaos_attempts (key);`;

const guarded = new WeakSet<pg.PoolClient>();

/** Applies the effect for `key` once. Resolves true when this call applied it, false for a duplicate. */
export async function applyPgEffect(pool: pg.Pool, key: string, tag = key): Promise<boolean> {
  await pool.query('insert into chaos_attempts (key, tag, pid, at) values ($1, $2, $3, $4)', [
    key,
    tag,
    process.pid,
    Date.now(),
  ]);
  faultPoint(FAULT_POINTS.beforeEffect);
  const client = await pool.connect();
  if (!guarded.has(client)) {
    // A server crash also arrives as an 'error' event on checked-out clients; the query rejects anyway.
    client.on('error', () => undefined);
    guarded.add(client);
  }
  let applied = false;
  try {
    await client.query('begin');
    const r = await client.query(
      'insert into chaos_effects (key, tag, pid, at) values ($1, $2, $3, $4) on conflict (key) do nothing',
      [key, tag, process.pid, Date.now()],
    );
    applied = r.rowCount === 1;
    if (applied)
      await client.query('insert into chaos_effect_log (key, tag, pid, at) values ($1, $2, $3, $4)', [
        key,
        tag,
        process.pid,
        Date.now(),
      ]);
    if (faultDue(FAULT_POINTS.duringCommit)) {
      // COMMIT is on the wire but its answer never arrives: the effect may or may not be durable.
      client.query('commit').catch(() => undefined);
      crashNow();
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  faultPoint(FAULT_POINTS.afterEffect);
  return applied;
}

export const sqliteEffectsSchema = `
  create table if not exists chaos_effects (key text primary key, pid int not null, at integer not null);
  create table if not exists chaos_effect_log (key text not null, pid int not null, at integer not null);
  create table if not exists chaos_attempts (key text not null, pid int not null, at integer not null);
  create table if not exists chaos_published (key text primary key, at integer not null);`;

/**
 * The effects of the embedded platform whose store is at `platformPath`: a sibling file, not the
 * platform's own. These writes are synchronous (so fault points land exactly), and a synchronous
 * writer waiting on the platform's file would block the event loop while the platform's group commit
 * holds that file's write lock until its next turn — a deadlock the platform's own code never has.
 */
export const sqliteEffectsFile = (platformPath: string) => `${platformPath}-effects`;

/** The same effect on an embedded SQLite file (WAL, synchronous=FULL), for the embedded platform. */
export function sqliteEffects(platformPath: string) {
  const db = new Database(sqliteEffectsFile(platformPath));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 10000');
  db.exec(sqliteEffectsSchema);
  const attempt = db.prepare('insert into chaos_attempts (key, pid, at) values (?, ?, ?)');
  const claim = db.prepare('insert or ignore into chaos_effects (key, pid, at) values (?, ?, ?)');
  const log = db.prepare('insert into chaos_effect_log (key, pid, at) values (?, ?, ?)');
  const published = db.prepare('insert or ignore into chaos_published (key, at) values (?, ?)');
  const apply = db.transaction((key: string) => {
    const applied = claim.run(key, process.pid, Date.now()).changes === 1;
    if (applied) log.run(key, process.pid, Date.now());
    return applied;
  });
  return {
    db,
    /** Applies the effect for `key` once; true when this call applied it. */
    apply(key: string): boolean {
      attempt.run(key, process.pid, Date.now());
      faultPoint(FAULT_POINTS.beforeEffect);
      const applied = apply(key);
      faultPoint(FAULT_POINTS.afterEffect);
      return applied;
    },
    /** Records that the bus acknowledged the publish of `key`. */
    published(key: string): void {
      published.run(key, Date.now());
    },
    lastPublished(): number {
      const row = db.prepare('select count(*) as n from chaos_published').get() as { n: number };
      return row.n;
    },
    close(): void {
      db.close();
    },
  };
}

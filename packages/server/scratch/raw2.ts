import Database from 'better-sqlite3';
import { mkdtempSync, statSync } from 'node:fs'; import { tmpdir } from 'node:os'; import { join } from 'node:path';
for (const layout of ['rowid', 'clustered']) {
  const dir = mkdtempSync(join(tmpdir(), 'raw-'));
  const db = new Database(join(dir, 'x.db'));
  db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL'); db.pragma(`wal_autocheckpoint = ${process.env.CKPT ?? 0}`);
  db.exec(`create table h (instance_id text not null, seq integer not null, type text, at integer, data text not null, primary key (instance_id, seq)) ${layout === 'clustered' ? 'without rowid' : ''}`);
  db.exec(`create table i (instance_id text primary key, seq integer, updated_at integer, owner text, lease_until integer, runnable integer, state text) ${layout === 'clustered' ? 'without rowid' : ''}`);
  db.exec('create index i_run on i (runnable, lease_until)');
  const insI = db.prepare('insert into i values (?, 0, 0, ?, 0, 1, ?)');
  const ins = db.prepare('insert into h values (?, ?, ?, ?, ?)');
  const upd = db.prepare('update i set seq = ?, updated_at = ? where instance_id = ? and owner = ?');
  const data = JSON.stringify({ activityId: 'a12', tokenId: 't1', elementId: 's3', scopeId: 'root', taskType: 'noop', input: null, attempt: 1 });
  let base = Date.now();
  const commits = 400; let total = 0;
  for (let round = 0; round < commits / 20; round++) {
    const ids = Array.from({ length: 64 }, (_, k) => `wfi_${(base + round).toString(36)}${String(k).padStart(4, '0')}xxxxxxxxxxxx`);
    db.exec('begin'); for (const id of ids) insI.run(id, 'w', 'active'); db.exec('commit');
    for (let step = 0; step < 20; step++) {
      const t = performance.now();
      db.exec('begin immediate');
      for (const id of ids) { ins.run(id, step * 2 + 1, 'activity.completed', 0, data); ins.run(id, step * 2 + 2, 'activity.scheduled', 0, data); upd.run(step, Date.now(), id, 'w'); }
      db.exec('commit');
      total += performance.now() - t;
    }
  }
  const wal = 0; void statSync;
  console.log(layout, (total / commits).toFixed(2), 'ms/commit', (wal / commits / 1024).toFixed(1), 'KB WAL/commit');
}

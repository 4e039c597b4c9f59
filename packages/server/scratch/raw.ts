import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs'; import { tmpdir } from 'node:os'; import { join } from 'node:path';
for (const sync of ['FULL', 'NORMAL']) for (const rows of [1, 60, 180]) {
  const db = new Database(join(mkdtempSync(join(tmpdir(), 'raw-')), 'x.db'));
  db.pragma('journal_mode = WAL'); db.pragma(`synchronous = ${sync}`);
  db.exec('create table h (instance_id text not null, seq integer not null, data text not null, primary key (instance_id, seq))');
  const ins = db.prepare('insert into h values (?, ?, ?)');
  const data = 'x'.repeat(400);
  const n = 300; let seq = 0;
  const t = performance.now();
  for (let i = 0; i < n; i++) { db.exec('begin immediate'); for (let r = 0; r < rows; r++) ins.run(`inst_${r % 64}`, seq++, data); db.exec('commit'); }
  const ms = performance.now() - t;
  console.log(sync, rows, 'rows/tx', (ms / n).toFixed(3), 'ms/commit', (n / (ms / 1000)).toFixed(0), 'commits/s');
}

import Database from 'better-sqlite3';
const orig = Database.prototype.prepare;
const stats = new Map<string, { n: number; ms: number }>();
(Database.prototype as any).prepare = function (sqlText: string) {
  const stmt = orig.call(this, sqlText);
  const key = sqlText.slice(0, 60);
  for (const m of ['run', 'all'] as const) {
    const f = (stmt as any)[m].bind(stmt);
    (stmt as any)[m] = (...args: unknown[]) => { const t = performance.now(); try { return f(...args); } finally { const s = stats.get(key) ?? { n: 0, ms: 0 }; s.n++; s.ms += performance.now() - t; stats.set(key, s); } };
  }
  return stmt;
};
process.on('exit', () => { for (const [k, v] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) console.log(v.ms.toFixed(0).padStart(6), String(v.n).padStart(7), k); });
await import('./engine-throughput.js');

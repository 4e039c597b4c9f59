import pg from 'pg';
const orig = pg.Client.prototype.query as any;
const stats = new Map<string, { n: number; ms: number }>();
(pg.Client.prototype as any).query = function (...args: any[]) {
  const text = typeof args[0] === 'string' ? args[0] : args[0]?.text ?? '?';
  const key = String(text).replace(/\s+/g, ' ').slice(0, 50);
  const t = performance.now();
  const r = orig.apply(this, args);
  if (r && typeof r.then === 'function') return r.then((x: unknown) => { const s = stats.get(key) ?? { n: 0, ms: 0 }; s.n++; s.ms += performance.now() - t; stats.set(key, s); return x; });
  return r;
};
process.on('exit', () => { for (const [k, v] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) console.log(v.ms.toFixed(0).padStart(6), String(v.n).padStart(7), (v.ms / v.n).toFixed(2).padStart(7), k); });
await import('./engine-throughput.js');

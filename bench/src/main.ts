// `npm run bench [-- --full] [-- --only <regex>]`: calibrate, then ours vs peers in one run on the same
// PostgreSQL and Redis (started here, durable settings), then write bench/results/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startPostgres, startRedis } from '../../packages/server/src/testing/local-services.js';
import type { BenchContext } from './context.js';
import { runCell, type CellResult, type CellSpec } from './harness.js';
import { writeResults } from './report.js';
import { suites } from './suites/index.js';

const args = process.argv.slice(2);
const full = args.includes('--full');
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? new RegExp(args[onlyIdx + 1] ?? '.') : undefined;
const repeats = full ? 5 : 3;
const started = Date.now();
const log = (line: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}\n`);

log(`WAOOAW bench — ${full ? 'full' : 'quick'} mode, ${repeats} repeats + 1 warm-up per cell`);
const settings = { postgres: 'fsync=on synchronous_commit=on (defaults)', redis: 'appendonly=yes appendfsync=everysec', sqlite: 'WAL', mode: full ? 'full' : 'quick' };
const [postgres, redis] = await Promise.all([startPostgres({ durable: true, maxConnections: 300 }), startRedis({ durable: true })]);
log(`PostgreSQL on ${postgres.port} (${settings.postgres}); Redis on ${redis.port} (${settings.redis})`);
const tmpRoot = mkdtempSync(join(tmpdir(), 'waooaw-bench-'));
const ctx: BenchContext = {
  pgUrl: postgres.url,
  redisUrl: redis.url,
  quick: !full,
  log,
  async freshDatabase() {
    const name = `b_${randomBytes(5).toString('hex')}`;
    const c = new pg.Client({ connectionString: postgres.url });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    const u = new URL(postgres.url);
    u.pathname = `/${name}`;
    return u.toString();
  },
  tmpDir: () => mkdtempSync(join(tmpRoot, 'c-')),
};

const results: CellResult[] = [];
try {
  for (const suite of suites) {
    const cells: CellSpec[] = (await suite.cells(ctx)).filter((c) => !only || only.test(c.id));
    if (!cells.length) continue;
    log(`suite ${suite.name}: ${cells.length} cell(s)`);
    for (const cell of cells) results.push(await runCell(cell, repeats, log));
  }
} finally {
  await Promise.all([postgres.stop(), redis.stop()]);
  rmSync(tmpRoot, { recursive: true, force: true });
}
const out = writeResults(join(import.meta.dirname, '..', 'results'), results, {
  mode: full ? 'full' : 'quick',
  repeats,
  startedAt: new Date(started).toISOString(),
  durationSeconds: (Date.now() - started) / 1000,
  settings,
});
log(`wrote ${out.json} and ${out.md}`);
process.stdout.write('\n' + (await import('node:fs')).readFileSync(out.md, 'utf8'));
const failedGoals = results.filter((r) => r.pass === false).length;
log(`${results.length} cells; ${failedGoals} below goal`);
process.exit(0);

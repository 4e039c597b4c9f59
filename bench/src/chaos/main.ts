// `npm run chaos [-- --full] [-- --only <regex>] [-- --seed N]`: kill -9 workers at random moments and
// at named fault points, crash PostgreSQL and Redis under load, then verify no acknowledged work was
// lost and no effect applied twice. Exits 1 when a gating scenario fails.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startPostgres, startRedis } from '@waooaw/server/testing';
import { writeChaosResults } from './report.js';
import { chaosPlan } from './plan.js';
import type { ChaosEnv } from './scenarios.js';
import type { ChaosReport } from './verifier.js';

const args = process.argv.slice(2);
const full = args.includes('--full');
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? new RegExp(args[onlyIdx + 1] ?? '.') : undefined;
const seedIdx = args.indexOf('--seed');
const seed = seedIdx >= 0 ? Number(args[seedIdx + 1]) : Date.now() % 100_000;
const started = Date.now();
const log = (line: string) =>
  process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}\n`);

// Interrupted: exit normally so that 'exit' handlers (the supervisors' kill-all) run.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));

log(`WAOOAW chaos — ${full ? 'full' : 'quick'} mode, seed ${seed}`);
const [postgres, redis] = await Promise.all([
  startPostgres({ durable: true, maxConnections: 300 }),
  startRedis({ durable: true }),
]);
const tmpRoot = mkdtempSync(join(tmpdir(), 'waooaw-chaos-'));
const env: ChaosEnv = {
  redisUrl: redis.url,
  async freshDatabase() {
    const name = `c_${randomBytes(5).toString('hex')}`;
    const c = new pg.Client({ connectionString: postgres.url });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    return postgres.url.replace(/\/postgres$/, `/${name}`);
  },
  tmpDir: () => mkdtempSync(join(tmpRoot, 's-')),
  log,
};

const reports: ChaosReport[] = [];
try {
  for (const step of chaosPlan(full ? 'full' : 'quick')) {
    if (only && !only.test(step.id)) continue;
    log(`scenario ${step.id}`);
    try {
      const r = await step.run(env, { kills: step.kills, seed, quick: !full });
      reports.push(r);
      log(
        `  ${r.pass ? 'PASS' : 'FAIL'}: kills ${r.kills}, expected ${r.expected}, lost ${r.lost}, duplicated ${r.duplicated}, duplicate attempts ${r.duplicateAttempts}, resumed max ${r.resumeMaxMs} ms, done max ${r.recoveryMaxMs} ms — ${r.notes.join('; ')}`,
      );
    } catch (err) {
      log(`  ERROR: ${(err as Error).stack ?? String(err)}`);
      reports.push({
        scenario: step.id,
        system: 'error',
        kills: 0,
        killsByMode: {},
        expected: 0,
        effects: 0,
        lost: 0,
        duplicated: 0,
        duplicateAttempts: 0,
        stuck: 0,
        resumeP50Ms: 0,
        resumeMaxMs: 0,
        recoveryP50Ms: 0,
        recoveryMaxMs: 0,
        restartP50Ms: 0,
        restartMaxMs: 0,
        unexpectedExits: 0,
        seconds: 0,
        gate: step.gate,
        pass: false,
        notes: [(err as Error).message],
      });
    }
  }
} finally {
  await Promise.all([postgres.stop(), redis.stop()]);
  rmSync(tmpRoot, { recursive: true, force: true });
}
const out = writeChaosResults(join(import.meta.dirname, '..', '..', 'results'), reports, {
  mode: full ? 'full' : 'quick',
  startedAt: new Date(started).toISOString(),
  seconds: (Date.now() - started) / 1000,
  seed,
  ...(process.env.BENCH_NOTE ? { note: process.env.BENCH_NOTE } : {}),
  ...(only ? { partial: true } : {}),
});
process.stdout.write('\n' + readFileSync(out.md, 'utf8'));
const failed = reports.filter((r) => r.gate && !r.pass);
log(
  `${reports.length} scenarios, ${reports.reduce((s, r) => s + r.kills, 0)} kills; ${failed.length} gating failure(s); wrote ${out.md}`,
);
process.exit(failed.length ? 1 : 0);

// `npm run bench [-- --full] [-- --only <regex>]`: calibrate, then ours vs peers in one run on the same
// PostgreSQL and Redis (started here, durable settings), then write bench/results/. Each suite runs in
// a child process of its own (`--suite-child`), so no suite inherits another's heap, timers or
// lingering peer workers: a cell measures its own work only.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { BenchContext } from './context.js';
import { runCell, type CellResult, type CellSpec } from './harness.js';
import { writeResults } from './report.js';
import { suites } from './suites/index.js';

const args = process.argv.slice(2);
const full = args.includes('--full');
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const onlyArg = arg('--only');
const only = onlyArg === undefined ? undefined : new RegExp(onlyArg);
const repeats = full ? 5 : 3;
const started = Number(process.env.BENCH_STARTED ?? Date.now());
const log = (line: string) =>
  process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}\n`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/**
 * The suite children's Node flags: the parent's (tsx's loader) without the condition that resolves
 * `@waooaw/*` to TypeScript sources — so they import the compiled server, the program `npm start`
 * runs. Through tsx the sources are slower: its transform wraps every function created at run time
 * in a name-keeping helper (decision 0092).
 */
const SUITE_EXEC_ARGV = process.execArgv.filter(
  (a, i, all) =>
    !a.startsWith('--conditions=@waooaw/source') &&
    !(a === '--conditions' && all[i + 1] === '@waooaw/source') &&
    !(all[i - 1] === '--conditions' && a === '@waooaw/source'),
);

/** Child mode: one suite against servers the parent started; results go to `--out`. */
const child = arg('--suite-child');
if (child !== undefined) {
  await runSuiteChild(child, arg('--pg')!, arg('--redis')!, arg('--out')!);
  process.exit(0);
}

log(
  `WAOOAW bench — ${full ? 'full' : 'quick'} mode, ${repeats} repeats + 1 warm-up per cell; load average ${load()}`,
);
// Only this parent process starts servers; it runs with the source condition (test helpers are not
// part of the build), while the suite children measure the compiled server (see SUITE_EXEC_ARGV).
const { startPostgres, startRedis } = await import('@waooaw/server/testing');
const [postgres, redis] = await Promise.all([
  startPostgres({ durable: true, maxConnections: 300 }),
  startRedis({ durable: true }),
]);
// Interrupted: stop the servers too (the suite children share the process group and get the signal).
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void Promise.allSettled([postgres.stop(), redis.stop()]).then(() => process.exit(130));
  });

/** The durability settings actually in force, read back from the servers. */
async function serverSettings(
  postgres: { url: string },
  redis: { url: string },
): Promise<Record<string, string>> {
  const c = new pg.Client({ connectionString: postgres.url });
  await c.connect();
  const show = async (name: string) =>
    ((await c.query(`show ${name}`)).rows[0] as Record<string, string>)[name] ?? '?';
  const pgSettings = `fsync=${await show('fsync')} synchronous_commit=${await show('synchronous_commit')} wal_sync_method=${await show('wal_sync_method')} full_page_writes=${await show('full_page_writes')} (${await show('server_version')})`;
  await c.end();
  const r = new Redis(redis.url);
  const conf = (await r.config('GET', 'append*')) as string[];
  const info = (await r.info('server')).match(/redis_version:(\S+)/)?.[1] ?? '?';
  r.disconnect();
  const kv: Record<string, string> = {};
  for (let i = 0; i < conf.length; i += 2) kv[conf[i]!] = conf[i + 1]!;
  return {
    postgres: pgSettings,
    redis: `appendonly=${kv.appendonly} appendfsync=${kv.appendfsync} (${info})`,
    sqlite: 'WAL; synchronous as named per cell (FULL is the embedded default)',
    mode: full ? 'full' : 'quick',
  };
}

const settings = await serverSettings(postgres, redis);
log(`PostgreSQL on ${postgres.port} (${settings.postgres}); Redis on ${redis.port} (${settings.redis})`);
const results: CellResult[] = [];
const loadAtStart = load();
const tmpRoot = mkdtempSync(join(tmpdir(), 'waooaw-bench-'));
try {
  for (const suite of suites) {
    const out = join(tmpRoot, `${suite.name}.json`);
    const code = await new Promise<number | null>((resolve, reject) => {
      const c = spawn(
        process.execPath,
        [
          ...SUITE_EXEC_ARGV,
          import.meta.filename,
          '--suite-child',
          suite.name,
          '--pg',
          postgres.url,
          '--redis',
          redis.url,
          '--out',
          out,
          ...(full ? ['--full'] : []),
          ...(onlyArg === undefined ? [] : ['--only', onlyArg]),
        ],
        { stdio: 'inherit', env: { ...process.env, BENCH_STARTED: String(started) } },
      );
      c.once('error', reject);
      c.once('exit', resolve);
    });
    if (code !== 0) throw new Error(`suite ${suite.name} exited with ${code}`);
    results.push(...(JSON.parse(readFileSync(out, 'utf8')) as CellResult[]));
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
  settings: { ...settings, load: `1/5/15-min load average ${loadAtStart} at start, ${load()} at end` },
  ...(process.env.BENCH_NOTE ? { note: process.env.BENCH_NOTE } : {}),
  ...(only ? { partial: true } : {}),
});
log(`wrote ${out.json} and ${out.md}`);
process.stdout.write('\n' + readFileSync(out.md, 'utf8'));
const failedGoals = results.filter((r) => r.pass === false).length;
log(`${results.length} cells; ${failedGoals} below goal`);
process.exit(0);

async function runSuiteChild(name: string, pgUrl: string, redisUrl: string, out: string): Promise<void> {
  const suite = suites.find((x) => x.name === name);
  if (!suite) throw new Error(`no suite ${name}`);
  const tmpRoot = mkdtempSync(join(tmpdir(), `waooaw-bench-${name}-`));
  const shared = new Map<string, Promise<string>>();
  const ctx: BenchContext = {
    pgUrl,
    redisUrl,
    quick: !full,
    log,
    async freshDatabase() {
      const db = `b_${randomBytes(5).toString('hex')}`;
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`create database ${db}`);
      await c.end();
      const u = new URL(pgUrl);
      u.pathname = `/${db}`;
      return u.toString();
    },
    sharedDatabase(key) {
      let url = shared.get(key);
      if (!url) shared.set(key, (url = ctx.freshDatabase()));
      return url;
    },
    tmpDir: () => mkdtempSync(join(tmpRoot, 'c-')),
  };
  const results: CellResult[] = [];
  try {
    const cells: CellSpec[] = (await suite.cells(ctx)).filter((c) => !only || only.test(c.id));
    if (cells.length) {
      const server = fileURLToPath(import.meta.resolve('@waooaw/server/store'));
      log(
        `suite ${suite.name}: ${cells.length} cell(s), own process, server from ${relative(process.cwd(), server)}; load average ${load()}`,
      );
      for (const cell of cells) results.push(await runCell(cell, repeats, log));
    }
  } finally {
    writeFileSync(out, JSON.stringify(results));
    rmSync(tmpRoot, { recursive: true, force: true });
  }
}

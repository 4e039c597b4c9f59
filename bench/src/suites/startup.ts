// Start-up: time from spawning the compiled server (`node dist/cli/main.js start`, embedded, a fresh data
// directory so migrations run) to its first 200 on /health, next to bare Fastify's spawn → first 200.
// Details: a restart on the same data (migrations already applied) and the same start from source via tsx.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { bundle, startNode } from '../child.js';
import type { BenchContext } from '../context.js';
import type { CellSpec } from '../harness.js';

const require = createRequire(import.meta.url);
const serverDir = dirname(require.resolve('@waooaw/server/package.json'));
const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const bareFastify = join(import.meta.dirname, '..', 'http', 'bare-fastify-server.ts');

/**
 * Milliseconds from `launch()` to the first 200 on `path`, the base URL read from the child's output
 * by `urlIn`; the child is stopped with SIGTERM afterwards and must exit.
 */
async function timeToFirst200(
  launch: () => Promise<ChildProcess> | ChildProcess,
  urlIn: (output: string) => string | undefined,
  path: string,
  timeoutMs = 120_000,
): Promise<number> {
  const started = performance.now();
  const child = await launch();
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((done) =>
    child.once('exit', (code) => {
      exitCode = code;
      done();
    }),
  );
  try {
    while (performance.now() - started < timeoutMs) {
      if (exitCode !== undefined) throw new Error(`exited with ${exitCode}: ${output.slice(-600)}`);
      const url = urlIn(output);
      const status = url
        ? await fetch(`${url}${path}`).then(
            (r) => r.status,
            () => 0,
          )
        : 0;
      if (status === 200) return performance.now() - started;
      // Polling another process's output and port: there is no event to wait on instead.
      await new Promise((r) => setTimeout(r, 2));
    }
    throw new Error(`no 200 on ${path} within ${timeoutMs} ms: ${output.slice(-600)}`);
  } finally {
    if (exitCode === undefined) child.kill('SIGTERM');
    await exited;
  }
}

const openLine = (output: string) => /^Open (http:\/\/\S+)/m.exec(output)?.[1];
const jsonUrl = (output: string) => /"url":"([^"]+)"/.exec(output)?.[1];

export function startupCells(ctx: BenchContext): CellSpec[] {
  const platform = (entry: string[], dataDir: string) => () =>
    spawn(process.execPath, [...entry, 'start', '--port', '0', '--host', '127.0.0.1'], {
      cwd: dataDir,
      env: { ...process.env, WAOOAW_SQLITE_PATH: join(dataDir, 'waooaw.db'), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const compiled = [join(serverDir, 'dist', 'cli', 'main.js')];
  const source = ['--import', require.resolve('tsx'), join(serverDir, 'src', 'cli', 'main.ts')];
  return [
    {
      id: 'startup.compiled-to-health',
      suite: 'startup',
      metric:
        'Start-up: spawn of the compiled server (embedded, fresh data: migrations run) → first 200 on /health, vs bare Fastify spawn → first 200',
      unit: 'ms',
      higherIsBetter: false,
      notes:
        'node packages/server/dist/cli/main.js start (SQLite FULL, in-process bus, offline models; 19 agents registered, reference workflows deployed); the URL is read from the "Open …" line, then /health is polled every 2 ms. restartMs: the same on the data it just created; tsxSourceMs: a fresh start from the TypeScript source through tsx (npm run dev).',
      async setup() {
        execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build-if-stale.mjs'), 'server'], {
          stdio: 'inherit',
        });
        await bundle(bareFastify);
      },
      async ours() {
        const dataDir = ctx.tmpDir();
        const first = await timeToFirst200(platform(compiled, dataDir), openLine, '/health');
        const restartMs = await timeToFirst200(platform(compiled, dataDir), openLine, '/health');
        const tsxSourceMs = await timeToFirst200(platform(source, ctx.tmpDir()), openLine, '/health');
        return { value: first, extra: { restartMs, tsxSourceMs } };
      },
      peers: {
        'bare fastify': async () => ({
          value: await timeToFirst200(() => startNode(bareFastify, ['{}']), jsonUrl, '/api/v1/me'),
        }),
      },
    },
  ];
}

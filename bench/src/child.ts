// Child processes for the bench and the chaos supervisor: TypeScript entry points are bundled once
// with esbuild (our sources and the @waooaw workspace packages inlined, other packages external) because a bundled worker starts in well under
// a second, where tsx needs several on a busy 2-core machine — and chaos restarts hundreds of them.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const repoRoot = resolve(import.meta.dirname, '..', '..');
/** Inside node_modules so that the bundle resolves packages from the workspace (and git ignores it). */
const outDir = join(repoRoot, 'node_modules', '.cache', 'waooaw-bench');
const bundles = new Map<string, Promise<string>>();
/** Resolves `@waooaw/*` to TypeScript sources (their exports map sends plain Node to the compiled dist). */
const sourceCondition = '@waooaw/source';

/** Third-party packages stay external; `@waooaw/*` points at TypeScript sources, which Node 20 cannot load. */
const externalPackagesButOurs: Plugin = {
  name: 'external-packages-but-ours',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@waooaw/') ? undefined : { path: args.path, external: true },
    );
  },
};

/** Bundles `entry` (a .ts file) once per process; resolves with the .mjs path. */
export function bundle(entry: string): Promise<string> {
  let out = bundles.get(entry);
  if (!out) {
    const file = join(outDir, `${basename(entry, '.ts')}-${process.pid}.mjs`);
    mkdirSync(outDir, { recursive: true });
    out = build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: [sourceCondition],
      plugins: [externalPackagesButOurs],
      outfile: file,
      logLevel: 'error',
      sourcemap: 'inline',
    }).then(() => file);
    bundles.set(entry, out);
  }
  return out;
}

/**
 * Starts a bundled entry point with Node; `ipc` adds an IPC channel (process.send in the child).
 * `tsx` runs the source through tsx instead, for code that finds files next to its own module
 * (import.meta.dirname), which a bundle moves.
 */
export async function startNode(
  entry: string,
  args: string[],
  options: SpawnOptions & { ipc?: boolean; execArgv?: string[]; tsx?: boolean } = {},
): Promise<ChildProcess> {
  const { ipc, execArgv = [], tsx, ...spawnOptions } = options;
  const file = tsx ? entry : await bundle(entry);
  return spawn(
    process.execPath,
    [
      '--enable-source-maps',
      ...(tsx ? ['--import', 'tsx', `--conditions=${sourceCondition}`] : []),
      ...execArgv,
      file,
      ...args,
    ],
    {
      stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
      ...spawnOptions,
    },
  );
}

/** Runs a bundled entry point to completion and parses the last JSON line it prints. */
export async function runNodeJson<T>(
  entry: string,
  args: string[],
  options: { timeoutMs: number; execArgv?: string[]; env?: NodeJS.ProcessEnv },
): Promise<T> {
  const child = await startNode(entry, args, {
    ...(options.execArgv ? { execArgv: options.execArgv } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolveExit, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${basename(entry)} timed out after ${options.timeoutMs} ms: ${err.slice(-400)}`));
    }, options.timeoutMs);
    child.once('exit', (c) => {
      clearTimeout(timer);
      resolveExit(c);
    });
  });
  const line = out
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  if (code !== 0 || !line)
    throw new Error(`${basename(entry)} exited with ${code}: ${(err || out).slice(-600)}`);
  return JSON.parse(line) as T;
}

/** Starts a server in a child process and waits for the first JSON line it prints (its address). */
export async function serveChild(
  entry: string,
  args: string[],
  tsx = false,
): Promise<{ child: ChildProcess; info: Record<string, unknown> }> {
  const child = await startNode(entry, args, { tsx });
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as Record<string, unknown>);
    });
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}: ${err.slice(-500)}`)));
  });
  return { child, info };
}

// Platform processes for scale-out tests and the bench: `waooaw start --role api|worker` run from the
// compiled build (node dist/cli/main.js, as deployed), ready once they print that they run, with their
// HTTP or probe URL read from that output. Kill them (SIGKILL, SIGTERM) and start them again.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** packages/server, from src/testing or dist/testing alike. */
const serverRoot = fileURLToPath(new URL('../../', import.meta.url));
export const compiledCli = `${serverRoot}dist/cli/main.js`;

export interface PlatformProcessOptions {
  /** Also the worker id (WAOOAW_WORKER_ID): a restarted worker resumes its own leases at once. */
  name: string;
  /** `all` is the embedded single process (API and engine together). */
  role: 'all' | 'api' | 'worker';
  /** The API's port (default 0, any free one): a restart on the same port keeps its clients' URL. */
  port?: number;
  /** Settings (DATABASE_URL, REDIS_URL, …); PATH and HOME are added. */
  env: Record<string, string>;
  /** Longest wait for the process to say it runs (default 60 s: a loaded 2-core machine is slow). */
  readyTimeoutMs?: number;
}

export interface PlatformProcess {
  readonly name: string;
  readonly role: 'all' | 'api' | 'worker';
  readonly pid: number;
  /** The API's base URL (role api), or the worker's probe server (role worker). */
  readonly url: string;
  /** Spawn → ready, ms. */
  readonly startMs: number;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves with how it ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning(): boolean;
  kill(signal: 'SIGKILL' | 'SIGTERM'): void;
}

/** Starts one process and resolves once it is ready; rejects with its output if it exits or hangs first. */
export async function startPlatformProcess(options: PlatformProcessOptions): Promise<PlatformProcess> {
  if (!existsSync(compiledCli))
    throw new Error(`${compiledCli} is missing: build the server first (npm run build -w packages/server)`);
  const began = performance.now();
  const args = [compiledCli, 'start', '--role', options.role];
  args.push(...(options.role !== 'worker' ? ['--port', String(options.port ?? 0)] : ['--health-port', '0']));
  const child: ChildProcess = spawn(process.execPath, args, {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      WAOOAW_WORKER_ID: options.name,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const pattern = options.role !== 'worker' ? /Open (http:\/\/\S+)/ : /Probes on (http:\/\/\S+)/;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${options.name} was not ready within ${options.readyTimeoutMs ?? 60_000} ms:\n${out}`),
      );
    }, options.readyTimeoutMs ?? 60_000);
    const onData = () => {
      const m = pattern.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited (${code ?? signal}) before it was ready:\n${out}`));
    });
  });
  return {
    name: options.name,
    role: options.role,
    pid: child.pid!,
    url,
    startMs: performance.now() - began,
    output: () => out,
    exited,
    isRunning: () => child.exitCode === null && child.signalCode === null,
    kill: (signal) => void child.kill(signal),
  };
}

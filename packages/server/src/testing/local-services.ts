// Starts throw-away PostgreSQL and Redis servers on loopback from installed binaries (free ports,
// temporary data dirs), for tests, benchmarks and chaos runs. No Docker, no emulators.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LocalService {
  url: string;
  port: number;
  dataDir: string;
  /** Stops the server and removes its data dir. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function which(cmd: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The directory holding `initdb`/`pg_ctl`, newest installed PostgreSQL first; undefined when absent. */
export function findPostgresBin(): string | undefined {
  if (process.env.PG_BIN && existsSync(join(process.env.PG_BIN, 'initdb'))) return process.env.PG_BIN;
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(base, versions[0], 'bin');
  }
  const initdb = which('initdb');
  return initdb ? join(initdb, '..') : undefined;
}

export function findRedisServer(): string | undefined {
  return which('redis-server');
}

/** initdb refuses to run as root: as root we run the PostgreSQL binaries as an unprivileged user. */
function unprivilegedUser(): string | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  for (const user of ['postgres', 'waooaw-pg']) {
    try {
      execFileSync('id', ['-u', user], { stdio: 'ignore' });
      return user;
    } catch {
      /* try the next one */
    }
  }
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'waooaw-pg'], {
    stdio: 'ignore',
  });
  return 'waooaw-pg';
}

function runAs(user: string | undefined, cmd: string, args: string[]): void {
  if (user) execFileSync('runuser', ['-u', user, '--', cmd, ...args], { stdio: 'pipe' });
  else execFileSync(cmd, args, { stdio: 'pipe' });
}

export interface StartPostgresOptions {
  /** Durability off (fsync, synchronous_commit) — fine for tests; benchmarks say what they used. */
  durable?: boolean;
  maxConnections?: number;
  extraSettings?: Record<string, string>;
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<LocalService> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL binaries not found (looked in /usr/lib/postgresql/*/bin and PATH)');
  const user = unprivilegedUser();
  const dataDir = mkdtempSync(join(tmpdir(), 'waooaw-pg-'));
  chmodSync(dataDir, 0o777);
  const pgdata = join(dataDir, 'data');
  if (user) execFileSync('chown', [user, dataDir]);
  runAs(user, join(bin, 'initdb'), [
    '-D',
    pgdata,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C',
    '-N',
  ]);
  const port = await freePort();
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dataDir,
    max_connections: String(options.maxConnections ?? 200),
    ...(options.durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
    ...options.extraSettings,
  };
  const opts = Object.entries(settings)
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
  runAs(user, join(bin, 'pg_ctl'), [
    '-D',
    pgdata,
    '-o',
    opts,
    '-l',
    join(dataDir, 'server.log'),
    '-w',
    '-t',
    '60',
    'start',
  ]);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        runAs(user, join(bin, 'pg_ctl'), ['-D', pgdata, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

export interface StartRedisOptions {
  /** appendonly + appendfsync everysec; off by default for tests. */
  durable?: boolean;
}

export async function startRedis(
  options: StartRedisOptions = {},
): Promise<LocalService & { process: ChildProcess }> {
  const server = findRedisServer();
  if (!server) throw new Error('redis-server not found on PATH (Debian package redis-server)');
  const dataDir = mkdtempSync(join(tmpdir(), 'waooaw-redis-'));
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dataDir,
    '--save',
    '',
    '--daemonize',
    'no',
  ];
  args.push('--appendonly', options.durable ? 'yes' : 'no');
  if (options.durable) args.push('--appendfsync', 'everysec');
  const child = spawn(server, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out.slice(-500)}`)));
  });
  child.stdout?.resume();
  child.stderr?.resume();
  let stopped = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dataDir,
    process: child,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

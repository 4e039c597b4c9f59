// PostgreSQL and Redis servers that chaos runs can crash and bring back on the same port and data:
// PostgreSQL via `pg_ctl stop -m immediate` (no checkpoint, like a power cut for the server process)
// and Redis via SIGKILL. Durable settings: fsync on; Redis AOF with appendfsync everysec.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPostgresBin, findRedisServer, freePort } from '@waooaw/server/testing';

export interface CrashableService {
  url: string;
  port: number;
  /** Crash: `pg_ctl -m immediate` / SIGKILL. Resolves once the server is gone. */
  crash(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it accepts connections. */
  restart(): Promise<void>;
  /** Stops it for good and removes its data. */
  stop(): Promise<void>;
}

/** initdb refuses root: as root the binaries run as an unprivileged user (created if need be). */
function pgUser(): string | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  for (const user of ['postgres', 'waooaw-pg']) {
    try {
      execFileSync('id', ['-u', user], { stdio: 'ignore' });
      return user;
    } catch {
      /* next */
    }
  }
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'waooaw-pg'], {
    stdio: 'ignore',
  });
  return 'waooaw-pg';
}

export async function crashablePostgres(): Promise<CrashableService> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL binaries not found');
  const user = pgUser();
  const run = (cmd: string, args: string[]) =>
    user
      ? execFileSync('runuser', ['-u', user, '--', join(bin, cmd), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, cmd), args, { stdio: 'pipe' });
  const dir = mkdtempSync(join(tmpdir(), 'waooaw-chaos-pg-'));
  chmodSync(dir, 0o777);
  if (user) execFileSync('chown', [user, dir]);
  const pgdata = join(dir, 'data');
  run('initdb', ['-D', pgdata, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '-N']);
  const port = await freePort();
  const opts = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c max_connections=200 -c fsync=on -c synchronous_commit=on`;
  const start = () =>
    run('pg_ctl', ['-D', pgdata, '-o', opts, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  start();
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async crash() {
      run('pg_ctl', ['-D', pgdata, '-m', 'immediate', '-w', 'stop']);
    },
    async restart() {
      start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', pgdata, '-m', 'immediate', '-w', 'stop']);
      } catch {
        /* already down */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function crashableRedis(): Promise<CrashableService> {
  const server = findRedisServer();
  if (!server) throw new Error('redis-server not found');
  const dir = mkdtempSync(join(tmpdir(), 'waooaw-chaos-redis-'));
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--daemonize',
    'no',
  ];
  let child: ChildProcess | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const c = spawn(server, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      let out = '';
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) {
          c.stdout?.off('data', onData);
          c.stdout?.resume();
          resolve();
        }
      };
      c.stdout?.on('data', onData);
      c.stderr?.resume();
      c.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out.slice(-400)}`)));
    });
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  let stopped = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    crash: kill,
    restart: start,
    async stop() {
      if (stopped) return;
      stopped = true;
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

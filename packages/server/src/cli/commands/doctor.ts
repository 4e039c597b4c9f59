// `waooaw doctor`: checks config, Node, data dir, store, bus, Redis and PostgreSQL reachability and
// says what is wrong and how to fix it. Exit code 1 when any check fails.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { Redis } from 'ioredis';
import { loadConfig, type Config } from '../../config.js';
import { toPlatformError } from '../../errors.js';
import { createStoreFromConfig } from '../../store/create-store.js';
import { print } from './shared.js';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

async function timed<T>(ms: number, p: Promise<T>): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, rej) => (t = setTimeout(() => rej(new Error(`no answer within ${ms} ms`)), ms))),
    ]);
  } finally {
    clearTimeout(t);
  }
}

async function checkStore(config: Config): Promise<DoctorCheck> {
  const what = config.store.databaseUrl ? 'PostgreSQL' : `SQLite ${config.store.sqlitePath}`;
  try {
    const store = await timed(5000, createStoreFromConfig(config));
    try {
      await timed(5000, store.ping());
    } finally {
      await store.close().catch(() => undefined);
    }
    return { name: 'store', ok: true, detail: `${what} answers` };
  } catch (err) {
    return {
      name: 'store',
      ok: false,
      detail: `${what}: ${toPlatformError(err).message}`,
      fix: config.store.databaseUrl
        ? 'Start PostgreSQL and check DATABASE_URL (host, port, user, database), or unset DATABASE_URL to use embedded SQLite.'
        : 'Check that WAOOAW_SQLITE_PATH points to a writable location.',
    };
  }
}

async function checkRedis(url: string): Promise<DoctorCheck> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await timed(3000, redis.connect());
    const info = await timed(3000, redis.info('server'));
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
    const major = Number(version.split('.')[0]);
    if (major < 6)
      return {
        name: 'redis',
        ok: false,
        detail: `Redis ${version} is too old`,
        fix: 'Redis 6.2+ is needed for XAUTOCLAIM (Debian: apt-get install redis-server).',
      };
    return {
      name: 'redis',
      ok: true,
      detail: `Redis ${version} at ${url.replace(/\/\/[^@]*@/, '//***@')} answers`,
    };
  } catch (err) {
    return {
      name: 'redis',
      ok: false,
      detail: `${url}: ${(err as Error).message}`,
      fix: 'Start Redis (redis-server) and check REDIS_URL, or unset REDIS_URL to use the in-process bus.',
    };
  } finally {
    redis.disconnect();
  }
}

export async function runDoctor(env: NodeJS.ProcessEnv, file?: string): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const nodeOk = major > 20 || (major === 20 && minor >= 19);
  checks.push({
    name: 'node',
    ok: nodeOk,
    detail: `Node ${process.versions.node}`,
    ...(nodeOk ? {} : { fix: 'Install Node.js 20.19 or newer.' }),
  });
  let config: Config;
  try {
    config = loadConfig({ env, ...(file ? { file } : {}) });
    checks.push({ name: 'config', ok: true, detail: 'configuration is valid' });
  } catch (err) {
    const e = toPlatformError(err);
    checks.push({
      name: 'config',
      ok: false,
      detail: e.message,
      fix: 'Fix the named keys (see README "Configuration"); nothing else can be checked until then.',
    });
    return checks;
  }
  if (!config.store.databaseUrl) {
    const dir = dirname(resolve(config.store.sqlitePath));
    try {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
      checks.push({ name: 'data-dir', ok: true, detail: `${dir} is writable` });
    } catch (err) {
      checks.push({
        name: 'data-dir',
        ok: false,
        detail: `${dir}: ${(err as Error).message}`,
        fix: 'Make the directory writable or set WAOOAW_SQLITE_PATH elsewhere.',
      });
    }
  }
  checks.push(await checkStore(config));
  if (config.bus.redisUrl) checks.push(await checkRedis(config.bus.redisUrl));
  else
    checks.push({
      name: 'bus',
      ok: true,
      detail: `in-process bus${config.bus.durable ? ' (durable outbox in the store)' : ''}`,
    });
  return checks;
}

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check configuration, store, bus, Redis and PostgreSQL and say how to fix problems')
    .action(async (_opts: unknown, cmd: Command) => {
      const file = cmd.optsWithGlobals<{ config?: string }>().config;
      const checks = await runDoctor(process.env, file);
      for (const c of checks) {
        print(`${c.ok ? '✔' : '✖'} ${c.name.padEnd(9)} ${c.detail}`);
        if (!c.ok && c.fix) print(`  → ${c.fix}`);
      }
      const failed = checks.filter((c) => !c.ok).length;
      print(failed ? `\n${failed} problem(s) found.` : '\nAll good.');
      if (failed) process.exitCode = 1;
    });
}

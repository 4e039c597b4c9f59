// Vitest global setup: one throw-away PostgreSQL and one Redis server for the whole run.
// Without the binaries the dependent suites are skipped with a printed reason — except under
// CI=true, where a missing service fails the run (nothing may be skipped silently in CI).
import type { TestProject } from 'vitest/node';
import {
  findPostgresBin,
  findRedisServer,
  startPostgres,
  startRedis,
  type LocalService,
} from './local-services.js';
import { isCi, selectedBackends } from './backend-selection.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
    redisUrl: string | null;
    servicesSkipped: string[];
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started: LocalService[] = [];
  const skipped: string[] = [];

  const selected = selectedBackends();
  async function provision(
    name: 'postgres' | 'redis',
    external: string | undefined,
    available: boolean,
    start: () => Promise<LocalService>,
    hint: string,
  ): Promise<string | null> {
    // STORES / BUSES left this backend out: nothing to start, and its suites do not run.
    if (!(name === 'postgres' ? selected.stores : selected.buses).includes(name as never)) return null;
    if (external) return external;
    if (!available) {
      const reason = `${name}: binaries not installed (${hint})`;
      if (isCi()) throw new Error(`CI=true and a test service is missing — ${reason}`);
      skipped.push(reason);
      return null;
    }
    const svc = await start();
    started.push(svc);
    return svc.url;
  }

  const [postgresUrl, redisUrl] = await Promise.all([
    provision(
      'postgres',
      process.env.WAOOAW_TEST_DATABASE_URL,
      findPostgresBin() !== undefined,
      () => startPostgres(),
      'PostgreSQL 15 in /usr/lib/postgresql/15/bin',
    ),
    provision(
      'redis',
      process.env.WAOOAW_TEST_REDIS_URL,
      findRedisServer() !== undefined,
      () => startRedis(),
      'apt-get install redis-server',
    ),
  ]);
  if (skipped.length) {
    process.stderr.write(`\n[test services] SKIPPING suites that need: ${skipped.join('; ')}\n\n`);
  }
  project.provide('postgresUrl', postgresUrl);
  project.provide('redisUrl', redisUrl);
  project.provide('servicesSkipped', skipped);
  return async () => {
    await Promise.all(started.map((s) => s.stop()));
  };
}

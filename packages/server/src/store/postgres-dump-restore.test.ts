// The documented PostgreSQL backup (docs/operations.md): `pg_dump -Fc` of a platform database, restored
// with `pg_restore` into a fresh database, serves the same tenants, trials and deliverables.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { setup } from '../api/testing/marketplace-harness.js';
import { createTestPlatform, verifiedCustomer } from '../api/testing/test-platform.js';
import { runsOnStore } from '../testing/backends.js';
import { testPostgres } from '../testing/services.js';
import type { Store } from './store.js';

const run = promisify(execFile);
const hasTools = await run('pg_dump', ['--version']).then(
  () => true,
  () => false,
);
const pgAvailable = runsOnStore('postgres') && hasTools;
(await testPostgres().then(async (db) => (await db?.drop(), db !== undefined))) && hasTools;

async function ids(store: Store) {
  const all = async (repo: { list(o: { limit: number }): Promise<{ items: Array<{ id: string }> }> }) =>
    (await repo.list({ limit: 1000 })).items.map((r) => r.id).sort();
  return {
    tenants: await all(store.tenants),
    trials: await all(store.trials),
    deliverables: await all(store.deliverables),
  };
}

describe.skipIf(!pgAvailable)('PostgreSQL pg_dump / pg_restore', { timeout: 180_000 }, () => {
  it('restores a dump of a platform database into a fresh database that serves the same tenants', async () => {
    const source = (await testPostgres())!;
    const target = (await testPostgres())!;
    const dump = join(mkdtempSync(join(tmpdir(), 'pgdump-')), 'platform.dump');
    try {
      const platform = await createTestPlatform({ store: { databaseUrl: source.url } });
      let before: Awaited<ReturnType<typeof ids>>;
      try {
        const token = await verifiedCustomer(platform, {
          email: 'pg@acme.test',
          password: 'customer password 1',
        });
        const agents = (
          await platform.app.inject({ method: 'GET', url: '/api/v1/agents?limit=50' })
        ).json() as {
          items: Array<{ id: string; status: string }>;
        };
        const trial = await platform.app.inject({
          method: 'POST',
          url: '/api/v1/trials',
          headers: { authorization: `Bearer ${token}` },
          payload: { agentId: agents.items.find((a) => a.status === 'available')!.id, setup },
        });
        expect(trial.statusCode).toBe(201);
        before = await ids(platform.store);
        // pg_dump reads one snapshot, so it is taken with the platform running.
        await run('pg_dump', ['--format=custom', '--no-owner', `--file=${dump}`, source.url]);
      } finally {
        await platform.stop();
      }
      await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${target.url}`, dump]);
      const restored = await createTestPlatform({ store: { databaseUrl: target.url } });
      try {
        expect(await ids(restored.store)).toEqual(before);
        const login = await restored.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'pg@acme.test', password: 'customer password 1' },
        });
        const token = (login.json() as { accessToken: string }).accessToken;
        const trials = await restored.app.inject({
          method: 'GET',
          url: '/api/v1/trials',
          headers: { authorization: `Bearer ${token}` },
        });
        expect((trials.json() as { items: unknown[] }).items).toHaveLength(1);
      } finally {
        await restored.stop();
      }
    } finally {
      await source.drop();
      await target.drop();
    }
  });
});

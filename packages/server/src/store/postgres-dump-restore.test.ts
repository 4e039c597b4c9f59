// The documented PostgreSQL backup (docs/operations.md): `pg_dump -Fc` of a platform database, restored
// with `pg_restore` into a fresh database, serves the same tenants, trials and deliverables.
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../api/testing/test-platform.js';
import {
  customerWithTrial,
  snapshotIds,
  trialsSeenBy,
  type StoreSnapshot,
} from '../api/testing/tenant-snapshot.js';
import { runsOnStore } from '../testing/backends.js';
import { testPostgres } from '../testing/services.js';

const run = promisify(execFile);
const hasTools = await run('pg_dump', ['--version']).then(
  () => true,
  () => false,
);

describe.skipIf(!runsOnStore('postgres') || !hasTools)(
  'PostgreSQL pg_dump / pg_restore',
  { timeout: 180_000 },
  () => {
    it('restores a dump of a platform database into a fresh database that serves the same tenants', async () => {
      const source = (await testPostgres())!;
      const target = (await testPostgres())!;
      const dump = join(mkdtempSync(join(tmpdir(), 'pgdump-')), 'platform.dump');
      // Keys live outside the database (decision 0034): the restored platform is given the same master
      // key, as an operator restores the key directory (or the secret) beside the dump.
      const secrets = { masterKey: randomBytes(32).toString('hex') };
      try {
        const platform = await createTestPlatform({ store: { databaseUrl: source.url }, secrets });
        let before: StoreSnapshot;
        try {
          await customerWithTrial(platform, 'pg@acme.test');
          before = await snapshotIds(platform.store);
          // pg_dump reads one snapshot, so it is taken with the platform running.
          await run('pg_dump', ['--format=custom', '--no-owner', `--file=${dump}`, source.url]);
        } finally {
          await platform.stop();
        }
        await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${target.url}`, dump]);
        const restored = await createTestPlatform({ store: { databaseUrl: target.url }, secrets });
        try {
          expect(await snapshotIds(restored.store)).toEqual(before);
          expect(before.trials).toHaveLength(1);
          expect(await trialsSeenBy(restored, 'pg@acme.test')).toBe(1);
        } finally {
          await restored.stop();
        }
      } finally {
        await source.drop();
        await target.drop();
      }
    });
  },
);

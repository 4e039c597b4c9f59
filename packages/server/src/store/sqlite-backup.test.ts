// Backup of the embedded store while the platform serves requests, restored into a platform that serves
// the same tenants, trials and deliverables; restores refuse newer schemas and existing databases.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../api/testing/test-platform.js';
import {
  customerWithTrial,
  snapshotIds,
  trialsSeenBy,
  type StoreSnapshot,
} from '../api/testing/tenant-snapshot.js';
import { migrations } from './migrations/index.js';
import { backupSqlite, restoreSqlite } from './sqlite-backup.js';

const known = migrations.map((m) => m.name);
const fast = { rateLimit: { staffPerMinute: 1e6, probesPerMinute: 1e6, publicPerMinute: 1e6 } };

describe('SQLite backup and restore', { timeout: 180_000 }, () => {
  it('copies the store while the platform serves requests; the restore serves the same tenants, trials and deliverables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backup-'));
    const live = join(dir, 'live.db');
    const platform = await createTestPlatform({ store: { sqlitePath: live }, http: fast });
    let before: StoreSnapshot;
    let during = 0;
    try {
      await customerWithTrial(platform, 'ann@acme.test');
      await customerWithTrial(platform, 'bob@beta.test');
      before = await snapshotIds(platform.store);
      expect(before.trials).toHaveLength(2);
      expect(before.deliverables.length).toBeGreaterThan(0);
      // Sign-ups keep writing while the backup runs; the copy is one committed state either way.
      let stop = false;
      const load = (async () => {
        while (!stop) {
          const res = await platform.app.inject({
            method: 'POST',
            url: '/api/v1/auth/signup',
            payload: {
              email: `load${during}@load.test`,
              password: 'load password 1',
              name: 'L',
              organisationName: `Load ${during}`,
            },
          });
          expect(res.statusCode).toBe(202);
          during += 1;
        }
      })();
      const report = await backupSqlite(live, join(dir, 'copy.db'));
      stop = true;
      await load;
      expect(report.migrations).toEqual([...known].sort());
      expect(during).toBeGreaterThan(0);
    } finally {
      await platform.stop();
    }

    const restoredPath = join(dir, 'restored.db');
    await restoreSqlite(join(dir, 'copy.db'), restoredPath, { knownMigrations: known });
    const restored = await createTestPlatform({ store: { sqlitePath: restoredPath }, http: fast });
    try {
      const after = await snapshotIds(restored.store);
      expect(after.trials).toEqual(before.trials);
      expect(after.deliverables).toEqual(before.deliverables);
      expect(after.tenants).toEqual(expect.arrayContaining(before.tenants));
      // Load sign-ups are in the copy or not, whole: each tenant has its user.
      for (const t of after.tenants.filter((id) => !before.tenants.includes(id)))
        expect((await restored.store.accounts.list({ tenantId: t })).items).toHaveLength(1);
      expect(await trialsSeenBy(restored, 'ann@acme.test')).toBe(1);
    } finally {
      await restored.stop();
    }
  });

  it('refuses a newer schema, an existing or in-use target without force, and a file that is no backup', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'restore-'));
    const copy = join(dir, 'copy.db');
    const db = new Database(copy);
    db.exec('CREATE TABLE waooaw_migrations (name text primary key, applied_at bigint not null)');
    db.prepare('INSERT INTO waooaw_migrations VALUES (?, 0)').run('0001-core-documents');
    db.close();
    const target = join(dir, 'target.db');
    await restoreSqlite(copy, target, { knownMigrations: known });
    await expect(restoreSqlite(copy, target, { knownMigrations: known })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      details: { reason: 'target-exists' },
    });
    writeFileSync(`${target}-wal`, '');
    await expect(restoreSqlite(copy, target, { knownMigrations: known })).rejects.toMatchObject({
      details: { reason: 'target-in-use' },
    });
    await expect(restoreSqlite(copy, target, { knownMigrations: known, force: true })).resolves.toMatchObject(
      {
        migrations: ['0001-core-documents'],
      },
    );

    const future = new Database(copy);
    future.prepare('INSERT INTO waooaw_migrations VALUES (?, 0)').run('9999-from-the-future');
    future.close();
    await expect(
      restoreSqlite(copy, join(dir, 'fresh.db'), { knownMigrations: known }),
    ).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      details: { reason: 'newer-schema', unknown: '9999-from-the-future' },
    });
    expect(existsSync(join(dir, 'fresh.db'))).toBe(false);

    writeFileSync(join(dir, 'notes.txt'), 'not a database');
    await expect(
      restoreSqlite(join(dir, 'notes.txt'), join(dir, 'x.db'), { knownMigrations: known }),
    ).rejects.toMatchObject({
      details: { reason: 'not-a-backup' },
    });
    await expect(backupSqlite(join(dir, 'missing.db'), join(dir, 'b.db'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

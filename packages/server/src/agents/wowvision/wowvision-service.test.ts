import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBus } from '../../bus/create-bus.js';
import { FakeClock } from '../../clock.js';
import { loadConfig } from '../../config.js';
import { createIds } from '../../ids.js';
import { createSqlStore } from '../../store/sql-store.js';
import { eventually } from '../../testing/eventually.js';
import { commitFiles } from '../../testing/git-repo.js';
import { createWowVisionService } from './wowvision-service.js';
import { wowVisionRepoFromConfig } from '../../repo-hosts/wowvision-repo-from-config.js';

const commit = (repo: string, files: Record<string, string>, message: string) =>
  commitFiles(repo, files, message);

describe('WowVision service (local mode on the bus)', () => {
  it('watches the repository, wakes on its events through the bus, and resumes after a restart without replaying', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'wv-svc-'));
    execFileSync('git', ['-C', repo, 'init', '-q', '-b', 'main']);
    commit(repo, { 'docs/a.md': '# A\n', 'scripts/tool.py': 'x=1\n' }, 'initial');
    const dbPath = join(mkdtempSync(join(tmpdir(), 'wv-db-')), 'w.db');
    const clock = new FakeClock(Date.UTC(2026, 10, 24, 22));
    const config = loadConfig({ env: { WOWVISION_REPO_PATH: repo } });

    let store = await createSqlStore({ dialect: 'sqlite', path: dbPath });
    await store.migrate();
    let bus = await createBus(config, { store, clock });
    let svc = createWowVisionService({
      repo: wowVisionRepoFromConfig(config),
      store,
      bus,
      clock,
      ids: createIds(() => clock.now()),
    });
    expect(svc.mode).toBe('local');
    await svc.start();
    const first = await eventually(
      () => svc.host.listIssues({ label: 'vision-violation' }),
      (l) => l.length === 1,
      { what: 'first violation issue' },
    );
    expect(first[0]!.title).toBe('🚨 Vision Violation: scripts/tool.py');
    await svc.stop();
    await bus.close();
    await store.close();

    // Restart: new store/bus/service on the same database; the old commit is not reviewed again.
    commit(repo, { 'agents/second.py': 'y=2\n' }, 'second');
    store = await createSqlStore({ dialect: 'sqlite', path: dbPath });
    bus = await createBus(config, { store, clock });
    svc = createWowVisionService({
      repo: wowVisionRepoFromConfig(config),
      store,
      bus,
      clock,
      ids: createIds(() => clock.now()),
    });
    await svc.start();
    const after = await eventually(
      () => svc.host.listIssues({ label: 'vision-violation' }),
      (l) => l.length === 2,
      { what: 'second violation issue' },
    );
    expect(after.map((i) => i.title)).toEqual([
      '🚨 Vision Violation: scripts/tool.py',
      '🚨 Vision Violation: agents/second.py',
    ]);
    expect(await svc.scan()).toBe(0);
    await svc.stop();
    await bus.close();
    await store.close();
  });
});

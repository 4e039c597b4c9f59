// Entity tables' prepared reads: each filter shape (a value, IS NULL, a tenant, a cursor) is its own
// statement, so shapes that share a table must not be mixed up, on SQLite and PostgreSQL alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { isPlatformError } from '../../errors.js';
import { testStoreBackends } from '../../components/testing/test-stores.js';
import type { AgentTaskRecord } from '../runtime-work-records.js';
import type { SqlStore } from '../sql-store.js';

const backends = await testStoreBackends();

const task = (id: string, tenantId: string | null, day: string | null): AgentTaskRecord => ({
  id,
  instanceId: 'inst-1',
  tenantId,
  type: 'work',
  input: { id },
  status: 'pending',
  createdAt: 1,
  finishedAt: null,
  day,
  result: null,
  error: null,
});

describe.each(backends)('entity table prepared reads on $name', (backend) => {
  let store: SqlStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await backend.open(new FakeClock()));
    const rows: Array<[string, string | null, string | null]> = [
      ['et-1', 't1', null],
      ['et-2', 't1', '2026-12-06'],
      ['et-3', 't2', null],
      ['et-4', null, '2026-12-06'],
    ];
    for (const [id, tenantId, day] of rows)
      await store.agentTasks.insert({ id, tenantId, data: task(id, tenantId, day) });
  });
  afterAll(() => cleanup());

  const ids = (page: { items: Array<{ id: string }> }) => page.items.map((e) => e.id);

  it('tells a value, IS NULL and a tenant apart, in lists and counts', async () => {
    const tasks = store.agentTasks;
    expect(ids(await tasks.list({ where: { instanceId: 'inst-1', day: null } }))).toEqual(['et-1', 'et-3']);
    expect(ids(await tasks.list({ where: { instanceId: 'inst-1', day: '2026-12-06' } }))).toEqual([
      'et-2',
      'et-4',
    ]);
    expect(ids(await tasks.list({ tenantId: null, where: { instanceId: 'inst-1' } }))).toEqual(['et-4']);
    expect(ids(await tasks.list({ tenantId: 't1', where: { day: null } }))).toEqual(['et-1']);
    expect(await tasks.count({ where: { day: null } })).toBe(2);
    expect(await tasks.count({ tenantId: 't2' })).toBe(1);
    expect(await tasks.count({ where: { instanceId: 'nobody' } })).toBe(0);
    expect((await tasks.get('et-1', { tenantId: 't2' }))?.id).toBeUndefined();
    expect((await tasks.get('et-1', { tenantId: 't1' }))?.id).toBe('et-1');
    expect((await tasks.get('et-4', { tenantId: null }))?.id).toBe('et-4');
  });

  it('pages by cursor both ways with the limit as a value', async () => {
    const tasks = store.agentTasks;
    const seen: string[] = [];
    let page = await tasks.list({ where: { instanceId: 'inst-1' }, limit: 3, order: 'desc' });
    seen.push(...ids(page));
    while (page.nextCursor) {
      page = await tasks.list({
        where: { instanceId: 'inst-1' },
        limit: 3,
        order: 'desc',
        cursor: page.nextCursor,
      });
      seen.push(...ids(page));
    }
    expect(seen).toEqual(['et-4', 'et-3', 'et-2', 'et-1']);
    const first = await tasks.list({ limit: 1 });
    expect(ids(first)).toEqual(['et-1']);
    expect(ids(await tasks.list({ limit: 2, cursor: first.nextCursor! }))).toEqual(['et-2', 'et-3']);
  });

  it('updates by id with and without a version, and names the version it found', async () => {
    const tasks = store.agentTasks;
    const current = (await tasks.get('et-2'))!;
    const done = await tasks.update(
      'et-2',
      { ...current.data, status: 'done' },
      { expectedVersion: current.version },
    );
    expect(done).toMatchObject({ version: current.version + 1, data: { status: 'done' } });
    const stale = await tasks
      .update('et-2', { ...current.data, status: 'failed' }, { expectedVersion: current.version })
      .catch((e: unknown) => e);
    expect(isPlatformError(stale, 'CONFLICT') && stale.details.actualVersion).toBe(current.version + 1);
    expect((await tasks.update('et-2', { ...done.data, day: null })).data.day).toBeNull();
    const missing = await tasks.update('et-none', current.data).catch((e: unknown) => e);
    expect(isPlatformError(missing, 'NOT_FOUND')).toBe(true);
  });
});

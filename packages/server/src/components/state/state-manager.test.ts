import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import type { SqlStore } from '../../store/sql-store.js';
import { testStoreBackends } from '../testing/test-stores.js';
import { StateManager, diffStates } from './state-manager.js';

const backends = await testStoreBackends();

describe.each(backends)('StateManager on $name', (backend) => {
  const clock = new FakeClock();
  let store: SqlStore;
  let cleanup: () => Promise<void>;
  let states: StateManager;
  beforeAll(async () => {
    ({ store, cleanup } = await backend.open(clock));
    states = new StateManager({ store, clock });
  });
  afterAll(async () => cleanup());

  it('saves versions and loads the latest or a given one', async () => {
    const v1 = await states.save('agent:a:context', { wakeCount: 1 });
    await clock.advance(10);
    const v2 = await states.save('agent:a:context', { wakeCount: 2, focus: 'seo' });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect((await states.load('agent:a:context'))!.data).toEqual({ wakeCount: 2, focus: 'seo' });
    expect((await states.load('agent:a:context', 1))!.data).toEqual({ wakeCount: 1 });
    expect(await states.load('missing')).toBeUndefined();
  });

  it('rejects a save with a stale expected version and writes nothing', async () => {
    await states.save('s:cas', { n: 1 });
    await expect(states.save('s:cas', { n: 99 }, { expectedVersion: 0 })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await states.load('s:cas'))!).toMatchObject({ version: 1, data: { n: 1 } });
  });

  it('updates atomically under concurrency (no lost update)', async () => {
    await Promise.all(
      Array.from({ length: 20 }, () =>
        states.update<{ n: number }>('s:counter', (c) => ({ n: (c?.n ?? 0) + 1 }), { attempts: 50 }),
      ),
    );
    expect((await states.load('s:counter'))!).toMatchObject({ version: 20, data: { n: 20 } });
  });

  it('a save starts from the head it last saw, yet another writer in between is saved over, not lost or refused', async () => {
    // Two processes' managers on one store: each remembers the head version it last read or wrote.
    const other = new StateManager({ store, clock });
    await states.save('s:two', { by: 'a', n: 1 });
    await other.load('s:two');
    await other.save('s:two', { by: 'b', n: 2 });
    // `states` still remembers version 1: its save finds the head moved and goes on from the real one.
    const third = await states.save('s:two', { by: 'a', n: 3 });
    expect(third.version).toBe(3);
    expect((await states.history('s:two')).map((v) => [v.version, v.data.by])).toEqual([
      [3, 'a'],
      [2, 'b'],
      [1, 'a'],
    ]);
    // An expected version is still checked against the store, not against what was remembered.
    await other.save('s:two', { by: 'b', n: 4 });
    await expect(states.save('s:two', { n: 5 }, { expectedVersion: 3 })).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { actualVersion: 4 },
    });
    // A save whose transaction rolls back leaves nothing behind, and the next save is still in order.
    await expect(
      store.transaction(async (tx) => {
        await states.save('s:two', { n: 6 }, { tx });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await states.save('s:two', { n: 7 })).version).toBe(5);
    expect((await states.load('s:two'))!.data).toEqual({ n: 7 });
  });

  it('tags snapshots, diffs versions, rolls back as a new version and lists history newest first', async () => {
    await states.save('s:doc', { title: 'a', draft: true });
    await states.snapshot('s:doc', ['published']);
    await states.merge('s:doc', { title: 'b', words: 10 });
    await states.save('s:doc', { title: 'c', words: 12 });
    expect(await states.diff('s:doc', 1, 3)).toEqual({
      added: { words: 12 },
      removed: { draft: true },
      changed: { title: { old: 'a', new: 'c' } },
    });
    expect((await states.findSnapshot('s:doc', 'published'))!.version).toBe(1);
    const rolled = await states.rollback('s:doc', 1);
    expect(rolled).toMatchObject({ version: 4, data: { title: 'a', draft: true }, reason: 'rollback to v1' });
    expect((await states.history('s:doc')).map((v) => v.version)).toEqual([4, 3, 2, 1]);
    expect((await states.history('s:doc', { limit: 2 })).map((v) => v.version)).toEqual([4, 3]);
  });

  it('fails clearly on bad input and unknown versions', async () => {
    await expect(states.save('', {})).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'stateId' },
    });
    await expect(states.save('s:x', [] as never)).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'data' },
    });
    await expect(states.rollback('s:none', 3)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(states.snapshot('s:none', ['t'])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(states.diff('s:doc', 1, 99)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('diffStates', () => {
  it('compares values structurally, ignoring key order', () => {
    expect(diffStates({ a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } })).toEqual({
      added: {},
      removed: {},
      changed: {},
    });
  });
});

import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { WarmPool } from './warm-pool.js';

/** A "store" whose state and version the test moves, counting full loads and version reads. */
function source() {
  const s = { version: 'v1', loads: 0, checks: 0 };
  return {
    s,
    load: (key: string) => async () => {
      s.loads++;
      return { value: { key, version: s.version }, version: s.version };
    },
    version: async () => {
      s.checks++;
      return s.version;
    },
  };
}

describe('WarmPool', () => {
  it('loads once and serves warm until the revalidation window ends', async () => {
    const clock = new FakeClock();
    const pool = new WarmPool<{ key: string; version: string }>({ max: 10, clock, revalidateAfterMs: 1000 });
    const src = source();
    const [a, b] = await Promise.all([
      pool.get('i1', src.load('i1'), src.version),
      pool.get('i1', src.load('i1'), src.version),
    ]);
    expect(a).toBe(b);
    await clock.advance(999);
    expect(await pool.get('i1', src.load('i1'), src.version)).toBe(a);
    expect(src.s).toMatchObject({ loads: 1, checks: 0 });
  });

  it('after the window, keeps an entry whose version is unchanged and reloads one that moved on', async () => {
    const clock = new FakeClock();
    const pool = new WarmPool<{ key: string; version: string }>({ max: 10, clock, revalidateAfterMs: 1000 });
    const src = source();
    const first = await pool.get('i1', src.load('i1'), src.version);
    await clock.advance(1000);
    expect(await pool.get('i1', src.load('i1'), src.version)).toBe(first);
    expect(src.s).toMatchObject({ loads: 1, checks: 1 });
    // Another process changed the instance: the next check sees a new version.
    src.s.version = 'v2';
    await clock.advance(1000);
    expect((await pool.get('i1', src.load('i1'), src.version)).version).toBe('v2');
    expect(src.s).toMatchObject({ loads: 2, checks: 2 });
    expect(pool.stats).toMatchObject({ misses: 2, revalidated: 2, stale: 1 });
  });

  it('advance records a local change so the next check does not reload for it', async () => {
    const clock = new FakeClock();
    const pool = new WarmPool<{ key: string; version: string }>({ max: 10, clock, revalidateAfterMs: 0 });
    const src = source();
    await pool.get('i1', src.load('i1'), src.version);
    src.s.version = 'v2';
    pool.advance('i1', 'v2');
    await pool.get('i1', src.load('i1'), src.version);
    expect(src.s).toMatchObject({ loads: 1, checks: 1 });
  });

  it('keeps at most max entries, evicting the least recently used', async () => {
    const clock = new FakeClock();
    const pool = new WarmPool<{ key: string; version: string }>({ max: 2, clock });
    const src = source();
    await pool.get('a', src.load('a'), src.version);
    await pool.get('b', src.load('b'), src.version);
    await pool.get('a', src.load('a'), src.version);
    await pool.get('c', src.load('c'), src.version);
    expect(pool.size).toBe(2);
    expect(pool.peek('b')).toBeUndefined();
    expect(pool.peek('a')).toBeDefined();
    await pool.get('b', src.load('b'), src.version);
    expect(src.s.loads).toBe(4);
  });

  it('with max 0 is off: every use loads', async () => {
    const clock = new FakeClock();
    const pool = new WarmPool<{ key: string; version: string }>({ max: 0, clock });
    const src = source();
    await pool.get('a', src.load('a'), src.version);
    await pool.get('a', src.load('a'), src.version);
    expect(src.s.loads).toBe(2);
    expect(pool.size).toBe(0);
  });

  it('does not keep a load that was invalidated while it ran, nor a failed one', async () => {
    const clock = new FakeClock();
    const pool = new WarmPool<{ key: string; version: string }>({ max: 10, clock });
    const src = source();
    const pending = pool.get('a', src.load('a'), src.version);
    pool.invalidate('a');
    await pending;
    expect(pool.peek('a')).toBeUndefined();
    await expect(pool.get('b', () => Promise.reject(new Error('store down')), src.version)).rejects.toThrow(
      'store down',
    );
    expect(pool.peek('b')).toBeUndefined();
    await pool.get('b', src.load('b'), src.version);
    expect(pool.peek('b')).toBeDefined();
  });
});

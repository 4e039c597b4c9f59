// Conformance suite for the CacheLevel port, run by every level (memory, Redis, the store on SQLite
// and PostgreSQL): round trips of any JSON value under any key, replacement, deletion, namespace
// isolation, expired entries left to the caller, concurrent writers, and UNAVAILABLE when the
// backend is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlatformError, type JsonValue } from '../../errors.js';
import type { CacheEntry, CacheLevel } from './cache-level.js';

export interface CacheLevelHarness {
  /** A level over the harness's backend; a level with another namespace must not see its entries. */
  level(namespace: string): CacheLevel;
  /** True when two levels with one namespace share entries (one backend for every process). */
  readonly shared: boolean;
  /** Makes the backend unreachable for the levels made so far (absent for in-process levels). */
  breakBackend?(): Promise<void>;
  close(): Promise<void>;
}

const HOUR = 3_600_000;
const entry = (value: JsonValue, expiresAt = Date.UTC(2030, 0, 1)): CacheEntry => ({ value, expiresAt });

/** Runs the CacheLevel conformance suite; `create` is called once per describe block. */
export function cacheLevelContract(name: string, create: () => Promise<CacheLevelHarness>): void {
  describe(`CacheLevel contract: ${name}`, () => {
    let h: CacheLevelHarness;
    let seq = 0;
    /** A level of its own for each test, so tests share the backend but not their keys. */
    const fresh = () => h.level(`contract-${++seq}`);

    beforeAll(async () => {
      h = await create();
    });
    afterAll(async () => {
      await h?.close();
    });

    it('returns undefined for a key never set', async () => {
      expect(await fresh().get('absent')).toBeUndefined();
    });

    it('returns what was set: the value and its expiry', async () => {
      const level = fresh();
      await level.set('greeting', entry({ text: 'namaste' }, 1_767_225_600_123), HOUR);
      expect(await level.get('greeting')).toEqual({
        value: { text: 'namaste' },
        expiresAt: 1_767_225_600_123,
      });
    });

    it('round-trips every kind of JSON value', async () => {
      const level = fresh();
      const values: JsonValue[] = [
        null,
        true,
        false,
        0,
        -17.25,
        Number.MAX_SAFE_INTEGER,
        '',
        'quotes " and \\ backslashes, tabs\tand\nnew lines',
        'देवनागरी, 中文, emoji 🚀',
        [],
        [1, 'two', null, [3, { four: 4 }]],
        {},
        { nested: { deeper: { list: [{ a: 1 }, { b: [true, false] }] } }, 'key with spaces': 'ok' },
        'x'.repeat(100_000),
      ];
      for (const [i, value] of values.entries()) await level.set(`v${i}`, entry(value), HOUR);
      for (const [i, value] of values.entries()) expect((await level.get(`v${i}`))?.value).toEqual(value);
    });

    it('keeps long keys and keys with any characters apart', async () => {
      const level = fresh();
      const long = 'k'.repeat(2_000);
      const keys = [
        `${long}-a`,
        `${long}-b`,
        'decision:agent/42:{"facts":1}',
        'spaces and * wildcards ? [x]',
        'उपयोगकर्ता:ключ:キー',
        'A',
        'a',
      ];
      for (const [i, key] of keys.entries()) await level.set(key, entry(i), HOUR);
      for (const [i, key] of keys.entries()) expect((await level.get(key))?.value).toBe(i);
    });

    it('replaces an entry on a second set, expiry included', async () => {
      const level = fresh();
      await level.set('k', entry('first', 1_000), HOUR);
      await level.set('k', entry({ second: true }, 2_000), HOUR);
      expect(await level.get('k')).toEqual({ value: { second: true }, expiresAt: 2_000 });
    });

    it('deletes an entry, and deleting a missing key is not an error', async () => {
      const level = fresh();
      await level.set('k', entry(1), HOUR);
      await level.delete('k');
      expect(await level.get('k')).toBeUndefined();
      await expect(level.delete('k')).resolves.toBeUndefined();
      await expect(level.delete('never-there')).resolves.toBeUndefined();
    });

    it('returns an expired entry as stored: expiresAt decides, not the level', async () => {
      const level = fresh();
      await level.set('old', entry('stale', 1), HOUR);
      expect(await level.get('old')).toEqual({ value: 'stale', expiresAt: 1 });
    });

    it('keeps namespaces apart, and shares one namespace across levels when the backend is shared', async () => {
      const a = h.level('ns-a');
      const b = h.level('ns-b');
      await a.set('same-key', entry('from a'), HOUR);
      expect(await b.get('same-key')).toBeUndefined();
      await b.set('same-key', entry('from b'), HOUR);
      expect((await a.get('same-key'))?.value).toBe('from a');
      const again = h.level('ns-a');
      expect((await again.get('same-key'))?.value).toBe(h.shared ? 'from a' : undefined);
    });

    it('lets concurrent writers of one key all succeed, one of them winning', async () => {
      const level = fresh();
      // A second level on the same namespace: another process's writer when the backend is shared.
      const other = h.level(`contract-${seq}`);
      await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? other : level).set('hot', entry(i), HOUR)),
      );
      const value = (await level.get('hot'))?.value;
      expect(typeof value).toBe('number');
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(12);
    });

    it('fails with UNAVAILABLE once the backend is gone', async (ctx) => {
      if (!h.breakBackend) return ctx.skip();
      const level = fresh();
      await level.set('k', entry(1), HOUR);
      await h.breakBackend();
      for (const op of [
        () => level.get('k'),
        () => level.set('k', entry(2), HOUR),
        () => level.delete('k'),
      ]) {
        const err = await op().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isPlatformError(err)).toBe(true);
        expect(err).toMatchObject({ code: 'UNAVAILABLE' });
      }
    });
  });
}

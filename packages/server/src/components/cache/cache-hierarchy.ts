// Cache hierarchy L1 (memory) → L2 (Redis, when configured) → L3 (store): reads promote hits to the
// faster levels, writes land in L1 at once and in L2/L3 in the background, `getOrCompute` runs the
// computation once per key however many callers ask. A failing level is skipped for a while (Redis
// down → L1 and L3 keep working), never surfaced to the caller.
import type { Clock } from '../../clock.js';
import type { JsonValue } from '../../errors.js';
import type { KillSwitch } from '../kill-switch/kill-switch.js';
import type { CacheEntry, CacheLevel } from './cache-level.js';
import { MemoryCacheLevel } from './memory-cache-level.js';

export interface CacheHierarchyOptions {
  clock: Clock;
  /** L1 capacity (entries); default 1000. */
  l1MaxEntries?: number;
  /** Longest an entry lives in L1 (default 300 s) and L2 (default 300 s). */
  l1TtlMs?: number;
  l2TtlMs?: number;
  /** Lifetime of an entry when `set` gives none; default 3600 s. */
  defaultTtlMs?: number;
  l2?: CacheLevel;
  l3?: CacheLevel;
  /** After a level fails it is skipped for this long (default 5000 ms). */
  levelRetryAfterMs?: number;
  killSwitch?: KillSwitch;
  /** Told about level failures (for logs); never throws into the caller. */
  onLevelError?: (level: 'l2' | 'l3', err: unknown) => void;
}

export interface LevelStats {
  hits: number;
  errors: number;
  /** False while the level is being skipped after a failure. */
  available: boolean;
}

export interface CacheStats {
  l1: { hits: number; size: number };
  l2: LevelStats | null;
  l3: LevelStats | null;
  misses: number;
  /** Hits at any level / lookups; 0 before the first lookup. */
  hitRate: number;
  sets: number;
  computes: number;
}

export class CacheHierarchy {
  private readonly l1: MemoryCacheLevel;
  private readonly l1TtlMs: number;
  private readonly l2TtlMs: number;
  private readonly defaultTtlMs: number;
  private readonly retryAfterMs: number;
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly pending = new Set<Promise<void>>();
  private readonly downUntil = { l2: 0, l3: 0 };
  private readonly counts = {
    l1: 0,
    l2: 0,
    l3: 0,
    l2Errors: 0,
    l3Errors: 0,
    misses: 0,
    sets: 0,
    computes: 0,
  };

  constructor(private readonly options: CacheHierarchyOptions) {
    this.l1 = new MemoryCacheLevel(options.l1MaxEntries ?? 1000);
    this.l1TtlMs = options.l1TtlMs ?? 300_000;
    this.l2TtlMs = options.l2TtlMs ?? 300_000;
    this.defaultTtlMs = options.defaultTtlMs ?? 3_600_000;
    this.retryAfterMs = options.levelRetryAfterMs ?? 5000;
  }

  private get disabled(): boolean {
    return this.options.killSwitch?.isDisabled('cache') ?? false;
  }

  /** The cached value or undefined; looks in L1, then L2, then L3, promoting a hit upwards. */
  async get<T extends JsonValue>(key: string): Promise<T | undefined> {
    if (this.disabled) return undefined;
    const now = this.options.clock.now();
    const local = await this.l1.get(key);
    if (local && local.expiresAt > now) {
      this.counts.l1 += 1;
      return local.value as T;
    }
    for (const level of [this.options.l2, this.options.l3]) {
      if (!level || !this.isUp(level.name as 'l2' | 'l3')) continue;
      const entry = await this.tryLevel(level, () => level.get(key));
      if (entry && entry.expiresAt > now) {
        this.counts[level.name] += 1;
        this.promote(key, entry, level.name as 'l2' | 'l3');
        return entry.value as T;
      }
    }
    this.counts.misses += 1;
    return undefined;
  }

  /** Writes L1 now and L2/L3 in the background (see `flush`). */
  set(key: string, value: JsonValue, ttlMs?: number): Promise<void> {
    if (this.disabled) return Promise.resolve();
    this.counts.sets += 1;
    const now = this.options.clock.now();
    const entry: CacheEntry = { value, expiresAt: now + (ttlMs ?? this.defaultTtlMs) };
    this.l1.setNow(key, { value, expiresAt: Math.min(entry.expiresAt, now + this.l1TtlMs) });
    const writes: Array<Promise<void>> = [];
    if (this.options.l2 && this.isUp('l2'))
      writes.push(
        this.writeLevel(this.options.l2, key, {
          value,
          expiresAt: Math.min(entry.expiresAt, now + this.l2TtlMs),
        }),
      );
    if (this.options.l3 && this.isUp('l3')) writes.push(this.writeLevel(this.options.l3, key, entry));
    return this.track(Promise.all(writes).then(() => undefined));
  }

  async delete(key: string): Promise<void> {
    await this.l1.delete(key);
    for (const level of [this.options.l2, this.options.l3]) {
      if (level && this.isUp(level.name as 'l2' | 'l3')) await this.tryLevel(level, () => level.delete(key));
    }
  }

  /**
   * The cached value, or the result of `compute` (then cached). Concurrent callers for the same key
   * share one computation. With the cache switched off, `compute` runs every time.
   */
  async getOrCompute<T extends JsonValue>(
    key: string,
    compute: () => Promise<T>,
    ttlMs?: number,
  ): Promise<T> {
    if (this.disabled) {
      this.counts.computes += 1;
      return compute();
    }
    const running = this.inflight.get(key);
    if (running) return running as Promise<T>;
    const work = (async () => {
      const hit = await this.get<T>(key);
      if (hit !== undefined) return hit;
      this.counts.computes += 1;
      const value = await compute();
      void this.set(key, value, ttlMs);
      return value;
    })();
    this.inflight.set(key, work);
    try {
      return await work;
    } finally {
      this.inflight.delete(key);
    }
  }

  /** Resolves when every background write started so far has finished. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  stats(): CacheStats {
    const hits = this.counts.l1 + this.counts.l2 + this.counts.l3;
    const lookups = hits + this.counts.misses;
    const now = this.options.clock.now();
    const level = (name: 'l2' | 'l3'): LevelStats => ({
      hits: this.counts[name],
      errors: this.counts[`${name}Errors`],
      available: this.downUntil[name] <= now,
    });
    return {
      l1: { hits: this.counts.l1, size: this.l1.size },
      l2: this.options.l2 ? level('l2') : null,
      l3: this.options.l3 ? level('l3') : null,
      misses: this.counts.misses,
      hitRate: lookups === 0 ? 0 : hits / lookups,
      sets: this.counts.sets,
      computes: this.counts.computes,
    };
  }

  private isUp(level: 'l2' | 'l3'): boolean {
    return this.downUntil[level] <= this.options.clock.now();
  }

  private async tryLevel<T>(level: CacheLevel, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      this.markDown(level.name as 'l2' | 'l3', err);
      return undefined;
    }
  }

  private async writeLevel(level: CacheLevel, key: string, entry: CacheEntry): Promise<void> {
    const ttl = Math.max(1, entry.expiresAt - this.options.clock.now());
    await this.tryLevel(level, () => level.set(key, entry, ttl));
  }

  private markDown(level: 'l2' | 'l3', err: unknown): void {
    this.counts[`${level}Errors`] += 1;
    this.downUntil[level] = this.options.clock.now() + this.retryAfterMs;
    this.options.onLevelError?.(level, err);
  }

  /** Copies a hit from a slower level into the faster ones, keeping its remaining lifetime. */
  private promote(key: string, entry: CacheEntry, from: 'l2' | 'l3'): void {
    const now = this.options.clock.now();
    this.l1.setNow(key, { value: entry.value, expiresAt: Math.min(entry.expiresAt, now + this.l1TtlMs) });
    if (from === 'l3' && this.options.l2 && this.isUp('l2')) {
      void this.track(
        this.writeLevel(this.options.l2, key, {
          value: entry.value,
          expiresAt: Math.min(entry.expiresAt, now + this.l2TtlMs),
        }),
      );
    }
  }

  private track(p: Promise<void>): Promise<void> {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
    return p;
  }
}

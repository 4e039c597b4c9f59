// A bounded pool of warm per-instance state (an LRU from lru-cache): loaded from the store on first
// use, kept while used, checked against the store's version at most once per `revalidateAfterMs`
// (so a change made by another process is seen within that), and dropped at once on a local change.
import { LRUCache } from 'lru-cache';
import type { Clock } from '../../clock.js';

export interface WarmPoolOptions {
  /** Most entries kept; 0 turns the pool off (every use loads: the cold path). */
  max: number;
  clock: Clock;
  /**
   * An entry older than this is checked against the store's version before use (default 1 s);
   * 0 checks on every use.
   */
  revalidateAfterMs?: number;
}

/** What a load returns: the state and the version it was read at. */
export interface Versioned<V> {
  value: V;
  version: string;
}

interface Entry<V> extends Versioned<V> {
  checkedAt: number;
}

export class WarmPool<V extends object> {
  private readonly cache: LRUCache<string, Entry<V>> | undefined;
  /** Loads in progress; a load whose key was invalidated meanwhile is used once but not kept. */
  private readonly loading = new Map<string, Promise<Versioned<V>>>();
  private readonly revalidateAfterMs: number;
  readonly stats = { hits: 0, misses: 0, revalidated: 0, stale: 0 };

  constructor(private readonly options: WarmPoolOptions) {
    this.cache = options.max > 0 ? new LRUCache({ max: options.max }) : undefined;
    this.revalidateAfterMs = options.revalidateAfterMs ?? 1000;
  }

  get size(): number {
    return this.cache?.size ?? 0;
  }

  /**
   * The warm state of `key`, loading it when absent or when its version moved on. `version` reads
   * the store's current version cheaply (a point read, not the whole state).
   */
  async get(key: string, load: () => Promise<Versioned<V>>, version: () => Promise<string>): Promise<V> {
    const entry = this.cache?.get(key);
    if (entry) {
      const now = this.options.clock.now();
      if (now - entry.checkedAt < this.revalidateAfterMs) {
        this.stats.hits++;
        return entry.value;
      }
      this.stats.revalidated++;
      const current = await version();
      // The entry may have been replaced or dropped while the version was read.
      if (current === entry.version && this.cache?.get(key) === entry) {
        entry.checkedAt = now;
        this.stats.hits++;
        return entry.value;
      }
      this.stats.stale++;
      this.cache?.delete(key);
    }
    this.stats.misses++;
    return (await this.load(key, load)).value;
  }

  /** The entry if it is warm, without loading, checking or touching its recency. */
  peek(key: string): Versioned<V> | undefined {
    return this.cache?.peek(key);
  }

  /** Records a change this process made itself, so the next check does not reload for it. */
  advance(key: string, version: string): void {
    const entry = this.cache?.peek(key);
    if (entry) entry.version = version;
  }

  /** Drops the entry and disowns a load in progress (its callers get it; the pool does not keep it). */
  invalidate(key: string): void {
    this.cache?.delete(key);
    this.loading.delete(key);
  }

  private load(key: string, load: () => Promise<Versioned<V>>): Promise<Versioned<V>> {
    const running = this.loading.get(key);
    if (running) return running;
    const promise = load().then(
      (loaded) => {
        if (this.loading.get(key) === promise) {
          this.loading.delete(key);
          this.cache?.set(key, { ...loaded, checkedAt: this.options.clock.now() });
        }
        return loaded;
      },
      (err: unknown) => {
        // A failed load is not remembered: the next use tries again.
        if (this.loading.get(key) === promise) this.loading.delete(key);
        throw err;
      },
    );
    if (this.cache) this.loading.set(key, promise);
    return promise;
  }
}

// L1: the bounded in-process level (lru-cache) under CacheHierarchy; evicts the least recently used
// entry when full. It keeps the stored objects themselves (no copy): cached values are read-only.
import { LRUCache } from 'lru-cache';
import type { CacheEntry, CacheLevel } from './cache-level.js';

export class MemoryCacheLevel implements CacheLevel {
  readonly name = 'l1' as const;
  private readonly lru: LRUCache<string, CacheEntry>;

  constructor(maxEntries: number) {
    this.lru = new LRUCache<string, CacheEntry>({ max: maxEntries });
  }

  get size(): number {
    return this.lru.size;
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    return this.lru.get(key);
  }

  /** Synchronous write, so a `set` is visible to the next `get` at once. */
  setNow(key: string, entry: CacheEntry): void {
    this.lru.set(key, entry);
  }

  async set(key: string, entry: CacheEntry): Promise<void> {
    this.lru.set(key, entry);
  }

  async delete(key: string): Promise<void> {
    this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }
}

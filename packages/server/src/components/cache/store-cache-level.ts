// L3: the durable level under CacheHierarchy, as documents in the store (survives restarts, shared
// by every process on one database).
import { createHash } from 'node:crypto';
import { isPlatformError, type JsonValue } from '../../errors.js';
import type { Store } from '../../store/store.js';
import type { CacheEntry, CacheLevel } from './cache-level.js';

const COLLECTION = 'runtime_cache';
/** Writes of one key racing each other settle within a few rounds; more means something else is wrong. */
const MAX_WRITE_ATTEMPTS = 5;
const raced = (err: unknown, attempt: number) =>
  isPlatformError(err, 'CONFLICT') && attempt < MAX_WRITE_ATTEMPTS;

/** L3: documents in the store, id = a hash of the key (keys may be longer than an id may be). */
export class StoreCacheLevel implements CacheLevel {
  readonly name = 'l3' as const;

  constructor(
    private readonly store: Store,
    private readonly namespace: string,
  ) {}

  private id(key: string): string {
    return createHash('sha256').update(`${this.namespace}\u0000${key}`).digest('hex').slice(0, 40);
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    const doc = await this.store.documents.get<{ key: string; value: JsonValue; expiresAt: number }>(
      COLLECTION,
      this.id(key),
    );
    if (!doc || doc.data.key !== key) return undefined;
    return { value: doc.data.value, expiresAt: doc.data.expiresAt };
  }

  /**
   * Update, else insert; a concurrent writer of the same key makes either step fail with CONFLICT
   * (its insert landed first, or — unversioned update on PostgreSQL — after our update found no row
   * but before the store looked again), and the write is simply tried again: last writer wins.
   */
  async set(key: string, entry: CacheEntry): Promise<void> {
    const id = this.id(key);
    const data = { key, value: entry.value, expiresAt: entry.expiresAt };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.documents.update(COLLECTION, id, data);
        return;
      } catch (err) {
        if (raced(err, attempt)) continue;
        if (!isPlatformError(err, 'NOT_FOUND')) throw err;
      }
      try {
        await this.store.documents.insert({ collection: COLLECTION, id, data });
        return;
      } catch (err) {
        if (!raced(err, attempt)) throw err;
      }
    }
  }

  async delete(key: string): Promise<void> {
    await this.store.documents.delete(COLLECTION, this.id(key));
  }
}

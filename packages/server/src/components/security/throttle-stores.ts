// The two ThrottleStore adapters: in one process's memory (bounded, least recently used keys go
// first) and in the Store's documents, which every API process sharing the database sees.
import { LRUCache } from 'lru-cache';
import type { DocumentRepository } from '../../store/store.js';
import type { ThrottleState, ThrottleStore } from './attempt-throttle.js';

/** Keeps at most `maxKeys` keys; an attacker cycling keys evicts old ones rather than growing memory. */
export class MemoryThrottleStore implements ThrottleStore {
  private readonly states: LRUCache<string, ThrottleState>;

  constructor(maxKeys = 100_000) {
    this.states = new LRUCache({ max: maxKeys });
  }

  async get(key: string): Promise<ThrottleState | undefined> {
    return this.states.get(key);
  }

  async update(
    key: string,
    fn: (current: ThrottleState | undefined) => ThrottleState,
  ): Promise<ThrottleState> {
    // Synchronous read and write: nothing interleaves, so no update is lost.
    const next = fn(this.states.get(key));
    this.states.set(key, next);
    return next;
  }

  async delete(key: string): Promise<void> {
    this.states.delete(key);
  }
}

export const THROTTLE_COLLECTION = 'security_throttle';

/** One document per key (id and natural key both the key digest), changed with `modify` (row-locked). */
export class DocumentThrottleStore implements ThrottleStore {
  constructor(private readonly documents: DocumentRepository) {}

  async get(key: string): Promise<ThrottleState | undefined> {
    return (await this.documents.get<ThrottleState>(THROTTLE_COLLECTION, key))?.data;
  }

  async update(
    key: string,
    fn: (current: ThrottleState | undefined) => ThrottleState,
  ): Promise<ThrottleState> {
    // Insert-if-absent by key is idempotent: of two racing first failures one creates the document
    // and the other gets it back, and then counts through `modify` like any later failure.
    const first = fn(undefined);
    const inserted = await this.documents.insert<ThrottleState>({
      collection: THROTTLE_COLLECTION,
      id: key,
      key,
      data: first,
    });
    if (inserted.created) return first;
    return (await this.documents.modify<ThrottleState>(THROTTLE_COLLECTION, key, (current) => fn(current)))
      .data;
  }

  async delete(key: string): Promise<void> {
    await this.documents.delete(THROTTLE_COLLECTION, key);
  }
}

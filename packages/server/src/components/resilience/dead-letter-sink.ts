// Where an operation goes when every retry failed: a durable record an operator can inspect and
// replay from the console, stored as documents (no hot path of its own).
import type { Clock } from '../../clock.js';
import type { JsonValue, SerializedError } from '../../errors.js';
import type { Ids } from '../../ids.js';
import type { Page, Store } from '../../store/store.js';

export interface DeadLetterEntry {
  id: string;
  /** Component or operation that gave up (the resilience policy's name). */
  source: string;
  /** What the operation was working on, enough to replay it. */
  payload: JsonValue;
  error: SerializedError;
  attempts: number;
  tenantId: string | null;
  at: number;
}

export interface DeadLetterSink {
  /** Records a failed operation; resolves once it is durable. */
  put(entry: Omit<DeadLetterEntry, 'id' | 'at'>): Promise<DeadLetterEntry>;
  list(options?: { source?: string; limit?: number; cursor?: string }): Promise<Page<DeadLetterEntry>>;
  count(options?: { source?: string }): Promise<number>;
}

const COLLECTION = 'runtime_dead_letters';

export function createStoreDeadLetterSink(deps: { store: Store; clock: Clock; ids: Ids }): DeadLetterSink {
  return {
    async put(entry) {
      const full: DeadLetterEntry = { ...entry, id: deps.ids.next('dlq'), at: deps.clock.now() };
      await deps.store.documents.insert({
        collection: COLLECTION,
        id: full.id,
        tenantId: entry.tenantId,
        data: full,
      });
      return full;
    },
    async list(options = {}) {
      const page = await deps.store.documents.list<DeadLetterEntry>(COLLECTION, {
        order: 'desc',
        ...(options.limit === undefined ? {} : { limit: options.limit }),
        ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
        ...(options.source === undefined ? {} : { where: { source: options.source } }),
      });
      return {
        items: page.items.map((d) => d.data),
        ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
      };
    },
    count(options = {}) {
      return deps.store.documents.count(
        COLLECTION,
        options.source === undefined ? {} : { where: { source: options.source } },
      );
    },
  };
}

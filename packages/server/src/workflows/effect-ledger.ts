// Side effects of workflow handlers, recorded under the engine's idempotency key: a step re-executed
// after a crash, a retry or an incident retry gets the recorded result back instead of acting twice.
import type { Clock } from '../clock.js';
import type { JsonValue } from '../errors.js';
import type { Ids } from '../ids.js';
import type { Store } from '../store/store.js';

/** Collection of effect records (one per idempotency key). */
export const EFFECTS = 'workflow_effects';

export interface EffectRecord {
  key: string;
  /** `started` while an effect outside the store may or may not have happened. */
  state: 'started' | 'done';
  result: JsonValue;
  startedAt: number;
  doneAt: number | null;
}

export interface EffectLedgerDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
}

export interface ExternalEffect<T extends JsonValue> {
  run(): Promise<T>;
  /**
   * Recognises the effect of an earlier attempt that stopped between acting and recording (an issue
   * carrying the same marker, a deliverable made since `startedAt`); undefined when there is none.
   */
  find?(startedAt: number): Promise<T | undefined>;
}

export class EffectLedger {
  constructor(private readonly deps: EffectLedgerDeps) {}

  /**
   * Runs a store-only effect in one transaction with its record: exactly once per key. `effect` must
   * write through `tx` only (on SQLite the root store is unusable inside a transaction).
   */
  async inTransaction<T extends JsonValue>(key: string, effect: (tx: Store) => Promise<T>): Promise<T> {
    const now = this.deps.clock.now();
    return this.deps.store.transaction(async (tx) => {
      const { document, created } = await tx.documents.insert<EffectRecord>({
        collection: EFFECTS,
        id: this.deps.ids.next('eff'),
        key,
        data: { key, state: 'started', result: null, startedAt: now, doneAt: null },
      });
      if (!created) return document.data.result as T;
      const result = await effect(tx);
      await tx.documents.update<EffectRecord>(EFFECTS, document.id, {
        ...document.data,
        state: 'done',
        result,
        doneAt: now,
      });
      return result;
    });
  }

  /**
   * Runs an effect outside the store once per key: recorded as started before it runs and done after.
   * When an earlier attempt stopped in between, `find` decides whether it already acted; an effect
   * nobody can recognise (plain SMTP) runs again — at least once, never silently lost.
   */
  async once<T extends JsonValue>(key: string, effect: ExternalEffect<T>): Promise<T> {
    const docs = this.deps.store.documents;
    const { document, created } = await docs.insert<EffectRecord>({
      collection: EFFECTS,
      id: this.deps.ids.next('eff'),
      key,
      data: { key, state: 'started', result: null, startedAt: this.deps.clock.now(), doneAt: null },
    });
    if (!created) {
      if (document.data.state === 'done') return document.data.result as T;
      const found = await effect.find?.(document.data.startedAt);
      if (found !== undefined) return this.finish(document.id, document.data, found);
    }
    return this.finish(document.id, document.data, await effect.run());
  }

  /** The recorded result of a finished effect, if any. */
  async result(key: string): Promise<JsonValue | undefined> {
    const doc = await this.deps.store.documents.getByKey<EffectRecord>(EFFECTS, key);
    return doc?.data.state === 'done' ? doc.data.result : undefined;
  }

  private async finish<T extends JsonValue>(id: string, data: EffectRecord, result: T): Promise<T> {
    await this.deps.store.documents.update<EffectRecord>(EFFECTS, id, {
      ...data,
      state: 'done',
      result,
      doneAt: this.deps.clock.now(),
    });
    return result;
  }
}

// Memory of past decisions per agent instance, searched by text similarity: a new case close
// enough to a decided one reuses that decision instead of paying for a model call.
import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';
import type { DecisionOutcome } from './decision.js';
import { WarmPool } from '../components/cache/warm-pool.js';
import { cosineSimilarity, termVector, type TermVector } from './text-similarity.js';

export interface RememberedDecision {
  decisionId: string;
  agentId: string;
  kind: string;
  subject: string;
  outcome: DecisionOutcome;
  at: number;
}

export interface SimilarDecision extends RememberedDecision {
  similarity: number;
}

interface Indexed extends RememberedDecision {
  vector: TermVector;
}

export interface DecisionMemoryOptions {
  /** Newest decisions indexed per agent (default 500). */
  capacity?: number;
  /** Agents whose index is kept warm (default 10,000); 0 reads the store on every search. */
  warmAgents?: number;
  /** A warm index older than this is checked against the store first (default 1 s). */
  revalidateAfterMs?: number;
}

/**
 * Persisted in the store, indexed in memory per agent (the newest `capacity` entries) for the
 * agents in a bounded warm pool; an agent evicted from it is loaded again on its next search.
 */
export class DecisionMemory {
  private readonly pool: WarmPool<Indexed[]>;
  private readonly capacity: number;

  constructor(
    private readonly deps: { store: Store; clock: Clock },
    options: DecisionMemoryOptions = {},
  ) {
    this.capacity = options.capacity ?? 500;
    this.pool = new WarmPool<Indexed[]>({
      max: options.warmAgents ?? 10_000,
      clock: deps.clock,
      ...(options.revalidateAfterMs === undefined ? {} : { revalidateAfterMs: options.revalidateAfterMs }),
    });
  }

  /** Hits, misses and version checks of the warm pool (for the bench and tests). */
  get warmStats(): WarmPool<Indexed[]>['stats'] {
    return this.pool.stats;
  }

  async remember(entry: Omit<RememberedDecision, 'at'> & { tenantId: string | null }): Promise<void> {
    await this.index(await this.persist(this.deps.store, entry));
  }

  /** Stores a decision as part of the caller's transaction; `index` it once that committed. */
  async persist(
    tx: Store,
    entry: Omit<RememberedDecision, 'at'> & { tenantId: string | null },
  ): Promise<RememberedDecision> {
    const { tenantId, ...rest } = entry;
    const record: RememberedDecision = { ...rest, at: this.deps.clock.now() };
    await tx.decisionMemory.insert({ id: entry.decisionId, tenantId, data: record });
    return record;
  }

  /**
   * Makes a stored decision findable. A warm index gets it appended; an agent that is not warm
   * needs nothing (its next search loads it from the store, this decision included), and a load
   * on its way is disowned, so the pool never keeps an index that misses it.
   */
  async index(record: RememberedDecision): Promise<void> {
    const warm = this.pool.peek(record.agentId);
    if (!warm) {
      this.pool.invalidate(record.agentId);
      return;
    }
    const list = warm.value;
    if (list.some((e) => e.decisionId === record.decisionId)) return;
    list.push({ ...record, vector: termVector(record.subject) });
    if (list.length > this.capacity) list.shift();
    this.pool.advance(record.agentId, record.decisionId);
  }

  /** Drops an agent's warm index (it was paused, retired or changed; or another process said so). */
  forget(agentId: string): void {
    this.pool.invalidate(agentId);
  }

  /** The most similar past decision of the same kind at or above `threshold`, if any. */
  async findSimilar(
    agentId: string,
    kind: string,
    subject: string,
    threshold: number,
  ): Promise<SimilarDecision | undefined> {
    const v = termVector(subject);
    let best: SimilarDecision | undefined;
    for (const e of await this.entries(agentId)) {
      if (e.kind !== kind) continue;
      const similarity = cosineSimilarity(v, e.vector);
      if (similarity >= threshold && (!best || similarity > best.similarity)) {
        const { vector: _v, ...rest } = e;
        best = { ...rest, similarity };
      }
    }
    return best;
  }

  private entries(agentId: string): Promise<Indexed[]> {
    const memory = this.deps.store.decisionMemory;
    return this.pool.get(
      agentId,
      async () => {
        const page = await memory.list({ where: { agentId }, order: 'desc', limit: this.capacity });
        const list = page.items.reverse().map((d) => ({ ...d.data, vector: termVector(d.data.subject) }));
        return { value: list, version: list.at(-1)?.decisionId ?? '' };
      },
      // The version is the newest stored decision: one row, not the whole index.
      async () =>
        (await memory.list({ where: { agentId }, order: 'desc', limit: 1 })).items[0]?.data.decisionId ?? '',
    );
  }
}

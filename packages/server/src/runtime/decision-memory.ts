// Memory of past decisions per agent instance, searched by text similarity: a new case close
// enough to a decided one reuses that decision instead of paying for a model call.
import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';
import type { DecisionOutcome } from './decision.js';
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

/** Persisted in the store, indexed in memory per agent (the newest `capacity` entries). */
export class DecisionMemory {
  private readonly byAgent = new Map<string, Indexed[]>();
  private readonly loading = new Map<string, Promise<Indexed[]>>();

  constructor(
    private readonly deps: { store: Store; clock: Clock },
    private readonly capacity = 500,
  ) {}

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
   * Makes a stored decision findable. An agent whose memory is not loaded yet needs nothing: its
   * first search loads it from the store, this decision included (and a load already on its way
   * gets it appended when it lands, so it is never missing nor counted twice).
   */
  async index(record: RememberedDecision): Promise<void> {
    let list = this.byAgent.get(record.agentId);
    if (!list) {
      const loading = this.loading.get(record.agentId);
      if (!loading) return;
      list = await loading;
      if (list.some((e) => e.decisionId === record.decisionId)) return;
    }
    list.push({ ...record, vector: termVector(record.subject) });
    if (list.length > this.capacity) list.shift();
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
    const cached = this.byAgent.get(agentId);
    if (cached) return Promise.resolve(cached);
    let loading = this.loading.get(agentId);
    if (!loading) {
      loading = this.deps.store.decisionMemory
        .list({ where: { agentId }, order: 'desc', limit: this.capacity })
        .then((page) => {
          const list = page.items.reverse().map((d) => ({ ...d.data, vector: termVector(d.data.subject) }));
          this.byAgent.set(agentId, list);
          this.loading.delete(agentId);
          return list;
        });
      this.loading.set(agentId, loading);
      // A failed load is not remembered: the next call tries again.
      void loading.catch(() => this.loading.delete(agentId));
    }
    return loading;
  }
}

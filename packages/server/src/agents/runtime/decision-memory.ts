// Memory of past decisions per agent instance, searched by text similarity: a new case close
// enough to a decided one reuses that decision instead of paying for a model call.
import type { Clock } from '../../clock.js';
import type { Store } from '../../store/store.js';
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

const COLLECTION = 'agent_decision_memory';

/** Persisted in the store, indexed in memory per agent (the newest `capacity` entries). */
export class DecisionMemory {
  private readonly byAgent = new Map<string, Indexed[]>();
  private readonly loading = new Map<string, Promise<Indexed[]>>();

  constructor(
    private readonly deps: { store: Store; clock: Clock },
    private readonly capacity = 500,
  ) {}

  async remember(entry: Omit<RememberedDecision, 'at'> & { tenantId: string | null }): Promise<void> {
    const { tenantId, ...rest } = entry;
    const record: RememberedDecision = { ...rest, at: this.deps.clock.now() };
    await this.deps.store.documents.insert({
      collection: COLLECTION,
      id: entry.decisionId,
      tenantId,
      data: record,
    });
    const list = await this.entries(entry.agentId);
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
      loading = this.deps.store.documents
        .list<RememberedDecision>(COLLECTION, { where: { agentId }, order: 'desc', limit: this.capacity })
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

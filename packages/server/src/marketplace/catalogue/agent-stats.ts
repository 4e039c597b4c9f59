// Running per-agent aggregates (ratings, hires, retention, recent work) kept in one small document per
// agent, so listing the catalogue reads 19 documents instead of scanning reviews and deliverables.
import type { Store } from '../../store/store.js';
import { Collections, type AgentStatsRecord } from '../records.js';

const MAX_RECENT = 500;
const MAX_SAMPLES = 50;

export function emptyStats(): AgentStatsRecord {
  return {
    ratingCount: 0,
    ratingSum: 0,
    ratingHistogram: [0, 0, 0, 0, 0],
    trials: 0,
    hires: 0,
    activeHires: 0,
    churnedHires: 0,
    lastWorkAt: null,
    recentDeliverables: [],
    responseSamples: [],
  };
}

export class AgentStats {
  constructor(private readonly store: Store) {}

  /** Applies `fn` to the agent's stats atomically (optimistic retry), creating them on first use. */
  async update(
    agentId: string,
    fn: (s: AgentStatsRecord) => AgentStatsRecord,
    store: Store = this.store,
  ): Promise<void> {
    await store.documents.insert<AgentStatsRecord>({
      collection: Collections.agentStats,
      id: agentId,
      key: `agent:${agentId}`,
      data: emptyStats(),
    });
    await store.documents.modify<AgentStatsRecord>(Collections.agentStats, agentId, fn);
  }

  async get(agentId: string): Promise<AgentStatsRecord> {
    const doc = await this.store.documents.get<AgentStatsRecord>(Collections.agentStats, agentId);
    return doc?.data ?? emptyStats();
  }

  async all(): Promise<Map<string, AgentStatsRecord>> {
    const page = await this.store.documents.list<AgentStatsRecord>(Collections.agentStats, { limit: 1000 });
    return new Map(page.items.map((d) => [d.id, d.data]));
  }
}

/** Records one deliverable: marks the agent as working and counts it for "N this week". */
export function withDeliverable(s: AgentStatsRecord, at: number, responseMs?: number): AgentStatsRecord {
  return {
    ...s,
    lastWorkAt: Math.max(s.lastWorkAt ?? 0, at),
    recentDeliverables: [...s.recentDeliverables, at].slice(-MAX_RECENT),
    responseSamples:
      responseMs === undefined ? s.responseSamples : [...s.responseSamples, responseMs].slice(-MAX_SAMPLES),
  };
}

/** Adds, replaces or removes one rating (pass `previous` when editing). */
export function withRating(s: AgentStatsRecord, rating: number, previous?: number): AgentStatsRecord {
  const histogram = [...s.ratingHistogram] as AgentStatsRecord['ratingHistogram'];
  if (previous !== undefined) histogram[previous - 1] = Math.max(0, histogram[previous - 1]! - 1);
  histogram[rating - 1] = histogram[rating - 1]! + 1;
  return {
    ...s,
    ratingHistogram: histogram,
    ratingCount: previous === undefined ? s.ratingCount + 1 : s.ratingCount,
    ratingSum: s.ratingSum + rating - (previous ?? 0),
  };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

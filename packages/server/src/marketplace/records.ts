// Marketplace data kept as generic documents (`store.documents`): per-agent aggregates, counters and
// demo usage, read and written by id only. Everything with a query path of its own has a typed table
// (store/marketplace-records.ts).
export const Collections = {
  counters: 'mkt_counters',
  agentStats: 'mkt_agent_stats',
  demoUsage: 'mkt_demo_usage',
} as const;

/** Running aggregates per agent, updated on each event so the catalogue reads 19 small documents. */
export interface AgentStatsRecord {
  ratingCount: number;
  ratingSum: number;
  /** Count of 1..5 star reviews at index 0..4. */
  ratingHistogram: [number, number, number, number, number];
  trials: number;
  hires: number;
  activeHires: number;
  /** Hires that ended (cancelled). */
  churnedHires: number;
  lastWorkAt: number | null;
  /** Times of recent deliverables (newest last, at most 500) for "N this week". */
  recentDeliverables: number[];
  /** Milliseconds from trial start to its first deliverable, last 50 trials. */
  responseSamples: number[];
}

export interface DemoUsageRecord {
  count: number;
}

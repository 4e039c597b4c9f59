// Cost breakdown by decision method (cache, deterministic, memory, model, fallback) from the
// stored decision receipts: what an agent, a tenant or the platform spent, and on which tier.
import type { DecisionMethodTotals } from '../../store/repositories/runtime-decisions.js';
import type { Store } from '../../store/store.js';

export interface MethodCost {
  count: number;
  cost: number;
  tokens: number;
  /** Share of all decisions in the range that used this method (0..1). */
  share: number;
}

export interface CostBreakdown {
  from: number;
  to: number;
  byMethod: Record<string, MethodCost>;
  total: { count: number; cost: number; tokens: number };
}

/** Folds per-method totals into a breakdown (money from micro-units). */
export function toCostBreakdown(
  totals: readonly DecisionMethodTotals[],
  from: number,
  to: number,
): CostBreakdown {
  const count = totals.reduce((n, t) => n + t.count, 0);
  const byMethod: Record<string, MethodCost> = {};
  for (const t of totals)
    byMethod[t.method] = {
      count: t.count,
      cost: t.costMicros / 1e6,
      tokens: t.tokens,
      share: count === 0 ? 0 : t.count / count,
    };
  return {
    from,
    to,
    byMethod,
    total: {
      count,
      cost: totals.reduce((n, t) => n + t.costMicros, 0) / 1e6,
      tokens: totals.reduce((n, t) => n + t.tokens, 0),
    },
  };
}

/** Breakdown of decisions made in [from, to), for one agent, one tenant, or everything. */
export async function costBreakdown(
  store: Store,
  options: { agentId?: string; tenantId?: string; from: number; to: number },
): Promise<CostBreakdown> {
  return toCostBreakdown(await store.runtimeDecisions.totalsByMethod(options), options.from, options.to);
}

// The monthly cost projection (decision 0068): "N agents × M decisions a day → money a month", from
// the decision-method mix and cost per decision measured on recorded receipts. Model decisions can be
// re-priced at another model's price from the configured table, with their measured token counts.
import type { ModelPrice } from '../../models/pricing.js';
import type { DecisionMethodTotals } from '../../store/repositories/runtime-decisions.js';

/** A projection month: 30 days, so months of different lengths compare. */
export const DAYS_PER_MONTH = 30;

export interface ProjectionAssumptions {
  agents: number;
  decisionsPerDay: number;
  /** Re-price model decisions at this model's price; absent: the measured cost stands. */
  model?: { id: string; price: ModelPrice | undefined };
}

export interface ProjectedMethod {
  method: string;
  /** Share of measured decisions, 0–1. */
  share: number;
  decisions: number;
  avgInputTokens: number;
  avgOutputTokens: number;
  measuredCostPerDecision: number;
  /** What one decision of this method costs in the projection (re-priced or measured). */
  projectedCostPerDecision: number;
}

export interface CostProjection {
  decisionsPerMonth: number;
  /** Weighted over the mix. */
  costPerDecision: number;
  monthly: number;
  /** False when no decisions were recorded in the window: nothing to project from. */
  measured: boolean;
  sampleDecisions: number;
  mix: ProjectedMethod[];
}

const MICROS = 1_000_000;
const round = (n: number, places = 6) => Math.round(n * 10 ** places) / 10 ** places;

export function projectMonthlyCost(
  totals: readonly DecisionMethodTotals[],
  a: ProjectionAssumptions,
): CostProjection {
  const sample = totals.reduce((n, t) => n + t.count, 0);
  const mix = totals
    .filter((t) => t.count > 0)
    .map((t): ProjectedMethod => {
      const avgIn = t.inputTokens / t.count;
      const avgOut = t.outputTokens / t.count;
      const measured = t.costMicros / MICROS / t.count;
      const price = t.method === 'model' ? a.model?.price : undefined;
      const projected = price ? (avgIn * price.inputPer1M + avgOut * price.outputPer1M) / MICROS : measured;
      return {
        method: t.method,
        share: round(t.count / sample),
        decisions: t.count,
        avgInputTokens: round(avgIn, 1),
        avgOutputTokens: round(avgOut, 1),
        measuredCostPerDecision: round(measured, 9),
        projectedCostPerDecision: round(projected, 9),
      };
    });
  const costPerDecision = mix.reduce(
    (sum, m) => sum + (m.decisions / sample) * m.projectedCostPerDecision,
    0,
  );
  const decisionsPerMonth = a.agents * a.decisionsPerDay * DAYS_PER_MONTH;
  return {
    decisionsPerMonth,
    costPerDecision: round(costPerDecision, 9),
    monthly: round(decisionsPerMonth * costPerDecision, 4),
    measured: sample > 0,
    sampleDecisions: sample,
    mix,
  };
}

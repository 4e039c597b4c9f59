// The trust score: 0.40 success + 0.20 availability + 0.15 handoff success + 0.15 peer ratings
// + 0.10 speed, damped toward a neutral prior while there are fewer than 100 (decayed) decisions,
// returned with the verified figures behind it. Pure: the aggregate and the time are passed in.
import { PlatformError } from '../../errors.js';
import { decayedAt, type ReputationAggregate } from './reputation-aggregate.js';

export type ReputationComponent = 'success' | 'availability' | 'handoff' | 'peer' | 'speed';

/** The weight of each component; they sum to 1. */
export const REPUTATION_WEIGHTS: Readonly<Record<ReputationComponent, number>> = Object.freeze({
  success: 0.4,
  availability: 0.2,
  handoff: 0.15,
  peer: 0.15,
  speed: 0.1,
});

export interface ReputationPolicy {
  /** Days after which an outcome counts half. Default 13.5, i.e. ×0.95 per day as upstream decays. */
  halfLifeDays: number;
  /** Neutral value of a component without data, and of the score of an agent without decisions. Default 0.5. */
  prior: number;
  /** Decisions (decayed) from which the score is no longer pulled toward the prior. Default 100. */
  fullConfidenceDecisions: number;
  /** Response time that earns full speed: speed = min(1, target / average). Default 60 000 ms. */
  targetResponseMs: number;
}

export const defaultReputationPolicy: Readonly<ReputationPolicy> = Object.freeze({
  halfLifeDays: 13.5,
  prior: 0.5,
  fullConfidenceDecisions: 100,
  targetResponseMs: 60_000,
});

/** Raw counts of recorded outcomes (not decayed): what a listing shows next to the score. */
export interface ReputationFigures {
  decisions: number;
  successes: number;
  successRate: number | null;
  /** 95 % Wilson interval of the success rate. */
  successRateInterval: { low: number; high: number } | null;
  uptimeMs: number;
  downtimeMs: number;
  availability: number | null;
  handoffsReceived: number;
  handoffsCompleted: number;
  handoffSuccessRate: number | null;
  ratings: number;
  peerRatings: number;
  customerRatings: number;
  averageStars: number | null;
  timedDecisions: number;
  averageResponseMs: number | null;
  firstOutcomeAt: number | null;
  lastOutcomeAt: number | null;
}

export interface ReputationScore {
  agentId: string;
  /** Trust score in [0, 1]. */
  score: number;
  /** How far the score is from being damped: min(1, effectiveDecisions / fullConfidenceDecisions). */
  confidence: number;
  /** Decisions counted with their decay weights. */
  effectiveDecisions: number;
  /** Each component in [0, 1] (decayed; the prior where there is no data). */
  components: Record<ReputationComponent, number>;
  weights: Readonly<Record<ReputationComponent, number>>;
  figures: ReputationFigures;
  /** The time the score was computed for. */
  asOf: number;
}

/** The policy with defaults filled in; VALIDATION naming the field when a value is out of range. */
export function resolveReputationPolicy(policy: Partial<ReputationPolicy> = {}): ReputationPolicy {
  const p = { ...defaultReputationPolicy, ...policy };
  const bad = (field: keyof ReputationPolicy, rule: string): never => {
    throw new PlatformError('VALIDATION', `reputation policy ${field} ${rule}`, { details: { field } });
  };
  if (!(Number.isFinite(p.halfLifeDays) && p.halfLifeDays > 0))
    bad('halfLifeDays', 'must be a positive number of days');
  if (!(p.prior >= 0 && p.prior <= 1)) bad('prior', 'must be between 0 and 1');
  if (!(Number.isFinite(p.fullConfidenceDecisions) && p.fullConfidenceDecisions >= 1))
    bad('fullConfidenceDecisions', 'must be at least 1');
  if (!(Number.isFinite(p.targetResponseMs) && p.targetResponseMs > 0))
    bad('targetResponseMs', 'must be a positive number of milliseconds');
  return p;
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);
const ratio = (num: number, den: number): number | null => (den > 0 ? clamp01(num / den) : null);

/** 95 % Wilson score interval for `k` successes out of `n`. */
export function wilsonInterval(k: number, n: number, z = 1.959964): { low: number; high: number } | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: clamp01(centre - half), high: clamp01(centre + half) };
}

function figuresOf(agg: ReputationAggregate): ReputationFigures {
  const t = agg.totals;
  return {
    decisions: t.tasks,
    successes: t.successes,
    successRate: ratio(t.successes, t.tasks),
    successRateInterval: wilsonInterval(t.successes, t.tasks),
    uptimeMs: t.upMs,
    downtimeMs: t.downMs,
    availability: ratio(t.upMs, t.upMs + t.downMs),
    handoffsReceived: t.handoffsReceived,
    handoffsCompleted: t.handoffsCompleted,
    handoffSuccessRate: ratio(t.handoffsCompleted, t.handoffsReceived),
    ratings: t.ratings,
    peerRatings: t.peerRatings,
    customerRatings: t.customerRatings,
    averageStars: t.ratings > 0 ? t.starsSum / t.ratings : null,
    timedDecisions: t.timedTasks,
    averageResponseMs: t.timedTasks > 0 ? t.responseMsSum / t.timedTasks : null,
    firstOutcomeAt: agg.firstAt,
    lastOutcomeAt: agg.lastAt,
  };
}

/** The score of `agg` as it stands at `now` under `policy` (resolved with `resolveReputationPolicy`). */
export function computeReputation(
  agentId: string,
  agg: ReputationAggregate,
  now: number,
  policy: ReputationPolicy,
): ReputationScore {
  const d = decayedAt(agg, now, policy.halfLifeDays);
  const prior = policy.prior;
  const averageMs = d.timedTasks > 0 ? d.responseMsSum / d.timedTasks : null;
  const components: Record<ReputationComponent, number> = {
    success: ratio(d.successes, d.tasks) ?? prior,
    availability: ratio(d.upMs, d.upMs + d.downMs) ?? prior,
    handoff: ratio(d.handoffsCompleted, d.handoffsReceived) ?? prior,
    peer: ratio(d.ratingScoreSum, d.ratings) ?? prior,
    speed:
      averageMs === null
        ? prior
        : averageMs <= policy.targetResponseMs
          ? 1
          : policy.targetResponseMs / averageMs,
  };
  let raw = 0;
  for (const k of Object.keys(REPUTATION_WEIGHTS) as ReputationComponent[])
    raw += REPUTATION_WEIGHTS[k] * components[k];
  const confidence = clamp01(d.tasks / policy.fullConfidenceDecisions);
  return {
    agentId,
    score: clamp01(prior + (raw - prior) * confidence),
    confidence,
    effectiveDecisions: d.tasks,
    components,
    weights: REPUTATION_WEIGHTS,
    figures: figuresOf(agg),
    asOf: now,
  };
}

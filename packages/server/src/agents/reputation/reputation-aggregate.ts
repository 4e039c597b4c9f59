// The running aggregate behind a reputation score: exponentially decayed sums (older outcomes count
// less) plus raw totals (the verified figures shown on listings). Pure: time is passed in.
import type { ReputationOutcome } from './reputation-outcome.js';

/** Sums over outcomes; in `decayed` each outcome is weighted by 0.5^(age / half-life). */
export interface ReputationSums {
  tasks: number;
  successes: number;
  /** Tasks that reported a response time, and the sum of those times. */
  timedTasks: number;
  responseMsSum: number;
  upMs: number;
  downMs: number;
  handoffsReceived: number;
  handoffsCompleted: number;
  ratings: number;
  /** Sum of ratings mapped to 0..1. */
  ratingScoreSum: number;
}

export interface ReputationTotals extends ReputationSums {
  /** Sum of raw stars (1–5), for the average shown on listings. */
  starsSum: number;
  peerRatings: number;
  customerRatings: number;
}

export interface ReputationAggregate {
  /** The time `decayed` is expressed at (the latest outcome seen). */
  asOf: number;
  decayed: ReputationSums;
  totals: ReputationTotals;
  firstAt: number | null;
  lastAt: number | null;
}

const DAY_MS = 24 * 3600_000;

function emptySums(): ReputationSums {
  return {
    tasks: 0,
    successes: 0,
    timedTasks: 0,
    responseMsSum: 0,
    upMs: 0,
    downMs: 0,
    handoffsReceived: 0,
    handoffsCompleted: 0,
    ratings: 0,
    ratingScoreSum: 0,
  };
}

export function emptyAggregate(): ReputationAggregate {
  return {
    asOf: 0,
    decayed: emptySums(),
    totals: { ...emptySums(), starsSum: 0, peerRatings: 0, customerRatings: 0 },
    firstAt: null,
    lastAt: null,
  };
}

/** The weight of something `ageMs` old: 1 when new (or from the future), halving every half-life. */
export function decayWeight(ageMs: number, halfLifeDays: number): number {
  if (ageMs <= 0) return 1;
  return Math.pow(0.5, ageMs / (halfLifeDays * DAY_MS));
}

function scale(s: ReputationSums, f: number): ReputationSums {
  const out = emptySums();
  for (const k of Object.keys(out) as Array<keyof ReputationSums>) out[k] = s[k] * f;
  return out;
}

/** The decayed sums as they stand at `at` (never moves backwards: an earlier `at` changes nothing). */
export function decayedAt(agg: ReputationAggregate, at: number, halfLifeDays: number): ReputationSums {
  return at <= agg.asOf ? agg.decayed : scale(agg.decayed, decayWeight(at - agg.asOf, halfLifeDays));
}

/** A new aggregate with `outcome` (which happened at `at`) added; late outcomes are pre-decayed. */
export function applyOutcome(
  agg: ReputationAggregate,
  outcome: ReputationOutcome,
  at: number,
  halfLifeDays: number,
): ReputationAggregate {
  const asOf = Math.max(agg.asOf, at);
  // A copy: the caller's aggregate is never changed.
  const decayed = { ...decayedAt(agg, asOf, halfLifeDays) };
  const w = decayWeight(asOf - at, halfLifeDays);
  const totals = { ...agg.totals };
  const add = (k: keyof ReputationSums, v: number): void => {
    decayed[k] += v * w;
    totals[k] += v;
  };
  switch (outcome.kind) {
    case 'task':
      add('tasks', 1);
      if (outcome.success) add('successes', 1);
      if (outcome.responseMs !== undefined) {
        add('timedTasks', 1);
        add('responseMsSum', outcome.responseMs);
      }
      break;
    case 'availability':
      add('upMs', outcome.upMs);
      add('downMs', outcome.downMs);
      break;
    case 'handoff':
      add('handoffsReceived', 1);
      if (outcome.completed) add('handoffsCompleted', 1);
      break;
    case 'rating':
      add('ratings', 1);
      add('ratingScoreSum', (outcome.stars - 1) / 4);
      totals.starsSum += outcome.stars;
      if (outcome.source === 'peer') totals.peerRatings += 1;
      else totals.customerRatings += 1;
      break;
  }
  return {
    asOf,
    decayed,
    totals,
    firstAt: agg.firstAt === null ? at : Math.min(agg.firstAt, at),
    lastAt: agg.lastAt === null ? at : Math.max(agg.lastAt, at),
  };
}

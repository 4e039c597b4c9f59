import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyOutcome,
  decayWeight,
  emptyAggregate,
  type ReputationAggregate,
} from './reputation-aggregate.js';
import { parseReputationOutcome, type ReputationOutcomeInput } from './reputation-outcome.js';
import {
  computeReputation,
  defaultReputationPolicy,
  REPUTATION_WEIGHTS,
  resolveReputationPolicy,
  wilsonInterval,
} from './reputation-score.js';

const DAY = 24 * 3600_000;
const T0 = Date.UTC(2026, 0, 1);
const policy = resolveReputationPolicy();

function build(outcomes: Array<ReputationOutcomeInput & { at: number }>): ReputationAggregate {
  return outcomes.reduce(
    (agg, o) => applyOutcome(agg, parseReputationOutcome(o), o.at, policy.halfLifeDays),
    emptyAggregate(),
  );
}

function tasks(n: number, successes: number, at = T0): Array<ReputationOutcomeInput & { at: number }> {
  return Array.from({ length: n }, (_, i) => ({ kind: 'task' as const, success: i < successes, at }));
}

const outcomeArb: fc.Arbitrary<ReputationOutcomeInput & { at: number }> = fc
  .oneof(
    fc.record({
      kind: fc.constant('task' as const),
      success: fc.boolean(),
      responseMs: fc.option(fc.integer({ min: 0, max: 10 * 60_000 }), { nil: undefined }),
      at: fc.integer({ min: T0, max: T0 + 60 * DAY }),
    }),
    fc.record({
      kind: fc.constant('availability' as const),
      upMs: fc.integer({ min: 1, max: DAY }),
      downMs: fc.integer({ min: 0, max: DAY }),
      at: fc.integer({ min: T0, max: T0 + 60 * DAY }),
    }),
    fc.record({
      kind: fc.constant('handoff' as const),
      completed: fc.boolean(),
      at: fc.integer({ min: T0, max: T0 + 60 * DAY }),
    }),
    fc.record({
      kind: fc.constant('rating' as const),
      stars: fc.integer({ min: 1, max: 5 }),
      source: fc.constantFrom('peer' as const, 'customer' as const),
      at: fc.integer({ min: T0, max: T0 + 60 * DAY }),
    }),
  )
  .map((o) =>
    o.kind === 'task' && o.responseMs === undefined ? { kind: o.kind, success: o.success, at: o.at } : o,
  );

describe('computeReputation', () => {
  it('weights the five components 0.40 / 0.20 / 0.15 / 0.15 / 0.10', () => {
    expect(REPUTATION_WEIGHTS).toEqual({
      success: 0.4,
      availability: 0.2,
      handoff: 0.15,
      peer: 0.15,
      speed: 0.1,
    });
    expect(Object.values(REPUTATION_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('gives an agent without outcomes the neutral prior and zero figures', () => {
    const s = computeReputation('new-agent', emptyAggregate(), T0, policy);
    expect(s.score).toBe(0.5);
    expect(s.confidence).toBe(0);
    expect(s.figures).toMatchObject({
      decisions: 0,
      successRate: null,
      availability: null,
      averageStars: null,
      averageResponseMs: null,
    });
  });

  it('computes the exact weighted score once 100 decisions are recorded', () => {
    const agg = build([
      ...tasks(100, 80).map((t, i) => ({ ...t, responseMs: i < 50 ? 30_000 : 90_000 })),
      { kind: 'availability', upMs: 9 * 3600_000, downMs: 3600_000, at: T0 },
      { kind: 'handoff', completed: true, at: T0 },
      { kind: 'handoff', completed: true, at: T0 },
      { kind: 'handoff', completed: true, at: T0 },
      { kind: 'handoff', completed: false, at: T0 },
      { kind: 'rating', stars: 4, source: 'peer', at: T0 },
      { kind: 'rating', stars: 2, source: 'customer', at: T0 },
    ]);
    const s = computeReputation('a', agg, T0, policy);
    // success 0.8, availability 0.9, handoff 0.75, peer mean((4-1)/4, (2-1)/4) = 0.5,
    // speed: average 60 s = the target → 1.
    expect(s.components).toEqual({ success: 0.8, availability: 0.9, handoff: 0.75, peer: 0.5, speed: 1 });
    expect(s.confidence).toBe(1);
    expect(s.score).toBeCloseTo(0.4 * 0.8 + 0.2 * 0.9 + 0.15 * 0.75 + 0.15 * 0.5 + 0.1 * 1, 12);
    expect(s.figures).toMatchObject({
      decisions: 100,
      successes: 80,
      successRate: 0.8,
      availability: 0.9,
      handoffsReceived: 4,
      handoffsCompleted: 3,
      handoffSuccessRate: 0.75,
      ratings: 2,
      peerRatings: 1,
      customerRatings: 1,
      averageStars: 3,
      averageResponseMs: 60_000,
      timedDecisions: 100,
    });
  });

  it('scores speed as target / average once slower than the target', () => {
    const agg = build(tasks(100, 100).map((t) => ({ ...t, responseMs: 240_000 })));
    expect(computeReputation('a', agg, T0, policy).components.speed).toBeCloseTo(0.25, 12);
  });

  it('damps the score toward the prior by decisions / 100', () => {
    const agg = build(tasks(25, 25));
    const s = computeReputation('a', agg, T0, policy);
    const raw = 0.4 * 1 + 0.6 * 0.5;
    expect(s.confidence).toBe(0.25);
    expect(s.score).toBeCloseTo(0.5 + (raw - 0.5) * 0.25, 12);
  });

  it('decays daily: old outcomes count less and an idle agent drifts back toward the prior', () => {
    expect(decayWeight(policy.halfLifeDays * DAY, policy.halfLifeDays)).toBeCloseTo(0.5, 12);
    // The default half-life is upstream's ×0.95 per day.
    expect(decayWeight(DAY, defaultReputationPolicy.halfLifeDays)).toBeCloseTo(0.95, 3);
    const agg = build(tasks(200, 200));
    const fresh = computeReputation('a', agg, T0, policy);
    const later = computeReputation('a', agg, T0 + 2 * policy.halfLifeDays * DAY, policy);
    expect(fresh.confidence).toBe(1);
    expect(later.effectiveDecisions).toBeCloseTo(50, 9);
    expect(later.confidence).toBeCloseTo(0.5, 9);
    expect(later.score).toBeLessThan(fresh.score);
    expect(later.score).toBeGreaterThan(0.5);
    // Verified figures are raw counts: they do not decay.
    expect(later.figures.decisions).toBe(200);

    // 100 failures one half-life ago weigh half as much as 100 successes today.
    const mixed = build([...tasks(100, 0, T0), ...tasks(100, 100, T0 + policy.halfLifeDays * DAY)]);
    expect(
      computeReputation('a', mixed, T0 + policy.halfLifeDays * DAY, policy).components.success,
    ).toBeCloseTo(100 / 150, 9);
  });

  it('pre-decays an outcome reported late, as if it had been recorded on time', () => {
    const inOrder = build([...tasks(10, 0, T0), ...tasks(10, 10, T0 + 5 * DAY)]);
    const late = build([...tasks(10, 10, T0 + 5 * DAY), ...tasks(10, 0, T0)]);
    const a = computeReputation('a', inOrder, T0 + 6 * DAY, policy);
    const b = computeReputation('a', late, T0 + 6 * DAY, policy);
    expect(b.components.success).toBeCloseTo(a.components.success, 12);
    expect(b.score).toBeCloseTo(a.score, 12);
    expect(b.figures.firstOutcomeAt).toBe(T0);
  });

  it('never changes the aggregate it is given', () => {
    const agg = build(tasks(3, 2));
    const copy = structuredClone(agg);
    applyOutcome(agg, parseReputationOutcome({ kind: 'task', success: true }), T0, policy.halfLifeDays);
    expect(agg).toEqual(copy);
  });

  it('keeps the score in [0, 1] for any outcomes at any time (property)', () => {
    fc.assert(
      fc.property(
        fc.array(outcomeArb, { maxLength: 60 }),
        fc.integer({ min: 0, max: 400 }),
        (outcomes, days) => {
          const s = computeReputation('a', build(outcomes), T0 + days * DAY, policy);
          expect(s.score).toBeGreaterThanOrEqual(0);
          expect(s.score).toBeLessThanOrEqual(1);
          for (const c of Object.values(s.components)) {
            expect(c).toBeGreaterThanOrEqual(0);
            expect(c).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is monotone in the success rate, all else equal (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 250 }),
        fc.tuple(fc.nat(), fc.nat()),
        fc.array(
          outcomeArb.filter((o) => o.kind !== 'task'),
          { maxLength: 20 },
        ),
        fc.integer({ min: 0, max: 100 }),
        (n, [x, y], others, days) => {
          const [low, high] = [x % (n + 1), y % (n + 1)].sort((a, b) => a - b) as [number, number];
          const a = computeReputation('a', build([...others, ...tasks(n, low)]), T0 + days * DAY, policy);
          const b = computeReputation('a', build([...others, ...tasks(n, high)]), T0 + days * DAY, policy);
          expect(b.score).toBeGreaterThanOrEqual(a.score - 1e-12);
          if (high > low) expect(b.components.success).toBeGreaterThan(a.components.success);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stays within decisions / 100 of the prior under 100 decisions (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99 }),
        fc.nat(),
        fc.array(
          outcomeArb.filter((o) => o.kind !== 'task'),
          { maxLength: 20 },
        ),
        (n, k, others) => {
          const s = computeReputation(
            'a',
            build([...others.map((o) => ({ ...o, at: T0 })), ...tasks(n, n === 0 ? 0 : k % (n + 1))]),
            T0,
            policy,
          );
          expect(Math.abs(s.score - 0.5)).toBeLessThanOrEqual(n / 100 / 2 + 1e-12);
          expect(s.confidence).toBeCloseTo(n / 100, 12);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('wilsonInterval', () => {
  it('brackets the observed rate and narrows with more evidence', () => {
    const small = wilsonInterval(8, 10)!;
    const large = wilsonInterval(800, 1000)!;
    expect(small.low).toBeLessThan(0.8);
    expect(small.high).toBeGreaterThan(0.8);
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
    expect(large.low).toBeCloseTo(0.7741, 3);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('resolveReputationPolicy', () => {
  it('names the field of an out-of-range setting', () => {
    expect(() => resolveReputationPolicy({ halfLifeDays: 0 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION', details: { field: 'halfLifeDays' } }),
    );
    expect(() => resolveReputationPolicy({ prior: 1.5 })).toThrow(
      expect.objectContaining({ details: { field: 'prior' } }),
    );
  });
});

describe('parseReputationOutcome', () => {
  it('rejects bad outcomes naming the field', () => {
    expect(() => parseReputationOutcome({ kind: 'rating', stars: 6 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION', details: expect.objectContaining({ field: 'stars' }) }),
    );
    expect(() => parseReputationOutcome({ kind: 'availability', upMs: 0, downMs: 0 })).toThrow(
      expect.objectContaining({ details: { field: 'upMs' } }),
    );
    expect(() => parseReputationOutcome({ kind: 'telepathy' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION' }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveConflict, type ConflictClaim } from './conflict-resolution.js';

const claim = (
  agentId: string,
  position: string,
  trust: number,
  extra: Partial<ConflictClaim> = {},
): ConflictClaim => ({ agentId, position, trust, ...extra });

describe('resolveConflict', () => {
  it('returns the shared position when everyone agrees', () => {
    const r = resolveConflict([claim('a', 'approve', 0.2), claim('b', 'approve', 0.9)]);
    expect(r).toMatchObject({
      outcome: 'decided',
      position: 'approve',
      decidedBy: 'unanimous',
      winners: ['a', 'b'],
    });
  });

  it('lets the guardian beat advisory agents, however trusted', () => {
    const r = resolveConflict([
      claim('wowvision-prime', 'reject', 0.3, { authority: 'guardian' }),
      claim('content-marketing', 'approve', 0.99, { specificity: 5 }),
      claim('seo-specialist', 'approve', 0.99),
    ]);
    expect(r).toMatchObject({
      outcome: 'decided',
      position: 'reject',
      decidedBy: 'guardian',
      winners: ['wowvision-prime'],
    });
  });

  it('lets the more specific agent win over the more general', () => {
    const r = resolveConflict([
      claim('generalist', 'publish', 0.9, { specificity: 1 }),
      claim('specialist', 'revise', 0.4, { specificity: 2 }),
    ]);
    expect(r).toMatchObject({ position: 'revise', decidedBy: 'specificity', winners: ['specialist'] });
  });

  it('decides a one-to-one dispute by the higher trust', () => {
    const r = resolveConflict([claim('a', 'approve', 0.61), claim('b', 'reject', 0.6)]);
    expect(r).toMatchObject({ position: 'approve', decidedBy: 'trust', winners: ['a'] });
  });

  it('falls back to a trust-weighted vote that needs more than half', () => {
    const claims = [claim('a', 'approve', 0.5), claim('b', 'approve', 0.3), claim('c', 'reject', 0.7)];
    const r = resolveConflict(claims);
    expect(r.decidedBy).toBe('vote');
    expect(r.position).toBe('approve');
    expect(r.tally[0]).toMatchObject({ position: 'approve', agents: ['a', 'b'] });
    expect(r.tally[0]!.share).toBeCloseTo(0.8 / 1.5, 12);
    // The decision weight scales a vote: with a's weight halved, approve has 0.55 / 1.25 = 0.44.
    const weighted = resolveConflict([
      claim('a', 'approve', 0.5, { weight: 0.5 }),
      claim('b', 'approve', 0.3),
      claim('c', 'reject', 0.7),
    ]);
    expect(weighted.position).toBe('reject');
    expect(weighted.decidedBy).toBe('vote');
  });

  it('escalates a deadlock: equal trust one-to-one, or no majority', () => {
    expect(resolveConflict([claim('a', 'approve', 0.7), claim('b', 'reject', 0.7)])).toMatchObject({
      outcome: 'escalate',
      decidedBy: 'deadlock',
      winners: [],
    });
    const three = resolveConflict([
      claim('a', 'x', 0.5),
      claim('b', 'x', 0.5),
      claim('c', 'y', 0.5),
      claim('d', 'y', 0.5),
      claim('e', 'z', 0.2),
    ]);
    expect(three.outcome).toBe('escalate');
    expect(three.position).toBeUndefined();
    // Two guardians who disagree with equal trust also deadlock, advisory agents notwithstanding.
    const guardians = resolveConflict([
      claim('g1', 'a', 0.8, { authority: 'guardian' }),
      claim('g2', 'b', 0.8, { authority: 'guardian' }),
      claim('x', 'a', 1),
    ]);
    expect(guardians.outcome).toBe('escalate');
  });

  it('does not depend on the order of the claims (property)', () => {
    const claimArb = fc.record({
      position: fc.constantFrom('approve', 'reject', 'modify'),
      trust: fc.double({ min: 0, max: 1, noNaN: true }),
      authority: fc.constantFrom('guardian' as const, 'advisory' as const, undefined),
      specificity: fc.constantFrom(0, 1, 2, undefined),
      weight: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(claimArb, { minLength: 1, maxLength: 8 }).chain((cs) =>
          fc.tuple(
            fc.constant(cs),
            fc.shuffledSubarray(
              cs.map((_, i) => i),
              { minLength: cs.length, maxLength: cs.length },
            ),
          ),
        ),
        ([raw, order]) => {
          const claims: ConflictClaim[] = raw.map((c, i) => {
            const out: ConflictClaim = { agentId: `agent-${i}`, position: c.position, trust: c.trust };
            if (c.authority) out.authority = c.authority;
            if (c.specificity !== undefined) out.specificity = c.specificity;
            if (c.weight !== undefined) out.weight = c.weight;
            return out;
          });
          const a = resolveConflict(claims);
          const b = resolveConflict(order.map((i) => claims[i]!));
          expect(b).toEqual(a);
          if (a.outcome === 'decided') expect(a.winners.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects bad claims naming the field', () => {
    expect(() => resolveConflict([])).toThrow(
      expect.objectContaining({ code: 'VALIDATION', details: { field: 'claims' } }),
    );
    expect(() => resolveConflict([claim('a', 'x', 1.2)])).toThrow(
      expect.objectContaining({ details: { field: 'claims[0].trust' } }),
    );
    expect(() => resolveConflict([claim('a', 'x', 1), claim('a', 'y', 1)])).toThrow(
      expect.objectContaining({ details: { field: 'claims[1].agentId' } }),
    );
    expect(() => resolveConflict([claim('a', '', 1)])).toThrow(
      expect.objectContaining({ details: { field: 'claims[0].position' } }),
    );
  });
});

// Resolves disagreements between agents by trust, in a fixed order: a guardian beats advisory
// agents, then the more specific agent wins, then the more trusted agent in a one-to-one dispute,
// then a trust-weighted vote that needs more than half; anything else is a deadlock → escalate.
import { PlatformError } from '../../errors.js';

export interface ConflictClaim {
  agentId: string;
  /** The position taken: `approve`, `reject`, or any option label. */
  position: string;
  /** Guardians (e.g. WowVision Prime) outrank advisory agents. Default `advisory`. */
  authority?: 'guardian' | 'advisory';
  /** How specific the agent is to the matter at hand; higher wins (e.g. specialist 2, domain 1). Default 0. */
  specificity?: number;
  /** Trust score in [0, 1], usually the agent's reputation score. */
  trust: number;
  /** Decision weight in [0, 1] (authority flag `decision_weight`). Default 1. */
  weight?: number;
}

export type ConflictRule = 'unanimous' | 'guardian' | 'specificity' | 'trust' | 'vote' | 'deadlock';

export interface PositionTally {
  position: string;
  agents: string[];
  /** Sum of trust × weight of the agents holding it. */
  weight: number;
  /** `weight` over the total of the claims still in contention (0 when that total is 0). */
  share: number;
}

export interface ConflictResolution {
  /** `escalate` on a deadlock: a human decides. */
  outcome: 'decided' | 'escalate';
  /** The winning position; absent on escalation. */
  position?: string;
  decidedBy: ConflictRule;
  /** The agents holding the winning position among those still in contention. */
  winners: string[];
  /** The weighted vote among the claims still in contention at the last rule applied. */
  tally: PositionTally[];
  reason: string;
}

export interface ConflictOptions {
  /** Share a position needs to win the vote; strictly more than this. Default 0.5. */
  voteThreshold?: number;
}

const EPSILON = 1e-9;

function validate(claims: readonly ConflictClaim[]): void {
  if (!Array.isArray(claims) || claims.length === 0) {
    throw new PlatformError('VALIDATION', 'claims must hold at least one claim', {
      details: { field: 'claims' },
    });
  }
  const seen = new Set<string>();
  claims.forEach((c, i) => {
    const bad = (field: string, rule: string): never => {
      throw new PlatformError('VALIDATION', `claims[${i}].${field} ${rule}`, {
        details: { field: `claims[${i}].${field}` },
      });
    };
    if (typeof c.agentId !== 'string' || c.agentId === '') bad('agentId', 'must be a non-empty string');
    if (seen.has(c.agentId)) bad('agentId', `repeats agent ${c.agentId}: one claim per agent`);
    seen.add(c.agentId);
    if (typeof c.position !== 'string' || c.position === '') bad('position', 'must be a non-empty string');
    if (!(c.trust >= 0 && c.trust <= 1)) bad('trust', 'must be between 0 and 1');
    if (c.weight !== undefined && !(c.weight >= 0 && c.weight <= 1)) bad('weight', 'must be between 0 and 1');
    if (c.specificity !== undefined && !Number.isFinite(c.specificity))
      bad('specificity', 'must be a finite number');
    if (c.authority !== undefined && c.authority !== 'guardian' && c.authority !== 'advisory')
      bad('authority', "must be 'guardian' or 'advisory'");
  });
}

/** Trust-weighted tally, heaviest first, ties by position name so the result never depends on input order. */
export function tallyClaims(claims: readonly ConflictClaim[]): PositionTally[] {
  const byPosition = new Map<string, { agents: string[]; weight: number }>();
  let total = 0;
  for (const c of claims) {
    const w = c.trust * (c.weight ?? 1);
    total += w;
    const entry = byPosition.get(c.position) ?? { agents: [], weight: 0 };
    entry.agents.push(c.agentId);
    entry.weight += w;
    byPosition.set(c.position, entry);
  }
  return [...byPosition.entries()]
    .map(([position, e]) => ({
      position,
      agents: e.agents.sort(),
      weight: e.weight,
      share: total > 0 ? e.weight / total : 0,
    }))
    .sort((a, b) => b.weight - a.weight || (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
}

function agreed(claims: readonly ConflictClaim[]): string | undefined {
  const first = claims[0]?.position;
  return first !== undefined && claims.every((c) => c.position === first) ? first : undefined;
}

function decided(
  position: string,
  decidedBy: ConflictRule,
  pool: readonly ConflictClaim[],
  reason: string,
): ConflictResolution {
  const winners = pool
    .filter((c) => c.position === position)
    .map((c) => c.agentId)
    .sort();
  return { outcome: 'decided', position, decidedBy, winners, tally: tallyClaims(pool), reason };
}

/**
 * Decides between conflicting claims, deterministically (the order of `claims` never matters):
 * 1. all agree → that position (`unanimous`);
 * 2. guardians present → only guardians count; if they agree, they win (`guardian`);
 * 3. the most specific agents count; if they agree and outrank someone, they win (`specificity`);
 * 4. a one-to-one dispute (each position held by one agent) → the strictly more trusted wins (`trust`);
 * 5. a trust × weight vote: a position with more than `voteThreshold` of the total wins (`vote`);
 * 6. otherwise `escalate` (`deadlock`).
 * VALIDATION naming the claim field on bad input.
 */
export function resolveConflict(
  claims: readonly ConflictClaim[],
  options: ConflictOptions = {},
): ConflictResolution {
  validate(claims);
  const threshold = options.voteThreshold ?? 0.5;
  if (!(threshold >= 0 && threshold < 1)) {
    throw new PlatformError('VALIDATION', 'voteThreshold must be in [0, 1)', {
      details: { field: 'voteThreshold' },
    });
  }
  // Sorted by agent so that even floating-point sums do not depend on the order of the input.
  let pool: readonly ConflictClaim[] = [...claims].sort((a, b) =>
    a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0,
  );
  const all = agreed(pool);
  if (all !== undefined) return decided(all, 'unanimous', pool, 'every agent takes the same position');

  const guardians = pool.filter((c) => c.authority === 'guardian');
  if (guardians.length > 0) {
    pool = guardians;
    const g = agreed(pool);
    if (g !== undefined) return decided(g, 'guardian', pool, 'the guardian outranks advisory agents');
  }

  const top = Math.max(...pool.map((c) => c.specificity ?? 0));
  const specific = pool.filter((c) => (c.specificity ?? 0) === top);
  if (specific.length < pool.length) {
    pool = specific;
    const s = agreed(pool);
    if (s !== undefined)
      return decided(s, 'specificity', pool, 'the more specific agent outranks the more general');
  }

  const tally = tallyClaims(pool);
  if (tally.every((t) => t.agents.length === 1)) {
    const ranked = [...pool].sort((a, b) => b.trust - a.trust);
    const [first, second] = ranked;
    if (first && second && first.trust - second.trust > EPSILON) {
      return decided(
        first.position,
        'trust',
        pool,
        `${first.agentId} is the more trusted (${first.trust.toFixed(3)} vs ${second.trust.toFixed(3)})`,
      );
    }
  }

  const leader = tally[0];
  if (leader && leader.share > threshold + EPSILON) {
    return decided(
      leader.position,
      'vote',
      pool,
      `weighted vote: ${(leader.share * 100).toFixed(1)} % for ${leader.position}`,
    );
  }
  return {
    outcome: 'escalate',
    decidedBy: 'deadlock',
    winners: [],
    tally,
    reason: 'no rule decides: escalate to a human',
  };
}

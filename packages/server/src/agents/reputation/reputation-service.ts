// Records reputation outcomes durably (idempotent by key, decayed aggregate updated in the same
// transaction) and answers scores with the verified figures behind them; resolves conflicts by trust.
import type { Clock } from '../../clock.js';
import { isPlatformError, PlatformError } from '../../errors.js';
import type { Ids } from '../../ids.js';
import type { StoredReputationOutcome } from '../../store/repositories/workforce-reputation.js';
import type { Store } from '../../store/store.js';
import {
  resolveConflict,
  type ConflictClaim,
  type ConflictOptions,
  type ConflictResolution,
} from './conflict-resolution.js';
import { createKeyLock } from './key-lock.js';
import { applyOutcome, emptyAggregate, type ReputationAggregate } from './reputation-aggregate.js';
import {
  assertAgentId,
  parseReputationOutcome,
  type ReputationOutcome,
  type ReputationOutcomeInput,
} from './reputation-outcome.js';
import {
  computeReputation,
  resolveReputationPolicy,
  type ReputationPolicy,
  type ReputationScore,
} from './reputation-score.js';

export interface ReputationServiceOptions {
  store: Store;
  clock: Clock;
  ids: Ids;
  policy?: Partial<ReputationPolicy>;
  /** Attempts when another process changed the same aggregate meanwhile (default 5). */
  attempts?: number;
}

export interface RecordResult {
  /** False when an outcome with the same key had already been recorded (nothing changed). */
  recorded: boolean;
  score: ReputationScore;
}

/** A claim whose trust may be left out: the agent's reputation score fills it in. */
export type ClaimInput = Omit<ConflictClaim, 'trust'> & { trust?: number };

export interface ReputationService {
  readonly policy: Readonly<ReputationPolicy>;
  /**
   * Records an outcome for `agentId` and returns the new score. Idempotent when `outcome.key` is
   * given. With `options.store` (a transaction store) it writes inside that transaction and leaves
   * retrying to the caller; otherwise a concurrent update is retried. VALIDATION naming the field on
   * bad input (an outcome more than a minute in the future included).
   */
  record(
    agentId: string,
    outcome: ReputationOutcomeInput,
    options?: { store?: Store },
  ): Promise<RecordResult>;
  /** The score now, with figures; an agent never seen gets the neutral prior and zero figures. */
  score(agentId: string, options?: { store?: Store }): Promise<ReputationScore>;
  /** Scores of several agents at once (one query), keyed by agent id. */
  scores(agentIds: readonly string[], options?: { store?: Store }): Promise<Map<string, ReputationScore>>;
  /** Recorded outcomes, newest first: the evidence behind the figures. */
  history(
    agentId: string,
    options?: { limit?: number; before?: number },
  ): Promise<Array<StoredReputationOutcome<ReputationOutcome>>>;
  /** `resolveConflict` with each missing `trust` filled from the agent's current score. */
  resolveConflict(claims: readonly ClaimInput[], options?: ConflictOptions): Promise<ConflictResolution>;
}

const FUTURE_SKEW_MS = 60_000;

export function createReputationService(options: ReputationServiceOptions): ReputationService {
  const { store, clock, ids } = options;
  const policy = resolveReputationPolicy(options.policy);
  const attempts = options.attempts ?? 5;
  const lock = createKeyLock();

  async function recordIn(
    tx: Store,
    agentId: string,
    outcome: ReputationOutcome,
    at: number,
  ): Promise<RecordResult> {
    const { key, at: _at, ...data } = outcome;
    const fresh = await tx.reputation.appendOutcome({
      id: ids.next('rep'),
      agentId,
      key: key ?? null,
      kind: outcome.kind,
      data: { ...data, at },
      at,
    });
    const current = await tx.reputation.get<ReputationAggregate>(agentId);
    const now = Math.max(clock.now(), at);
    if (!fresh)
      return {
        recorded: false,
        score: computeReputation(agentId, current?.data ?? emptyAggregate(), now, policy),
      };
    const next = applyOutcome(current?.data ?? emptyAggregate(), outcome, at, policy.halfLifeDays);
    await tx.reputation.save(agentId, next, current?.version ?? 0);
    return { recorded: true, score: computeReputation(agentId, next, now, policy) };
  }

  async function scores(
    agentIds: readonly string[],
    scoreOptions: { store?: Store } = {},
  ): Promise<Map<string, ReputationScore>> {
    if (!Array.isArray(agentIds))
      throw new PlatformError('VALIDATION', 'agentIds must be an array', { details: { field: 'agentIds' } });
    agentIds.forEach((id, i) => assertAgentId(id, `agentIds[${i}]`));
    const rows = await (scoreOptions.store ?? store).reputation.getMany<ReputationAggregate>([
      ...new Set(agentIds),
    ]);
    const byId = new Map(rows.map((r) => [r.agentId, r.data]));
    const now = clock.now();
    return new Map(
      agentIds.map((id) => [id, computeReputation(id, byId.get(id) ?? emptyAggregate(), now, policy)]),
    );
  }

  return {
    policy,

    async record(agentId, raw, recordOptions = {}) {
      assertAgentId(agentId);
      const outcome = parseReputationOutcome(raw);
      const at = outcome.at ?? clock.now();
      if (at > clock.now() + FUTURE_SKEW_MS) {
        throw new PlatformError('VALIDATION', 'Invalid reputation outcome: at lies in the future', {
          details: { field: 'at' },
        });
      }
      if (recordOptions.store)
        return recordOptions.store.transaction((tx) => recordIn(tx, agentId, outcome, at));
      return lock.run(agentId, async () => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await store.transaction((tx) => recordIn(tx, agentId, outcome, at));
          } catch (error) {
            // Another process changed this agent's aggregate between our read and write: redo it.
            if (!isPlatformError(error, 'CONFLICT') || attempt >= attempts) throw error;
          }
        }
      });
    },

    async score(agentId, scoreOptions = {}) {
      assertAgentId(agentId);
      const row = await (scoreOptions.store ?? store).reputation.get<ReputationAggregate>(agentId);
      return computeReputation(agentId, row?.data ?? emptyAggregate(), clock.now(), policy);
    },

    scores,

    async history(agentId, historyOptions = {}) {
      assertAgentId(agentId);
      return store.reputation.listOutcomes<ReputationOutcome>(agentId, historyOptions);
    },

    async resolveConflict(claims, conflictOptions) {
      if (!Array.isArray(claims))
        throw new PlatformError('VALIDATION', 'claims must be an array', { details: { field: 'claims' } });
      const missing = claims.filter((c) => c.trust === undefined).map((c) => c.agentId);
      const trust = missing.length > 0 ? await scores(missing) : new Map<string, ReputationScore>();
      const full = claims.map((c) => ({
        ...c,
        trust: c.trust ?? trust.get(c.agentId)?.score ?? policy.prior,
      }));
      return resolveConflict(full, conflictOptions);
    },
  };
}

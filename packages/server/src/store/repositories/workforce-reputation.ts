// Storage of agent reputation over Kysely: a versioned aggregate row per agent and an append-only
// outcome log. Duplicate outcome keys are ignored (not errors), so recording is idempotent.
import type { Kysely } from 'kysely';
import { PlatformError } from '../../errors.js';
import type { SqlContext } from '../sql-context.js';
import { withStoreErrors } from '../sql-errors.js';
import { fromJson, toJson } from '../sql-json.js';

export interface StoredReputation<D = unknown> {
  agentId: string;
  data: D;
  /** Starts at 1, +1 on every save. */
  version: number;
  updatedAt: number;
}

export interface StoredReputationOutcome<D = unknown> {
  id: string;
  agentId: string;
  /** Idempotency key, unique across all agents; null when the caller gave none. */
  key: string | null;
  kind: string;
  data: D;
  /** When the outcome happened (epoch ms). */
  at: number;
}

export interface ReputationRepository {
  get<D>(agentId: string): Promise<StoredReputation<D> | undefined>;
  /** The aggregates that exist among `agentIds` (absent agents are simply missing). */
  getMany<D>(agentIds: readonly string[]): Promise<Array<StoredReputation<D>>>;
  /**
   * Writes the aggregate: `expectedVersion` 0 inserts (CONFLICT when a row already exists), otherwise
   * updates only if the stored version matches (CONFLICT when stale, nothing changed).
   */
  save<D>(agentId: string, data: D, expectedVersion: number): Promise<StoredReputation<D>>;
  /** Appends an outcome; returns false (writing nothing) when its key was already recorded. */
  appendOutcome(outcome: StoredReputationOutcome): Promise<boolean>;
  /** An agent's outcomes, newest first. */
  listOutcomes<D>(
    agentId: string,
    options?: { limit?: number; before?: number },
  ): Promise<Array<StoredReputationOutcome<D>>>;
}

interface Tables {
  agent_reputation: { agent_id: string; data: unknown; version: number; updated_at: number };
  agent_reputation_outcomes: {
    id: string;
    agent_id: string;
    key: string | null;
    kind: string;
    data: unknown;
    at: number;
  };
}

export class WorkforceReputationRepository implements ReputationRepository {
  private readonly db: Kysely<Tables>;
  constructor(private readonly ctx: SqlContext) {
    this.db = ctx.db as Kysely<Tables>;
  }

  private row<D>(r: Tables['agent_reputation']): StoredReputation<D> {
    return {
      agentId: r.agent_id,
      data: fromJson<D>(r.data, this.ctx.dialect),
      version: Number(r.version),
      updatedAt: Number(r.updated_at),
    };
  }

  get<D>(agentId: string): Promise<StoredReputation<D> | undefined> {
    return withStoreErrors(async () => {
      const r = await this.db
        .selectFrom('agent_reputation')
        .selectAll()
        .where('agent_id', '=', agentId)
        .executeTakeFirst();
      return r ? this.row<D>(r) : undefined;
    }, this.ctx.errorContext);
  }

  getMany<D>(agentIds: readonly string[]): Promise<Array<StoredReputation<D>>> {
    return withStoreErrors(async () => {
      if (agentIds.length === 0) return [];
      const rows = await this.db
        .selectFrom('agent_reputation')
        .selectAll()
        .where('agent_id', 'in', [...agentIds])
        .orderBy('agent_id')
        .execute();
      return rows.map((r) => this.row<D>(r));
    }, this.ctx.errorContext);
  }

  save<D>(agentId: string, data: D, expectedVersion: number): Promise<StoredReputation<D>> {
    return withStoreErrors(async () => {
      const now = this.ctx.clock.now();
      const json = toJson(data);
      if (expectedVersion === 0) {
        // ON CONFLICT DO NOTHING rather than catching a unique violation: on PostgreSQL a failed
        // statement would abort the caller's whole transaction.
        const res = await this.db
          .insertInto('agent_reputation')
          .values({ agent_id: agentId, data: json, version: 1, updated_at: now })
          .onConflict((oc) => oc.column('agent_id').doNothing())
          .executeTakeFirst();
        if (Number(res.numInsertedOrUpdatedRows ?? 0) !== 1) {
          throw new PlatformError('CONFLICT', `Reputation of ${agentId} was created concurrently`, {
            details: { agentId, expectedVersion },
          });
        }
        return { agentId, data, version: 1, updatedAt: now };
      }
      const res = await this.db
        .updateTable('agent_reputation')
        .set({ data: json, version: expectedVersion + 1, updated_at: now })
        .where('agent_id', '=', agentId)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) {
        throw new PlatformError(
          'CONFLICT',
          `Reputation of ${agentId} changed concurrently (expected version ${expectedVersion})`,
          {
            details: { agentId, expectedVersion },
          },
        );
      }
      return { agentId, data, version: expectedVersion + 1, updatedAt: now };
    }, this.ctx.errorContext);
  }

  appendOutcome(outcome: StoredReputationOutcome): Promise<boolean> {
    return withStoreErrors(async () => {
      const res = await this.db
        .insertInto('agent_reputation_outcomes')
        .values({
          id: outcome.id,
          agent_id: outcome.agentId,
          key: outcome.key,
          kind: outcome.kind,
          data: toJson(outcome.data, 'outcome'),
          at: outcome.at,
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
    }, this.ctx.errorContext);
  }

  listOutcomes<D>(
    agentId: string,
    options: { limit?: number; before?: number } = {},
  ): Promise<Array<StoredReputationOutcome<D>>> {
    return withStoreErrors(async () => {
      let q = this.db.selectFrom('agent_reputation_outcomes').selectAll().where('agent_id', '=', agentId);
      if (options.before !== undefined) q = q.where('at', '<', options.before);
      const rows = await q
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(Math.min(Math.max(options.limit ?? 100, 1), 1000))
        .execute();
      return rows.map((r) => ({
        id: r.id,
        agentId: r.agent_id,
        key: r.key,
        kind: r.kind,
        data: fromJson<D>(r.data, this.ctx.dialect),
        at: Number(r.at),
      }));
    }, this.ctx.errorContext);
  }
}

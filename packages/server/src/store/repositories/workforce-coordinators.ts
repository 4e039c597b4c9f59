// Storage of the domain coordinators' durable state over Kysely: one JSON row per coordinator,
// written with an optimistic version check so two processes never both route into the same slot.
import type { Kysely } from 'kysely';
import { PlatformError } from '../../errors.js';
import type { SqlContext } from '../sql-context.js';
import { withStoreErrors } from '../sql-errors.js';
import { fromJson, toJson } from '../sql-json.js';

export interface StoredCoordinatorState<D = unknown> {
  coordinator: string;
  data: D;
  /** Starts at 1, +1 on every save. */
  version: number;
  updatedAt: number;
}

export interface CoordinatorStateRepository {
  get<D>(coordinator: string): Promise<StoredCoordinatorState<D> | undefined>;
  /**
   * Writes the state: `expectedVersion` 0 inserts (CONFLICT when a row already exists), otherwise
   * updates only if the stored version matches (CONFLICT when stale, nothing changed).
   */
  save<D>(coordinator: string, data: D, expectedVersion: number): Promise<StoredCoordinatorState<D>>;
}

interface Tables {
  coordinator_state: { coordinator: string; data: unknown; version: number; updated_at: number };
}

export class WorkforceCoordinatorsRepository implements CoordinatorStateRepository {
  private readonly db: Kysely<Tables>;
  constructor(private readonly ctx: SqlContext) {
    this.db = ctx.db as Kysely<Tables>;
  }

  get<D>(coordinator: string): Promise<StoredCoordinatorState<D> | undefined> {
    return withStoreErrors(async () => {
      const r = await this.db
        .selectFrom('coordinator_state')
        .selectAll()
        .where('coordinator', '=', coordinator)
        .executeTakeFirst();
      if (!r) return undefined;
      return {
        coordinator: r.coordinator,
        data: fromJson<D>(r.data, this.ctx.dialect),
        version: Number(r.version),
        updatedAt: Number(r.updated_at),
      };
    }, this.ctx.errorContext);
  }

  save<D>(coordinator: string, data: D, expectedVersion: number): Promise<StoredCoordinatorState<D>> {
    return withStoreErrors(async () => {
      const now = this.ctx.clock.now();
      const json = toJson(data);
      if (expectedVersion === 0) {
        // ON CONFLICT DO NOTHING: a unique violation would abort the caller's PostgreSQL transaction.
        const res = await this.db
          .insertInto('coordinator_state')
          .values({ coordinator, data: json, version: 1, updated_at: now })
          .onConflict((oc) => oc.column('coordinator').doNothing())
          .executeTakeFirst();
        if (Number(res.numInsertedOrUpdatedRows ?? 0) !== 1) {
          throw new PlatformError(
            'CONFLICT',
            `State of coordinator ${coordinator} was created concurrently`,
            { details: { coordinator, expectedVersion } },
          );
        }
        return { coordinator, data, version: 1, updatedAt: now };
      }
      const res = await this.db
        .updateTable('coordinator_state')
        .set({ data: json, version: expectedVersion + 1, updated_at: now })
        .where('coordinator', '=', coordinator)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) {
        throw new PlatformError(
          'CONFLICT',
          `State of coordinator ${coordinator} changed concurrently (expected version ${expectedVersion})`,
          {
            details: { coordinator, expectedVersion },
          },
        );
      }
      return { coordinator, data, version: expectedVersion + 1, updatedAt: now };
    }, this.ctx.errorContext);
  }
}

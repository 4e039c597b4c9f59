// Instance summaries and histories over SQL. Listings page newest first with an opaque cursor.
import { PlatformError, type SerializedError } from '../../errors.js';
import type { InstanceFilter, InstanceRecord, InstanceRepository } from '../../engine/engine-store.js';
import type { HistoryEvent } from '../../engine/history-events.js';
import type { InstanceStatus } from '../../engine/instance-state.js';
import type { SqlContext } from '../sql-context.js';
import { withStoreErrors } from '../sql-errors.js';
import { engineDb, historyEvent, parseJson, toNum, toNumOrNull, type EngineTables } from './engine-tables.js';

type Row = EngineTables['engine_instances'];

export function instanceRecord(r: Row): InstanceRecord {
  return {
    instanceId: r.instance_id,
    definitionId: r.definition_id,
    version: toNum(r.version),
    businessKey: r.business_key,
    state: r.state as InstanceStatus,
    runnable: toNum(r.runnable) === 1,
    parentInstanceId: r.parent_instance_id,
    createdAt: toNum(r.created_at),
    updatedAt: toNum(r.updated_at),
    endedAt: toNumOrNull(r.ended_at),
    seq: toNum(r.seq),
    owner: r.owner,
    leaseUntil: toNumOrNull(r.lease_until),
    error: parseJson<SerializedError | null>(r.error),
  };
}

function encodeCursor(createdAt: number, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // fall through to the error below
  }
  throw new PlatformError('BAD_REQUEST', 'cursor is malformed', { details: { field: 'cursor' } });
}

export class EngineInstancesRepository implements InstanceRepository {
  constructor(private readonly ctx: SqlContext) {}

  get(instanceId: string): Promise<InstanceRecord | undefined> {
    return withStoreErrors(async () => {
      const row = await engineDb(this.ctx)
        .selectFrom('engine_instances')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .executeTakeFirst();
      return row ? instanceRecord(row) : undefined;
    }, this.ctx.errorContext);
  }

  list(filter: InstanceFilter = {}): Promise<{ items: InstanceRecord[]; nextCursor?: string }> {
    const limit = filter.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      return Promise.reject(
        new PlatformError('VALIDATION', 'limit must be an integer from 1 to 500', {
          details: { field: 'limit' },
        }),
      );
    }
    const states =
      filter.state === undefined ? undefined : Array.isArray(filter.state) ? filter.state : [filter.state];
    return withStoreErrors(async () => {
      let q = engineDb(this.ctx).selectFrom('engine_instances').selectAll();
      if (filter.definitionId !== undefined) q = q.where('definition_id', '=', filter.definitionId);
      if (states?.length) q = q.where('state', 'in', states);
      if (filter.businessKey !== undefined) q = q.where('business_key', '=', filter.businessKey);
      if (filter.parentInstanceId !== undefined)
        q = q.where('parent_instance_id', '=', filter.parentInstanceId);
      if (filter.cursor !== undefined) {
        const [at, id] = decodeCursor(filter.cursor);
        q = q.where((eb) =>
          eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('instance_id', '<', id)])]),
        );
      }
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('instance_id', 'desc')
        .limit(limit + 1)
        .execute();
      const items = rows.slice(0, limit).map(instanceRecord);
      const last = items[items.length - 1];
      return rows.length > limit && last
        ? { items, nextCursor: encodeCursor(last.createdAt, last.instanceId) }
        : { items };
    }, this.ctx.errorContext);
  }

  history(instanceId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<HistoryEvent[]> {
    return withStoreErrors(async () => {
      let q = engineDb(this.ctx)
        .selectFrom('engine_history')
        .select(['seq', 'type', 'at', 'data'])
        .where('instance_id', '=', instanceId);
      if (options.afterSeq !== undefined) q = q.where('seq', '>', options.afterSeq);
      if (options.limit !== undefined) q = q.limit(options.limit);
      const rows = await q.orderBy('seq').execute();
      return rows.map(historyEvent);
    }, this.ctx.errorContext);
  }

  countByState(definitionId?: string): Promise<Record<string, number>> {
    return withStoreErrors(async () => {
      let q = engineDb(this.ctx)
        .selectFrom('engine_instances')
        .select((eb) => ['state', eb.fn.countAll<number>().as('n')])
        .groupBy('state');
      if (definitionId !== undefined) q = q.where('definition_id', '=', definitionId);
      const rows = await q.execute();
      return Object.fromEntries(rows.map((r) => [r.state, toNum(r.n)]));
    }, this.ctx.errorContext);
  }
}

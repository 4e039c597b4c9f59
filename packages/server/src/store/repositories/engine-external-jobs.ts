// Jobs for external workers over SQL (migration 0024): fetch-and-lock (FOR UPDATE SKIP LOCKED on
// PostgreSQL; SQLite's single writer serialises), settlement that enqueues the instance's input in the
// same transaction, and the rows a commit adds (hand-offs) and cancels (cancelled activities, ended
// instances). The row's state and settlement fingerprint make a repeated completion harmless.
import { sql } from 'kysely';
import type {
  ExternalJob,
  ExternalJobRepository,
  ExternalJobState,
  JobSettlement,
} from '../../engine/engine-store.js';
import { PlatformError } from '../../errors.js';
import type { SqlContext } from '../sql-context.js';
import { withStoreErrors } from '../sql-errors.js';
import {
  chunks,
  engineDb,
  jsonText,
  parseJson,
  toNum,
  toNumOrNull,
  type EngineDb,
  type EngineTables,
} from './engine-tables.js';

type Row = EngineTables['engine_external_jobs'];

function toJob(r: Row): ExternalJob {
  return {
    jobKey: r.job_key,
    type: r.type,
    instanceId: r.instance_id,
    activityId: r.activity_id,
    elementId: r.element_id,
    definitionId: r.definition_id,
    variables: parseJson(r.variables),
    retries: toNum(r.retries),
    state: r.state as ExternalJobState,
    worker: r.worker,
    lockUntil: toNumOrNull(r.lock_until),
    dueAt: toNum(r.due_at),
    errorMessage: r.error_message,
    createdAt: toNum(r.created_at),
    settledAt: toNumOrNull(r.settled_at),
  };
}

/** Inserts the hand-offs of a commit (ignoring repeats) and cancels the open jobs of cancelled activities and ended instances. */
export async function applyExternalJobWrites(
  db: EngineDb,
  add: ExternalJob[],
  cancel: Array<{ instanceId: string; activityId: string }>,
  endedInstances: string[],
  now: number,
): Promise<void> {
  for (const part of chunks(add, 16)) {
    await db
      .insertInto('engine_external_jobs')
      .values(
        part.map((j) => ({
          job_key: j.jobKey,
          type: j.type,
          instance_id: j.instanceId,
          activity_id: j.activityId,
          element_id: j.elementId,
          definition_id: j.definitionId,
          variables: jsonText(j.variables, 'variables'),
          retries: j.retries,
          state: 'open',
          worker: null,
          lock_until: null,
          due_at: j.dueAt,
          error_message: null,
          outcome: null,
          created_at: j.createdAt,
          settled_at: null,
        })),
      )
      .onConflict((oc) => oc.column('job_key').doNothing())
      .execute();
  }
  for (const c of cancel) {
    await db
      .updateTable('engine_external_jobs')
      .set({ state: 'cancelled', settled_at: now })
      .where('instance_id', '=', c.instanceId)
      .where('activity_id', '=', c.activityId)
      .where('state', '=', 'open')
      .execute();
  }
  for (const part of chunks(endedInstances, 1)) {
    await db
      .updateTable('engine_external_jobs')
      .set({ state: 'cancelled', settled_at: now })
      .where('instance_id', 'in', part)
      .where('state', '=', 'open')
      .execute();
  }
}

export class EngineExternalJobsRepository implements ExternalJobRepository {
  constructor(private readonly ctx: SqlContext) {}

  activate(o: {
    type: string;
    worker: string;
    max: number;
    now: number;
    lockUntil: number;
    jobKeys?: readonly string[];
  }): Promise<ExternalJob[]> {
    if (o.jobKeys?.length === 0) return Promise.resolve([]);
    return this.ctx.transaction(async (tx) => {
      const db = engineDb(tx);
      const pg = tx.dialect === 'postgres';
      const found = await sql<{ job_key: string }>`
        select job_key from engine_external_jobs
        where type = ${o.type} and state = 'open' and due_at <= ${o.now}
          and (lock_until is null or lock_until <= ${o.now})
          ${o.jobKeys ? sql`and job_key in (${sql.join([...o.jobKeys])})` : sql``}
        order by created_at, job_key limit ${o.max}
        ${pg ? sql`for update skip locked` : sql``}`.execute(db);
      const keys = found.rows.map((r) => r.job_key);
      if (keys.length === 0) return [];
      const rows = await db
        .updateTable('engine_external_jobs')
        .set({ worker: o.worker, lock_until: o.lockUntil })
        .where('job_key', 'in', keys)
        .returningAll()
        .execute();
      return rows.map(toJob).sort((a, b) => a.createdAt - b.createdAt || (a.jobKey < b.jobKey ? -1 : 1));
    });
  }

  get(jobKey: string): Promise<ExternalJob | undefined> {
    return withStoreErrors(async () => {
      const row = await engineDb(this.ctx)
        .selectFrom('engine_external_jobs')
        .selectAll()
        .where('job_key', '=', jobKey)
        .executeTakeFirst();
      return row ? toJob(row) : undefined;
    }, this.ctx.errorContext);
  }

  list(
    filter: { type?: string; instanceId?: string; state?: ExternalJobState; limit?: number } = {},
  ): Promise<ExternalJob[]> {
    return withStoreErrors(async () => {
      let q = engineDb(this.ctx).selectFrom('engine_external_jobs').selectAll();
      if (filter.type) q = q.where('type', '=', filter.type);
      if (filter.instanceId) q = q.where('instance_id', '=', filter.instanceId);
      if (filter.state) q = q.where('state', '=', filter.state);
      const rows = await q
        .orderBy('created_at')
        .orderBy('job_key')
        .limit(Math.min(Math.max(filter.limit ?? 100, 1), 500))
        .execute();
      return rows.map(toJob);
    }, this.ctx.errorContext);
  }

  /** The job locked for update, checked to be held (or last held) by `worker`. */
  private async held(db: EngineDb, pg: boolean, jobKey: string, worker: string): Promise<Row> {
    const found = await sql<Row>`
      select * from engine_external_jobs where job_key = ${jobKey} ${pg ? sql`for update` : sql``}`.execute(
      db,
    );
    const row = found.rows[0];
    if (!row) throw new PlatformError('NOT_FOUND', `Job ${jobKey} does not exist`, { details: { jobKey } });
    if (row.worker !== worker)
      throw new PlatformError(
        'CONFLICT',
        row.worker
          ? `Job ${jobKey} is locked by another worker (its lock expired and it was activated again)`
          : `Job ${jobKey} is not activated; activate it first`,
        { details: { jobKey, reason: row.worker ? 'locked-by-another-worker' : 'not-activated' } },
      );
    return row;
  }

  private static notOpen(row: Row): PlatformError {
    return new PlatformError('CONFLICT', `Job ${row.job_key} is ${row.state}`, {
      details: { jobKey: row.job_key, state: row.state },
    });
  }

  settle(jobKey: string, s: JobSettlement): Promise<{ job: ExternalJob; repeated: boolean }> {
    return this.ctx.transaction(async (tx) => {
      const db = engineDb(tx);
      const row = await this.held(db, tx.dialect === 'postgres', jobKey, s.worker);
      if (row.state !== 'open') {
        if (row.state === s.state && row.outcome === s.fingerprint)
          return { job: toJob(row), repeated: true };
        throw EngineExternalJobsRepository.notOpen(row);
      }
      const updated = await db
        .updateTable('engine_external_jobs')
        .set({ state: s.state, outcome: s.fingerprint, settled_at: s.now, lock_until: null })
        .where('job_key', '=', jobKey)
        .returningAll()
        .executeTakeFirstOrThrow();
      await db
        .insertInto('engine_jobs')
        .values({
          job_id: s.input.jobId,
          instance_id: s.input.instanceId,
          kind: s.input.kind,
          due_at: s.input.dueAt,
          payload: jsonText(s.input.payload, 'payload'),
          locked_by: null,
          locked_until: null,
          created_at: s.now,
        })
        .onConflict((oc) => oc.column('job_id').doNothing())
        .execute();
      return { job: toJob(updated), repeated: false };
    });
  }

  retry(
    jobKey: string,
    o: { worker: string; now: number; retries: number; dueAt: number; errorMessage: string },
  ): Promise<ExternalJob> {
    return this.ctx.transaction(async (tx) => {
      const db = engineDb(tx);
      const row = await this.held(db, tx.dialect === 'postgres', jobKey, o.worker);
      if (row.state !== 'open') throw EngineExternalJobsRepository.notOpen(row);
      const updated = await db
        .updateTable('engine_external_jobs')
        .set({
          retries: o.retries,
          due_at: o.dueAt,
          error_message: o.errorMessage,
          lock_until: null,
          worker: null,
        })
        .where('job_key', '=', jobKey)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toJob(updated);
    });
  }

  extend(jobKey: string, o: { worker: string; now: number; lockUntil: number }): Promise<ExternalJob> {
    return this.ctx.transaction(async (tx) => {
      const db = engineDb(tx);
      const row = await this.held(db, tx.dialect === 'postgres', jobKey, o.worker);
      if (row.state !== 'open') throw EngineExternalJobsRepository.notOpen(row);
      const updated = await db
        .updateTable('engine_external_jobs')
        .set({ lock_until: o.lockUntil })
        .where('job_key', '=', jobKey)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toJob(updated);
    });
  }

  nextActivatableAt(type: string): Promise<number | undefined> {
    return withStoreErrors(async () => {
      const row = await engineDb(this.ctx)
        .selectFrom('engine_external_jobs')
        .select(
          sql<
            number | null
          >`min(case when lock_until is not null and lock_until > due_at then lock_until else due_at end)`.as(
            'due',
          ),
        )
        .where('type', '=', type)
        .where('state', '=', 'open')
        .executeTakeFirst();
      return row?.due === null || row?.due === undefined ? undefined : toNum(row.due);
    }, this.ctx.errorContext);
  }
}

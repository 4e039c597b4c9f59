// Durable work over SQL: claiming due jobs together with the lease of their instance (FOR UPDATE
// SKIP LOCKED on PostgreSQL; SQLite has a single writer, so its IMMEDIATE transactions serialise
// claims), recovering runnable instances whose worker died, and lease renewal.
import { sql } from 'kysely';
import { PlatformError } from '../../errors.js';
import type { ClaimOptions, ClaimedJob, Job, JobKind, WorkRepository } from '../../engine/engine-store.js';
import type { SqlContext } from '../sql-context.js';
import { withStoreErrors } from '../sql-errors.js';
import { chunks, engineDb, jsonText, parseJson, toNum } from './engine-tables.js';

export class EngineWorkRepository implements WorkRepository {
  constructor(private readonly ctx: SqlContext) {}

  claim(o: ClaimOptions): Promise<ClaimedJob[]> {
    return this.ctx.transaction(async (tx) => {
      const db = engineDb(tx);
      const pg = tx.dialect === 'postgres';
      const candidates = await sql<{
        job_id: string;
        instance_id: string | null;
        kind: string;
        due_at: number;
        payload: string;
      }>`
        select j.job_id, j.instance_id, j.kind, j.due_at, j.payload
        from engine_jobs j left join engine_instances i on i.instance_id = j.instance_id
        where j.due_at <= ${o.now}
          and (j.locked_until is null or j.locked_until <= ${o.now})
          and (j.instance_id is null or (i.instance_id is not null
            and (i.owner is null or i.owner = ${o.worker} or i.lease_until <= ${o.now})
            and (i.state <> 'suspended' or j.kind = 'control')))
        order by j.due_at
        limit ${o.limit}
        ${pg ? sql`for update of j skip locked` : sql``}`.execute(db);
      if (candidates.rows.length === 0) return [];
      const instanceIds = [
        ...new Set(candidates.rows.map((r) => r.instance_id).filter((id): id is string => id !== null)),
      ];
      const leased = new Map<string, number>();
      for (const part of chunks(instanceIds, 1)) {
        const rows = await db
          .updateTable('engine_instances')
          .set({ owner: o.worker, lease_until: o.leaseUntil })
          .where('instance_id', 'in', part)
          .where((eb) =>
            eb.or([eb('owner', 'is', null), eb('owner', '=', o.worker), eb('lease_until', '<=', o.now)]),
          )
          .returning(['instance_id', 'seq'])
          .execute();
        for (const r of rows) leased.set(r.instance_id, toNum(r.seq));
      }
      const taken = candidates.rows.filter((r) => r.instance_id === null || leased.has(r.instance_id));
      for (const part of chunks(
        taken.map((r) => r.job_id),
        1,
      )) {
        await db
          .updateTable('engine_jobs')
          .set({ locked_by: o.worker, locked_until: o.leaseUntil })
          .where('job_id', 'in', part)
          .execute();
      }
      return taken.map((r) => ({
        jobId: r.job_id,
        instanceId: r.instance_id,
        kind: r.kind as JobKind,
        dueAt: toNum(r.due_at),
        payload: parseJson(r.payload),
        instanceSeq: r.instance_id === null ? null : (leased.get(r.instance_id) ?? null),
      }));
    });
  }

  recover(o: ClaimOptions & { includeOwn: boolean }): Promise<Array<{ instanceId: string; seq: number }>> {
    return withStoreErrors(async () => {
      const pg = this.ctx.dialect === 'postgres';
      const rows = await sql<{ instance_id: string; seq: number }>`
        update engine_instances set owner = ${o.worker}, lease_until = ${o.leaseUntil}
        where instance_id in (
          select instance_id from engine_instances
          where runnable = 1 and (owner is null or lease_until <= ${o.now} ${o.includeOwn ? sql`or owner = ${o.worker}` : sql``})
          limit ${o.limit} ${pg ? sql`for update skip locked` : sql``})
        returning instance_id, seq`.execute(engineDb(this.ctx));
      return rows.rows.map((r) => ({ instanceId: r.instance_id, seq: toNum(r.seq) }));
    }, this.ctx.errorContext);
  }

  acquire(instanceId: string, o: Omit<ClaimOptions, 'limit'>): Promise<{ seq: number } | undefined> {
    return withStoreErrors(async () => {
      const db = engineDb(this.ctx);
      const row = await db
        .updateTable('engine_instances')
        .set({ owner: o.worker, lease_until: o.leaseUntil })
        .where('instance_id', '=', instanceId)
        .where((eb) =>
          eb.or([eb('owner', 'is', null), eb('owner', '=', o.worker), eb('lease_until', '<=', o.now)]),
        )
        .returning(['seq'])
        .executeTakeFirst();
      if (row) return { seq: toNum(row.seq) };
      const exists = await db
        .selectFrom('engine_instances')
        .select('instance_id')
        .where('instance_id', '=', instanceId)
        .executeTakeFirst();
      if (!exists)
        throw new PlatformError('NOT_FOUND', `Workflow instance ${instanceId} does not exist`, {
          details: { instanceId },
        });
      return undefined;
    }, this.ctx.errorContext);
  }

  enqueue(jobs: Job[]): Promise<void> {
    if (jobs.length === 0) return Promise.resolve();
    return withStoreErrors(async () => {
      const now = this.ctx.clock.now();
      for (const part of chunks(jobs, 8)) {
        await engineDb(this.ctx)
          .insertInto('engine_jobs')
          .values(
            part.map((j) => ({
              job_id: j.jobId,
              instance_id: j.instanceId,
              kind: j.kind,
              due_at: j.dueAt,
              payload: jsonText(j.payload, 'payload'),
              locked_by: null,
              locked_until: null,
              created_at: now,
            })),
          )
          .execute();
      }
    }, this.ctx.errorContext);
  }

  nextDueAt(worker: string): Promise<number | undefined> {
    return withStoreErrors(async () => {
      const db = engineDb(this.ctx);
      // A locked job is next claimable when its lock expires (its claimer may have died).
      const job = await db
        .selectFrom('engine_jobs')
        .select(
          sql<
            number | null
          >`min(case when locked_until is not null and locked_until > due_at then locked_until else due_at end)`.as(
            'due',
          ),
        )
        .executeTakeFirst();
      // A runnable instance held by another worker becomes recoverable when its lease runs out.
      const lease = await db
        .selectFrom('engine_instances')
        .select((eb) => eb.fn.min('lease_until').as('due'))
        .where('runnable', '=', 1)
        .where('owner', '<>', worker)
        .executeTakeFirst();
      const times = [job?.due, lease?.due]
        .filter((v): v is number => v !== null && v !== undefined)
        .map(toNum);
      return times.length ? Math.min(...times) : undefined;
    }, this.ctx.errorContext);
  }

  renew(worker: string, instanceIds: string[], leaseUntil: number): Promise<string[]> {
    if (instanceIds.length === 0) return Promise.resolve([]);
    return withStoreErrors(async () => {
      const kept: string[] = [];
      for (const part of chunks(instanceIds, 1)) {
        const rows = await engineDb(this.ctx)
          .updateTable('engine_instances')
          .set({ lease_until: leaseUntil })
          .where('owner', '=', worker)
          .where('instance_id', 'in', part)
          .returning('instance_id')
          .execute();
        kept.push(...rows.map((r) => r.instance_id));
      }
      return kept;
    }, this.ctx.errorContext);
  }

  release(worker: string, instanceIds: string[]): Promise<void> {
    if (instanceIds.length === 0) return Promise.resolve();
    return withStoreErrors(async () => {
      for (const part of chunks(instanceIds, 1)) {
        await engineDb(this.ctx)
          .updateTable('engine_instances')
          .set({ owner: null, lease_until: null })
          .where('owner', '=', worker)
          .where('instance_id', 'in', part)
          .execute();
      }
    }, this.ctx.errorContext);
  }
}

// Group commit of the engine: many instances' steps in one transaction. Each write is fenced by the
// instance lease (UPDATE … WHERE owner = worker) and by the history primary key, so a worker that
// lost an instance can never append to it; on such a conflict the batch is retried write by write so
// that only the offending instances are refused.
import { CompiledQuery, sql } from 'kysely';
import { PlatformError, toPlatformError } from '../../errors.js';
import type { CommitBatch, CommitResult, InstanceWrite, Job } from '../../engine/engine-store.js';
import type { SqlContext } from '../sql-context.js';
import { applyExternalJobWrites } from './engine-external-jobs.js';
import { broadcastSignal, messageJob } from './engine-messages.js';
import { withStoreErrors } from '../sql-errors.js';
import {
  chunks,
  engineDb,
  historyData,
  jsonText,
  keyText,
  parseJson,
  type EngineDb,
  type EngineTables,
} from './engine-tables.js';

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'compensated']);

/** `(?, ?, …), (…)` (SQLite) or `($1, $2, …), (…)` (PostgreSQL) for `count` rows of `width` values. */
function rows(count: number, width: number, pg: boolean): string {
  const out: string[] = [];
  let n = 0;
  for (let r = 0; r < count; r++) {
    const cells: string[] = [];
    for (let c = 0; c < width; c++) cells.push(pg ? `$${++n}` : '?');
    out.push(`(${cells.join(', ')})`);
  }
  return out.join(', ');
}

async function rawExecute(db: EngineDb, text: string, params: unknown[]): Promise<unknown[]> {
  const result = await db.executeQuery(CompiledQuery.raw(text, params));
  return result.rows;
}

function jobRow(j: Job, now: number, lock?: { worker: string; until: number }): EngineTables['engine_jobs'] {
  return {
    job_id: j.jobId,
    instance_id: j.instanceId,
    kind: j.kind,
    due_at: j.dueAt,
    payload: jsonText(j.payload, 'payload'),
    locked_by: lock?.worker ?? null,
    locked_until: lock?.until ?? null,
    created_at: now,
  };
}

function leaseLost(instanceId: string): PlatformError {
  return new PlatformError('CONFLICT', `Workflow instance ${instanceId} is no longer leased to this worker`, {
    details: { instanceId, reason: 'lease-lost' },
  });
}

async function upsertJobs(db: EngineDb, rows: EngineTables['engine_jobs'][]): Promise<void> {
  for (const part of chunks(rows, 8)) {
    await db
      .insertInto('engine_jobs')
      .values(part)
      .onConflict((oc) =>
        oc.column('job_id').doUpdateSet((eb) => ({
          instance_id: eb.ref('excluded.instance_id'),
          kind: eb.ref('excluded.kind'),
          due_at: eb.ref('excluded.due_at'),
          payload: eb.ref('excluded.payload'),
          locked_by: eb.ref('excluded.locked_by'),
          locked_until: eb.ref('excluded.locked_until'),
        })),
      )
      .execute();
  }
}

async function applyWrites(tx: SqlContext, batch: CommitBatch, writes: InstanceWrite[]): Promise<Job[]> {
  const db = engineDb(tx);
  const pg = tx.dialect === 'postgres';
  const { worker, now, leaseUntil } = batch;

  // 1. New instances, leased to the committing worker unless they already rest.
  const creates = writes.filter((w) => w.create);
  for (const part of chunks(creates, 14)) {
    await db
      .insertInto('engine_instances')
      .values(
        part.map((w) => {
          const s = w.summary!;
          return {
            instance_id: w.instanceId,
            definition_id: w.create!.definitionId,
            version: s.version,
            business_key: w.create!.businessKey,
            state: s.state,
            runnable: s.runnable ? 1 : 0,
            parent_instance_id: w.create!.parentInstanceId,
            created_at: w.create!.createdAt,
            updated_at: now,
            ended_at: s.endedAt,
            seq: w.seq,
            owner: w.release ? null : worker,
            lease_until: w.release ? null : leaseUntil,
            error: s.error ? jsonText(s.error, 'error') : null,
          };
        }),
      )
      .execute();
  }

  // 2. History, all instances in as few statements as possible. The two hot statements of a step are
  // written as SQL text directly: building them through the query builder costs more than running them.
  const history: unknown[][] = [];
  for (const w of writes)
    for (const e of w.events) history.push([w.instanceId, e.seq, e.type, e.at, historyData(e)]);
  for (const part of chunks(history, 5)) {
    await rawExecute(
      db,
      `insert into engine_history (instance_id, seq, type, at, data) values ${rows(part.length, 5, pg)}`,
      part.flat(),
    );
  }

  // 3. Fence every existing instance (it must still be leased to this worker) and record its seq;
  // write summaries that changed. The lease itself is renewed by the engine's heartbeat, not here:
  // touching lease_until would rewrite its index on every step.
  const plain = writes.filter((w) => !w.create && !w.summary && !w.release);
  for (const part of chunks(plain, 3)) {
    const params: unknown[] = [];
    const p = (v: unknown): string => {
      params.push(v);
      return pg ? `$${params.length}` : '?';
    };
    const cases = part.map((w) => `when ${p(w.instanceId)} then cast(${p(w.seq)} as integer)`).join(' ');
    const text = `update engine_instances set seq = case instance_id ${cases} end, updated_at = ${p(now)} where owner = ${p(worker)} and instance_id in (${part.map((w) => p(w.instanceId)).join(', ')}) returning instance_id`;
    const result = await rawExecute(db, text, params);
    if (result.length !== part.length) {
      const ok = new Set(result.map((r) => (r as { instance_id: string }).instance_id));
      throw leaseLost(part.find((w) => !ok.has(w.instanceId))!.instanceId);
    }
  }
  for (const w of writes) {
    if (w.create || (!w.summary && !w.release)) continue;
    const s = w.summary;
    const r = await db
      .updateTable('engine_instances')
      .set({
        seq: w.seq,
        updated_at: now,
        owner: w.release ? null : worker,
        lease_until: w.release ? null : leaseUntil,
        ...(s
          ? {
              state: s.state,
              runnable: s.runnable ? 1 : 0,
              version: s.version,
              error: s.error ? jsonText(s.error, 'error') : null,
              ended_at: s.endedAt,
            }
          : {}),
      })
      .where('instance_id', '=', w.instanceId)
      .where('owner', '=', worker)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw leaseLost(w.instanceId);
  }

  // 4. Jobs: applied or cancelled ones go, new ones come (upsert: a re-armed start timer keeps its id).
  const deleteJobs = writes.flatMap((w) => w.deleteJobs);
  for (const part of chunks(deleteJobs, 1))
    await db.deleteFrom('engine_jobs').where('job_id', 'in', part).execute();
  const terminal = writes.filter((w) => w.summary && TERMINAL.has(w.summary.state)).map((w) => w.instanceId);
  for (const part of chunks(terminal, 1)) {
    await db.deleteFrom('engine_jobs').where('instance_id', 'in', part).execute();
    await db.deleteFrom('engine_subscriptions').where('instance_id', 'in', part).execute();
  }
  const addJobs = writes.flatMap((w) => w.addJobs);
  if (addJobs.length)
    await upsertJobs(
      db,
      addJobs.map((j) => jobRow(j, now)),
    );

  // 5. Subscriptions; a new one takes a matching buffered message at once (locked for this worker).
  for (const w of writes) {
    if (w.deleteSubscriptions.length === 0) continue;
    await db
      .deleteFrom('engine_subscriptions')
      .where('instance_id', '=', w.instanceId)
      .where('subscription_id', 'in', w.deleteSubscriptions)
      .execute();
  }
  const subs = writes.flatMap((w) => w.addSubscriptions);
  for (const part of chunks(subs, 5)) {
    await db
      .insertInto('engine_subscriptions')
      .values(
        part.map((s) => ({
          instance_id: s.instanceId,
          subscription_id: s.subscriptionId,
          name: s.name,
          correlation_key: keyText(s.correlationKey),
          created_at: s.createdAt,
        })),
      )
      .execute();
  }
  const matched: Job[] = [];
  for (const s of subs) {
    const found = await sql<{ message_id: string; payload: string }>`
      select message_id, payload from engine_messages
      where name = ${s.name} and correlation_key = ${keyText(s.correlationKey)} and expires_at > ${now}
      order by created_at limit 1 ${pg ? sql`for update skip locked` : sql``}`.execute(db);
    const m = found.rows[0];
    if (!m) continue;
    await db.deleteFrom('engine_messages').where('message_id', '=', m.message_id).execute();
    await db
      .deleteFrom('engine_subscriptions')
      .where('instance_id', '=', s.instanceId)
      .where('subscription_id', '=', s.subscriptionId)
      .execute();
    const job = messageJob(
      s.instanceId,
      s.subscriptionId,
      { messageId: m.message_id, name: s.name, payload: parseJson(m.payload) },
      now,
    );
    await upsertJobs(db, [jobRow(job, now, { worker, until: leaseUntil })]);
    matched.push(job);
  }

  // 6. Jobs for external workers (hand-offs, cancellations) and signals thrown by these steps.
  const cancels = writes.flatMap((w) =>
    (w.cancelExternalJobs ?? []).map((activityId) => ({ instanceId: w.instanceId, activityId })),
  );
  const handOffs = writes.flatMap((w) => w.externalJobs ?? []);
  if (handOffs.length || cancels.length || terminal.length)
    await applyExternalJobWrites(db, handOffs, cancels, terminal, now);
  for (const w of writes) for (const s of w.signals ?? []) await broadcastSignal(db, s, now);

  // 7. The user-task inbox.
  const tasks = writes.flatMap((w) => w.userTasks);
  for (const part of chunks(tasks, 16)) {
    await db
      .insertInto('engine_user_tasks')
      .values(
        part.map((t) => ({
          task_id: t.taskId,
          instance_id: t.instanceId,
          definition_id: t.definitionId,
          element_id: t.elementId,
          title: t.title,
          body: t.body,
          assignee: t.assignee,
          role: t.role,
          status: t.status,
          form: jsonText(t.form, 'form'),
          escalated: t.escalated ? 1 : 0,
          created_at: t.createdAt,
          due_at: t.dueAt,
          completed_at: t.completedAt ?? null,
          completed_by: t.completedBy ?? null,
          data: jsonText(t.data ?? null, 'data'),
        })),
      )
      .onConflict((oc) =>
        oc.column('task_id').doUpdateSet((eb) => ({
          assignee: eb.ref('excluded.assignee'),
          role: eb.ref('excluded.role'),
          status: eb.ref('excluded.status'),
          escalated: eb.ref('excluded.escalated'),
          completed_at: eb.ref('excluded.completed_at'),
          completed_by: eb.ref('excluded.completed_by'),
          data: eb.ref('excluded.data'),
        })),
      )
      .execute();
  }
  return matched;
}

/** A step that only appends history (the common case while tasks run one after another). */
function isPlain(w: InstanceWrite): boolean {
  return (
    !w.create &&
    !w.summary &&
    !w.release &&
    w.addJobs.length === 0 &&
    w.deleteJobs.length === 0 &&
    w.addSubscriptions.length === 0 &&
    w.deleteSubscriptions.length === 0 &&
    w.userTasks.length === 0 &&
    !w.externalJobs?.length &&
    !w.cancelExternalJobs?.length &&
    !w.signals?.length
  );
}

/**
 * PostgreSQL fast path for plain steps: fence and append in ONE statement (no BEGIN/COMMIT round
 * trips; a single statement is atomic). Instances no longer leased to the worker are skipped and
 * reported; a history conflict fails the statement, and the caller falls back to the general path.
 */
async function commitPlainPostgres(
  ctx: SqlContext,
  batch: CommitBatch,
  writes: InstanceWrite[],
): Promise<Map<string, PlatformError>> {
  const failed = new Map<string, PlatformError>();
  const db = engineDb(ctx);
  for (const part of chunks(writes, 12)) {
    const params: unknown[] = [];
    const p = (v: unknown, cast: string): string => {
      params.push(v);
      return `$${params.length}::${cast}`;
    };
    const fence = part.map((w) => `(${p(w.instanceId, 'text')}, ${p(w.seq, 'integer')})`).join(', ');
    const events = part.flatMap((w) =>
      w.events.map(
        (e) =>
          `(${p(w.instanceId, 'text')}, ${p(e.seq, 'integer')}, ${p(e.type, 'text')}, ${p(e.at, 'bigint')}, ${p(historyData(e), 'text')})`,
      ),
    );
    const text = `with fenced as (
        update engine_instances as i set seq = v.seq, updated_at = ${p(batch.now, 'bigint')}
        from (values ${fence}) as v(id, seq)
        where i.instance_id = v.id and i.owner = ${p(batch.worker, 'text')}
        returning i.instance_id),
      appended as (
        insert into engine_history (instance_id, seq, type, at, data)
        select h.instance_id, h.seq, h.type, h.at, h.data from (values ${events.join(', ')}) as h(instance_id, seq, type, at, data)
        where h.instance_id in (select instance_id from fenced)
        returning 1)
      select instance_id, (select count(*) from appended) as appended from fenced`;
    const rows = (await rawExecute(db, text, params)) as Array<{ instance_id: string }>;
    const ok = new Set(rows.map((r) => r.instance_id));
    for (const w of part) if (!ok.has(w.instanceId)) failed.set(w.instanceId, leaseLost(w.instanceId));
  }
  return failed;
}

/** Applies a batch atomically per instance, isolating conflicting instances (see module header). */
export async function commitBatch(ctx: SqlContext, batch: CommitBatch): Promise<CommitResult> {
  if (batch.writes.length === 0) return { failed: new Map(), matched: [] };
  if (ctx.dialect === 'postgres' && !ctx.inTransaction) {
    // Parents of children created in this batch stay with them in one transaction.
    const parents = new Set(
      batch.writes.map((w) => w.create?.parentInstanceId).filter((id): id is string => !!id),
    );
    const plain = batch.writes.filter((w) => isPlain(w) && !parents.has(w.instanceId));
    if (plain.length) {
      const rest = batch.writes.filter((w) => !plain.includes(w));
      let failed: Map<string, PlatformError>;
      try {
        failed = await withStoreErrors(() => commitPlainPostgres(ctx, batch, plain), ctx.errorContext);
      } catch (err) {
        if (toPlatformError(err).code !== 'CONFLICT') throw err;
        return commitGeneral(ctx, batch);
      }
      const general = rest.length
        ? await commitGeneral(ctx, { ...batch, writes: rest })
        : { failed: new Map<string, PlatformError>(), matched: [] };
      for (const [id, e] of failed) general.failed.set(id, e);
      return general;
    }
  }
  return commitGeneral(ctx, batch);
}

async function commitGeneral(ctx: SqlContext, batch: CommitBatch): Promise<CommitResult> {
  try {
    const matched = await ctx.transaction((tx) => applyWrites(tx, batch, batch.writes));
    return { failed: new Map(), matched };
  } catch (err) {
    const e = toPlatformError(err);
    if (e.code !== 'CONFLICT') throw e;
    const failed = new Map<string, PlatformError>();
    const matched: Job[] = [];
    if (batch.writes.length === 1) {
      failed.set(batch.writes[0]!.instanceId, e);
      return { failed, matched };
    }
    for (const w of batch.writes) {
      try {
        matched.push(...(await ctx.transaction((tx) => applyWrites(tx, batch, [w]))));
      } catch (inner) {
        const ie = toPlatformError(inner);
        if (ie.code !== 'CONFLICT') throw ie;
        failed.set(w.instanceId, ie);
      }
    }
    return { failed, matched };
  }
}

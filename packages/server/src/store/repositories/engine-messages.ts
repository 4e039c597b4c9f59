// Message correlation over SQL: a message goes to the oldest matching subscription (which becomes an
// input job for that instance) or waits in a buffer until it expires; `sweep` closes the race where a
// subscription and a buffered message were written concurrently.
import { sql } from 'kysely';
import type {
  BufferedMessage,
  CorrelationOutcome,
  MessageRepository,
  SignalBroadcast,
  SignalStartPayload,
} from '../../engine/engine-store.js';
import { SIGNAL_PREFIX } from '../../engine/history-events.js';
import type { JsonValue } from '../../errors.js';
import type { SqlContext } from '../sql-context.js';
import { withStoreErrors } from '../sql-errors.js';
import {
  chunks,
  engineDb,
  jsonText,
  keyOrNull,
  keyText,
  parseJson,
  toNum,
  type EngineDb,
  type EngineTables,
} from './engine-tables.js';

/** The input job delivering `message` to a subscription (the runner applies it as `messageReceived`). */
export function messageJob(
  instanceId: string,
  subscriptionId: string,
  message: Pick<BufferedMessage, 'messageId' | 'name' | 'payload'>,
  dueAt: number,
) {
  return {
    jobId: `msg:${message.messageId}`,
    instanceId,
    kind: 'input' as const,
    dueAt,
    payload: {
      kind: 'messageReceived',
      subscriptionId,
      name: message.name,
      payload: message.payload,
      messageId: message.messageId,
    } as JsonValue,
  };
}

export async function takeSubscription(
  db: EngineDb,
  postgres: boolean,
  name: string,
  key: string | null,
): Promise<{ instanceId: string; subscriptionId: string } | undefined> {
  const found = await sql<{ instance_id: string; subscription_id: string }>`
    select instance_id, subscription_id from engine_subscriptions
    where name = ${name} and correlation_key = ${keyText(key)}
    order by created_at limit 1 ${postgres ? sql`for update skip locked` : sql``}`.execute(db);
  const sub = found.rows[0];
  if (!sub) return undefined;
  await db
    .deleteFrom('engine_subscriptions')
    .where('instance_id', '=', sub.instance_id)
    .where('subscription_id', '=', sub.subscription_id)
    .execute();
  return { instanceId: sub.instance_id, subscriptionId: sub.subscription_id };
}

/**
 * Broadcasts a signal inside the caller's transaction: every subscription to it becomes an input job
 * (and goes), and every definition whose latest version starts on it gets a `signal-start` job.
 */
export async function broadcastSignal(
  db: EngineDb,
  signal: SignalBroadcast,
  now: number,
): Promise<{ delivered: number; started: number }> {
  const name = `${SIGNAL_PREFIX}${signal.name}`;
  const subs = await db
    .deleteFrom('engine_subscriptions')
    .where('name', '=', name)
    .returning(['instance_id', 'subscription_id'])
    .execute();
  const jobs: EngineTables['engine_jobs'][] = subs.map((s) => ({
    job_id: `sig:${signal.signalId}:${s.instance_id}:${s.subscription_id}`,
    instance_id: s.instance_id,
    kind: 'input',
    due_at: now,
    payload: jsonText(
      {
        kind: 'messageReceived',
        subscriptionId: s.subscription_id,
        name,
        payload: signal.payload,
        messageId: signal.signalId,
      },
      'payload',
    ),
    locked_by: null,
    locked_until: null,
    created_at: now,
  }));
  const starts = await db
    .selectFrom('engine_message_refs')
    .selectAll()
    .where('message_name', '=', name)
    .where('is_start', '=', 1)
    .execute();
  for (const r of starts) {
    const payload: SignalStartPayload = {
      definitionId: r.definition_id,
      version: toNum(r.version),
      elementId: r.element_id,
      signalId: signal.signalId,
      payload: signal.payload,
    };
    jobs.push({
      job_id: `sigstart:${signal.signalId}:${r.definition_id}:${r.element_id}`,
      instance_id: null,
      kind: 'signal-start',
      due_at: now,
      payload: jsonText(payload, 'payload'),
      locked_by: null,
      locked_until: null,
      created_at: now,
    });
  }
  for (const part of chunks(jobs, 8))
    await db
      .insertInto('engine_jobs')
      .values(part)
      .onConflict((oc) => oc.column('job_id').doNothing())
      .execute();
  return { delivered: subs.length, started: starts.length };
}

export class EngineMessagesRepository implements MessageRepository {
  constructor(private readonly ctx: SqlContext) {}

  broadcast(signal: SignalBroadcast, now: number): Promise<{ delivered: number; started: number }> {
    return this.ctx.transaction((tx) => broadcastSignal(engineDb(tx), signal, now));
  }

  correlate(message: BufferedMessage, options: { buffer: boolean }): Promise<CorrelationOutcome | undefined> {
    return this.ctx.transaction(async (tx) => {
      const db = engineDb(tx);
      const sub = await takeSubscription(db, tx.dialect === 'postgres', message.name, message.correlationKey);
      if (sub) {
        const job = messageJob(sub.instanceId, sub.subscriptionId, message, message.createdAt);
        await db
          .insertInto('engine_jobs')
          .values({
            job_id: job.jobId,
            instance_id: job.instanceId,
            kind: job.kind,
            due_at: job.dueAt,
            payload: jsonText(job.payload, 'payload'),
            locked_by: null,
            locked_until: null,
            created_at: message.createdAt,
          })
          .execute();
        return { delivered: { ...sub, jobId: job.jobId } };
      }
      if (!options.buffer) return undefined;
      await db
        .insertInto('engine_messages')
        .values({
          message_id: message.messageId,
          name: message.name,
          correlation_key: keyText(message.correlationKey),
          payload: jsonText(message.payload, 'payload'),
          created_at: message.createdAt,
          expires_at: message.expiresAt,
        })
        .onConflict((oc) => oc.column('message_id').doNothing())
        .execute();
      return { buffered: message };
    });
  }

  async sweep(now: number, limit: number): Promise<number> {
    const pairs = await withStoreErrors(
      () =>
        sql<{ message_id: string }>`
          select distinct m.message_id, m.created_at from engine_messages m
          join engine_subscriptions s on s.name = m.name and s.correlation_key = m.correlation_key
          where m.expires_at > ${now} order by m.created_at limit ${limit}`.execute(engineDb(this.ctx)),
      this.ctx.errorContext,
    );
    let delivered = 0;
    for (const { message_id } of pairs.rows) {
      const done = await this.ctx.transaction(async (tx) => {
        const db = engineDb(tx);
        const m = await db
          .deleteFrom('engine_messages')
          .where('message_id', '=', message_id)
          .returningAll()
          .executeTakeFirst();
        if (!m) return false;
        const msg = { messageId: m.message_id, name: m.name, payload: parseJson(m.payload) };
        const sub = await takeSubscription(
          db,
          tx.dialect === 'postgres',
          m.name,
          keyOrNull(m.correlation_key),
        );
        if (!sub) {
          await db.insertInto('engine_messages').values(m).execute();
          return false;
        }
        const job = messageJob(sub.instanceId, sub.subscriptionId, msg, now);
        await db
          .insertInto('engine_jobs')
          .values({
            job_id: job.jobId,
            instance_id: job.instanceId,
            kind: job.kind,
            due_at: job.dueAt,
            payload: jsonText(job.payload, 'payload'),
            locked_by: null,
            locked_until: null,
            created_at: now,
          })
          .onConflict((oc) => oc.column('job_id').doNothing())
          .execute();
        return true;
      });
      if (done) delivered++;
    }
    await withStoreErrors(
      () => engineDb(this.ctx).deleteFrom('engine_messages').where('expires_at', '<=', now).execute(),
      this.ctx.errorContext,
    );
    return delivered;
  }

  buffered(options: { name?: string; limit?: number } = {}): Promise<BufferedMessage[]> {
    return withStoreErrors(async () => {
      let q = engineDb(this.ctx)
        .selectFrom('engine_messages')
        .selectAll()
        .where('expires_at', '>', this.ctx.clock.now());
      if (options.name !== undefined) q = q.where('name', '=', options.name);
      const rows = await q
        .orderBy('created_at')
        .limit(options.limit ?? 100)
        .execute();
      return rows.map((m) => ({
        messageId: m.message_id,
        name: m.name,
        correlationKey: keyOrNull(m.correlation_key),
        payload: parseJson(m.payload),
        createdAt: toNum(m.created_at),
        expiresAt: toNum(m.expires_at),
      }));
    }, this.ctx.errorContext);
  }
}

// Table types and row helpers shared by the engine's SQL repositories (migrations 0020–0024).
// JSON columns are TEXT on both dialects: the engine never queries inside them, and TEXT avoids the
// jsonb parse on every history append.
import type { Kysely } from 'kysely';
import type { HistoryEvent } from '../../engine/history-events.js';
import { PlatformError, type JsonValue } from '../../errors.js';
import type { SqlContext } from '../sql-context.js';

export interface EngineTables {
  engine_definitions: {
    definition_id: string;
    version: number;
    name: string | null;
    version_tag: string | null;
    format: string;
    source: string;
    model: string;
    hash: string;
    status: string;
    created_at: number;
    created_by: string;
  };
  engine_message_refs: {
    message_name: string;
    definition_id: string;
    version: number;
    element_id: string;
    is_start: number;
  };
  engine_instances: {
    instance_id: string;
    definition_id: string;
    version: number;
    business_key: string | null;
    state: string;
    runnable: number;
    parent_instance_id: string | null;
    created_at: number;
    updated_at: number;
    ended_at: number | null;
    seq: number;
    owner: string | null;
    lease_until: number | null;
    error: string | null;
  };
  engine_history: { instance_id: string; seq: number; type: string; at: number; data: string };
  engine_jobs: {
    job_id: string;
    instance_id: string | null;
    kind: string;
    due_at: number;
    payload: string;
    locked_by: string | null;
    locked_until: number | null;
    created_at: number;
  };
  engine_subscriptions: {
    instance_id: string;
    subscription_id: string;
    name: string;
    correlation_key: string;
    created_at: number;
  };
  engine_messages: {
    message_id: string;
    name: string;
    correlation_key: string;
    payload: string;
    created_at: number;
    expires_at: number;
  };
  engine_user_tasks: {
    task_id: string;
    instance_id: string;
    definition_id: string;
    element_id: string;
    title: string;
    body: string | null;
    assignee: string | null;
    role: string | null;
    status: string;
    form: string;
    escalated: number;
    created_at: number;
    due_at: number | null;
    completed_at: number | null;
    completed_by: string | null;
    data: string;
  };
  engine_variables: {
    scope: string;
    owner: string;
    name: string;
    value: string;
    type: string;
    version: number;
    created_at: number;
    created_by: string;
    updated_at: number;
    updated_by: string;
  };
  engine_external_jobs: {
    job_key: string;
    type: string;
    instance_id: string;
    activity_id: string;
    element_id: string;
    definition_id: string;
    variables: string;
    retries: number;
    state: string;
    worker: string | null;
    lock_until: number | null;
    due_at: number;
    error_message: string | null;
    outcome: string | null;
    created_at: number;
    settled_at: number | null;
  };
  engine_variable_history: {
    scope: string;
    owner: string;
    name: string;
    version: number;
    value: string;
    type: string;
    actor: string;
    at: number;
  };
}

export type EngineDb = Kysely<EngineTables>;

export function engineDb(ctx: SqlContext): EngineDb {
  return ctx.db as EngineDb;
}

/** JSON text for a TEXT column; VALIDATION naming `field` when the value is not JSON. */
export function jsonText(value: unknown, field: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new PlatformError('VALIDATION', `${field} is not JSON-serialisable: ${(cause as Error).message}`, {
      details: { field },
      cause,
    });
  }
  if (text === undefined)
    throw new PlatformError('VALIDATION', `${field} is not JSON-serialisable`, { details: { field } });
  return text;
}

export function parseJson<T = JsonValue>(text: string | null): T {
  return (text === null ? null : JSON.parse(text)) as T;
}

export const toNum = (v: unknown): number => Number(v);
export const toNumOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Correlation keys are stored as text; a missing key is the empty string. */
export const keyText = (key: string | null): string => key ?? '';
export const keyOrNull = (text: string): string | null => (text === '' ? null : text);

/** Splits rows so one statement stays below the drivers' bound-parameter limits. */
export function chunks<T>(rows: T[], columns: number, maxParams = 30_000): T[][] {
  const size = Math.max(1, Math.floor(maxParams / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** `LIKE` pattern for a literal prefix (escaping `%`, `_` and the escape character). */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A history row's `data`: the event without the fields kept in their own columns (seq, type, at). */
export function historyData(e: HistoryEvent): string {
  const { seq: _seq, type: _type, at: _at, ...body } = e;
  return jsonText(body, 'history event');
}

export function historyEvent(row: { seq: number; type: string; at: number; data: string }): HistoryEvent {
  return {
    ...(JSON.parse(row.data) as object),
    seq: toNum(row.seq),
    type: row.type,
    at: toNum(row.at),
  } as HistoryEvent;
}

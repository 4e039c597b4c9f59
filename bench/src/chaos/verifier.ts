// The chaos verifier: from the effect tables, the set of acknowledged work and the kill log, it
// reports lost effects (acknowledged but never applied), duplicated effects (applied more than once),
// duplicate attempts (deliveries beyond the first — at-least-once at work), stuck work, and how long
// the work orphaned by each kill took to finish.
import Database from 'better-sqlite3';
import pg from 'pg';
import type { KillRecord } from './supervisor.js';
import { sqliteEffectsFile } from './effects.js';

export interface ChaosReport {
  scenario: string;
  system: string;
  kills: number;
  killsByMode: Record<string, number>;
  /** Work acknowledged to its producer (must all be done). */
  expected: number;
  effects: number;
  lost: number;
  duplicated: number;
  duplicateAttempts: number;
  /** Work still queued or in flight at the end (counted within `lost`). */
  stuck: number;
  /** Orphaned work (in flight in a killed worker) was picked up again this long after the kill: p50 / max ms. */
  resumeP50Ms: number;
  resumeMaxMs: number;
  /** …and finished this long after the kill: p50 / max ms. */
  recoveryP50Ms: number;
  recoveryMaxMs: number;
  /** Worker start → ready (restart cost) p50 / max ms. */
  restartP50Ms: number;
  restartMaxMs: number;
  unexpectedExits: number;
  seconds: number;
  /** Whether this row gates the run (ours) or is context (peers). */
  gate: boolean;
  pass: boolean;
  notes: string[];
}

export interface EffectRows {
  effects: Array<{ key: string; pid: number; at: number }>;
  log: Array<{ key: string }>;
  attempts: Array<{ key: string; pid: number; at: number }>;
}

/** Effect rows by `tag` (what the effect is for), so two different keys for one purpose count as a duplicate. */
export async function readPgEffects(url: string): Promise<EffectRows> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const num = (rows: Array<Record<string, unknown>>) =>
      rows.map((r) => ({ ...r, at: Number(r.at), pid: Number(r.pid) }));
    const effects = num(
      (await c.query('select tag as key, pid, at from chaos_effects')).rows,
    ) as EffectRows['effects'];
    const log = (await c.query('select tag as key from chaos_effect_log')).rows as EffectRows['log'];
    const attempts = num(
      (await c.query('select tag as key, pid, at from chaos_attempts')).rows,
    ) as EffectRows['attempts'];
    return { effects, log, attempts };
  } finally {
    await c.end();
  }
}

/** What `sqliteEffects(platformPath)` recorded. */
export function readSqliteEffects(platformPath: string): EffectRows & { published: string[] } {
  const db = new Database(sqliteEffectsFile(platformPath), { readonly: true });
  try {
    return {
      effects: db.prepare('select key, pid, at from chaos_effects').all() as EffectRows['effects'],
      log: db.prepare('select key from chaos_effect_log').all() as EffectRows['log'],
      attempts: db.prepare('select key, pid, at from chaos_attempts').all() as EffectRows['attempts'],
      published: (db.prepare('select key from chaos_published').all() as Array<{ key: string }>).map(
        (r) => r.key,
      ),
    };
  } finally {
    db.close();
  }
}

/**
 * Where each of `keys` stands in the embedded platform's bus outbox at `platformPath` (the durable
 * in-process bus's table): "pending (n deliveries)", "dead: reason" or "absent" — so a lost effect
 * says whether its message was still queued (not drained in time) or gone (a real loss).
 */
export function describeOutboxKeys(platformPath: string, keys: readonly string[]): string[] {
  if (!keys.length) return [];
  const db = new Database(platformPath, { readonly: true });
  try {
    const rows = db.prepare('select status, attempts, reason, message from bus_outbox').all() as Array<{
      status: string;
      attempts: number;
      reason: string | null;
      message: string;
    }>;
    const byKey = new Map<string, string>();
    for (const r of rows) {
      const key = (JSON.parse(r.message) as { payload?: { key?: string } }).payload?.key;
      if (key === undefined) continue;
      const state =
        r.status === 'pending' ? `pending (${r.attempts} deliveries)` : `${r.status}: ${r.reason ?? ''}`;
      byKey.set(key, byKey.has(key) ? `${byKey.get(key)}, ${state}` : state);
    }
    return keys.map((k) => `${k}: ${byKey.get(k) ?? 'absent from the outbox'}`);
  } finally {
    db.close();
  }
}

function pct(values: number[], p: number): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
}

export interface VerifyInput {
  scenario: string;
  system: string;
  expected: Iterable<string>;
  rows: EffectRows;
  kills: KillRecord[];
  readyMs: number[];
  unexpectedExits: number;
  stuck?: number;
  seconds: number;
  gate: boolean;
  /** When set, passing also needs the resume p50 at most this (ms). */
  resumeP50GoalMs?: number;
  notes?: string[];
}

export function verify(input: VerifyInput): ChaosReport {
  const expected = new Set(input.expected);
  const effectAt = new Map(input.rows.effects.map((e) => [e.key, e]));
  const logCount = new Map<string, number>();
  for (const r of input.rows.log) logCount.set(r.key, (logCount.get(r.key) ?? 0) + 1);
  const attemptCount = new Map<string, number>();
  for (const a of input.rows.attempts) attemptCount.set(a.key, (attemptCount.get(a.key) ?? 0) + 1);
  let lost = 0;
  for (const k of expected) if (!logCount.has(k) || !effectAt.has(k)) lost++;
  let duplicated = 0;
  for (const n of logCount.values()) if (n > 1) duplicated += n - 1;
  let duplicateAttempts = 0;
  for (const n of attemptCount.values()) if (n > 1) duplicateAttempts += n - 1;
  // Orphaned work of a kill: keys the dead worker attempted and did not apply itself.
  const recoveries: number[] = [];
  const resumes: number[] = [];
  const attemptsByPid = new Map<number, Set<string>>();
  const attemptsByKey = new Map<string, Array<{ pid: number; at: number }>>();
  for (const a of input.rows.attempts) {
    let s = attemptsByPid.get(a.pid);
    if (!s) attemptsByPid.set(a.pid, (s = new Set()));
    s.add(a.key);
    let l = attemptsByKey.get(a.key);
    if (!l) attemptsByKey.set(a.key, (l = []));
    l.push(a);
  }
  for (const k of input.kills) {
    let worstDone = -1;
    let worstResume = -1;
    for (const key of attemptsByPid.get(k.pid) ?? []) {
      const e = effectAt.get(key);
      if (!e || e.pid === k.pid || e.at < k.at) continue;
      worstDone = Math.max(worstDone, e.at - k.at);
      const next = (attemptsByKey.get(key) ?? [])
        .filter((a) => a.pid !== k.pid && a.at >= k.at)
        .reduce((m, a) => Math.min(m, a.at), Infinity);
      if (Number.isFinite(next)) worstResume = Math.max(worstResume, next - k.at);
    }
    if (worstDone >= 0) recoveries.push(worstDone);
    if (worstResume >= 0) resumes.push(worstResume);
  }
  const killsByMode: Record<string, number> = {};
  for (const k of input.kills) {
    const name = k.mode === 'fault' ? `fault:${k.point}` : 'random';
    killsByMode[name] = (killsByMode[name] ?? 0) + 1;
  }
  return {
    scenario: input.scenario,
    system: input.system,
    kills: input.kills.length,
    killsByMode,
    expected: expected.size,
    effects: effectAt.size,
    lost,
    duplicated,
    duplicateAttempts,
    stuck: input.stuck ?? 0,
    resumeP50Ms: pct(resumes, 0.5),
    resumeMaxMs: pct(resumes, 1),
    recoveryP50Ms: pct(recoveries, 0.5),
    recoveryMaxMs: pct(recoveries, 1),
    restartP50Ms: pct(input.readyMs, 0.5),
    restartMaxMs: pct(input.readyMs, 1),
    unexpectedExits: input.unexpectedExits,
    seconds: input.seconds,
    gate: input.gate,
    pass:
      lost === 0 &&
      duplicated === 0 &&
      (input.resumeP50GoalMs === undefined || pct(resumes, 0.5) <= input.resumeP50GoalMs),
    notes: [
      ...(input.resumeP50GoalMs === undefined ? [] : [`goal: resumed p50 ≤ ${input.resumeP50GoalMs} ms`]),
      ...(input.notes ?? []),
    ],
  };
}

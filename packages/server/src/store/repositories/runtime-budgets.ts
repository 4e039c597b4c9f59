// Budget rows and reservations of the agent runtime over Kysely. A reservation is a conditional UPDATE
// that succeeds only while used + reserved + amount stays within the limit, so concurrent reservations
// never overspend: one over all scopes on SQLite (one writer), one per scope in scope order on
// PostgreSQL (so row locks never deadlock) — decision 0090.
import { sql, type Kysely } from 'kysely';
import { PlatformError } from '../../errors.js';
import { memoByCount, preparedQuery } from '../prepared-query.js';
import { deferredTransaction, type SqlContext, type SqlDb } from '../sql-context.js';
import { withStoreErrors } from '../sql-errors.js';

/** `day` and `month` reset at the UTC boundary; `total` never resets (a workflow run's budget). */
export type BudgetPeriod = 'day' | 'month' | 'total';

export interface BudgetRecord {
  /** `agent:<id>`, `tenant:<id>`, `run:<id>` … */
  scope: string;
  tenantId: string | null;
  period: BudgetPeriod;
  /** Epoch ms at which the current period began. */
  periodStart: number;
  /** Null means no limit on that dimension. */
  limitTokens: number | null;
  limitMicros: number | null;
  usedTokens: number;
  usedMicros: number;
  reservedTokens: number;
  reservedMicros: number;
  /** Highest alert threshold (percent) already raised this period: 0, 80, 90 or 100. */
  alertLevel: number;
  updatedAt: number;
}

export type ReservationStatus = 'held' | 'settled' | 'released' | 'expired';

export interface BudgetReservationRecord {
  id: string;
  scopes: string[];
  tokens: number;
  micros: number;
  status: ReservationStatus;
  settledTokens: number | null;
  settledMicros: number | null;
  createdAt: number;
  expiresAt: number;
}

export type ReserveOutcome =
  { ok: true; reservation: BudgetReservationRecord } | { ok: false; scope: string; budget: BudgetRecord };

export interface SettleOutcome {
  reservation: BudgetReservationRecord;
  /** False when the reservation had been settled or released before (the call changed nothing). */
  changed: boolean;
  /** The scopes' rows after the settlement. */
  budgets: BudgetRecord[];
}

export interface RuntimeBudgetRepository {
  /** Creates the budget or changes its limits and period; usage and reservations are kept. */
  define(input: {
    scope: string;
    tenantId: string | null;
    period: BudgetPeriod;
    limitTokens: number | null;
    limitMicros: number | null;
  }): Promise<BudgetRecord>;
  get(scope: string): Promise<BudgetRecord | undefined>;
  list(options?: { tenantId?: string | null; scopePrefix?: string }): Promise<BudgetRecord[]>;
  remove(scope: string): Promise<boolean>;
  /**
   * Reserves `tokens` and `micros` on every scope that has a budget (scopes without one are not
   * limited), all or nothing. `{ ok: false }` names the first scope that could not cover it.
   */
  reserve(input: {
    id: string;
    scopes: string[];
    tokens: number;
    micros: number;
    expiresAt: number;
  }): Promise<ReserveOutcome>;
  /**
   * Turns a reservation into usage: the reserved amounts are returned and the actual ones charged.
   * `status` is `settled` (default) or `released` (nothing was spent). Idempotent; NOT_FOUND when unknown.
   */
  settle(
    id: string,
    actual: { tokens: number; micros: number },
    status?: 'settled' | 'released',
  ): Promise<SettleOutcome>;
  getReservation(id: string): Promise<BudgetReservationRecord | undefined>;
  /** Returns the amounts of held reservations whose `expiresAt` passed (a caller that died); how many. */
  expireHeld(now: number): Promise<number>;
  /** Records that `level` (percent) was raised this period; true only for the first caller. */
  raiseAlert(scope: string, level: number): Promise<boolean>;
}

interface BudgetRow {
  scope: string;
  tenant_id: string | null;
  period: string;
  period_start: number;
  limit_tokens: number | null;
  limit_micros: number | null;
  used_tokens: number;
  used_micros: number;
  reserved_tokens: number;
  reserved_micros: number;
  alert_level: number;
  updated_at: number;
}

interface ReservationRow {
  id: string;
  scopes: string;
  tokens: number;
  micros: number;
  status: string;
  settled_tokens: number | null;
  settled_micros: number | null;
  created_at: number;
  expires_at: number;
}

interface BudgetDatabase {
  runtime_budgets: BudgetRow;
  runtime_budget_reservations: ReservationRow;
}

const num = (v: unknown) => Number(v);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The row as of `now`: a period that has ended reads as a fresh one (usage and alerts at zero). */
function toBudget(row: BudgetRow, now: number): BudgetRecord {
  const period = row.period as BudgetPeriod;
  const start = periodStartOf(period, now);
  const ended = period !== 'total' && num(row.period_start) < start;
  return {
    scope: row.scope,
    tenantId: row.tenant_id,
    period,
    periodStart: ended ? start : num(row.period_start),
    limitTokens: numOrNull(row.limit_tokens),
    limitMicros: numOrNull(row.limit_micros),
    usedTokens: ended ? 0 : num(row.used_tokens),
    usedMicros: ended ? 0 : num(row.used_micros),
    reservedTokens: num(row.reserved_tokens),
    reservedMicros: num(row.reserved_micros),
    alertLevel: ended ? 0 : num(row.alert_level),
    updatedAt: num(row.updated_at),
  };
}

/**
 * SQL pieces that start a new period inside the same UPDATE that charges it, so a write never
 * needs a separate statement to reset an ended day or month (SET expressions see the old row).
 * `day` and `month` are the starts of the current day and month (see `periodStarts`).
 */
function periodSql(dayStart: number, monthStart: number) {
  const day = sql<number>`cast(${dayStart} as bigint)`;
  const month = sql<number>`cast(${monthStart} as bigint)`;
  const ended = sql<boolean>`((period = 'day' and period_start < ${day}) or (period = 'month' and period_start < ${month}))`;
  return {
    ended,
    /** The column's value, or 0 when the period ended. */
    current: (column: 'used_tokens' | 'used_micros' | 'alert_level') =>
      sql<number>`(case when ${ended} then 0 else ${sql.ref(column)} end)`,
    periodStart: sql<number>`(case when ${ended} then (case when period = 'day' then ${day} else ${month} end) else period_start end)`,
  };
}

/** The SET of a reservation or charge: start a new period if one ended, then add the amounts. */
function chargeSet(
  p: ReturnType<typeof periodSql>,
  reservedTokens: number,
  reservedMicros: number,
  usedTokens: number,
  usedMicros: number,
  now: number,
) {
  return {
    used_tokens: sql<number>`${p.current('used_tokens')} + ${usedTokens}`,
    used_micros: sql<number>`${p.current('used_micros')} + ${usedMicros}`,
    alert_level: p.current('alert_level'),
    period_start: p.periodStart,
    reserved_tokens: sql<number>`reserved_tokens + ${reservedTokens}`,
    reserved_micros: sql<number>`reserved_micros + ${reservedMicros}`,
    updated_at: now,
  };
}

const periodStarts = (now: number) => [periodStartOf('day', now), periodStartOf('month', now)] as const;

const budgetsDb = (db: SqlDb) => db as Kysely<BudgetDatabase>;

// The statements of every model call (reserve, settle), compiled once (see prepared-query.ts).

/** Budget rows of `n` scopes, in scope order. */
const selectBudgets = memoByCount((n) =>
  preparedQuery<string[]>(n, (db, ...scopes) =>
    budgetsDb(db).selectFrom('runtime_budgets').selectAll().where('scope', 'in', scopes).orderBy('scope'),
  ),
);

/** The amounts fit next to what is used and reserved (limits are inclusive). */
function fitsSql(p: ReturnType<typeof periodSql>, tokens: number, micros: number) {
  return sql<boolean>`(limit_tokens is null or ${p.current('used_tokens')} + reserved_tokens + ${tokens} <= limit_tokens) and (limit_micros is null or ${p.current('used_micros')} + reserved_micros + ${micros} <= limit_micros)`;
}

/** Reserves on one scope when the amounts fit next to what is used and reserved. */
const reserveOnScope = preparedQuery<
  [day: number, month: number, tokens: number, micros: number, now: number, scope: string]
>(6, (db, day, month, tokens, micros, now, scope) => {
  const p = periodSql(day, month);
  return budgetsDb(db)
    .updateTable('runtime_budgets')
    .set(chargeSet(p, tokens, micros, 0, 0, now))
    .where('scope', '=', scope)
    .where(fitsSql(p, tokens, micros));
});

/**
 * Reserves on each of `n` scopes where the amounts fit, in one statement; the scopes reserved on.
 * SQLite only: it has one writer, so no row lock order matters (PostgreSQL locks scope by scope).
 */
const reserveOnScopes = memoByCount((n) =>
  preparedQuery<unknown[]>(5 + n, (db, day, month, tokens, micros, now, ...scopes) => {
    const p = periodSql(day as number, month as number);
    return budgetsDb(db)
      .updateTable('runtime_budgets')
      .set(chargeSet(p, tokens as number, micros as number, 0, 0, now as number))
      .where('scope', 'in', scopes as string[])
      .where(fitsSql(p, tokens as number, micros as number))
      .returning('scope');
  }),
);

/** Adds to reserved and used amounts of `n` scopes, starting a new period first where one ended. */
const adjustScopes = memoByCount((n) =>
  preparedQuery<unknown[]>(
    7 + n,
    (db, day, month, resTokens, resMicros, usedTokens, usedMicros, now, ...scopes) =>
      budgetsDb(db)
        .updateTable('runtime_budgets')
        .set(
          chargeSet(
            periodSql(day as number, month as number),
            resTokens as number,
            resMicros as number,
            usedTokens as number,
            usedMicros as number,
            now as number,
          ),
        )
        .where('scope', 'in', scopes as string[])
        .returningAll(),
  ),
);

const insertReservation = preparedQuery<
  [id: string, scopes: string, tokens: number, micros: number, createdAt: number, expiresAt: number]
>(6, (db, id, scopes, tokens, micros, createdAt, expiresAt) =>
  budgetsDb(db)
    .insertInto('runtime_budget_reservations')
    .values({
      id,
      scopes,
      tokens,
      micros,
      status: 'held',
      settled_tokens: null,
      settled_micros: null,
      created_at: createdAt,
      expires_at: expiresAt,
    })
    .returningAll(),
);

/** Moves a reservation from `from` to its final status; the conditional update is the lock. */
const markReservation = preparedQuery<
  [status: ReservationStatus, tokens: number, micros: number, id: string, from: ReservationStatus]
>(5, (db, status, tokens, micros, id, from) =>
  budgetsDb(db)
    .updateTable('runtime_budget_reservations')
    .set({ status, settled_tokens: tokens, settled_micros: micros })
    .where('id', '=', id)
    .where('status', '=', from)
    .returningAll(),
);

function toReservation(row: ReservationRow): BudgetReservationRecord {
  return {
    id: row.id,
    scopes: JSON.parse(row.scopes) as string[],
    tokens: num(row.tokens),
    micros: num(row.micros),
    status: row.status as ReservationStatus,
    settledTokens: numOrNull(row.settled_tokens),
    settledMicros: numOrNull(row.settled_micros),
    createdAt: num(row.created_at),
    expiresAt: num(row.expires_at),
  };
}

/** Start of the period containing `now` (UTC). */
export function periodStartOf(period: BudgetPeriod, now: number): number {
  if (period === 'total') return 0;
  const d = new Date(now);
  return period === 'day'
    ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())
    : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Whether `tokens`/`micros` fit next to what is used and reserved (limits are inclusive). */
function fits(b: BudgetRecord, tokens: number, micros: number): boolean {
  return (
    (b.limitTokens === null || b.usedTokens + b.reservedTokens + tokens <= b.limitTokens) &&
    (b.limitMicros === null || b.usedMicros + b.reservedMicros + micros <= b.limitMicros)
  );
}

function amount(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new PlatformError('VALIDATION', `${field} must be a whole number ≥ 0`, { details: { field } });
  }
  return value;
}

function limit(value: number | null, field: string): number | null {
  return value === null ? null : amount(value, field);
}

/** A reservation asked for: whole amounts, scopes distinct and sorted. */
interface PendingReservation {
  id: string;
  scopes: string[];
  tokens: number;
  micros: number;
  expiresAt: number;
}

export class RuntimeBudgetsRepository implements RuntimeBudgetRepository {
  constructor(private readonly ctx: SqlContext) {}

  private db(ctx: SqlContext = this.ctx): Kysely<BudgetDatabase> {
    return ctx.db as Kysely<BudgetDatabase>;
  }

  private run<T>(fn: () => Promise<T>): Promise<T> {
    return withStoreErrors(fn, this.ctx.errorContext);
  }

  async define(input: {
    scope: string;
    tenantId: string | null;
    period: BudgetPeriod;
    limitTokens: number | null;
    limitMicros: number | null;
  }): Promise<BudgetRecord> {
    if (typeof input.scope !== 'string' || input.scope.length === 0 || input.scope.length > 200) {
      throw new PlatformError('VALIDATION', 'scope must be a non-empty string of at most 200 characters', {
        details: { field: 'scope' },
      });
    }
    if (!['day', 'month', 'total'].includes(input.period)) {
      throw new PlatformError('VALIDATION', "period must be 'day', 'month' or 'total'", {
        details: { field: 'period' },
      });
    }
    const limitTokens = limit(input.limitTokens, 'limitTokens');
    const limitMicros = limit(input.limitMicros, 'limitMicros');
    const now = this.ctx.clock.now();
    return this.run(async () => {
      const row = await this.db()
        .insertInto('runtime_budgets')
        .values({
          scope: input.scope,
          tenant_id: input.tenantId,
          period: input.period,
          period_start: periodStartOf(input.period, now),
          limit_tokens: limitTokens,
          limit_micros: limitMicros,
          used_tokens: 0,
          used_micros: 0,
          reserved_tokens: 0,
          reserved_micros: 0,
          alert_level: 0,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.column('scope').doUpdateSet({
            tenant_id: input.tenantId,
            period: input.period,
            limit_tokens: limitTokens,
            limit_micros: limitMicros,
            updated_at: now,
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return toBudget(row, now);
    });
  }

  async get(scope: string): Promise<BudgetRecord | undefined> {
    return this.run(async () => {
      const row = await this.db()
        .selectFrom('runtime_budgets')
        .selectAll()
        .where('scope', '=', scope)
        .executeTakeFirst();
      return row ? toBudget(row, this.ctx.clock.now()) : undefined;
    });
  }

  async list(options: { tenantId?: string | null; scopePrefix?: string } = {}): Promise<BudgetRecord[]> {
    return this.run(async () => {
      let q = this.db().selectFrom('runtime_budgets').selectAll().orderBy('scope');
      if (options.tenantId !== undefined)
        q =
          options.tenantId === null
            ? q.where('tenant_id', 'is', null)
            : q.where('tenant_id', '=', options.tenantId);
      if (options.scopePrefix !== undefined)
        q = q.where('scope', 'like', `${options.scopePrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const now = this.ctx.clock.now();
      return (await q.execute()).map((r) => toBudget(r, now));
    });
  }

  async remove(scope: string): Promise<boolean> {
    return this.run(async () => {
      const r = await this.db().deleteFrom('runtime_budgets').where('scope', '=', scope).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    });
  }

  async reserve(input: {
    id: string;
    scopes: string[];
    tokens: number;
    micros: number;
    expiresAt: number;
  }): Promise<ReserveOutcome> {
    const tokens = amount(input.tokens, 'tokens');
    const micros = amount(input.micros, 'micros');
    const scopes = [...new Set(input.scopes)].sort();
    if (scopes.length === 0)
      throw new PlatformError('VALIDATION', 'scopes must not be empty', { details: { field: 'scopes' } });
    const reservation = { ...input, scopes, tokens, micros };
    return this.run(() =>
      this.ctx.dialect === 'sqlite' ? this.reserveAtOnce(reservation) : this.reserveScopeByScope(reservation),
    );
  }

  /**
   * PostgreSQL: refuse without taking any lock when a budget is already too full (under contention
   * most refusals end here), then one conditional UPDATE per scope in scope order — the locked check
   * that guarantees the limit, in an order in which concurrent reservations never deadlock.
   */
  private async reserveScopeByScope(input: PendingReservation): Promise<ReserveOutcome> {
    const { scopes, tokens, micros } = input;
    const now = this.ctx.clock.now();
    const { rows } = await selectBudgets(scopes.length).execute<BudgetRow>(this.ctx, ...scopes);
    const budgeted = rows.map((r) => toBudget(r, now));
    for (const b of budgeted) {
      if (!fits(b, tokens, micros)) return { ok: false as const, scope: b.scope, budget: b };
    }
    // Not waited for durably (decision 0089): a reservation lost in a crash frees its hold, which is
    // all an unsettled one does when it expires; the settlement is the write that must last.
    return deferredTransaction(this.ctx, async (tx) => {
      const at = tx.clock.now();
      const [day, month] = periodStarts(at);
      const done: string[] = [];
      for (const { scope } of budgeted) {
        const r = await reserveOnScope.execute(tx, day, month, tokens, micros, at, scope);
        if (Number(r.numAffectedRows ?? 0) > 0) {
          done.push(scope);
          continue;
        }
        const [row] = (await selectBudgets(1).execute<BudgetRow>(tx, scope)).rows;
        if (!row) continue; // Removed meanwhile: nothing to limit any more.
        return this.refuse(tx, done, input, row, at);
      }
      return this.hold(tx, input, done, now);
    });
  }

  /**
   * SQLite (one writer, so nothing can change between its statements): one UPDATE reserves on every
   * scope whose budget covers the amounts. Only when fewer rows changed than scopes were asked are
   * the others read — absent (not limited) or too full (the reservation is undone and refused).
   */
  private reserveAtOnce(input: PendingReservation): Promise<ReserveOutcome> {
    const { scopes, tokens, micros } = input;
    // Deferred like reserveScopeByScope's transaction (decision 0089).
    return deferredTransaction(this.ctx, async (tx) => {
      const at = tx.clock.now();
      const [day, month] = periodStarts(at);
      const { rows } = await reserveOnScopes(scopes.length).execute<{ scope: string }>(
        tx,
        day,
        month,
        tokens,
        micros,
        at,
        ...scopes,
      );
      const done = rows.map((r) => r.scope).sort();
      if (done.length < scopes.length) {
        const others = scopes.filter((s) => !done.includes(s));
        const [full] = (await selectBudgets(others.length).execute<BudgetRow>(tx, ...others)).rows;
        if (full) return this.refuse(tx, done, input, full, at);
      }
      return this.hold(tx, input, done, at);
    });
  }

  /** Undoes what this call reserved so far (whether or not it joined a caller's transaction); refuses. */
  private async refuse(
    tx: SqlContext,
    done: string[],
    input: PendingReservation,
    full: BudgetRow,
    at: number,
  ): Promise<ReserveOutcome> {
    await this.adjust(tx, done, -input.tokens, -input.micros, 0, 0);
    return { ok: false as const, scope: full.scope, budget: toBudget(full, at) };
  }

  /** Records the reservation on the scopes it holds amounts on. */
  private async hold(
    tx: SqlContext,
    input: PendingReservation,
    done: string[],
    createdAt: number,
  ): Promise<ReserveOutcome> {
    const { rows } = await insertReservation.execute<ReservationRow>(
      tx,
      input.id,
      JSON.stringify(done),
      input.tokens,
      input.micros,
      createdAt,
      input.expiresAt,
    );
    return { ok: true as const, reservation: toReservation(rows[0]!) };
  }

  /**
   * Adds to reserved and used amounts (starting a new period first where one ended); the rows after,
   * in scope order. SQLite changes all scopes in one statement; PostgreSQL one by one in scope order,
   * so concurrent callers take the row locks in the same order and never deadlock.
   */
  private async adjust(
    ctx: SqlContext,
    scopes: readonly string[],
    reservedTokens: number,
    reservedMicros: number,
    usedTokens: number,
    usedMicros: number,
  ): Promise<BudgetRecord[]> {
    const now = ctx.clock.now();
    const [day, month] = periodStarts(now);
    const sorted = [...scopes].sort();
    const groups = ctx.dialect === 'sqlite' ? [sorted] : sorted.map((s) => [s]);
    const out: BudgetRecord[] = [];
    for (const group of groups) {
      if (group.length === 0) continue;
      const { rows } = await adjustScopes(group.length).execute<BudgetRow>(
        ctx,
        day,
        month,
        reservedTokens,
        reservedMicros,
        usedTokens,
        usedMicros,
        now,
        ...group,
      );
      for (const row of rows) out.push(toBudget(row, now));
    }
    return out.sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
  }

  async settle(
    id: string,
    actual: { tokens: number; micros: number },
    status: 'settled' | 'released' = 'settled',
  ): Promise<SettleOutcome> {
    const tokens = amount(actual.tokens, 'tokens');
    const micros = amount(actual.micros, 'micros');
    return this.run(() =>
      this.ctx.transaction(async (tx) => {
        const mark = async (from: ReservationStatus) =>
          (await markReservation.execute<ReservationRow>(tx, status, tokens, micros, id, from)).rows[0];
        // The conditional update is the lock: of two concurrent settles only one changes the row.
        let updated = await mark('held');
        // An expired reservation already gave its amounts back; only the real spend is charged.
        const giveBack = updated !== undefined;
        updated ??= await mark('expired');
        if (!updated) {
          const row = await this.db(tx)
            .selectFrom('runtime_budget_reservations')
            .selectAll()
            .where('id', '=', id)
            .executeTakeFirst();
          if (!row)
            throw new PlatformError('NOT_FOUND', `Budget reservation ${id} does not exist`, {
              details: { reservationId: id },
            });
          const before = toReservation(row);
          return { reservation: before, changed: false, budgets: await this.rows(tx, before.scopes) };
        }
        const reservation = toReservation(updated);
        const budgets = await this.adjust(
          tx,
          reservation.scopes,
          giveBack ? -reservation.tokens : 0,
          giveBack ? -reservation.micros : 0,
          tokens,
          micros,
        );
        return { reservation, changed: true, budgets };
      }),
    );
  }

  private async rows(ctx: SqlContext, scopes: string[]): Promise<BudgetRecord[]> {
    if (scopes.length === 0) return [];
    const rows = await this.db(ctx)
      .selectFrom('runtime_budgets')
      .selectAll()
      .where('scope', 'in', scopes)
      .orderBy('scope')
      .execute();
    const now = ctx.clock.now();
    return rows.map((r) => toBudget(r, now));
  }

  async getReservation(id: string): Promise<BudgetReservationRecord | undefined> {
    return this.run(async () => {
      const row = await this.db()
        .selectFrom('runtime_budget_reservations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toReservation(row) : undefined;
    });
  }

  async expireHeld(now: number): Promise<number> {
    const stale = await this.run(() =>
      this.db()
        .selectFrom('runtime_budget_reservations')
        .select('id')
        .where('status', '=', 'held')
        .where('expires_at', '<', now)
        .execute(),
    );
    let expired = 0;
    for (const { id } of stale) {
      const changed = await this.run(() =>
        this.ctx.transaction(async (tx) => {
          const row = await this.db(tx)
            .updateTable('runtime_budget_reservations')
            .set({ status: 'expired' })
            .where('id', '=', id)
            .where('status', '=', 'held')
            .returningAll()
            .executeTakeFirst();
          if (!row) return false;
          const r = toReservation(row);
          await this.adjust(tx, r.scopes, -r.tokens, -r.micros, 0, 0);
          return true;
        }),
      );
      if (changed) expired += 1;
    }
    return expired;
  }

  async raiseAlert(scope: string, level: number): Promise<boolean> {
    return this.run(async () => {
      const r = await this.db()
        .updateTable('runtime_budgets')
        .set({ alert_level: level })
        .where('scope', '=', scope)
        .where('alert_level', '<', level)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    });
  }
}

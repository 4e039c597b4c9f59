// Budgets per agent, tenant and workflow run, in tokens and money. Callers reserve the most a model
// call can cost before making it and settle the real cost after, so concurrent calls never overspend.
// Alerts at 80 %, 90 % and 100 % of a period's limit are published once each.
import type { Bus } from '../../bus/bus.js';
import type { Clock } from '../../clock.js';
import { PlatformError } from '../../errors.js';
import type { Ids } from '../../ids.js';
import type { BudgetPeriod, BudgetRecord, SettleOutcome } from '../../store/repositories/runtime-budgets.js';
import type { Store } from '../../store/store.js';
import type { KillSwitch } from '../kill-switch/kill-switch.js';

export type { BudgetPeriod } from '../../store/repositories/runtime-budgets.js';

const MICROS = 1_000_000;
/** Money in the store is integer micro-units; rounding up on reserve keeps the bound safe. */
export const toMicros = (money: number): number => Math.round(money * MICROS);
export const fromMicros = (micros: number): number => micros / MICROS;

/**
 * Scope keys: one budget per agent, per tenant, per workflow run (or any custom `kind:id`). A
 * `workflow:<definition>` budget is never charged: it holds the limits each new run of that
 * definition starts with (decision 0076).
 */
export const budgetScope = {
  agent: (id: string) => `agent:${id}`,
  tenant: (id: string) => `tenant:${id}`,
  run: (id: string) => `run:${id}`,
  workflow: (definitionId: string) => `workflow:${definitionId}`,
};

export interface BudgetLimits {
  /** Null or absent: no limit on tokens. */
  tokens?: number | null;
  /** In the price table's currency; null or absent: no limit on money. */
  money?: number | null;
  /** Default `day`; use `total` for a workflow run. */
  period?: BudgetPeriod;
  tenantId?: string | null;
}

export interface BudgetStatus {
  scope: string;
  tenantId: string | null;
  period: BudgetPeriod;
  periodStart: number;
  limit: { tokens: number | null; money: number | null };
  used: { tokens: number; money: number };
  reserved: { tokens: number; money: number };
  /** Null where unlimited. */
  remaining: { tokens: number | null; money: number | null };
  /** Highest used/limit ratio over the limited dimensions (0 when unlimited). */
  utilisation: number;
  alertLevel: number;
}

export interface BudgetReservation {
  id: string;
  scopes: string[];
  tokens: number;
  money: number;
  expiresAt: number;
}

export interface BudgetAlert {
  scope: string;
  tenantId: string | null;
  /** Percent: 80, 90 or 100 (exhausted). */
  level: number;
  utilisation: number;
  at: number;
}

export interface BudgetManagerOptions {
  store: Store;
  clock: Clock;
  ids: Ids;
  /** Alerts are published as `budget.alert` (level < 100) and `budget.exhausted` (level 100). */
  bus?: Bus;
  killSwitch?: KillSwitch;
  /** A reservation not settled within this time is returned to the budget (default 5 minutes). */
  reservationTtlMs?: number;
  /** Percent levels that raise an alert, once each per period; default [80, 90, 100]. */
  alertLevels?: number[];
  onAlert?: (alert: BudgetAlert) => void;
  /** The budget a tenant starts with when its first instance is hired (the plan's; decision 0068). */
  tenantDefault?: BudgetLimits;
}

export function toStatus(r: BudgetRecord): BudgetStatus {
  const ratio = (used: number, limit: number | null) => (limit === null ? 0 : limit === 0 ? 1 : used / limit);
  return {
    scope: r.scope,
    tenantId: r.tenantId,
    period: r.period,
    periodStart: r.periodStart,
    limit: { tokens: r.limitTokens, money: r.limitMicros === null ? null : fromMicros(r.limitMicros) },
    used: { tokens: r.usedTokens, money: fromMicros(r.usedMicros) },
    reserved: { tokens: r.reservedTokens, money: fromMicros(r.reservedMicros) },
    remaining: {
      tokens: r.limitTokens === null ? null : Math.max(0, r.limitTokens - r.usedTokens - r.reservedTokens),
      money:
        r.limitMicros === null
          ? null
          : fromMicros(Math.max(0, r.limitMicros - r.usedMicros - r.reservedMicros)),
    },
    utilisation: Math.max(ratio(r.usedTokens, r.limitTokens), ratio(r.usedMicros, r.limitMicros)),
    alertLevel: r.alertLevel,
  };
}

function checkAmount(value: number | null | undefined, field: string): void {
  if (value === null || value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new PlatformError('VALIDATION', `${field} must be a finite number ≥ 0`, { details: { field } });
  }
}

export class BudgetManager {
  private readonly ttlMs: number;
  private readonly levels: number[];

  constructor(private readonly options: BudgetManagerOptions) {
    this.ttlMs = options.reservationTtlMs ?? 5 * 60_000;
    this.levels = [...(options.alertLevels ?? [80, 90, 100])].sort((a, b) => a - b);
  }

  /** Creates or changes the budget of a scope; usage so far is kept. */
  async define(scope: string, limits: BudgetLimits): Promise<BudgetStatus> {
    checkAmount(limits.tokens, 'tokens');
    checkAmount(limits.money, 'money');
    if (limits.tokens !== undefined && limits.tokens !== null && !Number.isInteger(limits.tokens)) {
      throw new PlatformError('VALIDATION', 'tokens must be a whole number', {
        details: { field: 'tokens' },
      });
    }
    const record = await this.options.store.runtimeBudgets.define({
      scope,
      tenantId: limits.tenantId ?? null,
      period: limits.period ?? 'day',
      limitTokens: limits.tokens ?? null,
      limitMicros: limits.money === undefined || limits.money === null ? null : toMicros(limits.money),
    });
    // A lowered limit can put usage over a threshold at once: alert now, not at the next call.
    if (await this.raiseAlerts([record])) return (await this.status(scope)) ?? toStatus(record);
    return toStatus(record);
  }

  /** Gives a tenant the default budget unless it has one (an operator's edit is never overwritten). */
  async ensureTenantDefault(tenantId: string): Promise<void> {
    const limits = this.options.tenantDefault;
    if (!limits) return;
    const scope = budgetScope.tenant(tenantId);
    if (await this.options.store.runtimeBudgets.get(scope)) return;
    await this.define(scope, { period: 'month', ...limits, tenantId });
  }

  async status(scope: string): Promise<BudgetStatus | undefined> {
    const r = await this.options.store.runtimeBudgets.get(scope);
    return r ? toStatus(r) : undefined;
  }

  async list(options: { tenantId?: string | null; scopePrefix?: string } = {}): Promise<BudgetStatus[]> {
    return (await this.options.store.runtimeBudgets.list(options)).map(toStatus);
  }

  /**
   * Reserves up to `tokens` and `money` on every listed scope that has a budget, all or nothing.
   * BUDGET_EXHAUSTED (details: scope, remaining) when one cannot cover it; DISABLED when the budgets
   * kill switch is on — metered spending is then refused rather than left unmetered.
   */
  async reserve(input: { scopes: string[]; tokens: number; money: number }): Promise<BudgetReservation> {
    if (this.options.killSwitch?.isDisabled('budgets')) {
      throw new PlatformError('DISABLED', 'Budgets are switched off: metered calls are refused', {
        retryable: false,
        details: { component: 'budgets' },
      });
    }
    checkAmount(input.tokens, 'tokens');
    checkAmount(input.money, 'money');
    const id = this.options.ids.next('rsv');
    const expiresAt = this.options.clock.now() + this.ttlMs;
    const tokens = Math.ceil(input.tokens);
    const micros = Math.ceil(input.money * MICROS);
    const outcome = await this.options.store.runtimeBudgets.reserve({
      id,
      scopes: input.scopes,
      tokens,
      micros,
      expiresAt,
    });
    if (!outcome.ok) {
      const status = toStatus(outcome.budget);
      throw new PlatformError(
        'BUDGET_EXHAUSTED',
        `Budget ${outcome.scope} cannot cover ${tokens} tokens / ${fromMicros(micros)}`,
        {
          retryable: false,
          details: {
            scope: outcome.scope,
            remainingTokens: status.remaining.tokens,
            remainingMoney: status.remaining.money,
            requestedTokens: tokens,
            requestedMoney: fromMicros(micros),
          },
        },
      );
    }
    return { id, scopes: outcome.reservation.scopes, tokens, money: fromMicros(micros), expiresAt };
  }

  /** Charges the real cost and returns the rest of the reservation; raises alerts that are due. Idempotent. */
  async settle(reservationId: string, actual: { tokens: number; money: number }): Promise<void> {
    await this.afterSettle(await this.settleWithin(this.options.store, reservationId, actual));
  }

  /**
   * `settle` as part of the caller's transaction `tx` (e.g. with the receipt of what was bought, so
   * both commit or neither does). Pass the outcome to `afterSettle` once `tx` has committed.
   */
  settleWithin(
    tx: Store,
    reservationId: string,
    actual: { tokens: number; money: number },
  ): Promise<SettleOutcome> {
    checkAmount(actual.tokens, 'tokens');
    checkAmount(actual.money, 'money');
    return tx.runtimeBudgets.settle(reservationId, {
      tokens: Math.ceil(actual.tokens),
      micros: toMicros(actual.money),
    });
  }

  /** Raises the alerts a committed settlement made due. */
  async afterSettle(outcome: SettleOutcome): Promise<void> {
    if (outcome.changed) await this.raiseAlerts(outcome.budgets);
  }

  /** Gives a reservation back untouched (the call was not made). Idempotent. */
  async release(reservationId: string): Promise<void> {
    await this.options.store.runtimeBudgets.settle(reservationId, { tokens: 0, micros: 0 }, 'released');
  }

  /** Returns reservations whose holder died without settling; how many. */
  expireStale(): Promise<number> {
    return this.options.store.runtimeBudgets.expireHeld(this.options.clock.now());
  }

  /** Whether any alert was raised. */
  private async raiseAlerts(budgets: BudgetRecord[]): Promise<boolean> {
    let raised = false;
    for (const record of budgets) {
      const status = toStatus(record);
      const percent = status.utilisation * 100;
      for (const level of this.levels) {
        if (percent < level || record.alertLevel >= level) continue;
        // The conditional update makes exactly one caller publish each level, even across processes.
        if (!(await this.options.store.runtimeBudgets.raiseAlert(record.scope, level))) continue;
        raised = true;
        const alert: BudgetAlert = {
          scope: record.scope,
          tenantId: record.tenantId,
          level,
          utilisation: status.utilisation,
          at: this.options.clock.now(),
        };
        this.options.onAlert?.(alert);
        await this.options.bus?.publish({
          topic: level >= 100 ? 'budget.exhausted' : 'budget.alert',
          payload: { ...alert },
          priority: level >= 90 ? 4 : 3,
          from: 'agent-runtime',
          idempotencyKey: `budget-alert:${record.scope}:${record.periodStart}:${level}`,
        });
      }
    }
    return raised;
  }
}

// Costs for the operations console (decision 0068): spend from the decision receipts (the one cost
// ledger) per agent, tenant, workflow and day against the budgets, the decision-method mix, budget
// edits, and the monthly projection from measured data and the configured price table.
import {
  budgetScope,
  type BudgetManager,
  type BudgetPeriod,
  type BudgetStatus,
} from '../../components/budgets/budget-manager.js';
import type { Clock } from '../../clock.js';
import type {
  BudgetKind,
  BudgetView,
  CostProjectionView,
  CostReport,
  SpendGroup,
  UpdateBudgetRequest,
} from '../../contracts/costs.js';
import type { PriceTable } from '../../models/pricing.js';
import type { SpendTotal } from '../../store/repositories/decision-costs.js';
import type { Store } from '../../store/store.js';
import { DAY, iso } from '../time.js';
import { DAYS_PER_MONTH, projectMonthlyCost } from './cost-projection.js';

export interface CostServiceDeps {
  store: Store;
  clock: Clock;
  budgets: BudgetManager;
  prices: PriceTable;
  /** Days of receipts the projection measures by default. */
  projectionWindowDays: number;
}

const MICROS = 1_000_000;
const DEFAULT_PERIOD: Record<BudgetKind, BudgetPeriod> = {
  tenant: 'month',
  agent: 'day',
  run: 'total',
  workflow: 'total',
};
const money = (micros: number) => Math.round(micros) / MICROS;

export function toBudgetView(s: BudgetStatus): BudgetView {
  const [kind = '', ...rest] = s.scope.split(':');
  return {
    scope: s.scope,
    kind,
    id: rest.join(':'),
    tenantId: s.tenantId,
    period: s.period,
    periodStart: iso(s.periodStart),
    limit: s.limit,
    used: s.used,
    utilisation: s.utilisation,
    alertLevel: s.alertLevel,
  };
}

export class CostService {
  constructor(private readonly deps: CostServiceDeps) {}

  get currency(): string {
    return this.deps.prices.currency;
  }

  async report(query: { from?: number; to?: number; tenantId?: string }): Promise<CostReport> {
    // Windows end just after now, so the decision recorded this millisecond counts.
    const to = query.to ?? this.deps.clock.now() + 1;
    const from = query.from ?? to - 30 * DAY;
    const q = { from, to, ...(query.tenantId === undefined ? {} : { tenantId: query.tenantId }) };
    const costs = this.deps.store.decisionCosts;
    const [agents, tenants, runs, days, methods, budgets] = await Promise.all([
      costs.spendBy('agent', q),
      costs.spendBy('tenant', q),
      costs.spendBy('run', { ...q, limit: 1000 }),
      costs.spendBy('day', { ...q, limit: 400 }),
      this.deps.store.runtimeDecisions.totalsByMethod(q),
      this.deps.budgets.list(query.tenantId === undefined ? {} : { tenantId: query.tenantId }),
    ]);
    const byScope = new Map(budgets.map((b) => [b.scope, toBudgetView(b)]));
    const group = (t: SpendTotal, key: string, scope?: string): SpendGroup => ({
      key,
      decisions: t.decisions,
      spend: money(t.costMicros),
      tokens: t.tokens,
      budget: (scope && byScope.get(scope)) || null,
    });
    const decisions = methods.reduce((n, m) => n + m.count, 0);
    const spentMicros = methods.reduce((n, m) => n + m.costMicros, 0);
    return {
      currency: this.currency,
      from: iso(from),
      to: iso(to),
      totals: {
        decisions,
        spend: money(spentMicros),
        costPerDecision: decisions ? money(spentMicros / decisions) : 0,
      },
      byAgent: agents.map((t) => group(t, t.key, budgetScope.agent(t.key))),
      byTenant: tenants.map((t) => group(t, t.key, budgetScope.tenant(t.key))),
      byWorkflow: await this.byWorkflow(runs, byScope),
      byDay: days.map((t) => group(t, new Date(Number(t.key)).toISOString().slice(0, 10))),
      methods: methods.map((m) => ({
        method: m.method,
        decisions: m.count,
        share: decisions ? m.count / decisions : 0,
        spend: money(m.costMicros),
        costPerDecision: m.count ? money(m.costMicros / m.count) : 0,
      })),
    };
  }

  /**
   * Runs are workflow instance ids (skill runs, decision 0076) or `<instance>:<activity>` (agent
   * service tasks): their spend adds up per workflow definition, shown against its run limits.
   */
  private async byWorkflow(runs: SpendTotal[], byScope: Map<string, BudgetView>): Promise<SpendGroup[]> {
    const totals = new Map<string, SpendGroup>();
    const definitions = new Map<string, string>();
    for (const run of runs) {
      let definition = definitions.get(run.key);
      if (definition === undefined) {
        definition = await this.definitionOf(run.key);
        definitions.set(run.key, definition);
      }
      const g = totals.get(definition) ?? {
        key: definition,
        decisions: 0,
        spend: 0,
        tokens: 0,
        budget: byScope.get(budgetScope.workflow(definition)) ?? null,
      };
      g.decisions += run.decisions;
      g.spend = money(g.spend * MICROS + run.costMicros);
      g.tokens += run.tokens;
      totals.set(definition, g);
    }
    return [...totals.values()].sort((a, b) => b.spend - a.spend || a.key.localeCompare(b.key));
  }

  /** The definition of a run key: an instance id (which may hold colons) or `<instance>:<activity>`. */
  private async definitionOf(key: string): Promise<string> {
    const instances = this.deps.store.engine.instances;
    const exact = await instances.get(key);
    if (exact) return exact.definitionId;
    const cut = key.lastIndexOf(':');
    return (cut > 0 ? (await instances.get(key.slice(0, cut)))?.definitionId : undefined) ?? 'unknown';
  }

  async listBudgets(tenantId?: string): Promise<BudgetView[]> {
    return (await this.deps.budgets.list(tenantId === undefined ? {} : { tenantId })).map(toBudgetView);
  }

  /** Sets a budget's limits; fields left out keep their value. Raises alerts a lower limit made due. */
  async updateBudget(
    kind: BudgetKind,
    id: string,
    body: UpdateBudgetRequest,
  ): Promise<{ before: BudgetView | null; budget: BudgetView }> {
    const scope = budgetScope[kind](id);
    const current = await this.deps.budgets.status(scope);
    const tenantId =
      kind === 'tenant' ? id : body.tenantId !== undefined ? body.tenantId : (current?.tenantId ?? null);
    const status = await this.deps.budgets.define(scope, {
      money: body.money !== undefined ? body.money : (current?.limit.money ?? null),
      tokens: body.tokens !== undefined ? body.tokens : (current?.limit.tokens ?? null),
      period: body.period ?? current?.period ?? DEFAULT_PERIOD[kind],
      tenantId,
    });
    return { before: current ? toBudgetView(current) : null, budget: toBudgetView(status) };
  }

  async projection(query: {
    agents: number;
    decisionsPerDay: number;
    model?: string;
    windowDays?: number;
    tenantId?: string;
  }): Promise<CostProjectionView> {
    const days = query.windowDays ?? this.deps.projectionWindowDays;
    const to = this.deps.clock.now() + 1;
    const from = to - days * DAY;
    const totals = await this.deps.store.runtimeDecisions.totalsByMethod({
      from,
      to,
      ...(query.tenantId === undefined ? {} : { tenantId: query.tenantId }),
    });
    const price = query.model === undefined ? undefined : this.deps.prices.priceOf(query.model);
    const p = projectMonthlyCost(totals, {
      agents: query.agents,
      decisionsPerDay: query.decisionsPerDay,
      ...(query.model === undefined ? {} : { model: { id: query.model, price } }),
    });
    return {
      currency: this.currency,
      monthly: p.monthly,
      costPerDecision: p.costPerDecision,
      decisionsPerMonth: p.decisionsPerMonth,
      measured: p.measured,
      inputs: {
        agents: query.agents,
        decisionsPerDay: query.decisionsPerDay,
        daysPerMonth: DAYS_PER_MONTH,
        window: { from: iso(from), to: iso(to), days },
        tenantId: query.tenantId ?? null,
        model:
          query.model === undefined
            ? null
            : {
                id: query.model,
                inputPer1M: price?.inputPer1M ?? null,
                outputPer1M: price?.outputPer1M ?? null,
              },
        sampleDecisions: p.sampleDecisions,
        mix: p.mix,
      },
    };
  }
}

// Typed tables of engagements: trials, the hires they convert into, and the hires' invoices.
import type { Entity } from '../entity-repository.js';
import type { HireRepository, InvoiceRepository, TrialRepository } from '../marketplace-repositories.js';
import type { HireRecord, InvoiceRecord, TrialRecord } from '../marketplace-records.js';
import type { SqlContext } from '../sql-context.js';
import {
  SqlEntityTable,
  jsonIn,
  jsonOut,
  num,
  numOrNull,
  str,
  strOrNull,
  type EntityTableSpec,
} from './entity-table.js';

type TrialFilter = { userId: string; agentId: string; status: TrialRecord['status']; ipHash: string };
const trials: EntityTableSpec<TrialRecord, TrialFilter> = {
  table: 'mkt_trials',
  noun: 'trial',
  tenantOwned: true,
  toRow: (t) => ({
    user_id: t.userId,
    agent_id: t.agentId,
    attempt: t.attempt,
    status: t.status,
    setup: jsonIn(t.setup, 'setup'),
    started_at: t.startedAt,
    ends_at: t.endsAt,
    extended_days: t.extendedDays,
    reminder_2d_at: t.reminders['2d'],
    reminder_1d_at: t.reminders['1d'],
    reminder_6h_at: t.reminders['6h'],
    end_notice_at: t.endNoticeAt,
    run_limit: t.budget.runLimit,
    runs_used: t.budget.runsUsed,
    cost_limit_usd: t.budget.costLimitUsd,
    cost_used_usd: t.budget.costUsedUsd,
    ip_hash: t.ipHash,
    hire_id: t.hireId,
    ended_at: t.endedAt,
    cancel_reason: t.cancelReason,
    first_deliverable_at: t.firstDeliverableAt,
    workflow_instance_id: t.workflowInstanceId,
  }),
  fromRow: (r, dialect) => ({
    userId: str(r.user_id),
    agentId: str(r.agent_id),
    attempt: num(r.attempt),
    status: str(r.status) as TrialRecord['status'],
    setup: jsonOut(r.setup, dialect),
    startedAt: num(r.started_at),
    endsAt: num(r.ends_at),
    extendedDays: num(r.extended_days),
    reminders: {
      '2d': numOrNull(r.reminder_2d_at),
      '1d': numOrNull(r.reminder_1d_at),
      '6h': numOrNull(r.reminder_6h_at),
    },
    endNoticeAt: numOrNull(r.end_notice_at),
    budget: {
      runLimit: num(r.run_limit),
      runsUsed: num(r.runs_used),
      costLimitUsd: num(r.cost_limit_usd),
      costUsedUsd: num(r.cost_used_usd),
    },
    ipHash: str(r.ip_hash),
    hireId: strOrNull(r.hire_id),
    endedAt: numOrNull(r.ended_at),
    cancelReason: strOrNull(r.cancel_reason),
    firstDeliverableAt: numOrNull(r.first_deliverable_at),
    workflowInstanceId: strOrNull(r.workflow_instance_id),
  }),
  filters: { userId: 'user_id', agentId: 'agent_id', status: 'status', ipHash: 'ip_hash' },
  naturalKey: {
    columns: ['tenant_id', 'agent_id', 'attempt'],
    of: (t, tenantId) => ({ tenant_id: tenantId, agent_id: t.agentId, attempt: t.attempt }),
  },
};

export class SqlTrials extends SqlEntityTable<TrialRecord, TrialFilter> implements TrialRepository {
  constructor(ctx: SqlContext) {
    super(ctx, trials);
  }
}

type HireFilter = { userId: string; agentId: string; status: HireRecord['status']; trialId: string };
const hires: EntityTableSpec<HireRecord, HireFilter> = {
  table: 'mkt_hires',
  noun: 'hire',
  tenantOwned: true,
  toRow: (h) => ({
    user_id: h.userId,
    trial_id: h.trialId,
    agent_id: h.agentId,
    instance_name: h.instanceName,
    plan: h.plan,
    status: h.status,
    price_amount: h.priceAmount,
    currency: h.currency,
    started_at: h.startedAt,
    current_period_start: h.currentPeriodStart,
    current_period_end: h.currentPeriodEnd,
    paused_at: h.pausedAt,
    cancelled_at: h.cancelledAt,
    cancel_reason: h.cancelReason,
  }),
  fromRow: (r) => ({
    userId: str(r.user_id),
    trialId: str(r.trial_id),
    agentId: str(r.agent_id),
    instanceName: str(r.instance_name),
    plan: str(r.plan) as HireRecord['plan'],
    status: str(r.status) as HireRecord['status'],
    priceAmount: num(r.price_amount),
    currency: str(r.currency),
    startedAt: num(r.started_at),
    currentPeriodStart: num(r.current_period_start),
    currentPeriodEnd: num(r.current_period_end),
    pausedAt: numOrNull(r.paused_at),
    cancelledAt: numOrNull(r.cancelled_at),
    cancelReason: strOrNull(r.cancel_reason),
  }),
  filters: { userId: 'user_id', agentId: 'agent_id', status: 'status', trialId: 'trial_id' },
  naturalKey: { columns: ['trial_id'], of: (h) => ({ trial_id: h.trialId }) },
};

export class SqlHires extends SqlEntityTable<HireRecord, HireFilter> implements HireRepository {
  constructor(ctx: SqlContext) {
    super(ctx, hires);
  }

  getByTrial(trialId: string): Promise<Entity<HireRecord> | undefined> {
    return this.findBy({ trial_id: trialId });
  }
}

type InvoiceFilter = { hireId: string; status: InvoiceRecord['status'] };
const invoices: EntityTableSpec<InvoiceRecord, InvoiceFilter> = {
  table: 'mkt_invoices',
  noun: 'invoice',
  tenantOwned: true,
  toRow: (i) => ({
    number: i.number,
    hire_id: i.hireId,
    status: i.status,
    currency: i.currency,
    lines: jsonIn(i.lines, 'lines'),
    total: i.total,
    period_start: i.periodStart,
    period_end: i.periodEnd,
    issued_at: i.issuedAt,
    due_at: i.dueAt,
    paid_at: i.paidAt,
    provider: i.provider,
  }),
  fromRow: (r, dialect) => ({
    number: str(r.number),
    hireId: str(r.hire_id),
    status: str(r.status) as InvoiceRecord['status'],
    currency: str(r.currency),
    lines: jsonOut(r.lines, dialect),
    total: num(r.total),
    periodStart: num(r.period_start),
    periodEnd: num(r.period_end),
    issuedAt: num(r.issued_at),
    dueAt: num(r.due_at),
    paidAt: numOrNull(r.paid_at),
    provider: str(r.provider),
  }),
  filters: { hireId: 'hire_id', status: 'status' },
  naturalKey: {
    columns: ['hire_id', 'period_start'],
    of: (i) => ({ hire_id: i.hireId, period_start: i.periodStart }),
  },
};

export class SqlInvoices extends SqlEntityTable<InvoiceRecord, InvoiceFilter> implements InvoiceRepository {
  constructor(ctx: SqlContext) {
    super(ctx, invoices);
  }

  getForPeriod(hireId: string, periodStart: number): Promise<Entity<InvoiceRecord> | undefined> {
    return this.findBy({ hire_id: hireId, period_start: periodStart });
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { BudgetManager, budgetScope, type BudgetAlert } from '../../components/budgets/budget-manager.js';
import { silentLogger } from '../../components/observability/logger.js';
import { createSequentialIds } from '../../ids.js';
import { PriceTable } from '../../models/pricing.js';
import type { DecisionRecord } from '../../store/repositories/runtime-decisions.js';
import { storeTargets, type OpenedStore } from '../../testing/backends.js';
import { InboxService } from '../inbox/inbox-service.js';
import { createOutboxMailer } from '../mail/store-mailer.js';
import { BudgetAlertNotifier } from './budget-alert-notifier.js';
import { CostService } from './cost-service.js';

const DAY = 86_400_000;

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`money budgets and costs (${target.kind})`, () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 10, 12));
    const ids = createSequentialIds();
    let opened: OpenedStore;
    let alerts: BudgetAlert[];
    let budgets: BudgetManager;
    let notifier: BudgetAlertNotifier;
    let costs: CostService;
    const prices = new PriceTable({
      currency: 'INR',
      includeDefaults: false,
      prices: { small: { inputPer1M: 10, outputPer1M: 40 } },
    });

    beforeAll(async () => {
      opened = await target.open!({ clock });
      await opened.store.migrate();
      const { store } = opened;
      for (const t of ['t1', 't2']) {
        await store.tenants.insert({
          id: t,
          data: { name: `Tenant ${t}`, publicActivity: false, plan: 'business' },
        });
        await store.accounts.insert({
          id: `usr_${t}`,
          tenantId: t,
          data: {
            email: `owner@${t}.test`,
            name: 'Owner',
            role: 'customer',
            passwordHash: 'x',
            emailVerifiedAt: 0,
            tokensValidAfter: 0,
          },
        });
      }
      alerts = [];
      budgets = new BudgetManager({ store, clock, ids, onAlert: (a) => alerts.push(a) });
      const inbox = new InboxService({ store, clock, ids });
      notifier = new BudgetAlertNotifier({
        store,
        inbox,
        mailer: createOutboxMailer(store, ids),
        logger: silentLogger,
        currency: 'INR',
        status: (scope) => budgets.status(scope),
      });
      costs = new CostService({ store, clock, budgets, prices, projectionWindowDays: 30 });
    });
    afterAll(async () => opened?.cleanup());

    const spend = async (scope: string, money: number) => {
      const before = alerts.length;
      const r = await budgets.reserve({ scopes: [scope], tokens: 0, money });
      await budgets.settle(r.id, { tokens: 0, money });
      const raised = alerts.slice(before);
      for (const a of raised) await notifier.notify({ ...a });
      return raised.map((a) => a.level);
    };
    const inboxOf = async (tenantId: string) =>
      (await opened.store.inboxItems.list({ tenantId, limit: 50 })).items.filter(
        (i) => i.data.reason === 'budget-alert',
      );
    const mailOf = async (tenantId: string) =>
      (await opened.store.mail.list({ tenantId, limit: 50, where: { kind: 'budget-alert' } })).items;

    it('alerts at 80 % and 90 % once per threshold and period, in the inbox and by mail', async () => {
      const scope = budgetScope.tenant('t1');
      await budgets.define(scope, { money: 100, period: 'month', tenantId: 't1' });
      expect(await spend(scope, 79.9)).toEqual([]);
      expect(await spend(scope, 0.2)).toEqual([80]);
      expect(await spend(scope, 1)).toEqual([]);
      expect(await spend(scope, 9)).toEqual([90]);
      expect(await spend(scope, 1)).toEqual([]);
      // A redelivered alert finds its item: no second item, no second mail.
      const again = await notifier.notify({
        scope,
        tenantId: 't1',
        level: 90,
        utilisation: 0.91,
        at: clock.now(),
      });
      expect(again.created).toBe(false);
      const items = await inboxOf('t1');
      expect(items.map((i) => i.data.title).sort()).toEqual([
        expect.stringContaining('threshold 80 %'),
        expect.stringContaining('threshold 90 %'),
      ]);
      expect(await mailOf('t1')).toHaveLength(2);
      expect((await mailOf('t1'))[0]!.data.to).toBe('owner@t1.test');
      expect(await inboxOf('t2')).toHaveLength(0);

      // The next month is a new period: the thresholds alert again.
      await clock.advance(25 * DAY);
      expect((await budgets.status(scope))!.used.money).toBe(0);
      expect(await spend(scope, 85)).toEqual([80]);
      expect(await inboxOf('t1')).toHaveLength(3);
      expect(await mailOf('t1')).toHaveLength(3);
    });

    it('an operator lowering a budget below its use raises the alert at once, keeping the other limits', async () => {
      const scope = budgetScope.tenant('t2');
      await budgets.define(scope, { money: 100, tokens: 5000, period: 'month', tenantId: 't2' });
      await spend(scope, 50);
      const before = alerts.length;
      const { before: old, budget } = await costs.updateBudget('tenant', 't2', { money: 60 });
      expect(old?.limit.money).toBe(100);
      expect(budget).toMatchObject({ limit: { money: 60, tokens: 5000 }, period: 'month', tenantId: 't2' });
      expect(alerts.slice(before).map((a) => a.level)).toEqual([80]);
      for (const a of alerts.slice(before)) await notifier.notify({ ...a });
      expect(await inboxOf('t2')).toHaveLength(1);
      expect(await mailOf('t2')).toHaveLength(1);
    });

    it('reports spend per agent, tenant, workflow and day and the method mix from the receipts', async () => {
      const at = clock.now();
      let n = 0;
      const receipt = (r: Partial<DecisionRecord>): DecisionRecord => ({
        id: `dec_${++n}`,
        agentId: 'ag1',
        tenantId: 't1',
        kind: 'k',
        requestHash: `h${n}`,
        approved: true,
        reason: 'because',
        confidence: 0.9,
        citations: [],
        method: 'cache',
        costMicros: 0,
        inputTokens: 0,
        outputTokens: 0,
        latencyMs: 1,
        escalationId: null,
        extra: {},
        createdAt: at,
        ...r,
      });
      const rows = [
        receipt({
          method: 'model',
          costMicros: 2_000_000,
          inputTokens: 1000,
          outputTokens: 500,
          runId: 'wfi1:act',
        }),
        receipt({
          method: 'model',
          costMicros: 4_000_000,
          inputTokens: 3000,
          outputTokens: 500,
          createdAt: at - DAY,
        }),
        receipt({ method: 'cache' }),
        receipt({ method: 'deterministic', agentId: 'ag2', tenantId: 't2' }),
      ];
      for (const r of rows) await opened.store.runtimeDecisions.append(r);
      const report = await costs.report({ from: at - 2 * DAY, to: at + 1 });
      expect(report.totals).toEqual({ decisions: 4, spend: 6, costPerDecision: 1.5 });
      expect(report.byAgent.map((g) => [g.key, g.spend, g.decisions])).toEqual([
        ['ag1', 6, 3],
        ['ag2', 0, 1],
      ]);
      expect(report.byTenant.find((g) => g.key === 't1')).toMatchObject({
        spend: 6,
        budget: { kind: 'tenant' },
      });
      expect(report.byWorkflow).toEqual([
        { key: 'unknown', decisions: 1, spend: 2, tokens: 1500, budget: null },
      ]);
      const today = new Date(at).toISOString().slice(0, 10);
      expect(report.byDay.map((d) => [d.key, d.spend])).toEqual([
        [new Date(at - DAY).toISOString().slice(0, 10), 4],
        [today, 2],
      ]);
      expect(report.methods.find((m) => m.method === 'model')).toMatchObject({
        decisions: 2,
        share: 0.5,
        costPerDecision: 3,
      });
      const t2 = await costs.report({ from: at - 2 * DAY, to: at + 1, tenantId: 't2' });
      expect(t2.totals.decisions).toBe(1);
    });

    it('projects a month from the measured mix and cost per decision, and re-prices model decisions', async () => {
      const p = await costs.projection({ agents: 1000, decisionsPerDay: 50 });
      // Measured: 4 decisions, 6 INR spent → 1.5 per decision.
      expect(p).toMatchObject({
        currency: 'INR',
        measured: true,
        costPerDecision: 1.5,
        decisionsPerMonth: 1_500_000,
      });
      expect(p.monthly).toBe(2_250_000);
      expect(p.inputs).toMatchObject({
        agents: 1000,
        decisionsPerDay: 50,
        daysPerMonth: 30,
        sampleDecisions: 4,
        model: null,
      });
      expect(p.inputs.mix.find((m) => m.method === 'model')).toMatchObject({
        share: 0.5,
        avgInputTokens: 2000,
        avgOutputTokens: 500,
        measuredCostPerDecision: 3,
      });
      // At `small`'s price a model decision costs (2000×10 + 500×40) / 1M = 0.04; half the mix is model.
      const cheaper = await costs.projection({ agents: 1000, decisionsPerDay: 50, model: 'small' });
      expect(cheaper.costPerDecision).toBeCloseTo(0.02, 9);
      expect(cheaper.monthly).toBeCloseTo(30_000, 4);
      expect(cheaper.inputs.model).toEqual({ id: 'small', inputPer1M: 10, outputPer1M: 40 });
      // Nothing measured in another tenant's window: nothing projected.
      const empty = await costs.projection({ agents: 10, decisionsPerDay: 5, tenantId: 'nobody' });
      expect(empty).toMatchObject({ measured: false, monthly: 0, inputs: { sampleDecisions: 0, mix: [] } });
    });
  });
}

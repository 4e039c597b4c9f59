// The costs routes on both stores: staff only (anonymous 401, customers 403), spend from the receipts,
// an operator's budget edit audited and — when it puts the tenant over 80 % — an alert in the tenant's
// inbox and mail; the projection returns the inputs it used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetManager, budgetScope } from '../../components/budgets/budget-manager.js';
import type { BudgetView, CostProjectionView, CostReport } from '../../contracts/costs.js';
import { costsRoutes } from '../../contracts/costs.js';
import type { Page } from '../../contracts/contracts.js';
import type { InboxItem } from '../../contracts/work.js';
import type { Platform } from '../../platform.js';
import { storeTargets } from '../../testing/backends.js';
import { testPostgres } from '../../testing/services.js';
import { createTestPlatform, signIn } from '../testing/test-platform.js';

async function platformOn(kind: string): Promise<{ platform: Platform; drop: () => Promise<void> }> {
  const costs = { currency: 'INR' };
  if (kind === 'sqlite')
    return { platform: await createTestPlatform({ costs }), drop: async () => undefined };
  const db = (await testPostgres())!;
  return {
    platform: await createTestPlatform({ costs, store: { databaseUrl: db.url } }),
    drop: () => db.drop(),
  };
}

const concrete = (path: string) => path.replace(':kind', 'tenant').replace(':id', 'ten_x');

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`costs routes (${target.kind})`, { timeout: 120_000 }, () => {
    let platform: Platform;
    let drop: () => Promise<void>;
    let operator: string;
    let customer: string;
    let tenantId: string;
    beforeAll(async () => {
      ({ platform, drop } = await platformOn(target.kind));
      await platform.start();
      operator = await signIn(platform, {
        email: 'ops@waooaw.test',
        password: 'operator pass 123',
        role: 'operator',
      });
      customer = await signIn(platform, { email: 'owner@acme.test', password: 'customer pass 123' });
      tenantId = (await platform.store.accounts.getByEmail('owner@acme.test'))!.tenantId!;
    });
    afterAll(async () => {
      await platform?.stop();
      await drop?.();
    });

    const call = (method: string, url: string, token?: string, payload?: object) =>
      platform.app.inject({
        method: method as 'GET',
        url,
        ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
        ...(payload ? { payload } : {}),
      });

    it('answers staff only: 401 without a token, 403 for a customer, whatever the body', async () => {
      for (const route of Object.values(costsRoutes)) {
        const url = concrete(route.path);
        expect((await call(route.method, url, undefined, { money: 1 })).statusCode, url).toBe(401);
        expect((await call(route.method, url, customer, { money: 1 })).statusCode, url).toBe(403);
      }
      expect((await call('GET', '/api/v1/ops/costs', operator)).statusCode).toBe(200);
    });

    it('reports spend from the receipts against the tenant budget, and edits the budget (audited, alerting)', async () => {
      const { store, clock, ids } = platform;
      const scope = budgetScope.tenant(tenantId);
      const meter = new BudgetManager({ store, clock, ids });
      await meter.define(scope, { money: 1000, period: 'month', tenantId });
      const r = await meter.reserve({ scopes: [scope], tokens: 0, money: 50 });
      await meter.settle(r.id, { tokens: 0, money: 50 });
      await store.runtimeDecisions.append({
        id: 'dec_cost_1',
        agentId: 'agt_1',
        tenantId,
        kind: 'k',
        requestHash: 'h',
        approved: true,
        reason: 'because',
        confidence: 0.9,
        citations: [],
        method: 'model',
        costMicros: 50_000_000,
        inputTokens: 100,
        outputTokens: 50,
        latencyMs: 1,
        escalationId: null,
        extra: {},
        createdAt: clock.now(),
      });
      const report = (
        await call('GET', `/api/v1/ops/costs?tenantId=${tenantId}`, operator)
      ).json() as CostReport;
      expect(report).toMatchObject({
        currency: 'INR',
        totals: { decisions: 1, spend: 50, costPerDecision: 50 },
      });
      expect(report.byTenant[0]).toMatchObject({
        key: tenantId,
        spend: 50,
        budget: { limit: { money: 1000 }, used: { money: 50 } },
      });
      expect(report.methods).toEqual([
        { method: 'model', decisions: 1, share: 1, spend: 50, costPerDecision: 50 },
      ]);

      // 50 of 60 is 83 %: the 80 % alert reaches the tenant's inbox and mail.
      const res = await call('PUT', `/api/v1/ops/costs/budgets/tenant/${tenantId}`, operator, { money: 60 });
      expect(res.statusCode).toBe(200);
      expect(res.json() as BudgetView).toMatchObject({ scope, limit: { money: 60 }, alertLevel: 80 });
      const audit = await platform.audit.list({ action: 'budget.update' });
      expect(audit.items[0]).toMatchObject({
        resource: scope,
        details: { before: { money: 1000 }, after: { money: 60 } },
      });
      await expect
        .poll(async () => ((await call('GET', '/api/v1/inbox', customer)).json() as Page<InboxItem>).items, {
          timeout: 10_000,
        })
        .toEqual([
          expect.objectContaining({ reason: 'budget-alert', title: expect.stringContaining('80 %') }),
        ]);
      // The mail goes out after the inbox item is opened: wait for it too, then check there is one.
      const alertMails = async () =>
        ((await call('GET', '/api/v1/mail/outbox', customer)).json() as Page<{ kind: string }>).items.filter(
          (m) => m.kind === 'budget-alert',
        );
      await expect.poll(async () => (await alertMails()).length, { timeout: 10_000 }).toBe(1);

      const budgets = (
        await call('GET', `/api/v1/ops/costs/budgets?tenantId=${tenantId}`, operator)
      ).json() as {
        items: BudgetView[];
      };
      expect(budgets.items.map((b) => b.scope)).toEqual([scope]);
      expect(
        (await call('PUT', `/api/v1/ops/costs/budgets/tenant/${tenantId}`, operator, {})).statusCode,
      ).toBe(400);
    });

    it('projects a month from the measured receipts and says what it used', async () => {
      const res = await call(
        'GET',
        '/api/v1/ops/costs/projection?agents=1000&decisionsPerDay=50&model=gpt-4o-mini',
        operator,
      );
      expect(res.statusCode).toBe(200);
      const p = res.json() as CostProjectionView;
      expect(p).toMatchObject({ currency: 'INR', measured: true, decisionsPerMonth: 1_500_000 });
      expect(p.inputs).toMatchObject({
        agents: 1000,
        decisionsPerDay: 50,
        daysPerMonth: 30,
        sampleDecisions: 1,
      });
      expect(p.inputs.model).toEqual({ id: 'gpt-4o-mini', inputPer1M: 0.15, outputPer1M: 0.6 });
      // One model decision of 100 + 50 tokens at gpt-4o-mini's price.
      expect(p.costPerDecision).toBeCloseTo((100 * 0.15 + 50 * 0.6) / 1e6, 9);
    });
  });
}

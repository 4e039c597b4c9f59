// Acceptance: 1,000 concurrent decisions against a small budget never overspend, on every backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { budgetScope } from '../components/budgets/budget-manager.js';
import { createKillSwitch } from '../components/kill-switch/kill-switch.js';
import { testStoreBackends } from '../components/testing/test-stores.js';
import type { SqlStore } from '../store/sql-store.js';
import { FakeModelProvider, decisionJson } from './testing/fake-model-provider.js';
import { engineHarness } from './testing/runtime-harness.js';

const backends = await testStoreBackends();

describe.each(backends)('1,000 concurrent decisions on $name', (backend) => {
  const clock = new FakeClock(Date.UTC(2026, 0, 5, 10));
  let store: SqlStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await backend.open(clock, { poolSize: 20 }));
  });
  afterAll(async () => cleanup());

  it('never spends more than the agent and tenant budgets allow', async () => {
    const model = new FakeModelProvider({
      answer: () => decisionJson(true, 0.9),
      inputTokens: 100,
      outputTokens: 50,
      costMoney: 0.01,
    });
    const { engine, budgets } = engineHarness({
      store,
      clock,
      models: model,
      killSwitch: createKillSwitch({ disabled: ['memory'] }),
      modelConcurrency: 16,
    });
    const subject = {
      agentId: 'busy-agent',
      agentType: 'reviewer',
      role: 'Reviewer',
      tenantId: 'tenant-small',
      rules: [],
      options: { degrade: ['stop' as const] },
    };
    await budgets.define(budgetScope.agent('busy-agent'), { tokens: 3000 });
    await budgets.define(budgetScope.tenant('tenant-small'), { money: 0.15, tenantId: 'tenant-small' });

    const receipts = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        engine.decide(subject, { kind: 'review', subject: `case number ${i}` }),
      ),
    );

    const agent = (await budgets.status(budgetScope.agent('busy-agent')))!;
    const tenant = (await budgets.status(budgetScope.tenant('tenant-small')))!;
    expect(agent.used.tokens).toBeLessThanOrEqual(3000);
    expect(tenant.used.money).toBeLessThanOrEqual(0.15);
    expect(agent.reserved).toEqual({ tokens: 0, money: 0 });
    expect(tenant.reserved).toEqual({ tokens: 0, money: 0 });
    const byModel = receipts.filter((r) => r.method === 'model');
    // Every call that got through was charged: the books match the receipts exactly.
    expect(agent.used.tokens).toBe(byModel.length * 150);
    expect(tenant.used.money).toBeCloseTo(byModel.length * 0.01, 9);
    expect(model.calls).toBe(byModel.length);
    expect(byModel.length).toBeGreaterThan(0);
    expect(
      receipts.filter((r) => r.method === 'conservative_fallback' && r.degrade[0]?.step === 'stop'),
    ).toHaveLength(1000 - byModel.length);
    const totals = await store.runtimeDecisions.totalsByMethod({
      agentId: 'busy-agent',
      from: 0,
      to: Number.MAX_SAFE_INTEGER,
    });
    expect(totals.reduce((n, t) => n + t.count, 0)).toBe(1000);
  });
});

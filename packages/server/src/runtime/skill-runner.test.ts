// The skill runner on both stores (decision 0076): a run's budget comes from its definition's limits,
// else the configured default, else none; the runtime meters the skill's model writing on the agent,
// tenant and run scopes and leaves one `skill.run` receipt; a used-up run is refused before the skill
// runs, without a receipt.
import { afterEach, describe, expect, it } from 'vitest';
import { BudgetManager, budgetScope } from '../components/budgets/budget-manager.js';
import { FakeClock } from '../clock.js';
import { createIds } from '../ids.js';
import type { SqlStore } from '../store/sql-store.js';
import { storeTargets } from '../testing/backends.js';
import { createAgentRuntime } from './agent-runtime.js';
import { SKILL_RUN_KIND } from './skill-run.js';
import { SkillRunner } from './skill-runner.js';
import { FakeModelProvider } from './testing/fake-model-provider.js';

const payer = { agentId: 'trl_1', agentType: 'social-media', tenantId: 'ten_1' };
const INPUT = { message: 'Three low-sugar breakfasts for busy mornings', platforms: ['linkedin'] };

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`SkillRunner (${target.kind})`, { timeout: 60_000 }, () => {
    let cleanup: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });

    async function setup(runDefault?: { money?: number; tokens?: number }) {
      const clock = new FakeClock(Date.UTC(2026, 11, 1, 9));
      const opened = await target.open!({ clock });
      cleanup = opened.cleanup;
      const store: SqlStore = opened.store;
      await store.migrate();
      const ids = createIds(() => clock.now());
      const models = new FakeModelProvider({
        answer: () => 'A fresh line.',
        inputTokens: 200,
        outputTokens: 300,
        costMoney: 0.25,
      });
      const budgets = new BudgetManager({ store, clock, ids });
      const runtime = createAgentRuntime({ store, clock, ids, models });
      return { store, budgets, runner: new SkillRunner({ runtime, budgets, runDefault }) };
    }

    it('gives a run its definition’s limits before the default, and charges agent, tenant and run', async () => {
      const { store, budgets, runner } = await setup({ money: 9 });
      await budgets.define(budgetScope.workflow('campaign'), { money: 2, tokens: 5000, period: 'total' });
      await budgets.define(budgetScope.agent(payer.agentId), { money: 10 });
      await budgets.define(budgetScope.tenant(payer.tenantId), { money: 100, period: 'month' });
      const out = await runner.run({
        skillId: 'social.post-variants',
        input: INPUT,
        payer,
        run: { instanceId: 'wfi_1', definitionId: 'campaign' },
      });
      expect(out).toMatchObject({ cost: 0.25, tokens: { input: 200, output: 300 } });
      const run = await budgets.status(budgetScope.run('wfi_1'));
      expect(run).toMatchObject({
        tenantId: 'ten_1',
        period: 'total',
        limit: { money: 2, tokens: 5000 },
        used: { money: 0.25, tokens: 500 },
      });
      expect((await budgets.status(budgetScope.agent(payer.agentId)))?.used.money).toBe(0.25);
      expect((await budgets.status(budgetScope.tenant(payer.tenantId)))?.used.money).toBe(0.25);
      const receipts = await store.runtimeDecisions.listByAgent(payer.agentId);
      expect(receipts).toHaveLength(1);
      expect(receipts[0]).toMatchObject({
        id: out.receiptId,
        kind: SKILL_RUN_KIND,
        runId: 'wfi_1',
        tenantId: 'ten_1',
        method: 'model',
        costMicros: 250_000,
      });

      // Another definition has no limits of its own: the configured default applies.
      await runner.run({
        skillId: 'social.post-variants',
        input: INPUT,
        payer,
        run: { instanceId: 'wfi_2', definitionId: 'other' },
      });
      expect((await budgets.status(budgetScope.run('wfi_2')))?.limit).toEqual({ money: 9, tokens: null });
    });

    it('sets no run budget without limits, and refuses a used-up run before the skill runs', async () => {
      const { store, budgets, runner } = await setup();
      await runner.run({
        skillId: 'text.readability',
        input: { text: 'Short sentences read well. This one is a little longer than the others.' },
        payer,
        run: { instanceId: 'wfi_free', definitionId: 'any' },
      });
      expect(await budgets.status(budgetScope.run('wfi_free'))).toBeUndefined();
      // No writer for a skill that uses none: a free, deterministic receipt.
      expect((await store.runtimeDecisions.listByAgent(payer.agentId))[0]).toMatchObject({
        method: 'deterministic',
        costMicros: 0,
        runId: 'wfi_free',
      });

      await budgets.define(budgetScope.run('wfi_spent'), { money: 0.2, period: 'total', tenantId: 'ten_1' });
      await runner.run({
        skillId: 'social.post-variants',
        input: INPUT,
        payer,
        run: { instanceId: 'wfi_spent', definitionId: 'any' },
      });
      const before = (await store.runtimeDecisions.listByAgent(payer.agentId)).length;
      await expect(
        runner.run({
          skillId: 'social.post-variants',
          input: INPUT,
          payer,
          run: { instanceId: 'wfi_spent', definitionId: 'any' },
        }),
      ).rejects.toMatchObject({
        code: 'BUDGET_EXHAUSTED',
        retryable: false,
        details: { scope: 'run:wfi_spent', runId: 'wfi_spent' },
      });
      expect(await store.runtimeDecisions.listByAgent(payer.agentId)).toHaveLength(before);
    });
  });
}

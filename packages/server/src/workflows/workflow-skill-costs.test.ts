// Skill runs of workflows go through the runtime (decision 0076), on both stores: a workflow whose
// service tasks run skills charges its run, its agent instance (the trial) and its tenant, with a
// receipt per run that the costs report shows per workflow; a run over its definition's budget stops
// with an incident (not a crash) after its 80 % alert reached the tenant's inbox and mail, and runs
// on once an operator raises the run's limit and retries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setup } from '../api/testing/marketplace-harness.js';
import { createTestPlatform, signIn, verifiedCustomer } from '../api/testing/test-platform.js';
import { FakeClock } from '../clock.js';
import type { CostReport } from '../contracts/costs.js';
import type { Page } from '../contracts/contracts.js';
import type { InboxItem } from '../contracts/work.js';
import type { Trial } from '../contracts/trials.js';
import type { Platform } from '../platform.js';
import { FakeModelProvider } from '../runtime/testing/fake-model-provider.js';
import { SKILL_RUN_KIND } from '../runtime/skill-run.js';
import { storeTargets } from '../testing/backends.js';
import { eventually } from '../testing/eventually.js';
import { testPostgres } from '../testing/services.js';

const WORKFLOW = `
workflow:
  id: skill-costs
  tasks:
    - { id: a, type: service_task, task_type: agent.skill, config: { skill: social.post-variants } }
    - { id: b, type: service_task, task_type: agent.skill, config: { skill: social.post-variants } }
    - { id: c, type: service_task, task_type: agent.skill, config: { skill: social.post-variants } }
  flow:
    - start -> a
    - a -> b
    - b -> c
    - c -> end
`;
const INPUT = { message: 'Three low-sugar breakfasts for busy mornings', platforms: ['linkedin'] };
/** Each model call costs 0.5 (the fake provider's charge); reservations use the priced table. */
const CALL_COST = 0.5;

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(
    `workflow skill runs are charged (${target.kind})`,
    { timeout: 120_000 },
    () => {
      let platform: Platform;
      let drop: () => Promise<void> = async () => undefined;
      let operator: string;
      let customer: string;
      let tenantId: string;
      let trial: Trial;

      beforeAll(async () => {
        const db = target.kind === 'sqlite' ? undefined : await testPostgres();
        if (db) drop = () => db.drop();
        platform = await createTestPlatform(
          {
            costs: { currency: 'USD', prices: { 'fake-large': { inputPer1M: 100, outputPer1M: 100 } } },
            ...(db ? { store: { databaseUrl: db.url } } : {}),
          },
          {
            clock: new FakeClock(Date.UTC(2026, 11, 1, 9)),
            models: new FakeModelProvider({
              answer: () => 'A fresh line for the post.',
              inputTokens: 200,
              outputTokens: 300,
              costMoney: CALL_COST,
            }),
          },
        );
        await platform.start();
        operator = await signIn(platform, {
          email: 'ops@waooaw.test',
          password: 'operator pass 123',
          role: 'operator',
        });
        customer = await verifiedCustomer(platform, {
          email: 'ana@acme.test',
          password: 'customer pass 123',
        });
        tenantId = (await platform.store.accounts.getByEmail('ana@acme.test'))!.tenantId!;
        const res = await call('POST', '/api/v1/trials', customer, { agentId: 'content-marketing', setup });
        expect(res.statusCode, res.body).toBe(201);
        trial = res.json() as Trial;
        await platform.engine.deploy({ format: 'yaml', source: WORKFLOW });
      });
      afterAll(async () => {
        await platform?.stop();
        await drop();
      });

      const call = (method: string, url: string, token: string, payload?: object) =>
        platform.app.inject({
          method: method as 'GET',
          url,
          headers: { authorization: `Bearer ${token}` },
          ...(payload ? { payload } : {}),
        });

      const settled = (instanceId: string) =>
        eventually(
          () => platform.engine.getInstance(instanceId),
          (v) => v.status === 'completed' || v.incidents.length > 0,
          { what: `instance ${instanceId} to finish or stop`, timeoutMs: 60_000 },
        );

      it('charges the run, the trial instance and the tenant, with a receipt per skill run', async () => {
        const started = await platform.engine.startInstance('skill-costs', {
          variables: { trial_id: trial.id, input: INPUT },
        });
        const view = await settled(started.instanceId);
        expect(view.status).toBe('completed');
        // The trial's own first deliverable is a skill run of this agent too (no workflow run), and may
        // land before or after this run's: count the ones charged to this run.
        const receipts = (await platform.store.runtimeDecisions.listByAgent(trial.id)).filter(
          (r) => r.kind === SKILL_RUN_KIND && r.runId === started.instanceId,
        );
        expect(receipts).toHaveLength(3);
        expect(receipts.every((r) => r.tenantId === tenantId)).toBe(true);
        expect(receipts.map((r) => [r.method, r.inputTokens, r.outputTokens, r.costMicros])).toEqual(
          Array(3).fill(['model', 200, 300, CALL_COST * 1_000_000]),
        );

        const report = (await call('GET', '/api/v1/ops/costs', operator)).json() as CostReport;
        expect(report.byWorkflow.find((g) => g.key === 'skill-costs')).toMatchObject({
          decisions: 3,
          spend: 3 * CALL_COST,
          tokens: 1500,
        });
        expect(report.byAgent.find((g) => g.key === trial.id)?.spend).toBeGreaterThanOrEqual(3 * CALL_COST);
        expect(report.byTenant.find((g) => g.key === tenantId)?.spend).toBeGreaterThanOrEqual(3 * CALL_COST);
      });

      it('stops a run over its definition’s budget with an incident after the 80 % alert reached inbox and mail', async () => {
        // 0.6 per run: the first skill spends 0.5 (83 %); the second cannot reserve its model call.
        const edit = await call('PUT', '/api/v1/ops/costs/budgets/workflow/skill-costs', operator, {
          money: 0.6,
        });
        expect(edit.statusCode, edit.body).toBe(200);
        const started = await platform.engine.startInstance('skill-costs', {
          variables: { trial_id: trial.id, input: INPUT },
        });
        const view = await settled(started.instanceId);
        expect(view.status).not.toBe('completed');
        expect(view.incidents).toHaveLength(1);
        expect(view.incidents[0]).toMatchObject({
          elementId: 'b',
          error: { code: 'BUDGET_EXHAUSTED', details: { scope: `run:${started.instanceId}` } },
        });
        const budget = await platform.store.runtimeBudgets.get(`run:${started.instanceId}`);
        expect(budget).toMatchObject({ tenantId, period: 'total', alertLevel: 80, usedMicros: 500_000 });

        const inbox = await eventually(
          async () => ((await call('GET', '/api/v1/inbox', customer)).json() as Page<InboxItem>).items,
          (items) => items.some((i) => i.reason === 'budget-alert' && i.title.includes(started.instanceId)),
          { what: 'the 80 % alert in the tenant inbox' },
        );
        expect(inbox.find((i) => i.reason === 'budget-alert')?.title).toMatch(/threshold 80 %/);
        const mail = await eventually(
          async () => (await platform.store.mail.list({ where: { kind: 'budget-alert' } })).items,
          (items) => items.some((m) => m.data.subject.includes(started.instanceId)),
          { what: 'the 80 % alert mail' },
        );
        expect(mail[0]?.data.to).toBe('ana@acme.test');

        // An operator raises this run's limit and retries: the run goes on where it stopped.
        const raise = await call('PUT', `/api/v1/ops/costs/budgets/run/${started.instanceId}`, operator, {
          money: 5,
        });
        expect(raise.statusCode, raise.body).toBe(200);
        await platform.engine.retryIncident(started.instanceId);
        const after = await eventually(
          () => platform.engine.getInstance(started.instanceId),
          (v) => v.status === 'completed',
          { what: 'the retried run to complete', timeoutMs: 60_000 },
        );
        expect(after.incidents).toHaveLength(0);
      });
    },
  );
}

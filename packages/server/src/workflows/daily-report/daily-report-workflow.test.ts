import { afterEach, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../../runtime/testing/test-runtime.js';
import { createLocalRepoHost } from '../../agents/wowvision/local-repo-host.js';
import type { RepoHost } from '../../agents/wowvision/repo-host.js';
import { createWowVisionPrime } from '../../agents/wowvision/wowvision-prime.js';
import type { Engine } from '../../engine/engine.js';
import type { EngineOptions } from '../../engine/engine-types.js';
import { engineFixture, type EngineFixture } from '../../engine/testing/engine-fixture.js';
import { createIds } from '../../ids.js';
import { createOutboxMailer } from '../../marketplace/mail/store-mailer.js';
import { silentLogger } from '../../components/observability/logger.js';
import { registerDailyReportWorkflow } from './daily-report-workflow.js';
import { readReferenceWorkflows } from '../../assets/reference-workflow-files.js';
import { deployReferenceWorkflows } from '../deploy-reference-workflows.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('daily report workflow', () => {
  let fx: EngineFixture;
  let runtime: TestRuntime;
  afterEach(async () => {
    await runtime?.stop();
    await fx?.close();
  });

  async function open(
    engineOptions: Partial<EngineOptions> = {},
  ): Promise<{ engine: Engine; host: RepoHost; agentId: string }> {
    fx = await engineFixture('sqlite'); // fake clock at Monday 2026-01-05 08:00 UTC
    const ids = createIds(() => fx.clock.now());
    runtime = createTestRuntime({ store: fx.store, clock: fx.clock, ids });
    runtime.register({
      specialisation: {
        agentType: 'email-marketing',
        role: 'Email Marketing Agent',
        domain: 'marketing',
        expertise: 'sequences',
        version: '1.0.0',
        capabilities: ['plan'],
        constraints: [],
      },
      tasks: {
        async plan(ctx) {
          await ctx.decide({ kind: 'plan', subject: 'Plan the week', facts: { n: 1 } });
        },
      },
      rules: [
        {
          name: 'always',
          evaluate: () => ({ approved: true, reason: 'fine', confidence: 0.99, citations: [] }),
        },
      ],
    });
    await runtime.start();
    const hired = await runtime.hire({
      agentType: 'email-marketing',
      tenantId: 't1',
      personality: { name: 'Inbox desk' },
    });
    await runtime.enqueueTask(hired.id, 'plan', {});
    await runtime.wake(hired.id);
    await fx.store.tenants.insert({
      id: 'internal',
      data: { name: 'WAOOAW operations', publicActivity: false, plan: 'internal' },
    });
    for (const [i, role] of (['admin', 'operator', 'customer'] as const).entries()) {
      await fx.store.accounts.insert({
        id: `usr_${role}`,
        tenantId: 'internal',
        data: {
          email: `${role}${i}@waooaw.test`,
          name: role,
          role,
          passwordHash: 'x',
          emailVerifiedAt: 0,
          tokensValidAfter: 0,
        },
      });
    }
    const host = createLocalRepoHost({ store: fx.store, clock: fx.clock });
    const agent = createWowVisionPrime({ host, store: fx.store, clock: fx.clock, ids });
    const engine = fx.engine(engineOptions);
    await deployReferenceWorkflows(engine, await readReferenceWorkflows(['daily-report']));
    registerDailyReportWorkflow({
      engine,
      runtime,
      marketplace: { mailer: createOutboxMailer(fx.store, ids) },
      wowvision: { agent, host },
      store: fx.store,
      clock: fx.clock,
      ids,
      logger: silentLogger,
    });
    await engine.open();
    return { engine, host, agentId: hired.id };
  }

  async function reportMails() {
    const page = await fx.store.mail.list({ limit: 50 });
    return page.items.map((d) => ({
      to: d.data.to,
      subject: d.data.subject,
      at: new Date(d.createdAt).toISOString(),
      text: d.data.text,
    }));
  }

  it('fires at 09:00 every day: publishes each agent’s report for the day before, files WowVision’s, mails operators and admins', async () => {
    const { engine, host, agentId } = await open();
    await fx.advance(DAY + 2 * HOUR); // from Monday 08:00 to Tuesday 10:00: runs at Monday and Tuesday 09:00
    const runs = await engine.listInstances({ definitionId: 'daily-report' });
    expect(runs.items.map((r) => [r.state, new Date(r.createdAt).toISOString()])).toEqual([
      ['completed', '2026-01-06T09:00:00.000Z'],
      ['completed', '2026-01-05T09:00:00.000Z'],
    ]);
    const mails = (await reportMails()).filter((m) => m.subject.endsWith('2026-01-05'));
    expect(mails.map((m) => [m.to, m.subject, m.at]).sort()).toEqual([
      ['admin0@waooaw.test', '📊 Daily report - 2026-01-05', '2026-01-06T09:00:00.000Z'],
      ['operator1@waooaw.test', '📊 Daily report - 2026-01-05', '2026-01-06T09:00:00.000Z'],
    ]);
    // The agent decided once on Monday; Sunday's report (sent Monday) shows nothing.
    expect(mails[0]!.text).toContain('| 📊 Inbox desk Daily Report - 2026-01-05 | 1 | 0.0000 | 0 |');
    expect((await reportMails()).find((m) => m.subject.endsWith('2026-01-04'))!.text).toContain(
      '| 📊 Inbox desk Daily Report - 2026-01-04 | 0 | 0.0000 | 0 |',
    );
    const reports = await runtime.artifacts.list({ agentId, type: 'daily-report' });
    expect(reports.items.map((d) => [d.title, d.metadata.date]).sort()).toEqual([
      ['📊 Inbox desk Daily Report - 2026-01-04', '2026-01-04'],
      ['📊 Inbox desk Daily Report - 2026-01-05', '2026-01-05'],
    ]);
    const issues = await host.listIssues({ label: 'daily-report' });
    expect(issues.map((i) => i.title)).toEqual([
      '📊 WowVision Prime Daily Report - 2026-01-04',
      '📊 WowVision Prime Daily Report - 2026-01-05',
    ]);
    expect(mails[0]!.text).toContain(`issue #${issues[1]!.number}`);

    await fx.advance(DAY);
    expect((await engine.listInstances({ definitionId: 'daily-report' })).items).toHaveLength(3);
    expect((await reportMails()).filter((m) => m.subject.endsWith('2026-01-06'))).toHaveLength(2);
  });

  it('a manual run reports the given day; running it again publishes and files nothing twice', async () => {
    const { engine, host, agentId } = await open();
    for (let i = 0; i < 2; i++) {
      await engine.startInstance('daily-report', { variables: { date: '2026-01-05' } });
      await fx.settle();
    }
    expect((await runtime.artifacts.list({ agentId, type: 'daily-report' })).items).toHaveLength(1);
    expect(await host.listIssues({ label: 'daily-report' })).toHaveLength(1);
    // Each run mails its digest (two runs, two recipients).
    expect(await reportMails()).toHaveLength(4);
    const { instanceId } = await engine.startInstance('daily-report', { variables: { date: '5 Jan' } });
    await fx.settle();
    expect((await engine.getInstance(instanceId)).incidents).toEqual([
      expect.objectContaining({
        elementId: 'generate',
        error: expect.objectContaining({ code: 'VALIDATION', details: { field: 'date' } }),
      }),
    ]);
  });

  it('the send step re-executed after a crash mails each recipient once', async () => {
    const { engine } = await open({
      faults: {
        afterEffect: (a) => {
          if (a.taskType === 'report.send_email') throw new Error('killed after mailing');
        },
      },
    });
    await engine.startInstance('daily-report', { variables: { date: '2026-01-05' } });
    await fx.settle();
    expect(engine.isHalted).toBe(true);
    const next = fx.engine();
    const ids = createIds(() => fx.clock.now());
    registerDailyReportWorkflow({
      engine: next,
      runtime,
      marketplace: { mailer: createOutboxMailer(fx.store, ids) },
      store: fx.store,
      clock: fx.clock,
      ids,
      logger: silentLogger,
    });
    await next.open();
    await fx.advance(2 * 60_000);
    const runs = await next.listInstances({ definitionId: 'daily-report' });
    expect(runs.items.map((r) => r.state)).toEqual(['completed']);
    expect(await reportMails()).toHaveLength(2);
  });
});

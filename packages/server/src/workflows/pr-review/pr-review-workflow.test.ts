import { afterEach, describe, expect, it } from 'vitest';
import { createLocalRepoHost } from '../../agents/wowvision/local-repo-host.js';
import type { ChangedFile, RepoHost } from '../../agents/wowvision/repo-host.js';
import { createWowVisionPrime } from '../../agents/wowvision/wowvision-prime.js';
import { createWowVisionService } from '../../agents/wowvision/wowvision-service.js';
import { MemoryBus } from '../../bus/memory-bus.js';
import type { Engine } from '../../engine/engine.js';
import type { EngineOptions } from '../../engine/engine-types.js';
import { engineFixture, type EngineFixture } from '../../engine/testing/engine-fixture.js';
import { createIds } from '../../ids.js';
import { silentLogger } from '../../components/observability/logger.js';
import { eventually } from '../../testing/eventually.js';
import { readReferenceWorkflows } from '../../assets/reference-workflow-files.js';
import { deployReferenceWorkflows } from '../deploy-reference-workflows.js';
import {
  PR_DEPLOYMENTS,
  PR_DOMAIN_CHECKS,
  registerPrReviewWorkflow,
  type PrDeployment,
  type PrDomainCheck,
  type PrReviewWorkflow,
} from './pr-review-workflow.js';

const HOUR = 3_600_000;

/** A repository with pull requests: files per PR number, content per path. */
interface FakeRepo {
  prs: Record<number, Array<ChangedFile & { content?: string }>>;
}

describe('PR review workflow (WowVision)', () => {
  let fx: EngineFixture;
  let bus: MemoryBus;
  let flows: PrReviewWorkflow[] = [];
  afterEach(async () => {
    for (const f of flows) await f.stop();
    flows = [];
    await bus?.close();
    await fx?.close();
  });

  async function open(
    repo: FakeRepo,
    engineOptions: Partial<EngineOptions> = {},
  ): Promise<{ engine: Engine; host: RepoHost; flow: PrReviewWorkflow }> {
    fx = await engineFixture('sqlite');
    const ids = createIds(() => fx.clock.now());
    bus = new MemoryBus({ clock: fx.clock, ids });
    const host = createLocalRepoHost({
      store: fx.store,
      clock: fx.clock,
      git: {
        branchFiles: async (n) =>
          (repo.prs[n] ?? []).map(({ path, status, additions }) => ({ path, status, additions })),
        fileContent: async (path) =>
          Object.values(repo.prs)
            .flat()
            .find((f) => f.path === path)?.content,
      },
    });
    const agent = createWowVisionPrime({ host, store: fx.store, clock: fx.clock, ids });
    const engine = fx.engine(engineOptions);
    await deployReferenceWorkflows(engine, await readReferenceWorkflows(['pr-review']));
    const flow = await registerPrReviewWorkflow({
      engine,
      wowvision: { agent, host },
      bus,
      store: fx.store,
      clock: fx.clock,
      ids,
      logger: silentLogger,
    });
    flows.push(flow);
    await engine.open();
    return { engine, host, flow };
  }

  const lines = (n: number, text = 'const x = 1;') => Array.from({ length: n }, () => text).join('\n');
  const pr = (number: number, head = `sha${number}abcdef0`) => ({
    number,
    head,
    title: `PR ${number}`,
    author: 'dev',
    repo: 'acme/waooaw',
  });

  it('a PR with a violation ends in the violation issue and the rejection comment', async () => {
    const { engine, host, flow } = await open({
      prs: {
        7: [
          { path: 'scripts/tool.py', status: 'added', additions: 3, content: 'print(1)' },
          { path: 'docs/guide.md', status: 'added', additions: 10 },
        ],
      },
    });
    const { instanceId } = await flow.start(pr(7));
    await fx.settle();
    const view = await engine.getInstance(instanceId);
    expect(view.status).toBe('completed');
    expect(view.variables).toMatchObject({
      vision_approved: false,
      risk_level: 'low',
      violations: [expect.objectContaining({ file: 'scripts/tool.py', rule: 'core-constraint' })],
    });
    const [issue] = await host.listIssues({ label: 'vision-violation' });
    expect(issue).toMatchObject({
      number: view.variables.issue_number,
      title: '🚨 Vision Violation: scripts/tool.py',
      labels: ['vision-violation', 'agent-escalation'],
    });
    expect(issue!.body).toContain('**Commit:** `sha7abc`');
    expect(issue!.body).toContain('**Confidence:** 100.00%');
    const comments = (await host.getIssue(7))!.comments.map((c) => c.body);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain('❌ WowVision Prime: REJECTED');
    expect(comments[0]).toContain(`#${String(issue!.number)}`);
    expect((await fx.store.documents.list(PR_DEPLOYMENTS)).items).toEqual([]);
  });

  it('a clean low-risk PR takes the deploy branch: deployment recorded, approval comment', async () => {
    const { engine, host, flow } = await open({
      prs: {
        8: [
          { path: 'docs/guide.md', status: 'modified', additions: 12 },
          { path: 'config/app.yaml', status: 'added', additions: 4 },
        ],
      },
    });
    const { instanceId } = await flow.start(pr(8));
    await fx.settle();
    const view = await engine.getInstance(instanceId);
    expect(view).toMatchObject({ status: 'completed', userTasks: [] });
    expect(view.variables).toMatchObject({
      vision_approved: true,
      risk_level: 'low',
      deployment_status: 'deployed',
      deployment_url: 'deployments/pr-8@sha8abc',
    });
    const [deployment] = (await fx.store.documents.list<PrDeployment>(PR_DEPLOYMENTS)).items;
    expect(deployment!.data).toMatchObject({ prNumber: 8, status: 'deployed' });
    expect(await host.listIssues({ label: 'vision-violation' })).toEqual([]);
    const [comment] = (await host.getIssue(8))!.comments;
    expect(comment!.body).toContain('✅ WowVision Prime: APPROVED');
    expect(comment!.body).toContain('100.00%');
  });

  it('a high-risk PR forks the domain check and an architect review with a 2 h SLA, then deploys on approval', async () => {
    const { engine, flow } = await open({
      prs: { 9: [{ path: 'src/engine/runner.ts', status: 'modified', additions: 120, content: lines(120) }] },
    });
    const { instanceId } = await flow.start(pr(9));
    await fx.settle();
    const view = await engine.getInstance(instanceId);
    expect(view.variables).toMatchObject({ vision_approved: true, risk_level: 'high', domain_valid: true });
    const [task] = await engine.listUserTasks({ role: 'architect', status: 'open' });
    expect(task).toMatchObject({
      instanceId,
      title: '[Workflow] Review PR #9',
      dueAt: fx.clock.now() + 2 * HOUR,
    });
    await fx.advance(2 * HOUR);
    expect(await engine.getUserTask(task!.taskId)).toMatchObject({
      escalated: true,
      role: 'engineering-manager',
    });
    await engine.completeUserTask(
      task!.taskId,
      { approved: true, comment: 'runner change reviewed' },
      'architect-1',
    );
    await fx.settle();
    expect((await engine.getInstance(instanceId)).variables).toMatchObject({ deployment_status: 'deployed' });
  });

  it('a failed review (architect or domain check) ends in an issue that says why', async () => {
    const { engine, host, flow } = await open({
      prs: {
        10: [{ path: 'src/a.ts', status: 'added', additions: 80, content: lines(80) }],
        11: [
          {
            path: 'web/pricing.tsx',
            status: 'added',
            additions: 60,
            content: `${lines(58)}\n// Start your 14-day trial today\n// 9 sales agents ready`,
          },
        ],
      },
    });
    const rejected = await flow.start(pr(10));
    const wrongFacts = await flow.start(pr(11));
    await fx.settle();
    const tasks = await engine.listUserTasks({ role: 'architect', status: 'open' });
    await engine.completeUserTask(
      tasks.find((t) => t.instanceId === rejected.instanceId)!.taskId,
      { approved: false, comment: 'needs a design doc' },
      'architect-1',
    );
    await engine.completeUserTask(
      tasks.find((t) => t.instanceId === wrongFacts.instanceId)!.taskId,
      { approved: true },
      'architect-1',
    );
    await fx.settle();
    expect((await engine.getInstance(wrongFacts.instanceId)).variables).toMatchObject({
      domain_valid: false,
      issue_number: expect.any(Number),
    });
    const [check] = (
      await fx.store.documents.list<PrDomainCheck>(PR_DOMAIN_CHECKS, { where: { prNumber: 11 } })
    ).items;
    expect(check!.data.findings).toEqual([
      { file: 'web/pricing.tsx', line: 59, message: 'says a 14-day trial; trials last 7 days' },
      { file: 'web/pricing.tsx', line: 60, message: 'says 9 sales agents; there are 5' },
    ]);
    const bodies = (await host.listIssues({ label: 'vision-violation' })).map(
      (i) => `${i.title} | ${i.body.split('\n').find((l) => l.startsWith('**Reason:**'))}`,
    );
    expect(bodies).toEqual([
      '🚨 Vision Violation: PR #10 | **Reason:** Architect review rejected it: needs a design doc',
      '🚨 Vision Violation: web/pricing.tsx | **Reason:** Domain check: says a 14-day trial; trials last 7 days (line 59)',
      '🚨 Vision Violation: web/pricing.tsx | **Reason:** Domain check: says 9 sales agents; there are 5 (line 60)',
    ]);
  });

  it('bad input stops the instance with an incident naming the field', async () => {
    const { engine } = await open({ prs: {} });
    const { instanceId } = await engine.startInstance('pr-review', {
      variables: { pr_number: 5, author: 'dev', files_changed: [], phase: 'phase9' },
    });
    await fx.settle();
    expect((await engine.getInstance(instanceId)).incidents).toEqual([
      expect.objectContaining({
        elementId: 'validate_pr',
        error: expect.objectContaining({ code: 'VALIDATION', details: { field: 'phase' } }),
      }),
    ]);
  });

  it('the violation step re-run after a crash opens each issue and comment once', async () => {
    let crashed = false;
    const repo: FakeRepo = {
      prs: {
        12: [
          { path: 'tools/gen.py', status: 'added', additions: 2, content: 'x = 1' },
          { path: '.env', status: 'added', additions: 1, content: 'KEY=1' },
        ],
      },
    };
    const { host, flow } = await open(repo, {
      faults: {
        afterEffect: (a) => {
          if (a.taskType === 'wowvision.create_violation_issue' && !crashed) {
            crashed = true;
            throw new Error('killed after opening the issues');
          }
        },
      },
    });
    const { instanceId } = await flow.start(pr(12));
    await fx.settle();
    expect(fx.engines[0]!.isHalted).toBe(true);
    const next = fx.engine();
    for (const f of flows) await f.stop();
    flows = [
      await registerPrReviewWorkflow({
        engine: next,
        wowvision: {
          agent: createWowVisionPrime({ host, store: fx.store, clock: fx.clock, ids: createIds() }),
          host,
        },
        bus,
        store: fx.store,
        clock: fx.clock,
        ids: createIds(() => fx.clock.now()),
        logger: silentLogger,
      }),
    ];
    await next.open();
    await fx.advance(2 * 60_000);
    expect((await next.getInstance(instanceId)).status).toBe('completed');
    expect((await host.listIssues({ label: 'vision-violation' })).map((i) => i.title)).toEqual([
      '🚨 Vision Violation: tools/gen.py',
      '🚨 Vision Violation: .env',
    ]);
    expect((await host.getIssue(12))!.comments).toHaveLength(1);
  });

  it('github.pr.opened on the bus runs the workflow instead of the inline review, once per PR head', async () => {
    fx = await engineFixture('sqlite');
    const ids = createIds(() => fx.clock.now());
    bus = new MemoryBus({ clock: fx.clock, ids });
    const wowvision = createWowVisionService({
      repo: { mode: 'local' },
      store: fx.store,
      bus,
      clock: fx.clock,
      ids,
    });
    const engine = fx.engine();
    await deployReferenceWorkflows(engine, await readReferenceWorkflows(['pr-review']));
    flows.push(
      await registerPrReviewWorkflow({
        engine,
        wowvision,
        bus,
        store: fx.store,
        clock: fx.clock,
        ids,
        logger: silentLogger,
      }),
    );
    await engine.open();
    await wowvision.start();
    try {
      for (let i = 0; i < 2; i++)
        await bus.publish({ topic: 'github.pr.opened', payload: pr(21), idempotencyKey: `delivery-${i}` });
      const runs = await eventually(
        () => engine.listInstances({ definitionId: 'pr-review' }),
        (r) => r.items.length === 1 && r.items[0]!.state === 'completed',
        { what: 'the PR review instance to complete' },
      );
      expect(runs.items[0]).toMatchObject({ instanceId: 'pr-review:21:sha21abcdef0', businessKey: 'pr:21' });
      // Only the workflow commented; WowVision's inline review did not run as well.
      expect((await wowvision.host.getIssue(21))!.comments.map((c) => c.body.split('\n')[0])).toEqual([
        '## ✅ WowVision Prime: APPROVED',
      ]);
      expect(await wowvision.agent.decisions()).toEqual([]);
    } finally {
      await wowvision.stop();
    }
  });
});

// Acceptance of multi-agent jobs (issue 13 item 6) on SQLite and PostgreSQL: a campaign job runs the
// campaign workflow to its approval with a consult and a handoff in its timeline, and approving completes
// it; a described request is routed deterministically and Lead Generation hands qualified leads to SDR.
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../contracts/contracts.js';
import type { Job, JobEvent } from '../../contracts/work.js';
import type { Engine } from '../../engine/engine.js';
import { createIds } from '../../ids.js';
import { setup } from '../../api/testing/marketplace-harness.js';
import { registerJobRoutes } from '../../api/routes/jobs.js';
import { silentLogger } from '../../components/observability/logger.js';
import { createAgentProtocol } from '../../agents/protocol/agent-protocol.js';
import { createJobPeers } from '../../agents/jobs/job-peers.js';
import { createRequestRouter } from '../../agents/jobs/request-router.js';
import { createCoordinators } from '../../agents/coordinators/coordinators.js';
import { coordinatedSpecs } from '../../agents/workforce/coordinated-specs.js';
import { loadAgentSpecs } from '../../assets/agent-spec-files.js';
import { readReferenceWorkflows } from '../../assets/reference-workflow-files.js';
import { runSkill } from '../../skills/registry.js';
import { runsOnStore } from '../../testing/backends.js';
import { testPostgres } from '../../testing/services.js';
import { registerCampaignWorkflow } from '../../workflows/campaign/campaign-workflow.js';
import { deployReferenceWorkflows } from '../../workflows/deploy-reference-workflows.js';
import { workflowTestKit, type WorkflowTestKit } from '../../workflows/testing/workflow-test-kit.js';
import type { InstanceRef } from '../work/work-ports.js';
import { engagementInstances } from './engagement-instances.js';
import type { RequestRouter, TenantInstances } from './job-ports.js';
import { createJobService, type JobService } from './job-service.js';
import { MemoryTasks } from './testing/memory-tasks.js';
import { testSkillRunner } from '../../runtime/testing/test-skill-runner.js';

const kinds = (['sqlite', 'postgres'] as const).filter((k) => runsOnStore(k));
const specs = coordinatedSpecs(loadAgentSpecs());

const brief = {
  product: 'Sugar-free sweets',
  audience: 'patients with diabetes',
  goal: 'more clinic visits',
};
const LEADS_CSV = [
  'name,website,industry,employees,country,tech',
  'Paytrail,paytrail.in,Fintech,120,India,HubSpot',
  'Ledgerly,ledgerly.in,Fintech,300,India,Salesforce',
  'Bakery Bros,bakerybros.com,Food,8,Canada,',
].join('\n');
const ICP = { industries: ['Fintech'], countries: ['India'], employees: [50, 1000] };

const kindsOf = (job: Job): JobEvent['kind'][] => job.timeline.map((e) => e.kind);

describe.each(kinds)('multi-agent jobs (%s)', (kind) => {
  let kit: WorkflowTestKit;
  let engine: Engine;
  let jobs: JobService;
  let tasks: MemoryTasks;
  /** Steps the job service reported finished to the router (routeKey per call). */
  let finishedSteps: string[];
  afterEach(async () => {
    await kit?.close();
  });

  /** The platform's job wiring on a test kit; `instances` replaces the trials/hires view when given. */
  async function open(instances?: (tenantId: () => string) => TenantInstances): Promise<{
    owner: Session;
    stranger: Session;
  }> {
    const wired: { service?: JobService } = {};
    const lazy = new Proxy({} as JobService, {
      get: (_, key) => (wired.service as unknown as Record<string | symbol, unknown>)[key],
    });
    kit = await workflowTestKit({
      pg: kind === 'postgres' ? await testPostgres() : undefined,
      harness: { routes: (app, { auth }) => registerJobRoutes(app, { jobs: lazy, auth }) },
    });
    const h = kit.harness;
    const ids = createIds(() => h.clock.now());
    engine = kit.engine();
    await deployReferenceWorkflows(engine, await readReferenceWorkflows(['campaign']));
    const protocol = createAgentProtocol({ store: h.store, clock: h.clock, ids });
    const peers = createJobPeers({ store: h.store, protocol, clock: h.clock });
    registerCampaignWorkflow({
      engine,
      marketplace: h.marketplace.services,
      store: h.store,
      clock: h.clock,
      ids,
      logger: silentLogger,
      peers,
      skills: testSkillRunner({ store: h.store, clock: h.clock, ids }),
    });
    await engine.open();
    const owner = await h.customer('mia@clinic.test');
    const stranger = await h.customer('sam@other.test');
    const directory = instances ? instances(() => owner.tenant.id) : engagementInstances(h.store);
    tasks = new MemoryTasks(directory, () => h.clock.now());
    const coordinators = createCoordinators({ specs, store: h.store, clock: h.clock, ids });
    wired.service = createJobService({
      store: h.store,
      engine,
      instances: directory,
      tasks,
      taskReader: tasks,
      router: countingRouter(createRequestRouter(coordinators)),
      leadHandoffs: peers,
      clock: h.clock,
      ids,
    });
    jobs = wired.service;
    return { owner, stranger };
  }

  function countingRouter(router: RequestRouter): RequestRouter {
    finishedSteps = [];
    return {
      route: (r) => router.route(r),
      release: (step) => router.release(step),
      finished: async (step, success) => {
        finishedSteps.push(step.routeKey);
        await router.finished(step, success);
      },
    };
  }

  async function call<T>(session: Session, method: string, url: string, body?: unknown) {
    const res = await kit.harness.call(method, url, { token: session.accessToken, body });
    return { status: res.statusCode, body: res.json() as T };
  }

  it('a campaign job runs to its approval with a consult and a handoff in its timeline; approving completes it', async () => {
    const { owner, stranger } = await open();
    const trial = await call<{ id: string }>(owner, 'POST', '/api/v1/trials', {
      agentId: 'content-marketing',
      setup: { ...setup, approvalMode: 'auto_publish' },
    });
    expect(trial.status).toBe(201);

    const created = await call<Job>(owner, 'POST', '/api/v1/jobs', { kind: 'campaign', brief });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'campaign', title: 'Campaign: Sugar-free sweets' });
    await kit.settle();

    const { body: job } = await call<Job>(owner, 'GET', `/api/v1/jobs/${created.body.id}`);
    expect(job.status).toBe('awaiting-approval');
    expect(job.deliverableIds).toHaveLength(3);
    const view = await engine.getInstance(job.workflowInstanceId!);
    expect(view.businessKey).toBe(job.id);
    // The Email agent consulted the Brand agent, who answered with its voice check.
    expect(job.timeline).toContainEqual(
      expect.objectContaining({ kind: 'consult', from: 'email-marketing', to: 'brand-strategist' }),
    );
    expect(job.timeline).toContainEqual(
      expect.objectContaining({ kind: 'consult-answered', from: 'brand-strategist', to: 'email-marketing' }),
    );
    // Content handed its blog post to Social, who accepted it.
    expect(job.timeline).toContainEqual(
      expect.objectContaining({ kind: 'handoff', from: 'content-marketing', to: 'social-media-marketing' }),
    );
    expect(kindsOf(job)).toContain('handoff-accepted');
    expect(job.timeline).toContainEqual(
      expect.objectContaining({ kind: 'approval', summary: expect.stringContaining('Waiting for approval') }),
    );
    const steps = job.timeline.filter((e) => e.kind === 'task-finished').map((e) => e.from);
    expect(steps.sort()).toEqual(['content-marketing', 'email-marketing', 'social-media-marketing']);
    // Durable: the interactions are stored and linked to the job.
    const links = await kit.harness.store.jobLinks.list(job.id);
    expect(links.map((l) => l.key).sort()).toEqual(['consult:email-voice', 'handoff:blog-social']);

    // Another tenant sees neither the job nor it in its list.
    expect((await call(stranger, 'GET', `/api/v1/jobs/${job.id}`)).status).toBe(404);
    expect((await call<{ items: Job[] }>(stranger, 'GET', '/api/v1/jobs')).body.items).toEqual([]);
    const listed = await call<{ items: Job[] }>(owner, 'GET', '/api/v1/jobs?limit=10');
    expect(listed.body.items.map((j) => [j.id, j.status])).toEqual([[job.id, 'awaiting-approval']]);

    // MODIFY (the inbox's) sends the work back as a revision task linked to the job; the approval stays open.
    const { taskId } = await jobs.sendBack(owner.tenant.id, job.id, { comment: 'warmer tone please' });
    expect(tasks.tasks.get(taskId)).toMatchObject({
      source: 'revision',
      revisionComment: 'warmer tone please',
      jobId: job.id,
    });
    expect((await jobs.approvalOf(owner.tenant.id, job.id))?.title).toMatch(/^Approve Campaign Launch/);
    await expect(jobs.approvalOf(stranger.tenant.id, job.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const answered = await jobs.answerApproval(
      owner.tenant.id,
      job.id,
      { approved: true, comment: 'go' },
      owner.user.id,
    );
    expect(answered.timeline.at(-1)).toBeDefined();
    await kit.settle();
    const { body: done } = await call<Job>(owner, 'GET', `/api/v1/jobs/${job.id}`);
    expect(done.status).toBe('done');
    expect(done.finishedAt).not.toBeNull();
    expect(done.taskIds).toEqual([taskId]);
    expect(done.timeline).toContainEqual(
      expect.objectContaining({ kind: 'approval', summary: `Approved by ${owner.user.id}: go` }),
    );
  });

  it('a rejected campaign job is compensated: its drafts are withdrawn and its timeline says why', async () => {
    const { owner } = await open();
    await call(owner, 'POST', '/api/v1/trials', {
      agentId: 'content-marketing',
      setup: { ...setup, approvalMode: 'auto_publish' },
    });
    const { body: created } = await call<Job>(owner, 'POST', '/api/v1/jobs', { kind: 'campaign', brief });
    await kit.settle();
    await jobs.answerApproval(owner.tenant.id, created.id, { approved: false, comment: 'off brand' }, 'mgr');
    await kit.settle();
    const { body: job } = await call<Job>(owner, 'GET', `/api/v1/jobs/${created.id}`);
    expect(job.status).toBe('compensated');
    expect(job.timeline).toContainEqual(
      expect.objectContaining({ kind: 'approval', summary: 'Not approved by mgr: off brand' }),
    );
    expect(job.timeline.filter((e) => e.kind === 'compensated').length).toBeGreaterThanOrEqual(4);
    await expect(
      jobs.answerApproval(owner.tenant.id, created.id, { approved: true }, 'mgr'),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const drafts = await kit.harness.store.deliverables.list({ tenantId: owner.tenant.id, limit: 50 });
    const byId = new Map(drafts.items.map((d) => [d.id, d.data.status]));
    expect(job.deliverableIds.map((id) => byId.get(id))).toEqual(['rejected', 'rejected', 'rejected']);
  });

  it('a campaign job without a marketing instance is refused with the agents it needs', async () => {
    const { owner } = await open();
    const res = await call<{ error: { code: string; details: { agents: string[] } } }>(
      owner,
      'POST',
      '/api/v1/jobs',
      {
        kind: 'campaign',
        brief,
      },
    );
    expect(res.status).toBe(412);
    expect(res.body.error.details.agents).toContain('content-marketing');
  });

  it('a described request is routed deterministically, and Lead Generation hands its qualified leads to SDR', async () => {
    const directory: Array<Omit<InstanceRef, 'tenantId'>> = [
      {
        id: 'ins_sdr',
        agentId: 'sales-development-rep',
        status: 'active',
        trialId: null,
        hireId: 'h1',
        workingHours: setupHours,
      },
      {
        id: 'ins_lead',
        agentId: 'lead-generation',
        status: 'active',
        trialId: null,
        hireId: 'h2',
        workingHours: setupHours,
      },
    ];
    const { owner, stranger } = await open((tenant) => ({
      list: async (tenantId) => (tenantId === tenant() ? directory.map((i) => ({ ...i, tenantId })) : []),
    }));
    const description =
      'Score my list of companies against our ideal customer profile and rank the best fits';
    const request = { kind: 'request', description, input: { csv: LEADS_CSV, icp: ICP } };
    const first = await call<Job>(owner, 'POST', '/api/v1/jobs', request);
    expect(first.status).toBe(201);
    const routed = (job: Job) =>
      job.timeline.filter((e) => e.kind === 'routed').map((e) => [e.to, e.summary.split(':')[0]]);
    expect(routed(first.body)).toEqual([['lead-generation', 'leadgen.icp-match → lead-generation']]);
    const [taskId] = first.body.taskIds;
    expect(tasks.tasks.get(taskId!)).toMatchObject({
      instanceId: 'ins_lead',
      skill: 'leadgen.icp-match',
      source: 'coordinator',
    });

    // The lead task finishes: its tier A/B companies go to the SDR through a handoff, as an SDR task.
    const result = await runSkill(
      'leadgen.icp-match',
      { csv: LEADS_CSV, icp: ICP },
      { now: kit.harness.clock.now() },
    );
    const output = JSON.parse(JSON.stringify(result.output)) as {
      companies: Array<{ name: string; tier: string }>;
    };
    const qualified = output.companies.filter((c) => c.tier === 'A' || c.tier === 'B').map((c) => c.name);
    expect(qualified.length).toBeGreaterThan(0);
    tasks.finish(taskId!, 'done', result.summary);
    const finished = {
      taskId: taskId!,
      tenantId: owner.tenant.id,
      jobId: first.body.id,
      agentId: 'lead-generation',
      skill: 'leadgen.icp-match',
      success: true,
      output,
    };
    // Told twice (awaiting approval, then again when the approval settles, or a redelivery): acted on once.
    await jobs.taskFinished(finished);
    await jobs.taskFinished(finished);
    const { body: job } = await call<Job>(owner, 'GET', `/api/v1/jobs/${first.body.id}`);
    expect(finishedSteps).toHaveLength(1);
    expect(job.timeline.filter((e) => e.kind === 'handoff')).toHaveLength(1);
    expect(job.timeline.filter((e) => e.kind === 'handoff-accepted')).toHaveLength(1);
    expect(job.timeline).toContainEqual(
      expect.objectContaining({
        kind: 'handoff',
        from: 'lead-generation',
        to: 'sales-development-rep',
        summary: `lead-generation handed ${qualified.length} qualified lead(s) to sales-development-rep`,
      }),
    );
    expect(kindsOf(job)).toContain('handoff-accepted');
    expect(job.taskIds).toHaveLength(2);
    const sdrTask = job.taskIds.map((id) => tasks.tasks.get(id)).find((t) => t?.source === 'handoff');
    expect(sdrTask).toMatchObject({
      instanceId: 'ins_sdr',
      skill: 'sdr.lead-score',
      source: 'handoff',
      jobId: job.id,
    });
    expect((sdrTask!.input.leads as Array<{ company: string }>).map((l) => l.company)).toEqual(qualified);
    expect(job.status).toBe('running');
    tasks.finish(sdrTask!.id, 'done', 'scored');
    expect((await call<Job>(owner, 'GET', `/api/v1/jobs/${job.id}`)).body.status).toBe('done');

    // The slot is free again: the same request in the same state is routed the same way; while that one
    // holds a Lead Generation slot, the next goes to the SDR, who has more free capacity and the skill too.
    const again = await call<Job>(owner, 'POST', '/api/v1/jobs', request);
    expect(routed(again.body)).toEqual(routed(first.body));
    const busy = await call<Job>(owner, 'POST', '/api/v1/jobs', request);
    expect(routed(busy.body)).toEqual([
      ['sales-development-rep', 'leadgen.icp-match → sales-development-rep'],
    ]);

    // Nothing the stranger has can take the request; a request nobody offers is a 400.
    const refused = await call<{ error: { code: string } }>(stranger, 'POST', '/api/v1/jobs', request);
    expect([refused.status, refused.body.error.code]).toEqual([412, 'PRECONDITION_FAILED']);
    const vague = await call<{ error: { code: string } }>(owner, 'POST', '/api/v1/jobs', {
      kind: 'request',
      description: 'zzzz qqqq xxxx',
    });
    expect(vague.status).toBe(400);
  });
});

const setupHours: InstanceRef['workingHours'] = {
  timezone: 'UTC',
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '17:00',
};

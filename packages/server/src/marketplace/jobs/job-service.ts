// Multi-agent jobs (issue 13 item 6, decision 0047). A `campaign` job starts the campaign workflow on the
// tenant's marketing instance with the job id as business key; a `request` job is routed by the domain
// coordinator to the tenant's agent(s), whose tasks are created through the TaskCreator port. A job's
// status follows its workflow instance or its tasks; its timeline is read from what carries its id.
import type { Clock } from '../../clock.js';
import type { CreateJobRequest, Job, JobStatus } from '../../contracts/work.js';
import { CreateJobRequestSchema } from '../../contracts/work.js';
import type { Engine } from '../../engine/engine.js';
import { isPlatformError, PlatformError, type JsonValue } from '../../errors.js';
import type { Ids } from '../../ids.js';
import { parseOrThrow } from '../../components/validation/validator.js';
import type { Entity } from '../../store/entity-repository.js';
import type { JobRecord, JobRecordStatus } from '../../store/job-repositories.js';
import type { StoredAgentMessage } from '../../store/repositories/workforce-protocol.js';
import type { Store } from '../../store/store.js';
import type { Page } from '../../store/page-cursor.js';
import type { Principal } from '../principal.js';
import { iso, isoOrNull } from '../time.js';
import type { InstanceRef, TaskCreator } from '../work/work-ports.js';
import type {
  JobTaskFinished,
  JobTaskReader,
  LeadHandoffs,
  QualifiedLead,
  RequestRouter,
  TenantInstances,
} from './job-ports.js';
import { buildTimeline } from './job-timeline.js';

/** The campaign's agents, in the order a campaign job picks the instance that leads it. */
export const CAMPAIGN_AGENTS = ['content-marketing', 'social-media-marketing', 'email-marketing'] as const;
const SDR = 'sales-development-rep';
const LEAD_GEN = 'lead-generation';

export interface JobServiceDeps {
  store: Store;
  engine: Pick<Engine, 'startInstance' | 'getInstance' | 'history' | 'listUserTasks' | 'completeUserTask'>;
  instances: TenantInstances;
  tasks: TaskCreator;
  /** Reads the tasks of `request` jobs for their status and timeline (the task service). */
  taskReader?: JobTaskReader | undefined;
  /** The domain coordinators behind `request` jobs; without it such jobs are refused (DISABLED). */
  router?: RequestRouter | undefined;
  /** Lead Generation → SDR handoffs of `request` jobs. */
  leadHandoffs?: LeadHandoffs | undefined;
  clock: Clock;
  ids: Ids;
  /** The deployed campaign workflow (default `campaign`). */
  campaignDefinition?: string;
}

export type JobSummary = Omit<Job, 'timeline'>;

const TERMINAL = new Set<JobRecordStatus>(['done', 'failed', 'cancelled', 'compensated']);
const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);
const text = (v: JsonValue | undefined): string => (typeof v === 'string' ? v : '');

export function createJobService(deps: JobServiceDeps) {
  const { store, engine, clock, ids } = deps;
  const definition = deps.campaignDefinition ?? 'campaign';

  async function activeInstances(tenantId: string): Promise<InstanceRef[]> {
    return (await deps.instances.list(tenantId)).filter((i) => i.status === 'active');
  }

  async function load(tenantId: string, jobId: string): Promise<Entity<JobRecord>> {
    const job = await store.jobs.get(jobId, { tenantId });
    if (!job) throw new PlatformError('NOT_FOUND', `job ${jobId} not found`, { details: { jobId } });
    return job;
  }

  async function openApproval(job: Entity<JobRecord>) {
    if (!job.data.workflowInstanceId) return undefined;
    const [task] = await engine.listUserTasks({ instanceId: job.data.workflowInstanceId, status: 'open' });
    return task;
  }

  /** The status the job's workflow or tasks show now, written back when it changed. */
  async function refresh(job: Entity<JobRecord>): Promise<Entity<JobRecord>> {
    if (TERMINAL.has(job.data.status)) return job;
    let status: JobRecordStatus = job.data.status;
    let finishedAt: number | null = null;
    if (job.data.workflowInstanceId) {
      const view = await engine.getInstance(job.data.workflowInstanceId);
      const ended: Partial<Record<string, JobRecordStatus>> = {
        completed: 'done',
        failed: 'failed',
        cancelled: 'cancelled',
        compensated: 'compensated',
      };
      status = ended[view.status] ?? ((await openApproval(job)) ? 'awaiting-approval' : 'running');
      finishedAt = view.endedAt;
    } else if (deps.taskReader && job.data.routing.length > 0) {
      const links = await store.jobLinks.list(job.id);
      const views = await Promise.all(
        links.filter((l) => l.kind === 'task').map((l) => deps.taskReader!.get(l.ref, job.tenantId!)),
      );
      const statuses = views.map((v) => v?.status ?? 'queued');
      status = statuses.includes('failed')
        ? 'failed'
        : statuses.includes('awaiting-approval')
          ? 'awaiting-approval'
          : statuses.every((s) => s === 'done' || s === 'cancelled')
            ? 'done'
            : 'running';
      if (TERMINAL.has(status)) finishedAt = Math.max(0, ...views.map((v) => v?.finishedAt ?? 0));
    }
    if (status === job.data.status) return job;
    return store.jobs.modify(job.id, (d) => ({
      ...d,
      status,
      finishedAt: TERMINAL.has(status) ? finishedAt : null,
    }));
  }

  async function deliverableIds(job: Entity<JobRecord>, taskIds: string[]): Promise<string[]> {
    const out: string[] = [];
    if (job.data.workflowInstanceId) {
      const v = (await engine.getInstance(job.data.workflowInstanceId)).variables;
      out.push(text(v.blog_url).replace(/^\/deliverables\//, ''), text(v.campaign_id));
      if (Array.isArray(v.post_ids)) out.push(text(v.post_ids[0]).split('#')[0] ?? '');
    }
    if (deps.taskReader)
      for (const id of taskIds)
        out.push(...((await deps.taskReader.get(id, job.tenantId!))?.deliverableIds ?? []));
    return [...new Set(out.filter(Boolean))];
  }

  async function summary(job: Entity<JobRecord>): Promise<JobSummary> {
    const fresh = await refresh(job);
    const taskIds = (await store.jobLinks.list(job.id)).filter((l) => l.kind === 'task').map((l) => l.ref);
    return {
      id: fresh.id,
      kind: fresh.data.kind,
      title: fresh.data.title,
      status: fresh.data.status as JobStatus,
      workflowInstanceId: fresh.data.workflowInstanceId,
      taskIds,
      deliverableIds: await deliverableIds(fresh, taskIds),
      createdAt: iso(fresh.createdAt),
      finishedAt: isoOrNull(fresh.data.finishedAt),
    };
  }

  async function detail(job: Entity<JobRecord>): Promise<Job> {
    const head = await summary(job);
    const fresh = await load(job.tenantId!, job.id);
    const links = await store.jobLinks.list(job.id);
    const messages: StoredAgentMessage[] = [];
    for (const link of links.filter((l) => l.kind === 'interaction')) {
      const interaction = await store.protocol.getInteraction(link.ref);
      if (interaction) messages.push(...(await store.protocol.conversation(interaction.conversationId)));
    }
    const history = fresh.data.workflowInstanceId ? await engine.history(fresh.data.workflowInstanceId) : [];
    const tasks = await Promise.all(
      links
        .filter((l) => l.kind === 'task')
        .map(async (l) => ({
          linkedAt: l.createdAt,
          taskId: l.ref,
          view: await deps.taskReader?.get(l.ref, fresh.tenantId!),
        })),
    );
    return { ...head, timeline: buildTimeline({ job: fresh.data, messages, history, tasks }) };
  }

  async function startCampaign(
    principal: Principal,
    jobId: string,
    brief: Extract<CreateJobRequest, { kind: 'campaign' }>['brief'],
  ): Promise<Entity<JobRecord>> {
    const instances = await activeInstances(principal.tenantId);
    const lead = CAMPAIGN_AGENTS.flatMap((agent) => instances.filter((i) => i.agentId === agent))[0];
    if (!lead)
      throw new PlatformError(
        'PRECONDITION_FAILED',
        'A campaign needs an active trial or hire of a Content, Social Media or Email Marketing agent',
        { details: { agents: [...CAMPAIGN_AGENTS] } },
      );
    const workflowInstanceId = `wf_${jobId}`;
    const { entity } = await store.jobs.insert({
      id: jobId,
      tenantId: principal.tenantId,
      data: {
        kind: 'campaign',
        title: clip(`Campaign: ${brief.product}`, 120),
        status: 'running',
        createdBy: principal.userId,
        request: { kind: 'campaign', brief },
        routing: [],
        instanceId: lead.id,
        agentId: lead.agentId,
        workflowInstanceId,
        finishedAt: null,
      },
    });
    const variables: Record<string, JsonValue> = {
      topic: clip(`${brief.product}: ${brief.goal}`, 150),
      keywords: [clip(brief.product, 40)],
      audience: clip(brief.audience, 120),
      job_id: jobId,
      ...(lead.hireId ? { hire_id: lead.hireId } : { trial_id: lead.trialId ?? '' }),
      ...(brief.launchDate ? { launch_date: brief.launchDate } : {}),
    };
    try {
      await engine.startInstance(definition, {
        instanceId: workflowInstanceId,
        businessKey: jobId,
        actor: principal.userId,
        variables,
      });
    } catch (err) {
      await store.jobs.modify(jobId, (d) => ({ ...d, status: 'failed', finishedAt: clock.now() }));
      throw err;
    }
    return entity;
  }

  async function startRequest(
    principal: Principal,
    jobId: string,
    request: Extract<CreateJobRequest, { kind: 'request' }>,
  ): Promise<Entity<JobRecord>> {
    if (!deps.router)
      throw new PlatformError('DISABLED', 'Requests to the coordinators are not enabled on this platform');
    const instances = await activeInstances(principal.tenantId);
    const steps = await deps.router.route({
      jobId,
      tenantId: principal.tenantId,
      description: request.description,
      domain: request.domain,
      instances,
    });
    const now = clock.now();
    const routing = steps.map((s, n) => ({ ...s, taskId: `${jobId}_${n + 1}`, at: now }));
    const { entity } = await store.jobs.insert({
      id: jobId,
      tenantId: principal.tenantId,
      data: {
        kind: 'request',
        title: clip(request.description, 120),
        status: 'running',
        createdBy: principal.userId,
        request: { ...request },
        routing,
        instanceId: routing[0]?.instanceId ?? null,
        agentId: routing[0]?.agentId ?? null,
        workflowInstanceId: null,
        finishedAt: null,
      },
    });
    for (const [n, step] of routing.entries()) {
      try {
        await createTask(entity, `task:${n + 1}`, {
          instanceId: step.instanceId,
          skill: step.skill,
          input: request.input ?? {},
          source: 'coordinator',
          taskId: step.taskId,
        });
      } catch (err) {
        for (const rest of routing.slice(n)) await deps.router.release(rest);
        await store.jobs.modify(jobId, (d) => ({ ...d, status: 'failed', finishedAt: clock.now() }));
        throw err;
      }
    }
    return entity;
  }

  /** Creates a task of the job through the port and links it under `key` (once per key). */
  async function createTask(
    job: Entity<JobRecord>,
    key: string,
    task: {
      instanceId: string;
      skill: string;
      input: Record<string, unknown>;
      source: 'coordinator' | 'handoff' | 'revision';
      taskId?: string;
      revisionComment?: string;
    },
  ): Promise<string> {
    const linked = await store.jobLinks.get(job.id, key);
    if (linked) return linked.ref;
    const { taskId } = await deps.tasks.create({ tenantId: job.tenantId!, jobId: job.id, ...task });
    const { link } = await store.jobLinks.add({
      jobId: job.id,
      key,
      tenantId: job.tenantId!,
      kind: 'task',
      ref: taskId,
    });
    return link.ref;
  }

  /** Frees a routed step's coordinator slot and hands Lead Generation's qualified leads to the SDR. */
  async function actOnFinished(job: Entity<JobRecord>, event: JobTaskFinished): Promise<void> {
    const step = job.data.routing.find((r) => r.taskId === event.taskId);
    if (step && deps.router) {
      try {
        await deps.router.finished(step, event.success);
      } catch (err) {
        // Told twice (a redelivered event): the first call already freed the slot.
        if (!isPlatformError(err, 'CONFLICT') && !isPlatformError(err, 'NOT_FOUND')) throw err;
      }
    }
    if (event.agentId !== LEAD_GEN || !event.success || !deps.leadHandoffs) return;
    const leads = qualifiedLeads(event.output);
    if (leads.length === 0) return;
    const handoff = await deps.leadHandoffs.handLeadsToSdr(
      { jobId: job.id, tenantId: event.tenantId },
      event.taskId,
      leads,
    );
    const sdr = (await activeInstances(event.tenantId)).find((i) => i.agentId === SDR);
    if (!sdr || !handoff.accepted) return;
    const taskId = await createTask(job, `handoff:${event.taskId}`, {
      instanceId: sdr.id,
      skill: 'sdr.lead-score',
      input: { leads: leads.map((l) => ({ company: l.company })) },
      source: 'handoff',
      taskId: `${event.taskId}_sdr`,
    });
    await deps.leadHandoffs.completeLeadHandoff(handoff.handoffId, taskId);
  }

  return {
    async create(principal: Principal, raw: CreateJobRequest): Promise<Job> {
      const request = parseOrThrow(CreateJobRequestSchema, raw, 'job');
      const jobId = ids.next('job');
      const job =
        request.kind === 'campaign'
          ? await startCampaign(principal, jobId, request.brief)
          : await startRequest(principal, jobId, request);
      return detail(job);
    },

    async list(principal: Principal, query: { cursor?: string; limit: number }): Promise<Page<JobSummary>> {
      const page = await store.jobs.list({
        tenantId: principal.tenantId,
        order: 'desc',
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      const items: JobSummary[] = [];
      for (const job of page.items) items.push(await summary(job));
      return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    },

    async get(principal: Principal, jobId: string): Promise<Job> {
      return detail(await load(principal.tenantId, jobId));
    },

    /** The engine user task a campaign job waits on (for the inbox), or undefined when it waits on none. */
    async approvalOf(
      tenantId: string,
      jobId: string,
    ): Promise<{ userTaskId: string; title: string } | undefined> {
      const task = await openApproval(await load(tenantId, jobId));
      return task ? { userTaskId: task.taskId, title: task.title } : undefined;
    },

    /** Answers a campaign job's approval step: approve launches it, reject undoes its drafts. */
    async answerApproval(
      tenantId: string,
      jobId: string,
      answer: { approved: boolean; comment?: string },
      actor: string,
    ): Promise<Job> {
      const job = await load(tenantId, jobId);
      const task = await openApproval(job);
      if (!task)
        throw new PlatformError('CONFLICT', `job ${jobId} is not waiting for an approval`, {
          details: { jobId, status: job.data.status },
        });
      await engine.completeUserTask(
        task.taskId,
        { approved: answer.approved, ...(answer.comment ? { comment: answer.comment } : {}) },
        actor,
      );
      return detail(job);
    },

    /**
     * Sends a campaign job's work back for revision (the inbox's MODIFY): a revision task on the job's
     * instance carrying the comment, linked to the job; the approval stays open until answered.
     */
    async sendBack(
      tenantId: string,
      jobId: string,
      revision: { comment: string; skill?: string; input?: Record<string, unknown> },
    ): Promise<{ taskId: string }> {
      const job = await load(tenantId, jobId);
      if (!job.data.instanceId)
        throw new PlatformError('CONFLICT', `job ${jobId} has no instance to revise its work`);
      const brief = (job.data.request.brief ?? {}) as Record<string, string>;
      const input = revision.input ?? {
        topic: clip(`${brief.product ?? job.data.title}: ${brief.goal ?? ''}`, 150),
        primaryKeyword: clip(brief.product ?? job.data.title, 80),
        audience: clip(brief.audience ?? 'general', 120),
        format: 'blog',
      };
      const revisions = (await store.jobLinks.list(jobId)).filter((l) =>
        l.key.startsWith('revision:'),
      ).length;
      const taskId = await createTask(job, `revision:${revisions + 1}`, {
        instanceId: job.data.instanceId,
        skill: revision.skill ?? 'content.article-draft',
        input,
        source: 'revision',
        revisionComment: revision.comment,
      });
      return { taskId };
    },

    /**
     * Called by the task worker when a task of a job finishes: frees the coordinator slot of a routed
     * step (recording the agent's outcome), and hands Lead Generation's qualified leads to the SDR, whose
     * task is created on the tenant's SDR instance.
     */
    async taskFinished(event: JobTaskFinished): Promise<void> {
      const job = await store.jobs.get(event.jobId, { tenantId: event.tenantId });
      if (!job) return;
      // Told once per task: a task settles again when its approval is decided, or a completion is
      // redelivered. The mark is written after acting, so a failure part-way is told again.
      const toldKey = `told:${event.taskId}`;
      if (await store.jobLinks.get(job.id, toldKey)) return;
      await actOnFinished(job, event);
      await store.jobLinks.add({
        jobId: job.id,
        key: toldKey,
        tenantId: event.tenantId,
        kind: 'told',
        ref: event.taskId,
      });
    },
  };
}

/** Tier A and B companies of a `leadgen.icp-match` output, best first. */
function qualifiedLeads(output: unknown): QualifiedLead[] {
  const companies = (output as { companies?: unknown } | undefined)?.companies;
  if (!Array.isArray(companies)) return [];
  return companies.flatMap((c: { name?: unknown; domain?: unknown; score?: unknown; tier?: unknown }) =>
    (c.tier === 'A' || c.tier === 'B') && typeof c.name === 'string'
      ? [
          {
            company: c.name,
            domain: typeof c.domain === 'string' ? c.domain : null,
            score: Number(c.score) || 0,
            tier: c.tier,
          },
        ]
      : [],
  );
}

export type JobService = ReturnType<typeof createJobService>;

// Ports of the multi-agent jobs' typed tables (migration 0115): the job rows (an EntityRepository,
// tenant-owned) and the links from a job to what its agents did — protocol interactions and tasks.
import type { EntityRepository } from './entity-repository.js';

export type JobRecordStatus =
  'running' | 'awaiting-approval' | 'done' | 'failed' | 'cancelled' | 'compensated';

/** One routing decision of a `request` job: which skill went to which agent (and why). */
export interface JobRoute {
  domain: string;
  /** The coordinator's key of the routed work. */
  routeKey: string;
  skill: string;
  agentId: string;
  instanceId: string;
  taskId: string;
  reason: string;
  at: number;
}

export interface JobRecord {
  kind: 'campaign' | 'request';
  title: string;
  status: JobRecordStatus;
  /** The user who started it. */
  createdBy: string;
  /** What the customer asked (the create request as given). */
  request: Record<string, unknown>;
  routing: JobRoute[];
  /** The instance (and its agent) that leads the job. */
  instanceId: string | null;
  agentId: string | null;
  workflowInstanceId: string | null;
  finishedAt: number | null;
}

export type JobFilter = { status: JobRecordStatus; workflowInstanceId: string };
export type JobRepository = EntityRepository<JobRecord, JobFilter>;

/** `told`: the job service was told that the task `ref` finished (it acts on that once). */
export type JobLinkKind = 'interaction' | 'task' | 'told';

export interface JobLink {
  jobId: string;
  /** Unique per job: the step that made it (a retried step finds its link instead of adding one). */
  key: string;
  tenantId: string;
  kind: JobLinkKind;
  /** The interaction id or task id. */
  ref: string;
  createdAt: number;
}

export interface JobLinkRepository {
  /** Adds the link; when (jobId, key) is taken, answers the link already there (`created: false`). */
  add(link: Omit<JobLink, 'createdAt'>): Promise<{ link: JobLink; created: boolean }>;
  get(jobId: string, key: string): Promise<JobLink | undefined>;
  /** A job's links, oldest first. */
  list(jobId: string): Promise<JobLink[]>;
}

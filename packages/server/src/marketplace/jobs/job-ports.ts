// The seams of multi-agent jobs (decision 0047): the job service depends on these, not on the agents or
// workflows that implement them (the marketplace does not reach into either), and platform.ts wires them.
import type { TaskStatus } from '../../contracts/work.js';
import { PlatformError } from '../../errors.js';
import type { InstanceRef, TaskCreator } from '../work/work-ports.js';

/** The tenant's agent instances a job may put to work. */
export interface TenantInstances {
  /** Every instance of the tenant (any status), oldest first. */
  list(tenantId: string): Promise<InstanceRef[]>;
}

/** One step of a `request` job as the coordinator routed it. */
export interface RoutedStep {
  skill: string;
  agentId: string;
  instanceId: string;
  /** Why this agent: skill match, capacity, reputation — in words. */
  reason: string;
  /** The coordinator's key of the routed work, passed back to `finished`. */
  routeKey: string;
  domain: string;
}

export interface RequestRouter {
  /**
   * Routes a described request to the tenant's agent(s), deterministically: the same description, domain
   * and instances give the same steps. VALIDATION when no skill matches; PRECONDITION_FAILED when the
   * tenant has no active instance of an agent offering the matched skill (details name those agents).
   */
  route(request: {
    jobId: string;
    tenantId: string;
    description: string;
    domain?: string | undefined;
    instances: readonly InstanceRef[];
  }): Promise<RoutedStep[]>;
  /** Frees the coordinator slot of a routed step and records the agent's outcome in its reputation. */
  finished(step: Pick<RoutedStep, 'domain' | 'routeKey'>, success: boolean): Promise<void>;
  /** Withdraws a routed step that never became a task (its slot is freed, reputation untouched). */
  release(step: Pick<RoutedStep, 'domain' | 'routeKey'>): Promise<void>;
}

/** A task of a job as the timeline shows it (read through the task service). */
export interface JobTaskView {
  id: string;
  agentId: string;
  skill: string;
  status: TaskStatus;
  summary: string | null;
  deliverableIds: string[];
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface JobTaskReader {
  get(taskId: string, tenantId: string): Promise<JobTaskView | undefined>;
}

/** A qualified lead as Lead Generation hands it over. */
export interface QualifiedLead {
  company: string;
  domain: string | null;
  score: number;
  tier: 'A' | 'B';
}

/** Lead Generation → SDR, through the protocol (implemented by agents/jobs/job-peers.ts). */
export interface LeadHandoffs {
  handLeadsToSdr(
    job: { jobId: string; tenantId: string },
    fromTaskId: string,
    leads: QualifiedLead[],
  ): Promise<{ handoffId: string; accepted: boolean }>;
  completeLeadHandoff(handoffId: string, sdrTaskId: string): Promise<void>;
}

/** What the task worker tells the job service when a task of a job finishes. */
export interface JobTaskFinished {
  taskId: string;
  tenantId: string;
  jobId: string;
  agentId: string;
  skill: string;
  success: boolean;
  /** The skill's structured output (JSON), when it succeeded. */
  output?: unknown;
}

/** The TaskCreator until the task service is wired: routed requests are refused (DISABLED), nothing is lost. */
export const tasksNotWired: TaskCreator = {
  create() {
    return Promise.reject(
      new PlatformError('DISABLED', 'Tasks are not enabled on this platform yet', {
        details: { reason: 'task-service-not-wired' },
      }),
    );
  },
};

// What the work-orders services need from the agents below them, as ports the composition root fills
// from the workforce (agents/workforce/work-order-bridge.ts): an agent's skills with their schemas and
// example inputs, and a runner that requests a task's run and reports how the run went.
import type { z } from 'zod';

export interface AgentSkillInfo {
  id: string;
  title: string;
  description: string;
  inputSchema: z.ZodType;
  /** The spec's example input, when it has one. */
  example: unknown;
}

export interface AgentSkills {
  /** The skills of an agent type, in the spec's order (empty for an unknown agent). */
  skillsOf(agentId: string): readonly AgentSkillInfo[];
}

export interface TaskRunRequest {
  tenantId: string;
  /** The id the runtime knows the instance by (InstanceRecord.runtimeKey). */
  runtimeKey: string;
  skill: string;
  /** Complete and valid for the skill: it is used as given. */
  input: Record<string, unknown>;
  taskId: string;
  priority: number;
  source: string;
}

/** Where a task's run stands, as the workforce's ledger records it. */
export type TaskRunState =
  | { state: 'running'; startedAt: number; attempts: number }
  | {
      state: 'done';
      startedAt: number;
      finishedAt: number;
      deliverableId: string;
      pendingApproval: boolean;
      approvalId: string | null;
      summary: string;
      decisionId: string | null;
    }
  | { state: 'failed'; startedAt: number; finishedAt: number; code: string; message: string }
  | {
      state: 'skipped';
      startedAt: number;
      finishedAt: number;
      reason: string;
      /** The refusal's code when a limit stopped it (`BUDGET_EXHAUSTED`), with its details. */
      code?: string;
      details?: Record<string, unknown>;
    };

export interface TaskRunner {
  /** Requests the run (at most once per task id however often it is requested). */
  request(run: TaskRunRequest): Promise<void>;
  /** The run's state; undefined until a worker claimed it. */
  state(tenantId: string, taskId: string): Promise<TaskRunState | undefined>;
  /**
   * Records that the task must never run (it was cancelled), so a request already on its way, or
   * delivered again, is skipped. False when a worker already ran it or runs it now.
   */
  cancel(task: {
    tenantId: string;
    taskId: string;
    runtimeKey: string;
    agentId: string;
    skill: string;
  }): Promise<boolean>;
}

/** Told by the workforce as task runs move, so the task rows follow. */
export interface TaskRunListener {
  /** A worker is about to run the task; false to skip it (the task was cancelled). */
  starting(tenantId: string, taskId: string): Promise<boolean>;
  /** The run finished (done, failed or skipped). */
  settled(tenantId: string, taskId: string): Promise<void>;
}

// The workforce seen from work orders (decision 0047): an agent's skills with their schemas and the
// spec's examples, a runner that requests a task on the bus under its task id and reads how its run
// went from the ledger, and the task rows kept in step as runs start and settle.
import type { AnySkill } from '../../skills/skill.js';
import type {
  AgentSkillInfo,
  AgentSkills,
  TaskRunListener,
  TaskRunner,
  TaskRunState,
} from '../../marketplace/work/agent-work-ports.js';
import type { WorkRecord } from './work-ledger.js';
import type { Workforce } from './workforce.js';

export function workforceAgentSkills(
  workforce: Workforce,
  skills: ReadonlyMap<string, AnySkill>,
): AgentSkills {
  const cache = new Map<string, readonly AgentSkillInfo[]>();
  return {
    skillsOf(agentId) {
      const cached = cache.get(agentId);
      if (cached) return cached;
      const plan = workforce.plans.get(agentId);
      const out: AgentSkillInfo[] = [];
      for (const id of plan?.skills ?? []) {
        const skill = skills.get(id);
        if (!skill) continue;
        out.push({
          id,
          title: skill.title,
          description: skill.description,
          inputSchema: skill.inputSchema,
          example: plan?.examples.get(id),
        });
      }
      cache.set(agentId, out);
      return out;
    },
  };
}

function stateOf(r: WorkRecord): TaskRunState {
  const finishedAt = r.finishedAt ?? r.claimedAt;
  switch (r.status) {
    case 'done':
      return r.result
        ? {
            state: 'done',
            startedAt: r.claimedAt,
            finishedAt,
            deliverableId: r.result.deliverableId,
            pendingApproval: r.result.status === 'pending_approval',
            approvalId: r.result.approvalId,
            summary: r.result.summary,
            decisionId: r.result.decisionId,
          }
        : {
            state: 'failed',
            startedAt: r.claimedAt,
            finishedAt,
            code: 'INTERNAL',
            message: 'the run left no result',
          };
    case 'failed':
      return {
        state: 'failed',
        startedAt: r.claimedAt,
        finishedAt,
        code: r.error?.code ?? 'INTERNAL',
        message: r.error?.message ?? 'the run failed',
      };
    case 'skipped':
      return {
        state: 'skipped',
        startedAt: r.claimedAt,
        finishedAt,
        reason: r.reason ?? 'skipped',
        ...(r.error ? { code: r.error.code, details: r.error.details } : {}),
      };
    default:
      // Running, or released after a transient failure (the bus delivers it again).
      return { state: 'running', startedAt: r.claimedAt, attempts: r.attempts };
  }
}

export function workforceTaskRunner(workforce: Workforce): TaskRunner {
  return {
    async request(run) {
      await workforce.requestTask({
        tenantId: run.tenantId,
        instanceId: run.runtimeKey,
        skillId: run.skill,
        input: run.input as never,
        taskId: run.taskId,
        priority: run.priority,
        source: run.source,
      });
    },
    async state(tenantId, taskId) {
      const record = await workforce.task(tenantId, taskId);
      return record ? stateOf(record) : undefined;
    },
    cancel: (t) =>
      workforce.cancelTask({
        tenantId: t.tenantId,
        taskId: t.taskId,
        instanceId: t.runtimeKey,
        agentId: t.agentId,
        skillId: t.skill,
        reason: 'cancelled by the customer before it started',
      }),
  };
}

/** Keeps the task rows in step with the workforce's runs. */
export function watchWorkOrderTasks(workforce: Workforce, listener: TaskRunListener): void {
  workforce.watchTasks({
    starting: (tenantId, taskId) => listener.starting(tenantId, taskId),
    settled: (tenantId, taskId) => listener.settled(tenantId, taskId),
  });
}

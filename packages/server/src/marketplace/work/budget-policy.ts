// Issue 13's budget policy for tasks: a task stopped because its trial's budget is spent never runs
// over it; it fails saying so in words, and an inbox item asks a human whether the agent may go on
// (approve: the task runs again, once the budget allows; reject: it stays stopped).
import type { Entity } from '../../store/entity-repository.js';
import type { TaskRecord } from '../../store/work-records.js';
import type { NewInboxItem } from './work-ports.js';

/** The inbox source whose answers re-run (approve) or leave stopped (reject) a task the budget stopped. */
export const TASK_BUDGET_SOURCE = 'task-budget';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** "Budget spent: 10 of 10 runs and $0.00 of $1.00 used …" from the refusal's details, when it has them. */
export function budgetSpentMessage(details: Record<string, unknown> | undefined): string {
  const runsUsed = num(details?.runsUsed);
  const runLimit = num(details?.runLimit);
  const costUsed = num(details?.costUsedUsd);
  const costLimit = num(details?.costLimitUsd);
  const parts: string[] = [];
  if (runsUsed !== undefined && runLimit !== undefined) parts.push(`${runsUsed} of ${runLimit} runs`);
  if (costUsed !== undefined && costLimit !== undefined)
    parts.push(`$${costUsed.toFixed(2)} of $${costLimit.toFixed(2)}`);
  const used = parts.length ? ` (${parts.join(' and ')} used)` : '';
  return `Budget spent${used}: the task was not run, so nothing was spent over the limit. A person has been asked in the inbox whether the agent may go on.`;
}

/** The inbox item asking a human about a task the spent budget stopped (one per task). */
export function budgetSpentItem(task: Entity<TaskRecord>, message: string): NewInboxItem {
  return {
    kind: 'escalation',
    reason: 'budget-exhausted',
    tenantId: task.tenantId,
    instanceId: task.data.instanceId,
    agentId: task.data.agentId,
    taskId: task.id,
    ...(task.data.jobId ? { jobId: task.data.jobId } : {}),
    title: `Budget spent: may the agent run "${task.data.skill}"?`,
    body: `${message}\n\nApprove to run the task again once the budget allows (extend the trial or hire the agent); reject to leave it stopped.`,
    actions: ['approve', 'reject'],
    source: { kind: TASK_BUDGET_SOURCE, ref: task.id },
  };
}

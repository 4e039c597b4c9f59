// The inbox source of workflow-engine user tasks: the engine publishes `workflow.<definition>.
// human_task.created` when it opens one, which opens an inbox item; the answer completes the user task
// with `data` as its variables. A user task completed elsewhere (the workflow routes) is withdrawn here.
import type { Bus, Subscription } from '../../../bus/bus.js';
import type { JsonValue } from '../../../errors.js';
import type { Engine } from '../../../engine/engine.js';
import type { Store } from '../../../store/store.js';
import type { InboxPoster } from '../../work/work-ports.js';
import type { InboxAnswer, InboxSource } from '../inbox-service.js';

export const USER_TASK_SOURCE = 'user-task';

export type UserTaskEngine = Pick<Engine, 'getUserTask' | 'getInstance' | 'completeUserTask'>;

type FormField = { name: string; type: string };

const text = (v: JsonValue | undefined): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : undefined;

/**
 * The task's variables from an answer: the form's `approved` (boolean) and `comment` fields are filled
 * from the decision and the comment unless `data` gives them; `decision` is always set.
 */
export function userTaskVariables(form: JsonValue, answer: InboxAnswer): Record<string, JsonValue> {
  const fields = ((form as { fields?: FormField[] } | null)?.fields ?? []).filter(
    (f): f is FormField => typeof f?.name === 'string',
  );
  const has = (name: string, type: string) => fields.some((f) => f.name === name && f.type === type);
  return {
    decision: answer.decision,
    ...(has('approved', 'boolean') ? { approved: answer.decision === 'approve' } : {}),
    ...(has('comment', 'string') && answer.comment !== null ? { comment: answer.comment } : {}),
    ...((answer.data ?? {}) as Record<string, JsonValue>),
  };
}

export function userTaskInboxSource(engine: UserTaskEngine): InboxSource {
  return {
    async answer(item, answer) {
      const task = await engine.getUserTask(item.data.sourceRef);
      await engine.completeUserTask(
        item.data.sourceRef,
        userTaskVariables(task?.form ?? null, answer),
        `user:${answer.by}`,
      );
    },
  };
}

/**
 * Whose work a workflow instance is, from its variables: `tenantId` / `tenant_id`, else the tenant of
 * its `hire_id` or `trial_id`; null (operators only) when none says.
 */
async function tenantOf(store: Store, vars: Record<string, JsonValue>): Promise<string | null> {
  const direct = text(vars.tenantId) ?? text(vars.tenant_id);
  if (direct) return direct;
  const hireId = text(vars.hire_id);
  if (hireId) return (await store.hires.get(hireId))?.tenantId ?? null;
  const trialId = text(vars.trial_id);
  if (trialId) return (await store.trials.get(trialId))?.tenantId ?? null;
  return null;
}

/** Opens the inbox item of an open user task (idempotent: the source ref is the user task id). */
export async function openUserTaskItem(
  deps: { engine: UserTaskEngine; inbox: InboxPoster; store: Store },
  taskId: string,
): Promise<{ itemId: string } | undefined> {
  const task = await deps.engine.getUserTask(taskId);
  if (!task || task.status !== 'open') return undefined;
  const vars = (await deps.engine.getInstance(task.instanceId)).variables;
  const instanceId = text(vars.instance_id) ?? text(vars.instanceId);
  const agentId = text(vars.agent_id) ?? text(vars.agent_type);
  const jobId = text(vars.job_id) ?? text(vars.jobId);
  return deps.inbox.open({
    kind: 'user-task',
    reason: 'workflow-approval',
    tenantId: await tenantOf(deps.store, vars),
    ...(instanceId ? { instanceId } : {}),
    ...(agentId ? { agentId } : {}),
    ...(jobId ? { jobId } : {}),
    title: task.title,
    body: task.body ?? `The workflow ${task.definitionId} waits for your decision at "${task.title}".`,
    actions: ['approve', 'reject', 'modify'],
    source: { kind: USER_TASK_SOURCE, ref: task.taskId },
    ...(task.dueAt === null ? {} : { dueAt: task.dueAt }),
  });
}

/**
 * Follows the engine's user tasks on the bus (consumer group `inbox-user-tasks`, so each is opened
 * once however many processes run): opened ones become items, ones completed elsewhere are withdrawn.
 */
export async function followUserTasks(deps: {
  bus: Bus;
  engine: UserTaskEngine;
  inbox: InboxPoster;
  store: Store;
}): Promise<Subscription[]> {
  const opened = await deps.bus.subscribe({
    pattern: 'workflow.*.human_task.created',
    group: 'inbox-user-tasks',
    handler: async ({ message }) => {
      const taskId = text((message.payload as Record<string, JsonValue>).taskId);
      if (taskId) await openUserTaskItem(deps, taskId);
    },
  });
  const completed = await deps.bus.subscribe({
    pattern: 'workflow.*.task.completed',
    group: 'inbox-user-tasks-done',
    handler: async ({ message }) => {
      const taskId = text((message.payload as Record<string, JsonValue>).taskId);
      if (taskId) await deps.inbox.withdraw({ kind: USER_TASK_SOURCE, ref: taskId });
    },
  });
  return [opened, completed];
}

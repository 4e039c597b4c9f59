// Pure translation of one step's history events into what must be written with them (timer jobs,
// subscriptions, inbox rows, the instance summary, the parent's notification) and into the bus events
// the engine publishes. Keeping it pure keeps the runner small and this mapping unit-testable.
import { PlatformError, type JsonValue, type SerializedError } from '../errors.js';
import type { PublishInput } from '../bus/bus.js';
import type { InstanceWrite, Job, UserTaskWrite } from './engine-store.js';
import type { HistoryEvent } from './history-events.js';
import {
  escalateUserTask,
  openedUserTask,
  type InstanceState,
  type UserTaskState,
} from './instance-state.js';

export interface InstanceSummary {
  state: InstanceState['status'];
  runnable: boolean;
  version: number;
  error: SerializedError | null;
  endedAt: number | null;
}

/** True while the instance has activities the engine should execute now. */
export function hasRunnableWork(state: InstanceState): boolean {
  if (state.suspended || state.isTerminal) return false;
  for (const a of state.activities.values()) if (a.status === 'scheduled') return true;
  return false;
}

export function summaryOf(state: InstanceState): InstanceSummary {
  const incident = state.incidents.values().next().value;
  return {
    state: state.status,
    runnable: hasRunnableWork(state),
    version: state.version,
    error: incident?.error ?? (state.terminal === 'failed' ? (state.error ?? null) : null),
    endedAt: state.endedAt ?? null,
  };
}

export function summaryKey(s: InstanceSummary): string {
  return `${s.state}|${s.runnable ? 1 : 0}|${s.version}|${s.error?.message ?? ''}|${s.endedAt ?? ''}`;
}

export const timerJobId = (instanceId: string, timerId: string): string => `${instanceId}:${timerId}`;

/** The input job telling a parent that its call-activity child ended. */
export function parentNotification(state: InstanceState, now: number): Job | undefined {
  const parent = state.parent;
  if (!parent || !state.terminal || state.terminal === 'cancelled') return undefined;
  const payload: JsonValue =
    state.terminal === 'completed'
      ? { kind: 'childCompleted', childInstanceId: state.instanceId, variables: state.variables }
      : ({
          kind: 'childFailed',
          childInstanceId: state.instanceId,
          error:
            (state.terminal === 'failed' ? state.error : state.compensation?.reason) ??
            new PlatformError('INCIDENT', `Child ${state.instanceId} ended ${state.terminal}`).toJSON(),
        } as unknown as JsonValue);
  return {
    jobId: `child:${state.instanceId}`,
    instanceId: parent.instanceId,
    kind: 'input',
    dueAt: now,
    payload,
  };
}

function taskRow(
  state: InstanceState,
  t: UserTaskState,
  status: UserTaskWrite['status'],
  extra: Partial<UserTaskWrite> = {},
): UserTaskWrite {
  return {
    taskId: t.taskId,
    instanceId: state.instanceId,
    definitionId: state.definitionId,
    elementId: t.elementId,
    title: t.title,
    body: t.body ?? null,
    assignee: t.assignee ?? null,
    role: t.role ?? null,
    status,
    form: t.form ?? null,
    escalated: t.escalated,
    createdAt: t.createdAt,
    dueAt: t.dueAt ?? null,
    ...extra,
  };
}

/**
 * Builds the write for one step. `tasksBefore` are the user tasks open before the step (the step's
 * events have already been applied to `state`, so closed tasks are no longer in it).
 */
export function stepWrite(
  state: InstanceState,
  events: HistoryEvent[],
  options: { now: number; tasksBefore: ReadonlyMap<string, UserTaskState>; appliedJobs: string[] },
): InstanceWrite {
  const id = state.instanceId;
  const write: InstanceWrite = {
    instanceId: id,
    events,
    seq: state.seq,
    addJobs: [],
    deleteJobs: [...options.appliedJobs],
    addSubscriptions: [],
    deleteSubscriptions: [],
    userTasks: [],
  };
  const tasks = new Map(options.tasksBefore);
  for (const e of events) {
    switch (e.type) {
      case 'timer.scheduled':
        write.addJobs.push({
          jobId: timerJobId(id, e.timerId),
          instanceId: id,
          kind: 'timer',
          dueAt: e.dueAt,
          payload: { timerId: e.timerId },
        });
        break;
      case 'timer.fired':
      case 'timer.cancelled':
        write.deleteJobs.push(timerJobId(id, e.timerId));
        break;
      case 'activity.external': {
        const a = state.activities.get(e.activityId);
        if (a)
          (write.externalJobs ??= []).push({
            jobKey: e.jobKey,
            type: a.taskType,
            instanceId: id,
            activityId: a.activityId,
            elementId: a.elementId,
            definitionId: state.definitionId,
            variables: a.input ?? { ...state.variables },
            retries: e.retries,
            state: 'open',
            worker: null,
            lockUntil: null,
            dueAt: e.at,
            errorMessage: null,
            createdAt: e.at,
            settledAt: null,
          });
        break;
      }
      case 'activity.cancelled':
        (write.cancelExternalJobs ??= []).push(e.activityId);
        break;
      case 'signal.thrown':
        (write.signals ??= []).push({ signalId: e.signalId, name: e.name, payload: e.payload });
        break;
      case 'message.subscribed':
        write.addSubscriptions.push({
          instanceId: id,
          subscriptionId: e.subscriptionId,
          name: e.name,
          correlationKey: e.correlationKey,
          createdAt: e.at,
        });
        break;
      case 'message.received':
      case 'message.unsubscribed':
        write.deleteSubscriptions.push(e.subscriptionId);
        break;
      case 'usertask.created': {
        // The state has the task unless a later event of this step closed it already.
        const t = state.userTasks.get(e.taskId) ?? openedUserTask(e);
        tasks.set(e.taskId, t);
        write.userTasks.push(taskRow(state, t, 'open'));
        break;
      }
      case 'usertask.escalated': {
        const t = state.userTasks.get(e.taskId) ?? tasks.get(e.taskId);
        if (t) {
          const escalated = { ...t };
          escalateUserTask(escalated, e);
          write.userTasks.push(taskRow(state, escalated, 'open'));
        }
        break;
      }
      case 'usertask.completed': {
        const t = tasks.get(e.taskId);
        if (t)
          write.userTasks.push(
            taskRow(state, t, 'completed', { completedAt: e.at, completedBy: e.actor, data: e.data }),
          );
        break;
      }
      case 'usertask.expired':
      case 'usertask.cancelled': {
        const t = tasks.get(e.taskId);
        if (t)
          write.userTasks.push(
            taskRow(state, t, e.type === 'usertask.expired' ? 'expired' : 'cancelled', { completedAt: e.at }),
          );
        break;
      }
      default:
        break;
    }
  }
  const notify = parentNotification(state, options.now);
  if (
    notify &&
    events.some(
      (e) =>
        e.type === 'instance.completed' || e.type === 'instance.failed' || e.type === 'instance.compensated',
    )
  )
    write.addJobs.push(notify);
  return write;
}

/** Bus events for a step: `workflow.<definitionId>.<event>`. Task-level ones only when `tasks` is set. */
export function busEvents(state: InstanceState, events: HistoryEvent[], tasks: boolean): PublishInput[] {
  const out: PublishInput[] = [];
  const base = {
    instanceId: state.instanceId,
    definitionId: state.definitionId,
    version: state.version,
    businessKey: state.businessKey,
  };
  const push = (event: string, extra: Record<string, JsonValue | undefined>, priority?: 4): void => {
    const payload: Record<string, JsonValue> = { ...base };
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) payload[k] = v;
    out.push({
      topic: `workflow.${state.definitionId}.${event}`,
      payload,
      from: 'engine',
      ...(priority ? { priority } : {}),
    });
  };
  for (const e of events) {
    switch (e.type) {
      case 'instance.started':
        push('started', { at: e.at, parentInstanceId: e.parent?.instanceId });
        break;
      case 'activity.scheduled':
        if (tasks && !e.compensationOf && e.attempt === 1)
          push('task.assigned', {
            elementId: e.elementId,
            taskType: e.taskType,
            activityId: e.activityId,
            at: e.at,
          });
        break;
      case 'activity.completed':
        if (tasks) push('task.completed', { activityId: e.activityId, at: e.at });
        break;
      case 'usertask.created':
        push('human_task.created', {
          taskId: e.taskId,
          elementId: e.elementId,
          title: e.title,
          assignee: e.assignee,
          role: e.role,
          dueAt: e.dueAt,
          at: e.at,
        });
        if (e.assignee || e.role)
          push('task.assigned', {
            taskId: e.taskId,
            elementId: e.elementId,
            assignee: e.assignee,
            role: e.role,
            at: e.at,
          });
        break;
      case 'usertask.escalated':
        push(
          'task.assigned',
          { taskId: e.taskId, assignee: e.assignee, role: e.role, escalated: true, at: e.at },
          4,
        );
        break;
      case 'usertask.completed':
        push('task.completed', { taskId: e.taskId, actor: e.actor, at: e.at });
        break;
      case 'compensation.started':
        push('compensating', { reason: e.reason.message, at: e.at }, 4);
        break;
      case 'incident.raised':
        push(
          'failed',
          {
            incidentId: e.incidentId,
            elementId: e.elementId,
            error: e.error as unknown as JsonValue,
            incident: true,
            at: e.at,
          },
          4,
        );
        break;
      case 'instance.completed':
        push('completed', { at: e.at });
        break;
      case 'instance.failed':
        push('failed', { error: e.error as unknown as JsonValue, incident: false, at: e.at }, 4);
        break;
      case 'instance.compensated':
        push('compensated', { at: e.at });
        break;
      case 'instance.cancelled':
        push('cancelled', { actor: e.actor, reason: e.reason, at: e.at });
        break;
      default:
        break;
    }
  }
  return out;
}

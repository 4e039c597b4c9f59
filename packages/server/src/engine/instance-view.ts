// The view of an instance returned to callers (HTTP, CLI, console): its status, variables, where its
// tokens are and what it waits for, built from the in-memory state (and the stored row for the parent
// link of an instance whose history does not carry it).
import type { JsonValue } from '../errors.js';
import type { InstanceRecord } from './engine-store.js';
import type { InstanceView } from './engine-types.js';
import type { InstanceState } from './instance-state.js';
import { summaryOf } from './step-effects.js';

function cloneJson<T extends JsonValue>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export function instanceView(state: InstanceState, rec: InstanceRecord | null): InstanceView {
  const summary = summaryOf(state);
  return {
    instanceId: state.instanceId,
    definitionId: state.definitionId,
    version: state.version,
    businessKey: state.businessKey,
    status: state.status,
    compensating: state.compensation !== undefined && !state.isTerminal,
    parentInstanceId: state.parent?.instanceId ?? rec?.parentInstanceId ?? null,
    startedAt: state.startedAt,
    startedBy: state.startedBy,
    endedAt: state.endedAt ?? null,
    error: summary.error,
    variables: cloneJson(state.variables),
    activeElements: state.activeElements(),
    incidents: [...state.incidents.values()].map((i) => ({
      incidentId: i.incidentId,
      elementId: i.elementId,
      error: i.error,
      at: i.at,
      ...(i.activityId ? { activityId: i.activityId } : {}),
    })),
    activities: [...state.activities.values()].map((a) => ({
      activityId: a.activityId,
      elementId: a.elementId,
      taskType: a.taskType,
      attempt: a.attempt,
      status: a.status,
      ...(a.lastError ? { lastError: a.lastError } : {}),
    })),
    userTasks: [...state.userTasks.values()].map((u) => ({
      taskId: u.taskId,
      elementId: u.elementId,
      title: u.title,
      escalated: u.escalated,
      ...(u.assignee ? { assignee: u.assignee } : {}),
      ...(u.role ? { role: u.role } : {}),
      ...(u.dueAt === undefined ? {} : { dueAt: u.dueAt }),
    })),
    timers: [...state.timers.values()].map((t) => ({
      timerId: t.timerId,
      elementId: t.elementId,
      purpose: t.purpose,
      dueAt: t.dueAt,
    })),
    subscriptions: [...state.subscriptions.values()].map((s) => ({
      subscriptionId: s.subscriptionId,
      name: s.name,
      correlationKey: s.correlationKey,
      elementId: s.elementId,
    })),
    children: [...state.children.keys()],
    historyLength: state.seq,
  };
}

// The durable state of one domain coordinator and its pure transitions: submit (queue, then place
// what fits), finish, cancel. Placement always drains the queue highest priority first, FIFO within
// a priority, so a task only waits while every agent that could take it is at capacity.
import { PlatformError, type JsonValue } from '../../errors.js';
import type { Priority } from '../../bus/bus.js';
import { chooseInstance, type RosterInstance } from './routing-rules.js';

/** A task as submitted to a coordinator. */
export interface CoordinatorTask {
  taskId: string;
  skill: string;
  /** Restricts routing to this agent's instances (reactions that name their agent use it). */
  agentId: string | null;
  tenantId: string | null;
  priority: Priority;
  input: JsonValue;
  /** Where it came from, e.g. `api` or `bus:lead.qualified`. */
  source: string;
  submittedAt: number;
}

export interface QueuedTask extends CoordinatorTask {
  /** Submission order, for FIFO within a priority. */
  seq: number;
}

export interface Assignment extends Omit<CoordinatorTask, 'agentId'> {
  coordinator: string;
  agentId: string;
  instanceId: string;
  assignedAt: number;
  /** Time spent queued for capacity. */
  waitedMs: number;
}

export interface CompletedTask {
  taskId: string;
  agentId: string;
  instanceId: string;
  status: 'succeeded' | 'failed' | 'cancelled';
  at: number;
}

export interface CoordinatorCounters {
  submitted: number;
  routed: number;
  /** Tasks that had to wait for capacity. */
  queued: number;
  succeeded: number;
  failed: number;
  cancelled: number;
}

export interface InstanceCounters {
  routed: number;
  succeeded: number;
  failed: number;
}

export interface CoordinatorStateData {
  coordinator: string;
  domain: string;
  inFlight: Assignment[];
  /** Sorted: priority descending, then `seq` ascending. */
  queue: QueuedTask[];
  nextSeq: number;
  lastRouted: { taskId: string; agentId: string; instanceId: string; at: number } | null;
  counters: CoordinatorCounters;
  perInstance: Record<string, InstanceCounters>;
  /** The most recent finished tasks (bounded), so a redelivered task is recognised, not re-run. */
  recent: CompletedTask[];
}

export type TaskLocation =
  | { status: 'assigned'; assignment: Assignment }
  | { status: 'queued'; task: QueuedTask; position: number }
  | { status: 'finished'; finished: CompletedTask };

export const RECENT_LIMIT = 200;

export function emptyCoordinatorState(coordinator: string, domain: string): CoordinatorStateData {
  return {
    coordinator,
    domain,
    inFlight: [],
    queue: [],
    nextSeq: 1,
    lastRouted: null,
    counters: { submitted: 0, routed: 0, queued: 0, succeeded: 0, failed: 0, cancelled: 0 },
    perInstance: {},
    recent: [],
  };
}

/** Where a task is: in flight, queued (with its 1-based position), recently finished, or unknown. */
export function locateTask(state: CoordinatorStateData, taskId: string): TaskLocation | undefined {
  const assignment = state.inFlight.find((a) => a.taskId === taskId);
  if (assignment) return { status: 'assigned', assignment };
  const index = state.queue.findIndex((q) => q.taskId === taskId);
  if (index >= 0) return { status: 'queued', task: state.queue[index]!, position: index + 1 };
  const finished = state.recent.find((r) => r.taskId === taskId);
  return finished ? { status: 'finished', finished } : undefined;
}

/** Tasks in flight per instance. */
export function loadByInstance(state: CoordinatorStateData): Map<string, number> {
  const load = new Map<string, number>();
  for (const a of state.inFlight) load.set(a.instanceId, (load.get(a.instanceId) ?? 0) + 1);
  return load;
}

function byQueueOrder(a: QueuedTask, b: QueuedTask): number {
  return b.priority - a.priority || a.seq - b.seq;
}

/**
 * Places every queued task that now fits, in queue order, and returns the new assignments. A task
 * that does not fit is skipped (its agents are busy) while later tasks for other agents proceed.
 */
export function drainQueue(
  state: CoordinatorStateData,
  roster: readonly RosterInstance[],
  trust: ReadonlyMap<string, number>,
  now: number,
): Assignment[] {
  const load = loadByInstance(state);
  const assigned: Assignment[] = [];
  const waiting: QueuedTask[] = [];
  for (const task of state.queue) {
    const chosen = chooseInstance(task, roster, load, trust);
    if (!chosen) {
      waiting.push(task);
      continue;
    }
    load.set(chosen.instanceId, (load.get(chosen.instanceId) ?? 0) + 1);
    const { seq: _seq, agentId: _pinned, ...rest } = task;
    const assignment: Assignment = {
      ...rest,
      coordinator: state.coordinator,
      agentId: chosen.agentId,
      instanceId: chosen.instanceId,
      assignedAt: now,
      waitedMs: now - task.submittedAt,
    };
    state.inFlight.push(assignment);
    state.counters.routed += 1;
    const counters = (state.perInstance[chosen.instanceId] ??= { routed: 0, succeeded: 0, failed: 0 });
    counters.routed += 1;
    state.lastRouted = {
      taskId: task.taskId,
      agentId: chosen.agentId,
      instanceId: chosen.instanceId,
      at: now,
    };
    assigned.push(assignment);
  }
  state.queue = waiting;
  return assigned;
}

/** Adds `task` to the queue and places what fits; returns where the task ended up and every new assignment. */
export function submitTask(
  state: CoordinatorStateData,
  task: CoordinatorTask,
  roster: readonly RosterInstance[],
  trust: ReadonlyMap<string, number>,
  now: number,
): { location: TaskLocation; assigned: Assignment[] } {
  state.counters.submitted += 1;
  state.queue.push({ ...task, seq: state.nextSeq++ });
  state.queue.sort(byQueueOrder);
  const assigned = drainQueue(state, roster, trust, now);
  const location = locateTask(state, task.taskId)!;
  if (location.status === 'queued') state.counters.queued += 1;
  return { location, assigned };
}

function remember(state: CoordinatorStateData, finished: CompletedTask): void {
  state.recent.unshift(finished);
  if (state.recent.length > RECENT_LIMIT) state.recent.length = RECENT_LIMIT;
}

/**
 * Ends an in-flight task and frees its slot. NOT_FOUND for an unknown task; CONFLICT when it is still
 * queued or already finished (with `details.status`).
 */
export function finishTask(
  state: CoordinatorStateData,
  taskId: string,
  success: boolean,
  now: number,
): Assignment {
  const location = locateTask(state, taskId);
  if (!location)
    throw new PlatformError('NOT_FOUND', `No task ${taskId} at coordinator ${state.coordinator}`, {
      details: { taskId, coordinator: state.coordinator },
    });
  if (location.status === 'queued') {
    throw new PlatformError(
      'CONFLICT',
      `Task ${taskId} is still queued: it has no agent to complete it yet`,
      { details: { taskId, status: 'queued' } },
    );
  }
  if (location.status === 'finished') {
    throw new PlatformError(
      'CONFLICT',
      `Task ${taskId} has already ${location.finished.status === 'cancelled' ? 'been cancelled' : 'completed'}`,
      {
        details: { taskId, status: location.finished.status },
      },
    );
  }
  const a = location.assignment;
  state.inFlight = state.inFlight.filter((x) => x.taskId !== taskId);
  const counters = (state.perInstance[a.instanceId] ??= { routed: 0, succeeded: 0, failed: 0 });
  if (success) {
    state.counters.succeeded += 1;
    counters.succeeded += 1;
  } else {
    state.counters.failed += 1;
    counters.failed += 1;
  }
  remember(state, {
    taskId,
    agentId: a.agentId,
    instanceId: a.instanceId,
    status: success ? 'succeeded' : 'failed',
    at: now,
  });
  return a;
}

/** Withdraws a queued or in-flight task without judging the agent. NOT_FOUND / CONFLICT as `finishTask`. */
export function cancelTask(state: CoordinatorStateData, taskId: string, now: number): TaskLocation {
  const location = locateTask(state, taskId);
  if (!location)
    throw new PlatformError('NOT_FOUND', `No task ${taskId} at coordinator ${state.coordinator}`, {
      details: { taskId, coordinator: state.coordinator },
    });
  if (location.status === 'finished') {
    throw new PlatformError('CONFLICT', `Task ${taskId} has already finished (${location.finished.status})`, {
      details: { taskId, status: location.finished.status },
    });
  }
  if (location.status === 'queued') state.queue = state.queue.filter((q) => q.taskId !== taskId);
  else state.inFlight = state.inFlight.filter((a) => a.taskId !== taskId);
  state.counters.cancelled += 1;
  const agentId =
    location.status === 'assigned' ? location.assignment.agentId : (location.task.agentId ?? '');
  const instanceId = location.status === 'assigned' ? location.assignment.instanceId : '';
  remember(state, { taskId, agentId, instanceId, status: 'cancelled', at: now });
  return location;
}

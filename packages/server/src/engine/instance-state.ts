// Instance state as a left fold of its history. `applyEvent` is the only code that changes state; the
// interpreter emits events and applies them through it, so a replay rebuilds exactly the same state.
import type { JsonValue, SerializedError } from '../errors.js';
import type {
  ConditionPurpose,
  HistoryEvent,
  ParentLink,
  SubscriptionPurpose,
  TimerPurpose,
} from './history-events.js';
import { PlatformError } from '../errors.js';

export const ROOT_SCOPE = 'root';

/** Lifecycle states of an instance, as shown to operators. */
export type InstanceStatus =
  'active' | 'waiting' | 'suspended' | 'completed' | 'failed' | 'cancelled' | 'compensated';
export type TerminalStatus = 'completed' | 'failed' | 'cancelled' | 'compensated';

export interface Token {
  id: string;
  elementId: string;
  scopeId: string;
}

export interface ScopeState {
  id: string;
  /** The sub-process element. */
  elementId: string;
  hostTokenId: string;
  parentScopeId: string;
}

export interface ActivityState {
  activityId: string;
  tokenId?: string;
  elementId: string;
  scopeId: string;
  taskType: string;
  input: Record<string, JsonValue> | null;
  attempt: number;
  /**
   * `scheduled`: to be executed by a worker; `external`: handed to job workers over HTTP (job `jobKey`);
   * `retrying`: waiting for its retry timer; `failed`: has an incident.
   */
  status: 'scheduled' | 'external' | 'retrying' | 'failed';
  jobKey?: string;
  compensable: boolean;
  compensationOf?: string;
  lastError?: SerializedError;
}

export interface TimerState {
  timerId: string;
  elementId: string;
  purpose: TimerPurpose;
  dueAt: number;
  tokenId?: string;
  gatewayId?: string;
  activityId?: string;
  taskId?: string;
  iteration: number;
}

export interface SubscriptionState {
  subscriptionId: string;
  name: string;
  correlationKey: string | null;
  elementId: string;
  tokenId: string;
  purpose: SubscriptionPurpose;
  gatewayId?: string;
}

export interface ConditionState {
  conditionId: string;
  elementId: string;
  tokenId: string;
  purpose: ConditionPurpose;
  /** A non-interrupting boundary whose condition held when it last fired (it fires again after a reset). */
  met: boolean;
}

export interface UserTaskState {
  taskId: string;
  tokenId: string;
  elementId: string;
  scopeId: string;
  title: string;
  body?: string;
  assignee?: string;
  role?: string;
  form?: JsonValue;
  dueAt?: number;
  createdAt: number;
  escalated: boolean;
}

export interface ChildState {
  childInstanceId: string;
  tokenId: string;
  elementId: string;
  definitionId: string;
  version?: number;
  variables: Record<string, JsonValue>;
}

export interface IncidentState {
  incidentId: string;
  elementId: string;
  tokenId?: string;
  activityId?: string;
  error: SerializedError;
  at: number;
}

export interface CompensableEntry {
  activityId: string;
  elementId: string;
  input: Record<string, JsonValue> | null;
  result: JsonValue;
}

export interface CompensationState {
  reason: SerializedError;
  /** Activity ids still to undo, next first. */
  queue: string[];
  /** The compensation handler activity running now. */
  current?: string | undefined;
  failed: string[];
  /** Set for a cancelled transaction or a compensation throw event: where the instance goes on afterwards. */
  resumeAt?: { tokenId: string; elementId: string };
  /** A transaction's undone entries (taken out of `compensable`: each is undone once). */
  entries?: CompensableEntry[];
}

export interface VariableMeta {
  version: number;
  updatedAt: number;
  updatedBy: string;
}

export class InstanceState {
  seq = 0;
  definitionId = '';
  version = 0;
  businessKey: string | null = null;
  parent: ParentLink | undefined;
  startedAt = 0;
  startedBy = '';
  endedAt: number | undefined;
  terminal: TerminalStatus | undefined;
  error: SerializedError | undefined;
  suspended = false;
  variables: Record<string, JsonValue> = {};
  variableMeta: Record<string, VariableMeta> = {};
  readonly tokens = new Map<string, Token>();
  readonly scopes = new Map<string, ScopeState>();
  readonly activities = new Map<string, ActivityState>();
  readonly timers = new Map<string, TimerState>();
  readonly subscriptions = new Map<string, SubscriptionState>();
  readonly userTasks = new Map<string, UserTaskState>();
  readonly children = new Map<string, ChildState>();
  readonly incidents = new Map<string, IncidentState>();
  readonly conditions = new Map<string, ConditionState>();
  /** Per `${scopeId}|${gatewayId}`: tokens waiting at a parallel join and the flow each came by. */
  /** Tokens waiting at joins; `reset`: came to a resetting complex gateway, consumed when it resets. */
  readonly joins = new Map<string, Array<{ tokenId: string; flowId: string; reset?: true }>>();
  /**
   * Complex gateways (`scope|gateway`) that fired and now reset: the incoming flows that brought a
   * token this cycle. A token on another flow is consumed at the reset; one on these waits for the next cycle.
   */
  readonly joinResets = new Map<string, Set<string>>();
  readonly compensable: CompensableEntry[] = [];
  compensation: CompensationState | undefined;

  constructor(readonly instanceId: string) {}

  /** The status an operator sees; `active` means the engine has work to run now. */
  get status(): InstanceStatus {
    if (this.terminal) return this.terminal;
    if (this.suspended) return 'suspended';
    if (this.incidents.size > 0) return 'failed';
    for (const a of this.activities.values()) if (a.status === 'scheduled') return 'active';
    return 'waiting';
  }

  get isTerminal(): boolean {
    return this.terminal !== undefined;
  }

  /** Elements where tokens currently are (for listings and diagrams). */
  activeElements(): string[] {
    return [...new Set([...this.tokens.values()].map((t) => t.elementId))];
  }

  tokensInScope(scopeId: string): Token[] {
    return [...this.tokens.values()].filter((t) => t.scopeId === scopeId);
  }
}

function must<T>(value: T | undefined, what: string, seq: number): T {
  if (value === undefined)
    throw new PlatformError('INTERNAL', `History is inconsistent at seq ${seq}: unknown ${what}`, {
      details: { seq, what },
    });
  return value;
}

function place(state: InstanceState, tokenId: string | undefined, elementId: string, scopeId?: string): void {
  if (!tokenId) return;
  const t = state.tokens.get(tokenId);
  if (t) {
    t.elementId = elementId;
    if (scopeId) t.scopeId = scopeId;
  } else {
    state.tokens.set(tokenId, { id: tokenId, elementId, scopeId: scopeId ?? ROOT_SCOPE });
  }
}

function removeToken(state: InstanceState, tokenId: string): void {
  state.tokens.delete(tokenId);
  for (const [key, waiting] of state.joins) {
    const rest = waiting.filter((w) => w.tokenId !== tokenId);
    if (rest.length === 0) state.joins.delete(key);
    else if (rest.length !== waiting.length) state.joins.set(key, rest);
  }
}

type HistoryEventOf<T extends HistoryEvent['type']> = Extract<HistoryEvent, { type: T }>;

/** A user task as opened by its `usertask.created` event (the one place user-task state is built). */
export function openedUserTask(e: HistoryEventOf<'usertask.created'>): UserTaskState {
  return {
    taskId: e.taskId,
    tokenId: e.tokenId,
    elementId: e.elementId,
    scopeId: e.scopeId,
    title: e.title,
    createdAt: e.at,
    escalated: false,
    ...(e.body === undefined ? {} : { body: e.body }),
    ...(e.assignee === undefined ? {} : { assignee: e.assignee }),
    ...(e.role === undefined ? {} : { role: e.role }),
    ...(e.form === undefined ? {} : { form: e.form }),
    ...(e.dueAt === undefined ? {} : { dueAt: e.dueAt }),
  };
}

/** Applies a `usertask.escalated` event to a task (mutating it): reassigned, and marked escalated. */
export function escalateUserTask(t: UserTaskState, e: HistoryEventOf<'usertask.escalated'>): void {
  t.escalated = true;
  if (e.assignee !== undefined) t.assignee = e.assignee;
  if (e.role !== undefined) t.role = e.role;
}

/** Applies one event to the state (mutating it). Throws INTERNAL when the history is inconsistent. */
export function applyEvent(state: InstanceState, e: HistoryEvent): void {
  if (e.seq !== state.seq + 1) {
    throw new PlatformError(
      'INTERNAL',
      `History of ${state.instanceId} is out of order: expected seq ${state.seq + 1}, got ${e.seq}`,
      {
        details: { instanceId: state.instanceId, expected: state.seq + 1, got: e.seq },
      },
    );
  }
  state.seq = e.seq;
  switch (e.type) {
    case 'instance.started':
      state.definitionId = e.definitionId;
      state.version = e.version;
      state.businessKey = e.businessKey;
      if (e.parent) state.parent = e.parent;
      state.startedAt = e.at;
      state.startedBy = e.actor;
      for (const [k, v] of Object.entries(e.variables)) {
        state.variables[k] = v;
        state.variableMeta[k] = { version: 1, updatedAt: e.at, updatedBy: e.actor };
      }
      state.tokens.set(e.tokenId, { id: e.tokenId, elementId: e.startElementId, scopeId: ROOT_SCOPE });
      return;
    case 'variables.set':
      for (const [k, v] of Object.entries(e.changes)) {
        state.variables[k] = v;
        const prev = state.variableMeta[k];
        state.variableMeta[k] = { version: (prev?.version ?? 0) + 1, updatedAt: e.at, updatedBy: e.actor };
      }
      return;
    case 'token.created':
      state.tokens.set(e.tokenId, { id: e.tokenId, elementId: e.elementId, scopeId: e.scopeId });
      return;
    case 'token.ended':
    case 'token.cancelled':
      removeToken(state, e.tokenId);
      return;
    case 'join.waiting': {
      place(state, e.tokenId, e.gatewayId, e.scopeId);
      const key = `${e.scopeId}|${e.gatewayId}`;
      const filled = state.joinResets.get(key);
      const reset = filled !== undefined && !filled.has(e.flowId);
      if (reset) filled.add(e.flowId);
      state.joins.set(key, [
        ...(state.joins.get(key) ?? []),
        { tokenId: e.tokenId, flowId: e.flowId, ...(reset ? { reset: true as const } : {}) },
      ]);
      return;
    }
    case 'join.reset':
      for (const id of e.consumed) removeToken(state, id);
      state.joinResets.delete(`${e.scopeId}|${e.gatewayId}`);
      return;
    case 'join.fired':
      if (e.awaitsReset) {
        const key = `${e.scopeId}|${e.gatewayId}`;
        const fired = new Set([e.tokenId, ...e.consumed]);
        const flows = (state.joins.get(key) ?? []).filter((w) => fired.has(w.tokenId)).map((w) => w.flowId);
        state.joinResets.set(key, new Set(flows));
      }
      for (const id of e.consumed) removeToken(state, id);
      removeToken(state, e.tokenId);
      state.tokens.set(e.tokenId, { id: e.tokenId, elementId: e.gatewayId, scopeId: e.scopeId });
      return;
    case 'activity.scheduled': {
      place(state, e.tokenId, e.elementId, e.scopeId);
      const prev = state.activities.get(e.activityId);
      state.activities.set(e.activityId, {
        activityId: e.activityId,
        ...(e.tokenId === undefined ? {} : { tokenId: e.tokenId }),
        elementId: e.elementId,
        scopeId: e.scopeId,
        taskType: e.taskType,
        input: e.input,
        attempt: e.attempt,
        status: 'scheduled',
        compensable: e.compensable === true,
        ...(e.compensationOf === undefined ? {} : { compensationOf: e.compensationOf }),
        ...(prev?.lastError ? { lastError: prev.lastError } : {}),
      });
      if (e.compensationOf && state.compensation) state.compensation.current = e.activityId;
      return;
    }
    case 'activity.completed': {
      const a = must(state.activities.get(e.activityId), `activity ${e.activityId}`, e.seq);
      state.activities.delete(e.activityId);
      if (a.compensable && !a.compensationOf) {
        state.compensable.push({
          activityId: a.activityId,
          elementId: a.elementId,
          input: a.input,
          result: e.result,
        });
      }
      if (a.compensationOf && state.compensation) {
        state.compensation.current = undefined;
        state.compensation.queue = state.compensation.queue.filter((id) => id !== a.compensationOf);
      }
      return;
    }
    case 'activity.failed': {
      const a = must(state.activities.get(e.activityId), `activity ${e.activityId}`, e.seq);
      a.lastError = e.error;
      if (!e.final) {
        a.status = 'retrying';
        return;
      }
      if (a.compensationOf && state.compensation) {
        state.compensation.current = undefined;
        state.compensation.queue = state.compensation.queue.filter((id) => id !== a.compensationOf);
        state.compensation.failed.push(a.compensationOf);
        state.activities.delete(e.activityId);
        return;
      }
      // Kept (as failed) so that an incident on it can be retried with the same idempotency key.
      a.status = 'failed';
      return;
    }
    case 'activity.cancelled':
      state.activities.delete(e.activityId);
      return;
    case 'activity.external': {
      const a = must(state.activities.get(e.activityId), `activity ${e.activityId}`, e.seq);
      a.status = 'external';
      a.jobKey = e.jobKey;
      return;
    }
    case 'signal.thrown':
    case 'escalation.thrown':
      return;
    case 'condition.waiting':
      if (e.purpose === 'catch') place(state, e.tokenId, e.elementId);
      state.conditions.set(e.conditionId, {
        conditionId: e.conditionId,
        elementId: e.elementId,
        tokenId: e.tokenId,
        purpose: e.purpose,
        met: false,
      });
      return;
    case 'condition.fired': {
      const c = must(state.conditions.get(e.conditionId), `condition ${e.conditionId}`, e.seq);
      if (e.keep) c.met = true;
      else state.conditions.delete(e.conditionId);
      return;
    }
    case 'condition.reset': {
      const c = state.conditions.get(e.conditionId);
      if (c) c.met = false;
      return;
    }
    case 'condition.cancelled':
      state.conditions.delete(e.conditionId);
      return;
    case 'timer.scheduled':
      if (e.purpose === 'catch') place(state, e.tokenId, e.elementId);
      if (e.purpose === 'gateway' && e.gatewayId) place(state, e.tokenId, e.gatewayId);
      state.timers.set(e.timerId, {
        timerId: e.timerId,
        elementId: e.elementId,
        purpose: e.purpose,
        dueAt: e.dueAt,
        iteration: e.iteration ?? 0,
        ...(e.tokenId === undefined ? {} : { tokenId: e.tokenId }),
        ...(e.gatewayId === undefined ? {} : { gatewayId: e.gatewayId }),
        ...(e.activityId === undefined ? {} : { activityId: e.activityId }),
        ...(e.taskId === undefined ? {} : { taskId: e.taskId }),
      });
      if (e.purpose === 'retry' && e.activityId) {
        const a = state.activities.get(e.activityId);
        if (a) a.status = 'retrying';
      }
      return;
    case 'timer.fired':
    case 'timer.cancelled':
      state.timers.delete(e.timerId);
      return;
    case 'message.subscribed':
      if (e.purpose === 'catch') place(state, e.tokenId, e.elementId);
      if (e.purpose === 'gateway' && e.gatewayId) place(state, e.tokenId, e.gatewayId);
      state.subscriptions.set(e.subscriptionId, {
        subscriptionId: e.subscriptionId,
        name: e.name,
        correlationKey: e.correlationKey,
        elementId: e.elementId,
        tokenId: e.tokenId,
        purpose: e.purpose,
        ...(e.gatewayId === undefined ? {} : { gatewayId: e.gatewayId }),
      });
      return;
    case 'message.received':
    case 'message.unsubscribed':
      state.subscriptions.delete(e.subscriptionId);
      return;
    case 'usertask.created':
      place(state, e.tokenId, e.elementId, e.scopeId);
      state.userTasks.set(e.taskId, openedUserTask(e));
      return;
    case 'usertask.escalated':
      escalateUserTask(must(state.userTasks.get(e.taskId), `user task ${e.taskId}`, e.seq), e);
      return;
    case 'usertask.completed':
    case 'usertask.expired':
    case 'usertask.cancelled':
      state.userTasks.delete(e.taskId);
      return;
    case 'scope.entered':
      place(state, e.tokenId, e.elementId);
      state.scopes.set(e.scopeId, {
        id: e.scopeId,
        elementId: e.elementId,
        hostTokenId: e.tokenId,
        parentScopeId: e.parentScopeId,
      });
      return;
    case 'scope.completed':
    case 'scope.cancelled':
      state.scopes.delete(e.scopeId);
      return;
    case 'child.started':
      place(state, e.tokenId, e.elementId);
      state.children.set(e.childInstanceId, {
        childInstanceId: e.childInstanceId,
        tokenId: e.tokenId,
        elementId: e.elementId,
        definitionId: e.definitionId,
        variables: e.variables,
        ...(e.version === undefined ? {} : { version: e.version }),
      });
      return;
    case 'child.completed':
    case 'child.failed':
    case 'child.cancelled':
      state.children.delete(e.childInstanceId);
      return;
    case 'incident.raised':
      if (e.tokenId) place(state, e.tokenId, e.elementId);
      state.incidents.set(e.incidentId, {
        incidentId: e.incidentId,
        elementId: e.elementId,
        error: e.error,
        at: e.at,
        ...(e.tokenId === undefined ? {} : { tokenId: e.tokenId }),
        ...(e.activityId === undefined ? {} : { activityId: e.activityId }),
      });
      return;
    case 'incident.resolved':
      state.incidents.delete(e.incidentId);
      return;
    case 'compensation.started':
      state.compensation = { reason: e.reason, queue: [...e.queue], failed: [] };
      if (e.resumeAt) {
        const undone = new Set(e.queue);
        state.compensation.resumeAt = e.resumeAt;
        state.compensation.entries = state.compensable.filter((c) => undone.has(c.activityId));
        const kept = state.compensable.filter((c) => !undone.has(c.activityId));
        state.compensable.splice(0, state.compensable.length, ...kept);
      }
      return;
    case 'compensation.finished':
      // A transaction's compensation is over: the instance runs on.
      if (state.compensation?.resumeAt) state.compensation = undefined;
      return;
    case 'instance.suspended':
      state.suspended = true;
      return;
    case 'instance.resumed':
      state.suspended = false;
      return;
    case 'instance.migrated': {
      const map = (id: string): string => e.mapping[id] ?? id;
      state.version = e.toVersion;
      for (const t of state.tokens.values()) t.elementId = map(t.elementId);
      for (const s of state.scopes.values()) s.elementId = map(s.elementId);
      for (const a of state.activities.values()) a.elementId = map(a.elementId);
      for (const t of state.timers.values()) {
        t.elementId = map(t.elementId);
        if (t.gatewayId) t.gatewayId = map(t.gatewayId);
      }
      for (const s of state.subscriptions.values()) {
        s.elementId = map(s.elementId);
        if (s.gatewayId) s.gatewayId = map(s.gatewayId);
      }
      for (const u of state.userTasks.values()) u.elementId = map(u.elementId);
      for (const c of state.children.values()) c.elementId = map(c.elementId);
      for (const i of state.incidents.values()) i.elementId = map(i.elementId);
      for (const c of state.compensable) c.elementId = map(c.elementId);
      return;
    }
    case 'instance.completed':
      state.terminal = 'completed';
      state.endedAt = e.at;
      return;
    case 'instance.failed':
      state.terminal = 'failed';
      state.error = e.error;
      state.endedAt = e.at;
      return;
    case 'instance.cancelled':
      state.terminal = 'cancelled';
      state.endedAt = e.at;
      return;
    case 'instance.compensated':
      state.terminal = 'compensated';
      state.endedAt = e.at;
      return;
  }
}

/** Rebuilds the state of `instanceId` from its full history. */
export function replay(instanceId: string, history: Iterable<HistoryEvent>): InstanceState {
  const state = new InstanceState(instanceId);
  for (const e of history) applyEvent(state, e);
  return state;
}

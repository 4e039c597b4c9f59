// Tasks: script tasks run inline; service tasks schedule an activity for the runner (results, failures,
// retries with backoff, incidents); user tasks open an inbox item with an optional SLA that escalates
// or takes a timeout path, and their completion data becomes variables (through the task's output
// mapping, or all of it into the process scope without one — Camunda 7 and 8 alike).
import type { JsonValue, SerializedError } from '../../errors.js';
import { bpmnErrorCode } from '../bpmn-error.js';
import type { ActivityState, TimerState, Token } from '../instance-state.js';
import { addDuration, parseDuration } from '../model/duration.js';
import type { RetryPolicy, ScriptTaskElement, ServiceTaskElement, UserTaskElement } from '../model/types.js';
import { isJsonObject } from '../model/variables.js';
import { attachBoundaries } from './boundaries.js';
import { nextCompensation } from './compensation.js';
import { failAt } from './failures.js';
import { errorOf, type Arrival, type Step } from './step.js';

const DEFAULT_RETRY: Required<RetryPolicy> = {
  maxAttempts: 3,
  backoff: 'exponential',
  initialDelay: 'PT1S',
  maxDelay: 'PT1M',
  multiplier: 2,
};

/** Delay before attempt `failedAttempt + 1` under `policy`. */
export function retryDelayMs(policy: RetryPolicy | undefined, failedAttempt: number): number {
  const p = { ...DEFAULT_RETRY, ...policy };
  const initial = parseDuration(p.initialDelay).approximateMs;
  const cap = parseDuration(p.maxDelay).approximateMs;
  const raw =
    p.backoff === 'fixed'
      ? initial
      : p.backoff === 'linear'
        ? initial * failedAttempt
        : initial * p.multiplier ** (failedAttempt - 1);
  return Math.max(0, Math.min(cap, raw));
}

export function enterScriptTask(step: Step, a: Arrival, el: ScriptTaskElement): void {
  let changes: Record<string, JsonValue>;
  try {
    const r = step.def.script(el.script, el.language).run(step.scope());
    changes = { ...r.assignments };
    if (el.resultVariable) changes[el.resultVariable] = r.result ?? null;
  } catch (err) {
    step.incident(el.id, a.tokenId, errorOf(err));
    return;
  }
  step.setVariables(changes, 'system', el.id);
  step.leave(a.tokenId, el.id);
}

export function enterServiceTask(step: Step, a: Arrival, el: ServiceTaskElement): void {
  const { tokenId } = a;
  let input: Record<string, JsonValue> | null = null;
  try {
    if (el.input) input = step.evalMapping(el.input);
  } catch (err) {
    step.incident(el.id, tokenId, errorOf(err));
    return;
  }
  step.emit({
    type: 'activity.scheduled',
    activityId: step.nextId('a'),
    tokenId,
    elementId: el.id,
    scopeId: a.scopeId,
    taskType: el.taskType,
    input,
    attempt: 1,
    ...(el.compensation ? { compensable: true } : {}),
  });
  attachBoundaries(step, tokenId, el.id);
}

export function enterUserTask(step: Step, a: Arrival, el: UserTaskElement): void {
  const { tokenId } = a;
  const elementId = el.id;
  let fields: { title: string; body?: string; assignee?: string };
  try {
    const assignee =
      el.assignee === undefined
        ? undefined
        : /^(=|\$\{|#\{)/.test(el.assignee)
          ? step.def.expr(el.assignee).evaluate(step.scope())
          : el.assignee;
    fields = {
      title: step.template(el.title ?? el.name ?? elementId),
      ...(el.body === undefined ? {} : { body: step.template(el.body) }),
      ...(assignee === undefined || assignee === null ? {} : { assignee: String(assignee) }),
    };
  } catch (err) {
    step.incident(elementId, tokenId, errorOf(err));
    return;
  }
  const taskId = `${step.state.instanceId}:${step.nextId('u')}`;
  const dueAt = el.sla ? addDuration(step.ctx.now, el.sla.within) : undefined;
  step.emit({
    type: 'usertask.created',
    taskId,
    tokenId,
    elementId,
    scopeId: a.scopeId,
    ...fields,
    ...(el.role === undefined ? {} : { role: el.role }),
    ...(el.form === undefined ? {} : { form: el.form as unknown as JsonValue }),
    ...(dueAt === undefined ? {} : { dueAt }),
  });
  if (dueAt !== undefined) {
    step.emit({
      type: 'timer.scheduled',
      timerId: step.nextId('tm'),
      elementId,
      purpose: 'sla',
      dueAt,
      tokenId,
      taskId,
    });
  }
  attachBoundaries(step, tokenId, elementId);
}

/** Where an activity's result or failure is still awaited: run here, or by an external job worker. */
function awaited(a: ActivityState | undefined): a is ActivityState {
  return a !== undefined && (a.status === 'scheduled' || a.status === 'external');
}

/** No handler runs this task type here: the activity becomes a job for external workers (over HTTP). */
export function onActivityExternal(step: Step, activityId: string): void {
  const a = step.state.activities.get(activityId);
  if (!a || a.status !== 'scheduled') return;
  const el = step.def.hasElement(a.elementId) ? step.def.element(a.elementId).element : undefined;
  const maxAttempts =
    (el?.type === 'serviceTask' ? el.retry?.maxAttempts : undefined) ?? DEFAULT_RETRY.maxAttempts;
  step.emit({
    type: 'activity.external',
    activityId,
    jobKey: `${step.state.instanceId}:${activityId}:${step.state.seq + 1}`,
    retries: Math.max(1, maxAttempts - a.attempt + 1),
  });
}

export function onActivityCompleted(step: Step, activityId: string, result: JsonValue): void {
  const a = step.state.activities.get(activityId);
  if (!awaited(a)) return;
  step.emit({ type: 'activity.completed', activityId, result });
  if (a.compensationOf) {
    nextCompensation(step);
    return;
  }
  const el = step.def.element(a.elementId).element;
  const token = a.tokenId ? step.state.tokens.get(a.tokenId) : undefined;
  if (!token) return;
  try {
    const mapping = el.type === 'serviceTask' ? el.output : undefined;
    let changes: Record<string, JsonValue> = {};
    // As in Zeebe, output mappings read the task's local scope: the input mappings' values, overlaid by
    // the job's result variables, over the process variables.
    const local = { ...(a.input ?? {}), result, ...(isJsonObject(result) ? result : {}) };
    if (mapping) changes = step.evalMapping(mapping, local);
    else if (isJsonObject(result)) changes = result;
    else if (result !== null && result !== undefined) changes = { [`${a.elementId}_result`]: result };
    step.setVariables(changes, `task:${a.taskType}`, a.elementId);
  } catch (err) {
    step.incident(a.elementId, token.id, errorOf(err));
    return;
  }
  step.detachBoundaries(token.id);
  step.leave(token.id, a.elementId);
}

/** Retries a retryable failure under the task's policy; otherwise takes the error path. */
export function onActivityFailed(step: Step, activityId: string, error: SerializedError): void {
  const a = step.state.activities.get(activityId);
  if (!awaited(a)) return;
  const el = step.def.hasElement(a.elementId) ? step.def.element(a.elementId).element : undefined;
  const policy = el?.type === 'serviceTask' ? el.retry : undefined;
  const maxAttempts = policy?.maxAttempts ?? DEFAULT_RETRY.maxAttempts;
  const isBusiness = bpmnErrorCode(error) !== undefined;
  if (!isBusiness && error.retryable && a.attempt < maxAttempts) {
    const retryAt = step.ctx.now + retryDelayMs(policy, a.attempt);
    step.emit({ type: 'activity.failed', activityId, error, final: false, retryAt });
    step.emit({
      type: 'timer.scheduled',
      timerId: step.nextId('tm'),
      elementId: a.elementId,
      purpose: 'retry',
      dueAt: retryAt,
      activityId,
      ...(a.tokenId === undefined ? {} : { tokenId: a.tokenId }),
    });
    return;
  }
  step.emit({ type: 'activity.failed', activityId, error, final: true });
  if (a.compensationOf) {
    nextCompensation(step);
    return;
  }
  const token = a.tokenId ? step.state.tokens.get(a.tokenId) : undefined;
  if (!token) return;
  failAt(step, token, a.elementId, error, activityId);
}

/** A retry timer fell due: the activity is scheduled again with the next attempt number. */
export function retryTimerFired(step: Step, t: TimerState): void {
  const a = t.activityId ? step.state.activities.get(t.activityId) : undefined;
  if (!a || a.status !== 'retrying') return;
  scheduleAgain(step, a, a.attempt + 1);
}

/** Schedules an existing activity again (same id, so the same idempotency key) as attempt `attempt`. */
export function scheduleAgain(step: Step, a: ActivityState, attempt: number): void {
  step.emit({
    type: 'activity.scheduled',
    activityId: a.activityId,
    elementId: a.elementId,
    scopeId: a.scopeId,
    taskType: a.taskType,
    input: a.input,
    attempt,
    ...(a.tokenId === undefined ? {} : { tokenId: a.tokenId }),
    ...(a.compensable ? { compensable: true } : {}),
    ...(a.compensationOf === undefined ? {} : { compensationOf: a.compensationOf }),
  });
}

/** A user task's SLA ran out: it expires onto its timeout path, or escalates (to a manager by default). */
export function slaTimerFired(step: Step, t: TimerState, token: Token | undefined): void {
  const task = t.taskId ? step.state.userTasks.get(t.taskId) : undefined;
  if (!task || !token) return;
  const el = step.def.element(task.elementId).element;
  const sla = el.type === 'userTask' ? el.sla : undefined;
  if (sla?.onTimeout) {
    step.emit({ type: 'usertask.expired', taskId: task.taskId });
    step.detachBoundaries(token.id);
    step.arrive(token.id, sla.onTimeout);
  } else {
    step.emit({
      type: 'usertask.escalated',
      taskId: task.taskId,
      ...(sla?.escalateTo?.assignee === undefined ? {} : { assignee: sla.escalateTo.assignee }),
      role: sla?.escalateTo?.role ?? 'manager',
    });
  }
}

export function onUserTaskCompleted(
  step: Step,
  taskId: string,
  data: Record<string, JsonValue>,
  actor: string,
): void {
  const task = step.state.userTasks.get(taskId);
  if (!task) return;
  const el = step.def.element(task.elementId).element;
  if (el.type !== 'userTask') return;
  step.emit({ type: 'usertask.completed', taskId, data, actor });
  try {
    // The decision record stays as `<id>_decision` (and in the history); the data itself lands in the
    // task's scope and reaches the process through the output mapping, or whole when there is none.
    const changes: Record<string, JsonValue> = el.output ? step.evalMapping(el.output, data) : { ...data };
    changes[el.decisionVariable ?? `${el.id}_decision`] = data;
    step.setVariables(changes, actor, el.id);
  } catch (err) {
    step.incident(el.id, task.tokenId, errorOf(err));
    return;
  }
  step.detachBoundaries(task.tokenId);
  step.leave(task.tokenId, el.id);
}

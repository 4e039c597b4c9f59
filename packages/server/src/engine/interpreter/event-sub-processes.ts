// Event sub-processes: their timer, message and signal starts are armed when the enclosing scope (the
// instance or a sub-process) opens — waiting on the scope itself (purpose `eventSub`, tokenId = the
// scope id) and disarmed when it ends (Step core); error and escalation starts are matched when thrown
// in the scope. An interrupting one cancels the rest of the scope, a non-interrupting one runs beside
// it and re-arms. Either runs as a nested scope whose token ends with it, so the enclosing scope
// completes once its last token (the event sub-process's included) has.
import type { JsonValue, SerializedError } from '../../errors.js';
import { matchCode } from '../bpmn-error.js';
import { ROOT_SCOPE, type SubscriptionState, type TimerState } from '../instance-state.js';
import type { StartEventElement } from '../model/types.js';
import { isJsonObject } from '../model/variables.js';
import { subscribeSignal } from './boundaries.js';
import { errorOf, type Step } from './step.js';

/** Opens a nested scope for `elementId` hosted by `hostTokenId` and starts its first token at `startId`. */
export function openScope(
  step: Step,
  hostTokenId: string,
  parentScopeId: string,
  elementId: string,
  startId: string,
  beforeStart?: () => void,
): void {
  const innerScope = step.nextId('s');
  step.emit({ type: 'scope.entered', scopeId: innerScope, elementId, tokenId: hostTokenId, parentScopeId });
  beforeStart?.();
  armEventSubProcesses(step, innerScope);
  const inner = step.nextId('t');
  step.emit({ type: 'token.created', tokenId: inner, scopeId: innerScope, elementId: startId });
  step.leave(inner, startId);
}

function scopeElementId(step: Step, scopeId: string): string | null {
  return scopeId === ROOT_SCOPE ? null : (step.state.scopes.get(scopeId)?.elementId ?? null);
}

/** Arms the timer, message and signal starts of the event sub-processes directly inside `scopeId`. */
export function armEventSubProcesses(step: Step, scopeId: string): void {
  for (const start of step.def.eventSubStarts(scopeElementId(step, scopeId))) arm(step, scopeId, start);
}

function arm(step: Step, scopeId: string, start: StartEventElement, previous?: TimerState): void {
  try {
    if (start.timer) {
      const iteration = previous ? previous.iteration + 1 : 0;
      const dueAt = step.dueAt(start.timer, iteration, previous?.dueAt);
      if (dueAt !== undefined)
        step.emit({
          type: 'timer.scheduled',
          timerId: step.nextId('tm'),
          elementId: start.id,
          purpose: 'eventSub',
          dueAt,
          tokenId: scopeId,
          ...(iteration ? { iteration } : {}),
        });
    } else if (start.message) {
      step.emit({
        type: 'message.subscribed',
        subscriptionId: step.nextId('m'),
        name: start.message.name,
        correlationKey: step.correlationKey(start.message.correlationKey),
        elementId: start.id,
        tokenId: scopeId,
        purpose: 'eventSub',
      });
    } else if (start.signal) {
      subscribeSignal(step, scopeId, start.id, start.signal.name, 'eventSub');
    } else if (start.conditional) {
      // Evaluated with the other waiting conditions (interpreter/conditions.ts) whenever variables change.
      step.emit({
        type: 'condition.waiting',
        conditionId: step.nextId('k'),
        elementId: start.id,
        tokenId: scopeId,
        purpose: 'eventSub',
      });
    }
  } catch (err) {
    step.incident(start.id, undefined, errorOf(err));
  }
}

/**
 * Starts the event sub-process of `start` inside `scopeId`: interrupting, the rest of the scope is
 * cancelled first; non-interrupting, `rearm` arms the trigger again.
 */
function startEventSubProcess(
  step: Step,
  scopeId: string,
  start: StartEventElement,
  variables: Record<string, JsonValue>,
  rearm?: () => void,
): void {
  const eventSubId = step.def.element(start.id).scope!;
  if (start.interrupting === false) rearm?.();
  else step.cancelScopeTokens(scopeId);
  step.setVariables(variables, 'system', start.id);
  const host = step.nextId('t');
  step.emit({ type: 'token.created', tokenId: host, scopeId, elementId: eventSubId });
  openScope(step, host, scopeId, eventSubId, start.id);
}

/** An event sub-process's timer start fell due (a non-interrupting cycle arms its next occurrence). */
export function eventSubTimerFired(step: Step, t: TimerState): void {
  const scopeId = t.tokenId ?? ROOT_SCOPE;
  const start = step.def.element(t.elementId).element;
  if (start.type !== 'startEvent') return;
  startEventSubProcess(step, scopeId, start, {}, () => {
    if (start.timer?.kind === 'cycle') arm(step, scopeId, start, t);
  });
}

/**
 * An event sub-process's conditional start holds: a non-interrupting one stays armed (the condition
 * fires again after it was false in between).
 */
export function eventSubConditionFired(step: Step, scopeId: string, start: StartEventElement): void {
  startEventSubProcess(step, scopeId, start, {});
}

/** A message or signal reached an event sub-process's start: its payload becomes variables. */
export function eventSubMessage(step: Step, s: SubscriptionState, payload: JsonValue): void {
  const start = step.def.element(s.elementId).element;
  if (start.type !== 'startEvent') return;
  const scopeId = s.tokenId;
  startEventSubProcess(step, scopeId, start, isJsonObject(payload) ? payload : {}, () =>
    arm(step, scopeId, start),
  );
}

function findStart(
  step: Step,
  scopeId: string,
  kind: 'error' | 'escalation',
  code: string | undefined,
): StartEventElement | undefined {
  const starts = step.def.eventSubStarts(scopeElementId(step, scopeId)).filter((s) => s[kind]);
  return (
    starts.find((s) => s[kind]!.code !== undefined && s[kind]!.code === code) ??
    starts.find((s) => s[kind]!.code === undefined)
  );
}

/** A BPMN error thrown in `scopeId`: started an error event sub-process of that scope if one matches. */
export function catchErrorInScope(step: Step, scopeId: string, error: SerializedError): boolean {
  const code = matchCode(error);
  const start = findStart(step, scopeId, 'error', code);
  if (!start?.error) return false;
  const sent = error.details.variables;
  const vars: Record<string, JsonValue> = isJsonObject(sent as JsonValue)
    ? { ...(sent as Record<string, JsonValue>) }
    : {};
  if (start.error.codeVariable) vars[start.error.codeVariable] = code;
  if (start.error.messageVariable) vars[start.error.messageVariable] = error.message;
  startEventSubProcess(step, scopeId, start, vars);
  return true;
}

/**
 * An escalation thrown in `scopeId`: starts an escalation event sub-process of that scope if one
 * matches. Returns undefined when none does, else whether the thrower goes on (non-interrupting).
 */
export function catchEscalationInScope(
  step: Step,
  scopeId: string,
  code: string,
  thrownAt: string,
): boolean | undefined {
  const start = findStart(step, scopeId, 'escalation', code);
  if (!start?.escalation) return undefined;
  step.emit({ type: 'escalation.thrown', code, elementId: thrownAt, caughtBy: start.id });
  const vars = start.escalation.codeVariable ? { [start.escalation.codeVariable]: code } : {};
  startEventSubProcess(step, scopeId, start, vars);
  return start.interrupting === false;
}

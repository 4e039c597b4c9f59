// Failures: incidents (or compensation, by the definition's failure policy), error boundary events, and
// BPMN errors propagating out of sub-processes until caught or unhandled (which ends the instance).
import type { JsonValue, SerializedError } from '../../errors.js';
import { bpmnErrorCode, matchCode } from '../bpmn-error.js';
import { ROOT_SCOPE, type Token } from '../instance-state.js';
import type { BoundaryEventElement } from '../model/types.js';
import { isJsonObject } from '../model/variables.js';
import { fireBoundary } from './boundaries.js';
import { beginCompensation } from './compensation.js';
import { catchErrorInScope } from './event-sub-processes.js';
import type { Step } from './step.js';

/** Raises an incident on an element — or, under `failurePolicy: compensate`, undoes the instance. */
export function raiseIncident(
  step: Step,
  elementId: string,
  tokenId: string | undefined,
  error: SerializedError,
  activityId?: string,
): void {
  if (step.def.model.failurePolicy === 'compensate') {
    if (activityId) step.emit({ type: 'activity.cancelled', activityId });
    beginCompensation(step, error);
    return;
  }
  step.emit({
    type: 'incident.raised',
    incidentId: step.nextId('i'),
    elementId,
    error,
    ...(tokenId === undefined ? {} : { tokenId }),
    ...(activityId === undefined ? {} : { activityId }),
  });
}

function findErrorBoundary(
  step: Step,
  hostId: string,
  error: SerializedError,
): BoundaryEventElement | undefined {
  const code = matchCode(error);
  const boundaries = step.def.element(hostId).boundaries.filter((b) => b.error);
  return (
    boundaries.find((b) => b.error!.code !== undefined && b.error!.code === code) ??
    boundaries.find((b) => b.error!.code === undefined)
  );
}

/**
 * Takes the error path of `hostId` if it has a matching error boundary; returns whether it did. The
 * error's variables (sent by a job worker) reach the process through the boundary's output mapping, or
 * all of them without one; `errorCode` and `errorMessage` are visible to the mapping.
 */
export function catchAt(step: Step, hostToken: Token, hostId: string, error: SerializedError): boolean {
  const b = findErrorBoundary(step, hostId, error);
  if (!b) return false;
  const sent = error.details.variables;
  const errorVariables = isJsonObject(sent as JsonValue) ? (sent as Record<string, JsonValue>) : {};
  const vars: Record<string, JsonValue> = b.output ? {} : { ...errorVariables };
  if (b.error!.codeVariable) vars[b.error!.codeVariable] = matchCode(error);
  if (b.error!.messageVariable) vars[b.error!.messageVariable] = error.message;
  const caught = { ...errorVariables, errorCode: matchCode(error), errorMessage: error.message };
  fireBoundary(step, hostToken, b, caught, { preset: vars });
  return true;
}

/** A failure at an activity: its own error boundary, then enclosing sub-processes, then the instance. */
export function failAt(
  step: Step,
  token: Token,
  elementId: string,
  error: SerializedError,
  activityId?: string,
): void {
  if (catchAt(step, token, elementId, error)) return;
  if (bpmnErrorCode(error) === undefined) {
    // A technical failure not caught at the task: incident (or compensation, by policy) — not propagated.
    step.incident(elementId, token.id, error, activityId);
    return;
  }
  if (activityId) step.emit({ type: 'activity.cancelled', activityId });
  throwFromScope(step, token.scopeId, error);
}

/** A BPMN error leaving a scope: caught on the sub-process host or an outer one, else unhandled. */
export function throwFromScope(step: Step, scopeId: string, error: SerializedError): void {
  let current = scopeId;
  // An error leaving an event sub-process is not caught by its siblings, only further out.
  let fromEventSub = false;
  for (;;) {
    if (!fromEventSub && catchErrorInScope(step, current, error)) return;
    if (current === ROOT_SCOPE) break;
    const scope = step.state.scopes.get(current);
    if (!scope) break;
    const host = step.state.tokens.get(scope.hostTokenId);
    if (host && findErrorBoundary(step, scope.elementId, error)) {
      catchAt(step, host, scope.elementId, error);
      return;
    }
    fromEventSub = step.def.isEventSubProcess(scope.elementId);
    current = scope.parentScopeId;
  }
  unhandled(step, error);
}

/** An error nobody catches ends the instance: compensated when something can be undone, else failed. */
function unhandled(step: Step, error: SerializedError): void {
  if (step.state.compensable.length > 0) {
    beginCompensation(step, error);
    return;
  }
  step.cancelScopeTokens(ROOT_SCOPE);
  step.emit({ type: 'instance.failed', error });
}

// Compensation (saga undo): every token and activity is cancelled, then the compensation handlers of
// the completed compensable tasks run one at a time, newest first; the instance ends compensated, or
// failed when a handler failed (the others are still undone). A cancelled transaction undoes only what
// it completed in its current run, and then leaves by its cancel boundary instead of ending.
import { PlatformError, type JsonValue, type SerializedError } from '../../errors.js';
import { ROOT_SCOPE, type Token } from '../instance-state.js';
import type { BoundaryEventElement } from '../model/types.js';
import { fireBoundary } from './boundaries.js';
import { errorOf, type Step } from './step.js';

/** History position an id was created at (`a12`, `s7`: ids derive from positions). */
const positionOf = (id: string): number => Number(id.slice(1));

function isWithin(step: Step, elementId: string, ancestorId: string): boolean {
  if (!step.def.hasElement(elementId)) return false;
  for (let scope = step.def.element(elementId).scope; scope !== null; scope = step.def.element(scope).scope)
    if (scope === ancestorId) return true;
  return false;
}

/**
 * A cancel end event reached in transaction scope `scopeId`: the transaction's other tokens are
 * cancelled, the compensable tasks it completed since it was entered are undone newest first, then
 * its token leaves by the cancel boundary.
 */
export function cancelTransaction(step: Step, scopeId: string): void {
  const scope = step.state.scopes.get(scopeId);
  const host = scope ? step.state.tokens.get(scope.hostTokenId) : undefined;
  const boundary = scope ? step.def.element(scope.elementId).boundaries.find((b) => b.cancel) : undefined;
  if (!scope || !host || !boundary) return;
  step.cancelScopeTokens(scopeId);
  const since = positionOf(scopeId);
  const queue = step.state.compensable
    .filter((c) => positionOf(c.activityId) > since && isWithin(step, c.elementId, scope.elementId))
    .reverse()
    .map((c) => c.activityId);
  if (queue.length === 0 || step.state.compensation) {
    fireBoundary(step, host, boundary, {});
    return;
  }
  step.emit({
    type: 'compensation.started',
    reason: new PlatformError('CONFLICT', `Transaction '${scope.elementId}' was cancelled`).toJSON(),
    queue,
    resumeAt: { tokenId: host.id, elementId: boundary.id },
  });
  nextCompensation(step);
}

/**
 * A compensation throw (intermediate or end) event: the compensable tasks completed in the token's
 * scope since it was entered (only `activityRef`'s, when set) are undone newest first while the token
 * waits at the event; then it goes on.
 */
export function throwCompensation(step: Step, token: Token, elementId: string, activityRef?: string): void {
  const scopeElement = token.scopeId === ROOT_SCOPE ? null : step.state.scopes.get(token.scopeId)?.elementId;
  const since = token.scopeId === ROOT_SCOPE ? 0 : positionOf(token.scopeId);
  const queue = step.state.compensable
    .filter(
      (c) =>
        positionOf(c.activityId) > since &&
        (scopeElement == null || isWithin(step, c.elementId, scopeElement)) &&
        (activityRef === undefined || c.elementId === activityRef),
    )
    .reverse()
    .map((c) => c.activityId);
  if (queue.length === 0 || step.state.compensation) {
    step.leave(token.id, elementId);
    return;
  }
  step.emit({
    type: 'compensation.started',
    reason: new PlatformError('CONFLICT', `Compensation thrown at '${elementId}'`).toJSON(),
    queue,
    resumeAt: { tokenId: token.id, elementId },
  });
  nextCompensation(step);
}

/**
 * Partial compensation is over: the token leaves by the cancel boundary, or on from the throw event
 * (failed undos stay in the history).
 */
function resumeAfterCompensation(step: Step, tokenId: string, elementId: string, failed: string[]): void {
  step.emit({ type: 'compensation.finished', failed });
  const token: Token | undefined = step.state.tokens.get(tokenId);
  if (!token) return;
  const el = step.def.element(elementId).element;
  if (el.type === 'boundaryEvent') fireBoundary(step, token, el as BoundaryEventElement, {});
  else step.leave(token.id, elementId);
}

export function beginCompensation(step: Step, reason: SerializedError): void {
  const { state } = step;
  if (state.compensation || state.isTerminal) return;
  step.cancelScopeTokens(ROOT_SCOPE);
  for (const a of [...state.activities.values()])
    step.emit({ type: 'activity.cancelled', activityId: a.activityId });
  for (const i of [...state.incidents.values()])
    step.emit({ type: 'incident.resolved', incidentId: i.incidentId, actor: 'system' });
  const queue = [...state.compensable].reverse().map((c) => c.activityId);
  step.emit({ type: 'compensation.started', reason, queue });
  nextCompensation(step);
}

/** Schedules the next compensation handler, or ends the instance when none is left. */
export function nextCompensation(step: Step): void {
  const comp = step.state.compensation;
  if (!comp || comp.current) return;
  const nextId = comp.queue[0];
  if (nextId === undefined && comp.resumeAt) {
    resumeAfterCompensation(step, comp.resumeAt.tokenId, comp.resumeAt.elementId, [...comp.failed]);
    return;
  }
  if (nextId === undefined) {
    step.emit({ type: 'compensation.finished', failed: [...comp.failed] });
    if (comp.failed.length) {
      const error = new PlatformError(
        'INCIDENT',
        `Compensation failed for ${comp.failed.length} task(s); the others were undone`,
        {
          details: { failedActivities: comp.failed, reason: comp.reason.message },
        },
      ).toJSON();
      step.emit({ type: 'instance.failed', error });
    } else {
      step.emit({ type: 'instance.compensated' });
    }
    return;
  }
  const entry = (comp.entries ?? step.state.compensable).find((c) => c.activityId === nextId)!;
  const el = step.def.hasElement(entry.elementId) ? step.def.element(entry.elementId).element : undefined;
  const spec = el?.type === 'serviceTask' ? el.compensation : undefined;
  const base: Record<string, JsonValue> = { input: entry.input ?? {}, output: entry.result };
  let input: Record<string, JsonValue> = base;
  let mappingError: SerializedError | undefined;
  try {
    if (spec?.input) input = step.evalMapping(spec.input, base);
  } catch (err) {
    mappingError = errorOf(err);
  }
  const activityId = step.nextId('a');
  step.emit({
    type: 'activity.scheduled',
    activityId,
    elementId: entry.elementId,
    scopeId: ROOT_SCOPE,
    taskType: spec?.taskType ?? '(missing compensation handler)',
    input,
    attempt: 1,
    compensationOf: entry.activityId,
  });
  if (mappingError || !spec) {
    step.emit({
      type: 'activity.failed',
      activityId,
      error:
        mappingError ??
        new PlatformError(
          'NOT_FOUND',
          `Element '${entry.elementId}' has no compensation handler any more`,
        ).toJSON(),
      final: true,
    });
    nextCompensation(step);
  }
}

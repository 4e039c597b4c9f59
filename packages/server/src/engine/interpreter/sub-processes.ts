// Sub-processes and call activities: an embedded sub-process opens a scope with its own tokens (completed
// by Step.checkScope when its last token ends); a call activity starts a child instance (created by the
// runner in the same commit) and continues when the child completes or fails.
import type { JsonValue, SerializedError } from '../../errors.js';
import { bpmnErrorCode } from '../bpmn-error.js';
import type { CallActivityElement, SubProcessElement } from '../model/types.js';
import { attachBoundaries } from './boundaries.js';
import { openScope } from './event-sub-processes.js';
import { catchAt, throwFromScope } from './failures.js';
import { errorOf, type Arrival, type Step } from './step.js';

export function enterSubProcess(step: Step, a: Arrival, el: SubProcessElement): void {
  const start = step.def.noneStart(el.id)!;
  openScope(step, a.tokenId, a.scopeId, el.id, start.id, () => attachBoundaries(step, a.tokenId, el.id));
}

export function enterCallActivity(step: Step, a: Arrival, el: CallActivityElement): void {
  let variables: Record<string, JsonValue>;
  try {
    variables = el.input ? step.evalMapping(el.input) : { ...step.state.variables };
  } catch (err) {
    step.incident(el.id, a.tokenId, errorOf(err));
    return;
  }
  step.emit({
    type: 'child.started',
    childInstanceId: `${step.state.instanceId}:${step.nextId('c')}`,
    tokenId: a.tokenId,
    elementId: el.id,
    definitionId: el.calledElement,
    variables,
    ...(el.version === undefined ? {} : { version: el.version }),
  });
  attachBoundaries(step, a.tokenId, el.id);
}

export function onChildCompleted(
  step: Step,
  childInstanceId: string,
  variables: Record<string, JsonValue>,
): void {
  const c = step.state.children.get(childInstanceId);
  if (!c) return;
  step.emit({ type: 'child.completed', childInstanceId, variables });
  const el = step.def.element(c.elementId).element;
  try {
    const mapping = el.type === 'callActivity' ? el.output : undefined;
    step.setVariables(
      mapping ? step.evalMapping(mapping, variables) : variables,
      `child:${childInstanceId}`,
      c.elementId,
    );
  } catch (err) {
    step.incident(c.elementId, c.tokenId, errorOf(err));
    return;
  }
  step.detachBoundaries(c.tokenId);
  step.leave(c.tokenId, c.elementId);
}

export function onChildFailed(step: Step, childInstanceId: string, error: SerializedError): void {
  const c = step.state.children.get(childInstanceId);
  if (!c) return;
  step.emit({ type: 'child.failed', childInstanceId, error });
  const token = step.state.tokens.get(c.tokenId);
  if (!token) return;
  if (catchAt(step, token, c.elementId, error)) return;
  if (bpmnErrorCode(error) !== undefined) throwFromScope(step, token.scopeId, error);
  else step.incident(c.elementId, token.id, error);
}

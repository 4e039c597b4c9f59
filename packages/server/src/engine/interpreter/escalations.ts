// Escalations: thrown by an intermediate or end event, caught scope by scope outwards by an escalation
// event sub-process of the scope or the escalation boundary of the enclosing sub-process, with the same
// code (or one without a code). Interrupting, the scope ends (the thrower with it); non-interrupting,
// the catcher runs beside the thrower, which goes on. Uncaught, it is recorded and the path goes on.
import { ROOT_SCOPE, type Token } from '../instance-state.js';
import type { BoundaryEventElement } from '../model/types.js';
import { fireBoundary } from './boundaries.js';
import { catchEscalationInScope } from './event-sub-processes.js';
import type { Step } from './step.js';

function catcher(step: Step, hostElementId: string, code: string): BoundaryEventElement | undefined {
  const boundaries = step.def.element(hostElementId).boundaries.filter((b) => b.escalation);
  return (
    boundaries.find((b) => b.escalation!.code !== undefined && b.escalation!.code === code) ??
    boundaries.find((b) => b.escalation!.code === undefined)
  );
}

/**
 * Throws escalation `code` from `token` at `elementId`. Returns true when the thrower goes on (caught
 * by a non-interrupting boundary, or uncaught), false when an interrupting boundary ended it.
 */
export function throwEscalation(step: Step, token: Token, elementId: string, code: string): boolean {
  let scopeId = token.scopeId;
  // An escalation leaving an event sub-process is not caught by its siblings, only further out.
  let fromEventSub = false;
  for (;;) {
    const caught = fromEventSub ? undefined : catchEscalationInScope(step, scopeId, code, elementId);
    if (caught !== undefined) return caught;
    if (scopeId === ROOT_SCOPE) break;
    const scope = step.state.scopes.get(scopeId);
    if (!scope) break;
    const host = step.state.tokens.get(scope.hostTokenId);
    const b = host ? catcher(step, scope.elementId, code) : undefined;
    if (b && host) {
      step.emit({ type: 'escalation.thrown', code, elementId, caughtBy: b.id });
      if (b.escalation?.codeVariable)
        step.setVariables({ [b.escalation.codeVariable]: code }, 'system', b.id);
      fireBoundary(step, host, b, { escalationCode: code });
      return b.interrupting === false;
    }
    fromEventSub = step.def.isEventSubProcess(scope.elementId);
    scopeId = scope.parentScopeId;
  }
  step.emit({ type: 'escalation.thrown', code, elementId, caughtBy: null });
  return true;
}

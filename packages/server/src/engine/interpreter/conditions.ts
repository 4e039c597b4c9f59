// Conditional events: a conditional catch event or boundary waits on its condition, which is evaluated
// when the wait starts and again whenever the instance's variables change (Step.conditionsDirty). A
// catch event passes the token on; an interrupting boundary interrupts its host; a non-interrupting
// one fires when the condition becomes true and again only after it was false in between.
import { isTruthy } from '../expressions/expression-language.js';
import type { ConditionPurpose } from '../history-events.js';
import { fireBoundary } from './boundaries.js';
import { eventSubConditionFired } from './event-sub-processes.js';
import { errorOf, type Step } from './step.js';

export function waitForCondition(
  step: Step,
  tokenId: string,
  elementId: string,
  purpose: ConditionPurpose,
): void {
  step.emit({ type: 'condition.waiting', conditionId: step.nextId('k'), elementId, tokenId, purpose });
}

/** Evaluates the waiting conditions after a change; fires the first that holds. Returns whether one fired. */
export function settleConditions(step: Step): boolean {
  if (!step.conditionsDirty || step.state.conditions.size === 0) return false;
  const scope = step.scope();
  for (const c of [...step.state.conditions.values()]) {
    const el = step.def.element(c.elementId).element;
    const spec =
      el.type === 'intermediateCatchEvent' || el.type === 'boundaryEvent' || el.type === 'startEvent'
        ? el.conditional
        : undefined;
    if (spec === undefined) continue;
    let holds: boolean;
    try {
      holds = isTruthy(step.def.expr(spec.condition, spec.language).evaluate(scope));
    } catch (err) {
      step.emit({ type: 'condition.cancelled', conditionId: c.conditionId });
      step.incident(c.elementId, c.tokenId, errorOf(err));
      return true;
    }
    if (!holds) {
      if (c.met) step.emit({ type: 'condition.reset', conditionId: c.conditionId });
      continue;
    }
    if (c.met) continue;
    if (el.type === 'startEvent') {
      // An event sub-process's start: tokenId holds the scope it waits on.
      const keep = el.interrupting === false;
      step.emit({ type: 'condition.fired', conditionId: c.conditionId, ...(keep ? { keep: true } : {}) });
      eventSubConditionFired(step, c.tokenId, el);
      return true;
    }
    const token = step.state.tokens.get(c.tokenId);
    if (!token) continue;
    if (el.type === 'intermediateCatchEvent') {
      step.emit({ type: 'condition.fired', conditionId: c.conditionId });
      step.leave(token.id, el.id);
      return true;
    }
    if (el.type === 'boundaryEvent') {
      const keep = el.interrupting === false;
      step.emit({ type: 'condition.fired', conditionId: c.conditionId, ...(keep ? { keep: true } : {}) });
      fireBoundary(step, token, el, {});
      return true;
    }
  }
  step.conditionsDirty = false;
  return false;
}

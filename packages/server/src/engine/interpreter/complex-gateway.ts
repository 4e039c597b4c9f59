// The complex gateway (BPMN 2.0, 13.3.6): it splits like an inclusive gateway (interpreter/gateways.ts).
// As a join it waits for start: each arriving token is recorded and the activation condition evaluated
// with `activationCount` (the tokens waiting); once it holds, one token leaves and the gateway resets:
// tokens that still arrive are consumed, until no other token of its scope can reach it.
import { isTruthy } from '../expressions/expression-language.js';
import type { ComplexGatewayElement } from '../model/types.js';
import { waitAtJoin } from './gateways.js';
import { errorOf, type Arrival, type Step } from './step.js';

export function enterComplexGateway(step: Step, a: Arrival, el: ComplexGatewayElement): void {
  // Without an activation condition it only splits (a joining one needs one: checked on deploy).
  if (el.activationCondition === undefined) {
    step.leave(a.tokenId, el.id);
    return;
  }
  if (!waitAtJoin(step, a)) return;
  const key = `${a.scopeId}|${el.id}`;
  // Resetting: the token is consumed when the reset phase ends (settleComplexResets).
  if (step.state.joinResets.has(key)) return;
  const waiting = step.state.joins.get(key) ?? [];
  let holds: boolean;
  try {
    const condition = step.def.expr(el.activationCondition, el.language);
    holds = isTruthy(condition.evaluate(step.scope({ activationCount: waiting.length })));
  } catch (err) {
    step.incident(el.id, a.tokenId, errorOf(err));
    return;
  }
  if (!holds) return;
  const [survivor, ...consumed] = waiting.map((w) => w.tokenId);
  step.emit({
    type: 'join.fired',
    gatewayId: el.id,
    scopeId: a.scopeId,
    tokenId: survivor!,
    consumed,
    awaitsReset: true,
  });
  step.leave(survivor!, el.id);
}

/** Ends the reset phase of each fired complex gateway that no other token of its scope can reach any more. */
export function settleComplexResets(step: Step): boolean {
  const { state } = step;
  for (const key of state.joinResets) {
    const cut = key.indexOf('|');
    const scopeId = key.slice(0, cut);
    const gatewayId = key.slice(cut + 1);
    const waiting = new Set((state.joins.get(key) ?? []).map((w) => w.tokenId));
    let reachable = false;
    for (const t of state.tokens.values()) {
      if (t.scopeId !== scopeId || waiting.has(t.id)) continue;
      if (step.def.reachableIncoming(t.elementId, gatewayId).size > 0) {
        reachable = true;
        break;
      }
    }
    if (reachable) continue;
    step.emit({ type: 'join.reset', gatewayId, scopeId, consumed: [...waiting] });
    step.checkScope(scopeId);
    return true;
  }
  return false;
}

// The complex gateway (BPMN 2.0, 13.3.6): it splits like an inclusive gateway (interpreter/gateways.ts).
// As a join it waits for start: each arriving token is recorded and the activation condition evaluated
// with `activationCount` (the tokens waiting); once it holds, one token leaves and the gateway resets:
// a token on an incoming flow that has not brought one this cycle is consumed at the reset, which comes
// once no other token of the scope can still reach such a flow; a token on a flow that has already
// brought one waits for the next cycle.
import { isTruthy } from '../expressions/expression-language.js';
import type { ComplexGatewayElement } from '../model/types.js';
import { joinKeyParts, waitAtJoin } from './gateways.js';
import { errorOf, type Arrival, type Step } from './step.js';

export function enterComplexGateway(step: Step, a: Arrival, el: ComplexGatewayElement): void {
  // Without an activation condition it only splits (a joining one needs one: checked on deploy).
  if (el.activationCondition === undefined) {
    step.leave(a.tokenId, el.id);
    return;
  }
  if (waitAtJoin(step, a)) activate(step, a.scopeId, el);
}

/** Fires the join when it is waiting for start and its activation condition holds. */
function activate(step: Step, scopeId: string, el: ComplexGatewayElement): void {
  const key = `${scopeId}|${el.id}`;
  const waiting = step.state.joins.get(key) ?? [];
  if (step.state.joinResets.has(key) || waiting.length === 0) return;
  let holds: boolean;
  try {
    const condition = step.def.expr(el.activationCondition!, el.language);
    holds = isTruthy(condition.evaluate(step.scope({ activationCount: waiting.length })));
  } catch (err) {
    step.incident(el.id, waiting[0]!.tokenId, errorOf(err));
    return;
  }
  if (!holds) return;
  const [survivor, ...consumed] = waiting.map((w) => w.tokenId);
  // Every incoming flow brought a token: nothing is left to wait for, so there is no reset phase.
  const arrived = new Set(waiting.map((w) => w.flowId));
  const complete = step.def.element(el.id).incoming.every((f) => arrived.has(f.id));
  step.emit({
    type: 'join.fired',
    gatewayId: el.id,
    scopeId,
    tokenId: survivor!,
    consumed,
    ...(complete ? {} : { awaitsReset: true }),
  });
  step.leave(survivor!, el.id);
}

/** Ends the reset of each fired complex gateway whose missing flows no other token of its scope can reach. */
export function settleComplexResets(step: Step): boolean {
  const { state } = step;
  for (const [key, filled] of state.joinResets) {
    const { scopeId, gatewayId } = joinKeyParts(key);
    const gateway = step.def.element(gatewayId);
    const missing = gateway.incoming.map((f) => f.id).filter((f) => !filled.has(f));
    const waiting = state.joins.get(key) ?? [];
    const here = new Set(waiting.map((w) => w.tokenId));
    let pending = false;
    for (const t of state.tokens.values()) {
      if (pending) break;
      if (t.scopeId !== scopeId || here.has(t.id)) continue;
      const reach = step.def.reachableIncoming(t.elementId, gatewayId);
      pending = missing.some((f) => reach.has(f));
    }
    if (pending) continue;
    const consumed = waiting.filter((w) => w.reset).map((w) => w.tokenId);
    step.emit({ type: 'join.reset', gatewayId, scopeId, consumed });
    // Tokens that came for the next cycle may start it at once.
    if (gateway.element.type === 'complexGateway') activate(step, scopeId, gateway.element);
    step.checkScope(scopeId);
    return true;
  }
  return false;
}

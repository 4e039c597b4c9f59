// Gateways: the exclusive gateway picks one outgoing flow by condition (or its default), the parallel
// gateway forks (plain leave) and joins by waiting for a token on every incoming flow, the inclusive
// gateway takes every flow whose condition holds and joins once no other token of its scope can still
// reach it, and the event-based gateway waits on its targets' events until the first one wins.
import { PlatformError } from '../../errors.js';
import type { Token } from '../instance-state.js';
import type { CompiledElement } from '../model/compile.js';
import { isTruthy } from '../expressions/expression-language.js';
import type {
  ComplexGatewayElement,
  EventBasedGatewayElement,
  InclusiveGatewayElement,
  ParallelGatewayElement,
  SequenceFlow,
} from '../model/types.js';
import { SIGNAL_PREFIX } from '../history-events.js';
import { errorOf, type Arrival, type Step } from './step.js';

/** The one flow an exclusive gateway takes; an incident (undefined) when none matches. */
export function exclusiveOutgoing(
  step: Step,
  tokenId: string,
  c: CompiledElement,
): readonly SequenceFlow[] | undefined {
  try {
    return [chooseFlow(step, c)];
  } catch (err) {
    step.incident(c.element.id, tokenId, errorOf(err));
    return undefined;
  }
}

function chooseFlow(step: Step, c: CompiledElement): SequenceFlow {
  const gw = c.element.type === 'exclusiveGateway' ? c.element : undefined;
  const scope = step.scope();
  for (const f of c.outgoing) {
    if (f.id === gw?.default) continue;
    if (f.condition === undefined) return f;
    if (isTruthy(step.def.expr(f.condition, f.language).evaluate(scope))) return f;
  }
  const d = gw?.default ? c.outgoing.find((f) => f.id === gw.default) : undefined;
  if (d) return d;
  throw new PlatformError(
    'INCIDENT',
    `No path matched at exclusive gateway '${c.element.id}': none of ${c.outgoing.map((f) => `${f.id} (${f.condition ?? 'no condition'})`).join(', ')} holds and there is no default flow`,
    { details: { elementId: c.element.id } },
  );
}

/** Every flow of an inclusive (or complex) gateway whose condition holds, else its default; an incident (undefined) when none. */
export function inclusiveOutgoing(
  step: Step,
  tokenId: string,
  c: CompiledElement,
): readonly SequenceFlow[] | undefined {
  const gw = c.element as InclusiveGatewayElement | ComplexGatewayElement;
  const kind = gw.type === 'complexGateway' ? 'complex' : 'inclusive';
  try {
    const scope = step.scope();
    const taken = c.outgoing.filter(
      (f) =>
        f.id !== gw.default &&
        (f.condition === undefined || isTruthy(step.def.expr(f.condition, f.language).evaluate(scope))),
    );
    if (taken.length) return taken;
    const d = gw.default ? c.outgoing.find((f) => f.id === gw.default) : undefined;
    if (d) return [d];
    throw new PlatformError(
      'INCIDENT',
      `No path matched at ${kind} gateway '${gw.id}': none of ${c.outgoing.map((f) => `${f.id} (${f.condition ?? 'no condition'})`).join(', ')} holds and there is no default flow`,
      { details: { elementId: gw.id } },
    );
  } catch (err) {
    step.incident(gw.id, tokenId, errorOf(err));
    return undefined;
  }
}

/** The scope and gateway of a join key (`scope|gateway`, as in InstanceState.joins). */
export function joinKeyParts(key: string): { scopeId: string; gatewayId: string } {
  const cut = key.indexOf('|');
  return { scopeId: key.slice(0, cut), gatewayId: key.slice(cut + 1) };
}

/** A gateway with one incoming flow passes the token on; a join records it as waiting. Returns whether it waits. */
export function waitAtJoin(step: Step, a: Arrival): boolean {
  const id = a.element.element.id;
  if (a.element.incoming.length <= 1) {
    step.leave(a.tokenId, id);
    return false;
  }
  step.emit({
    type: 'join.waiting',
    tokenId: a.tokenId,
    gatewayId: id,
    flowId: a.flowId ?? `->${id}`,
    scopeId: a.scopeId,
  });
  return true;
}

/** An inclusive join records the arriving token; `settleInclusiveJoins` fires it once nothing else can come. */
export function enterInclusiveGateway(step: Step, a: Arrival, _el: InclusiveGatewayElement): void {
  waitAtJoin(step, a);
}

/**
 * Fires an inclusive join once no other token can still bring something it lacks (BPMN 2.0, 13.3.5):
 * every other token of its scope that can reach an incoming flow without a token (not through the
 * gateway) can also reach one that has a token. A token that loops back through the split therefore
 * does not hold the join.
 */
export function settleInclusiveJoins(step: Step): boolean {
  const { state } = step;
  for (const [key, waiting] of state.joins) {
    const { scopeId, gatewayId } = joinKeyParts(key);
    if (!step.def.hasElement(gatewayId) || step.def.element(gatewayId).element.type !== 'inclusiveGateway')
      continue;
    const mine = new Set(waiting.map((w) => w.tokenId));
    const filled = new Set(waiting.map((w) => w.flowId));
    let blocked = false;
    for (const t of state.tokens.values()) {
      if (t.scopeId !== scopeId || mine.has(t.id)) continue;
      const reach = step.def.reachableIncoming(t.elementId, gatewayId);
      const toEmpty = [...reach].some((f) => !filled.has(f));
      const toFilled = [...reach].some((f) => filled.has(f));
      if (toEmpty && !toFilled) {
        blocked = true;
        break;
      }
    }
    if (blocked) continue;
    const [survivor, ...consumed] = waiting.map((w) => w.tokenId);
    step.emit({ type: 'join.fired', gatewayId, scopeId, tokenId: survivor!, consumed });
    step.leave(survivor!, gatewayId);
    return true;
  }
  return false;
}

/** A fork leaves on every flow; a join waits until a token has come by each incoming flow. */
export function enterParallelGateway(step: Step, a: Arrival, el: ParallelGatewayElement): void {
  const { scopeId, element: c } = a;
  if (!waitAtJoin(step, a)) return;
  const waiting = step.state.joins.get(`${scopeId}|${el.id}`) ?? [];
  const picked: string[] = [];
  for (const f of c.incoming) {
    const w = waiting.find((x) => x.flowId === f.id);
    if (!w) return;
    picked.push(w.tokenId);
  }
  const [survivor, ...consumed] = picked;
  step.emit({ type: 'join.fired', gatewayId: el.id, scopeId, tokenId: survivor!, consumed });
  step.leave(survivor!, el.id);
}

/** Subscribes to every timer and message that follows the gateway; all or none (incident). */
export function enterEventBasedGateway(step: Step, a: Arrival, el: EventBasedGatewayElement): void {
  const { tokenId } = a;
  const waits: Array<() => void> = [];
  try {
    for (const f of a.element.outgoing) {
      const target = step.def.element(f.target).element;
      if (target.type !== 'intermediateCatchEvent') continue;
      if (target.timer) {
        const dueAt = step.dueAt(target.timer);
        if (dueAt === undefined) continue;
        waits.push(() =>
          step.emit({
            type: 'timer.scheduled',
            timerId: step.nextId('tm'),
            elementId: target.id,
            purpose: 'gateway',
            dueAt,
            tokenId,
            gatewayId: el.id,
          }),
        );
      } else if (target.message || target.signal) {
        const key = target.message ? step.correlationKey(target.message.correlationKey) : null;
        const name = target.message ? target.message.name : `${SIGNAL_PREFIX}${target.signal!.name}`;
        waits.push(() =>
          step.emit({
            type: 'message.subscribed',
            subscriptionId: step.nextId('m'),
            name,
            correlationKey: key,
            elementId: target.id,
            tokenId,
            purpose: 'gateway',
            gatewayId: el.id,
          }),
        );
      }
    }
  } catch (err) {
    step.incident(el.id, tokenId, errorOf(err));
    return;
  }
  for (const w of waits) w();
}

/** First event of an event-based gateway wins: the others are cancelled and the token moves on. */
export function winRace(step: Step, token: Token, gatewayId: string, winnerElementId: string): void {
  for (const t of [...step.state.timers.values()]) {
    if (t.tokenId === token.id && t.gatewayId === gatewayId)
      step.emit({ type: 'timer.cancelled', timerId: t.timerId });
  }
  for (const s of [...step.state.subscriptions.values()]) {
    if (s.tokenId === token.id && s.gatewayId === gatewayId)
      step.emit({ type: 'message.unsubscribed', subscriptionId: s.subscriptionId });
  }
  step.leave(token.id, winnerElementId);
}

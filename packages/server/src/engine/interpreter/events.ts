// Events: the instance start (plain, timer, message or signal start event), end events (none,
// terminate, error, escalation, signal, cancel), intermediate catch events (timer, message, signal, condition,
// link), throw events (signal, escalation, link), and the dispatch of a fired timer or a received
// message or signal to whatever waits for it (a catch event, a gateway race, a boundary, a retry, an SLA).
import { PlatformError, type JsonValue } from '../../errors.js';
import { ROOT_SCOPE, type Token } from '../instance-state.js';
import type {
  EndEventElement,
  IntermediateCatchEventElement,
  IntermediateThrowEventElement,
  SignalSpec,
} from '../model/types.js';
import { checkVariables, isJsonObject } from '../model/variables.js';
import { boundaryTimerFired, fireBoundary, subscribeSignal } from './boundaries.js';
import { waitForCondition } from './conditions.js';
import { cancelTransaction, throwCompensation } from './compensation.js';
import { throwEscalation } from './escalations.js';
import { armEventSubProcesses, eventSubMessage, eventSubTimerFired } from './event-sub-processes.js';
import { throwFromScope } from './failures.js';
import { winRace } from './gateways.js';
import type { Input } from './input.js';
import { errorOf, type Arrival, type Step } from './step.js';
import { retryTimerFired, slaTimerFired } from './tasks.js';

export function startInstance(step: Step, input: Extract<Input, { kind: 'start' }>): void {
  const def = step.ctx.definition(input.version);
  const startElementId = input.startElementId ?? def.noneStart(null)?.id;
  if (!startElementId) {
    throw new PlatformError(
      'VALIDATION',
      `${def.id} v${def.version} has no plain start event; start it by its message or timer`,
      {
        details: { definitionId: def.id },
      },
    );
  }
  const variables = checkVariables(def.model.variables, input.variables, {
    complete: true,
    context: `Start of ${def.id}`,
  });
  step.emit({
    type: 'instance.started',
    definitionId: input.definitionId,
    version: input.version,
    businessKey: input.businessKey,
    variables,
    startElementId,
    tokenId: step.nextId('t'),
    actor: input.actor,
    ...(input.parent ? { parent: input.parent } : {}),
  });
  const token = [...step.state.tokens.keys()][0]!;
  armEventSubProcesses(step, ROOT_SCOPE);
  step.leave(token, startElementId);
}

/** Broadcasts a signal in the commit of this step (to every instance waiting for it, and signal starts). */
function throwSignal(step: Step, elementId: string, signal: SignalSpec): void {
  step.emit({
    type: 'signal.thrown',
    signalId: `${step.state.instanceId}:${step.nextId('g')}`,
    name: signal.name,
    elementId,
    payload: {},
  });
}

export function enterEndEvent(step: Step, a: Arrival, el: EndEventElement): void {
  const { tokenId, scopeId } = a;
  if (el.kind === 'compensation') {
    // The token waits at the end event while the scope is undone, then ends (Step.leave: no flows).
    throwCompensation(step, step.state.tokens.get(tokenId)!, el.id, el.activityRef);
    return;
  }
  if (el.kind === 'signal' && el.signal) throwSignal(step, el.id, el.signal);
  if (el.kind === 'escalation') {
    const token = step.state.tokens.get(tokenId)!;
    if (!throwEscalation(step, token, el.id, el.escalationCode ?? '')) return;
  }
  step.emit({ type: 'token.ended', tokenId, elementId: el.id });
  if (el.kind === 'terminate') {
    step.cancelScopeTokens(scopeId);
    step.completeScope(scopeId);
  } else if (el.kind === 'cancel') {
    cancelTransaction(step, scopeId);
  } else if (el.kind === 'error') {
    const error = new PlatformError(
      'PRECONDITION_FAILED',
      el.errorMessage ?? `Error end event '${el.id}' (${el.errorCode ?? 'ERROR'})`,
      {
        retryable: false,
        details: { bpmnErrorCode: el.errorCode ?? 'ERROR', elementId: el.id },
      },
    ).toJSON();
    throwFromScope(step, scopeId, error);
  } else {
    step.checkScope(scopeId);
  }
}

export function enterIntermediateThrowEvent(step: Step, a: Arrival, el: IntermediateThrowEventElement): void {
  const token: Token = step.state.tokens.get(a.tokenId)!;
  if (el.kind === 'link') {
    const target = step.def.linkTarget(el.id)!;
    step.arrive(token.id, target);
    return;
  }
  if (el.kind === 'compensation') {
    throwCompensation(step, token, el.id, el.activityRef);
    return;
  }
  if (el.kind === 'signal' && el.signal) throwSignal(step, el.id, el.signal);
  if (el.kind === 'escalation' && !throwEscalation(step, token, el.id, el.escalationCode ?? '')) return;
  step.leave(token.id, el.id);
}

export function enterIntermediateCatchEvent(step: Step, a: Arrival, el: IntermediateCatchEventElement): void {
  const { tokenId } = a;
  if (el.link !== undefined) {
    step.leave(tokenId, el.id);
    return;
  }
  if (el.conditional) {
    waitForCondition(step, tokenId, el.id, 'catch');
    return;
  }
  try {
    if (el.timer) {
      const dueAt = step.dueAt(el.timer);
      if (dueAt === undefined) {
        step.leave(tokenId, el.id);
        return;
      }
      step.emit({
        type: 'timer.scheduled',
        timerId: step.nextId('tm'),
        elementId: el.id,
        purpose: 'catch',
        dueAt,
        tokenId,
      });
    } else if (el.message) {
      const key = step.correlationKey(el.message.correlationKey);
      step.emit({
        type: 'message.subscribed',
        subscriptionId: step.nextId('m'),
        name: el.message.name,
        correlationKey: key,
        elementId: el.id,
        tokenId,
        purpose: 'catch',
      });
    } else if (el.signal) {
      subscribeSignal(step, tokenId, el.id, el.signal.name, 'catch');
    }
  } catch (err) {
    step.incident(el.id, tokenId, errorOf(err));
  }
}

export function onTimerFired(step: Step, timerId: string): void {
  const t = step.state.timers.get(timerId);
  if (!t) return;
  step.emit({ type: 'timer.fired', timerId });
  const token = t.tokenId ? step.state.tokens.get(t.tokenId) : undefined;
  switch (t.purpose) {
    case 'retry':
      retryTimerFired(step, t);
      return;
    case 'catch':
      if (token) step.leave(token.id, t.elementId);
      return;
    case 'gateway':
      if (token) winRace(step, token, t.gatewayId!, t.elementId);
      return;
    case 'sla':
      slaTimerFired(step, t, token);
      return;
    case 'boundary':
      boundaryTimerFired(step, t, token);
      return;
    case 'eventSub':
      eventSubTimerFired(step, t);
      return;
  }
}

export function onMessage(
  step: Step,
  subscriptionId: string,
  name: string,
  payload: JsonValue,
  messageId: string,
): void {
  const s = step.state.subscriptions.get(subscriptionId);
  if (!s) return;
  step.emit({ type: 'message.received', subscriptionId, name, payload, messageId });
  if (s.purpose === 'eventSub') {
    eventSubMessage(step, s, payload);
    return;
  }
  const token = step.state.tokens.get(s.tokenId);
  if (!token) return;
  const el = step.def.element(s.elementId).element;
  const caught = isJsonObject(payload) ? payload : { payload };
  if (el.type === 'boundaryEvent') {
    // The payload reaches the process through the boundary's output mapping, or whole without one.
    if (!el.output && isJsonObject(payload)) step.setVariables(payload, `message:${name}`, s.elementId);
    fireBoundary(step, token, el, caught, {
      rearm: () => {
        if (el.signal) subscribeSignal(step, token.id, el.id, el.signal.name, 'boundary');
      },
    });
    return;
  }
  try {
    const mapping = el.type === 'intermediateCatchEvent' ? el.output : undefined;
    const changes = mapping ? step.evalMapping(mapping, caught) : isJsonObject(payload) ? payload : {};
    step.setVariables(changes, `message:${name}`, s.elementId);
  } catch (err) {
    step.incident(s.elementId, token.id, errorOf(err));
    return;
  }
  if (s.purpose === 'catch') step.leave(token.id, s.elementId);
  else if (s.purpose === 'gateway') winRace(step, token, s.gatewayId!, s.elementId);
}

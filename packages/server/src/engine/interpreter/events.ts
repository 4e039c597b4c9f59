// Events: the instance start (plain, timer or message start event), end events (none, terminate,
// error), intermediate catch events (timer, message), and the dispatch of a fired timer or a received
// message to whatever waits for it (a catch event, a gateway race, a boundary, a retry, an SLA).
import { PlatformError, type JsonValue } from '../../errors.js';
import type { EndEventElement, IntermediateCatchEventElement } from '../model/types.js';
import { checkVariables, isJsonObject } from '../model/variables.js';
import { boundaryTimerFired, fireBoundary } from './boundaries.js';
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
  step.leave(token, startElementId);
}

export function enterEndEvent(step: Step, a: Arrival, el: EndEventElement): void {
  const { tokenId, scopeId } = a;
  step.emit({ type: 'token.ended', tokenId, elementId: el.id });
  if (el.kind === 'terminate') {
    step.cancelScopeTokens(scopeId);
    step.completeScope(scopeId);
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

export function enterIntermediateCatchEvent(step: Step, a: Arrival, el: IntermediateCatchEventElement): void {
  const { tokenId } = a;
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
  const token = step.state.tokens.get(s.tokenId);
  if (!token) return;
  const el = step.def.element(s.elementId).element;
  try {
    const mapping = el.type === 'intermediateCatchEvent' ? el.output : undefined;
    const changes = mapping
      ? step.evalMapping(mapping, isJsonObject(payload) ? payload : { payload })
      : isJsonObject(payload)
        ? payload
        : {};
    step.setVariables(changes, `message:${name}`, s.elementId);
  } catch (err) {
    step.incident(s.elementId, token.id, errorOf(err));
    return;
  }
  if (s.purpose === 'catch') step.leave(token.id, s.elementId);
  else if (s.purpose === 'gateway') winRace(step, token, s.gatewayId!, s.elementId);
  else if (el.type === 'boundaryEvent') fireBoundary(step, token, el, () => undefined);
}

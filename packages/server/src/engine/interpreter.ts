// The pure workflow interpreter: (definition, state rebuilt from history, one input, now) → new history
// events. No I/O, no clock, no randomness: ids derive from history positions and time is injected, so
// the same history and input always give the same events. Side effects are requested through events
// (`activity.scheduled`, `timer.scheduled`, …) that the runner turns into commands after committing.
// This module wires the element semantics of interpreter/ (one file per concept) into the step core.
import { PlatformError } from '../errors.js';
import type { HistoryEvent } from './history-events.js';
import type { InstanceState } from './instance-state.js';
import type { ElementType, FlowElement } from './model/types.js';
import { settleConditions } from './interpreter/conditions.js';
import {
  enterEndEvent,
  enterIntermediateCatchEvent,
  enterIntermediateThrowEvent,
  onMessage,
  onTimerFired,
  startInstance,
} from './interpreter/events.js';
import { enterComplexGateway, settleComplexResets } from './interpreter/complex-gateway.js';
import { raiseIncident } from './interpreter/failures.js';
import {
  enterEventBasedGateway,
  enterInclusiveGateway,
  enterParallelGateway,
  exclusiveOutgoing,
  inclusiveOutgoing,
  settleInclusiveJoins,
} from './interpreter/gateways.js';
import type { Input, InterpreterContext } from './interpreter/input.js';
import { applyOperatorCommand } from './interpreter/operator-commands.js';
import { conflict, Step, type Arrival, type Semantics } from './interpreter/step.js';
import {
  enterCallActivity,
  enterSubProcess,
  onChildCompleted,
  onChildFailed,
} from './interpreter/sub-processes.js';
import {
  enterScriptTask,
  enterServiceTask,
  enterUserTask,
  onActivityCompleted,
  onActivityExternal,
  onActivityFailed,
  onUserTaskCompleted,
} from './interpreter/tasks.js';

export type { Input, InterpreterContext } from './interpreter/input.js';
export { retryDelayMs } from './interpreter/tasks.js';

type Enter<T extends ElementType> = (
  step: Step,
  arrival: Arrival,
  element: Extract<FlowElement, { type: T }>,
) => void;

/**
 * What a token does on arriving at each element type; elements that only pass through leave at once
 * (an exclusive gateway chooses its flow as the token leaves: `outgoing` below).
 */
const passThrough = (step: Step, a: Arrival): void => step.leave(a.tokenId, a.element.element.id);
const ENTER: { [T in ElementType]: Enter<T> } = {
  startEvent: passThrough,
  task: passThrough,
  boundaryEvent: passThrough,
  exclusiveGateway: passThrough,
  endEvent: enterEndEvent,
  intermediateCatchEvent: enterIntermediateCatchEvent,
  intermediateThrowEvent: enterIntermediateThrowEvent,
  scriptTask: enterScriptTask,
  serviceTask: enterServiceTask,
  userTask: enterUserTask,
  parallelGateway: enterParallelGateway,
  eventBasedGateway: enterEventBasedGateway,
  inclusiveGateway: enterInclusiveGateway,
  complexGateway: enterComplexGateway,
  subProcess: enterSubProcess,
  callActivity: enterCallActivity,
};

const SEMANTICS: Semantics = {
  enter(step, arrival) {
    const el = arrival.element.element;
    (ENTER[el.type] as Enter<ElementType>)(step, arrival, el);
  },
  outgoing(step, tokenId, c) {
    if (c.element.type === 'exclusiveGateway') return exclusiveOutgoing(step, tokenId, c);
    if (c.element.type === 'inclusiveGateway' || c.element.type === 'complexGateway')
      return inclusiveOutgoing(step, tokenId, c);
    return c.outgoing;
  },
  settle: (step) => settleConditions(step) || settleInclusiveJoins(step) || settleComplexResets(step),
  incident: raiseIncident,
};

/**
 * Decides the events that follow `input` for the instance in `state`, applying them to `state` as
 * they are emitted. Stale inputs (a timer already cancelled, a late result of a cancelled activity)
 * yield no events. Operator inputs that make no sense in the current state throw CONFLICT; bad
 * variables throw VALIDATION.
 */
export function decide(state: InstanceState, input: Input, ctx: InterpreterContext): HistoryEvent[] {
  const step = new Step(state, ctx, SEMANTICS);
  if (input.kind === 'start') {
    if (state.seq !== 0)
      throw conflict(`Instance ${state.instanceId} already exists`, { instanceId: state.instanceId });
    startInstance(step, input);
    step.run();
    return step.events;
  }
  if (state.seq === 0)
    throw new PlatformError('NOT_FOUND', `Instance ${state.instanceId} has no history`, {
      details: { instanceId: state.instanceId },
    });
  switch (input.kind) {
    case 'suspend':
    case 'resume':
    case 'cancel':
    case 'setVariables':
    case 'retryIncident':
    case 'migrate':
      applyOperatorCommand(step, input);
      step.run();
      return step.events;
  }
  if (state.isTerminal) return [];
  switch (input.kind) {
    case 'activityCompleted':
      onActivityCompleted(step, input.activityId, input.result);
      break;
    case 'activityFailed':
      onActivityFailed(step, input.activityId, input.error);
      break;
    case 'activityExternal':
      onActivityExternal(step, input.activityId);
      break;
    case 'timerFired':
      onTimerFired(step, input.timerId);
      break;
    case 'messageReceived':
      onMessage(step, input.subscriptionId, input.name, input.payload, input.messageId);
      break;
    case 'userTaskCompleted':
      onUserTaskCompleted(step, input.taskId, input.data, input.actor);
      break;
    case 'childCompleted':
      onChildCompleted(step, input.childInstanceId, input.variables);
      break;
    case 'childFailed':
      onChildFailed(step, input.childInstanceId, input.error);
      break;
  }
  step.run();
  return step.events;
}

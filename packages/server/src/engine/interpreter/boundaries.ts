// Boundary events on activities and sub-processes: armed when the host is entered (timers, message and
// signal subscriptions, conditions; error and escalation boundaries are matched when thrown), fired
// interrupting (the host is cancelled and its token leaves through the boundary) or not (a new token
// runs on; cycles and signals re-arm). The boundary's output mapping runs over what it caught.
// Detaching on the host's completion is a core operation (Step.detachBoundaries).
import type { JsonValue } from '../../errors.js';
import { SIGNAL_PREFIX } from '../history-events.js';
import type { Token, TimerState } from '../instance-state.js';
import type { BoundaryEventElement } from '../model/types.js';
import { errorOf, type Step } from './step.js';

/** Subscribes `tokenId` to a signal (a broadcast message subscription without a key). */
export function subscribeSignal(
  step: Step,
  tokenId: string,
  elementId: string,
  name: string,
  purpose: 'catch' | 'boundary' | 'gateway' | 'eventSub',
  gatewayId?: string,
): void {
  step.emit({
    type: 'message.subscribed',
    subscriptionId: step.nextId('m'),
    name: `${SIGNAL_PREFIX}${name}`,
    correlationKey: null,
    elementId,
    tokenId,
    purpose,
    ...(gatewayId === undefined ? {} : { gatewayId }),
  });
}

export function attachBoundaries(step: Step, tokenId: string, hostId: string): void {
  for (const b of step.def.element(hostId).boundaries) {
    try {
      if (b.timer) {
        const dueAt = step.dueAt(b.timer);
        if (dueAt !== undefined)
          step.emit({
            type: 'timer.scheduled',
            timerId: step.nextId('tm'),
            elementId: b.id,
            purpose: 'boundary',
            dueAt,
            tokenId,
          });
      } else if (b.message) {
        const key = step.correlationKey(b.message.correlationKey);
        step.emit({
          type: 'message.subscribed',
          subscriptionId: step.nextId('m'),
          name: b.message.name,
          correlationKey: key,
          elementId: b.id,
          tokenId,
          purpose: 'boundary',
        });
      } else if (b.signal) {
        subscribeSignal(step, tokenId, b.id, b.signal.name, 'boundary');
      } else if (b.conditional) {
        step.emit({
          type: 'condition.waiting',
          conditionId: step.nextId('k'),
          elementId: b.id,
          tokenId,
          purpose: 'boundary',
        });
      }
    } catch (err) {
      step.incident(b.id, undefined, errorOf(err));
    }
  }
}

/**
 * A boundary event fired on `host`: its output mapping is evaluated over `caught` (what it caught) and
 * set with `preset`, then it interrupts the host, or spawns a token and lets the host run on (`rearm`
 * arms it again).
 */
export function fireBoundary(
  step: Step,
  host: Token,
  b: BoundaryEventElement,
  caught: Record<string, JsonValue>,
  options: { rearm?: () => void; preset?: Record<string, JsonValue> } = {},
): void {
  const changes: Record<string, JsonValue> = { ...options.preset };
  try {
    if (b.output) Object.assign(changes, step.evalMapping(b.output, caught));
  } catch (err) {
    step.incident(b.id, host.id, errorOf(err));
    return;
  }
  if (b.interrupting === false) {
    const id = step.nextId('t');
    step.emit({ type: 'token.created', tokenId: id, scopeId: host.scopeId, elementId: b.id });
    step.setVariables(changes, 'system', b.id);
    options.rearm?.();
    step.leave(id, b.id);
    return;
  }
  step.interruptHost(host);
  step.setVariables(changes, 'system', b.id);
  step.leave(host.id, b.id);
}

/** A boundary timer fell due; a non-interrupting cycle arms its next occurrence. */
export function boundaryTimerFired(step: Step, t: TimerState, token: Token | undefined): void {
  if (!token) return;
  const b = step.def.element(t.elementId).element;
  if (b.type !== 'boundaryEvent') return;
  fireBoundary(
    step,
    token,
    b,
    {},
    {
      rearm: () => {
        if (b.timer?.kind !== 'cycle') return;
        const dueAt = step.dueAt(b.timer, t.iteration + 1, t.dueAt);
        if (dueAt !== undefined) {
          step.emit({
            type: 'timer.scheduled',
            timerId: step.nextId('tm'),
            elementId: b.id,
            purpose: 'boundary',
            dueAt,
            tokenId: token.id,
            iteration: t.iteration + 1,
          });
        }
      },
    },
  );
}

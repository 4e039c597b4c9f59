// Boundary events on activities and sub-processes: armed when the host is entered (timers and
// message subscriptions; error boundaries are matched in failures.ts), fired interrupting (the host is
// cancelled and its token leaves through the boundary) or not (a new token runs on, cycles re-arm).
// Detaching on the host's completion is a core operation (Step.detachBoundaries).
import type { Token, TimerState } from '../instance-state.js';
import type { BoundaryEventElement } from '../model/types.js';
import { errorOf, type Step } from './step.js';

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
      }
    } catch (err) {
      step.incident(b.id, undefined, errorOf(err));
    }
  }
}

/** A boundary timer or message fired on `host`: interrupt it, or spawn a token and let it run on. */
export function fireBoundary(step: Step, host: Token, b: BoundaryEventElement, rearm: () => void): void {
  if (b.interrupting === false) {
    const id = step.nextId('t');
    step.emit({ type: 'token.created', tokenId: id, scopeId: host.scopeId, elementId: b.id });
    rearm();
    step.leave(id, b.id);
    return;
  }
  step.interruptHost(host);
  step.leave(host.id, b.id);
}

/** A boundary timer fell due; a non-interrupting cycle arms its next occurrence. */
export function boundaryTimerFired(step: Step, t: TimerState, token: Token | undefined): void {
  if (!token) return;
  const b = step.def.element(t.elementId).element;
  if (b.type !== 'boundaryEvent') return;
  fireBoundary(step, token, b, () => {
    if (b.timer && b.timer.kind === 'cycle') {
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
    }
  });
}

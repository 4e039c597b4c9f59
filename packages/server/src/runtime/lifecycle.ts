// Lifecycle of a hired instance: created → active ⇄ sleeping → retired, with escalated (waiting on
// a human) and paused (by the customer) on the side. Illegal moves fail with CONFLICT.
import { PlatformError } from '../errors.js';

export type LifecycleState = 'created' | 'active' | 'sleeping' | 'escalated' | 'paused' | 'retired';
export type LifecycleAction =
  'activate' | 'wake' | 'sleep' | 'escalate' | 'resolve' | 'pause' | 'resume' | 'retire';

const transitions: Record<LifecycleAction, { from: readonly LifecycleState[]; to: LifecycleState }> = {
  activate: { from: ['created'], to: 'active' },
  wake: { from: ['sleeping', 'escalated'], to: 'active' },
  sleep: { from: ['active'], to: 'sleeping' },
  escalate: { from: ['active', 'sleeping'], to: 'escalated' },
  resolve: { from: ['escalated'], to: 'sleeping' },
  pause: { from: ['active', 'sleeping', 'escalated'], to: 'paused' },
  resume: { from: ['paused'], to: 'sleeping' },
  retire: { from: ['created', 'active', 'sleeping', 'escalated', 'paused'], to: 'retired' },
};

export function canTransition(state: LifecycleState, action: LifecycleAction): boolean {
  return transitions[action].from.includes(state);
}

/** The state after `action`; CONFLICT (details: from, action, allowedFrom) when not allowed. */
export function transition(state: LifecycleState, action: LifecycleAction): LifecycleState {
  const t = transitions[action];
  if (!t)
    throw new PlatformError('VALIDATION', `Unknown lifecycle action ${JSON.stringify(action)}`, {
      details: { field: 'action' },
    });
  if (!t.from.includes(state)) {
    throw new PlatformError('CONFLICT', `Cannot ${action} an agent that is ${state}`, {
      details: { from: state, action, allowedFrom: [...t.from] },
    });
  }
  return t.to;
}

/** States in which an instance reacts to triggers (paused, retired and created ones do not). */
export function isWakeable(state: LifecycleState): boolean {
  return state === 'active' || state === 'sleeping' || state === 'escalated';
}

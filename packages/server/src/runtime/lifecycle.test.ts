import { describe, expect, it } from 'vitest';
import { HealthTracker } from './health.js';
import {
  canTransition,
  isWakeable,
  transition,
  type LifecycleAction,
  type LifecycleState,
} from './lifecycle.js';

describe('lifecycle', () => {
  it('follows created → active ⇄ sleeping → retired', () => {
    let s: LifecycleState = 'created';
    for (const [action, expected] of [
      ['activate', 'active'],
      ['sleep', 'sleeping'],
      ['wake', 'active'],
      ['escalate', 'escalated'],
      ['resolve', 'sleeping'],
      ['pause', 'paused'],
      ['resume', 'sleeping'],
      ['retire', 'retired'],
    ] as Array<[LifecycleAction, LifecycleState]>) {
      s = transition(s, action);
      expect(s).toBe(expected);
    }
  });

  it('rejects illegal moves with CONFLICT naming the states', () => {
    expect(() => transition('retired', 'resume')).toThrow(
      expect.objectContaining({
        code: 'CONFLICT',
        details: expect.objectContaining({ from: 'retired', action: 'resume' }),
      }),
    );
    expect(() => transition('created', 'sleep')).toThrow(/Cannot sleep an agent that is created/);
    expect(() => transition('sleeping', 'resume')).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(canTransition('paused', 'wake')).toBe(false);
    expect([
      isWakeable('paused'),
      isWakeable('retired'),
      isWakeable('created'),
      isWakeable('escalated'),
    ]).toEqual([false, false, false, true]);
  });
});

describe('HealthTracker', () => {
  it('is healthy, then degraded by failures or budget, then down after 5 failures in a row', () => {
    const h = new HealthTracker();
    for (let i = 0; i < 10; i++) h.record(true);
    expect(h.report({ lifecycle: 'sleeping' }).status).toBe('healthy');
    expect(h.report({ lifecycle: 'sleeping', budgetUtilisation: 0.92 })).toMatchObject({
      status: 'degraded',
      reasons: ['budget 92 % used'],
    });
    for (let i = 0; i < 3; i++) h.record(false);
    expect(h.report({ lifecycle: 'sleeping' }).status).toBe('degraded');
    h.record(false);
    h.record(false);
    expect(h.report({ lifecycle: 'sleeping' })).toMatchObject({ status: 'down', recentFailures: 5 });
    h.record(true);
    expect(h.report({ lifecycle: 'active', breaker: 'open' }).status).toBe('down');
    expect(h.report({ lifecycle: 'retired' }).reasons).toContain('retired');
  });
});

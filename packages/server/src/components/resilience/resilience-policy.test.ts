import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../clock.js';
import { PlatformError } from '../../errors.js';
import { createKillSwitch } from '../kill-switch/kill-switch.js';
import type { DeadLetterSink } from './dead-letter-sink.js';
import { createResiliencePolicy } from './resilience-policy.js';

// cockatiel schedules its backoff and timeouts with the global timers and reads Date.now for the
// breaker, so these tests drive vitest's fake timers rather than the platform FakeClock.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const transient = () => new PlatformError('UNAVAILABLE', 'down');

function memorySink(): DeadLetterSink & { entries: unknown[] } {
  const entries: unknown[] = [];
  return {
    entries,
    async put(e) {
      const full = { ...e, id: `d${entries.length}`, at: 0 };
      entries.push(full);
      return full;
    },
    async list() {
      return { items: [] };
    },
    async count() {
      return entries.length;
    },
  };
}

describe('createResiliencePolicy', () => {
  it('retries with exponential backoff and succeeds on the third attempt', async () => {
    const policy = createResiliencePolicy({
      name: 'db',
      retry: { maxRetries: 3, initialDelayMs: 100, jitter: false },
    });
    const calledAt: number[] = [];
    const start = Date.now();
    const fn = vi.fn(async () => {
      calledAt.push(Date.now() - start);
      if (calledAt.length < 3) throw transient();
      return 'ok';
    });
    const result = policy.execute(fn);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(result).resolves.toBe('ok');
    expect(calledAt).toEqual([0, 100, 300]);
    expect(policy.stats()).toMatchObject({ calls: 1, successes: 1, retries: 2 });
  });

  it('keeps jittered delays within the cap', async () => {
    const policy = createResiliencePolicy({
      name: 'j',
      retry: { maxRetries: 5, initialDelayMs: 100, maxDelayMs: 400 },
    });
    const calledAt: number[] = [];
    const result = policy.execute(async () => {
      calledAt.push(Date.now());
      throw transient();
    });
    const settled = expect(result).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await vi.advanceTimersByTimeAsync(5000);
    await settled;
    expect(calledAt).toHaveLength(6);
    for (let i = 1; i < calledAt.length; i++)
      expect(calledAt[i]! - calledAt[i - 1]!).toBeLessThanOrEqual(400);
  });

  it('does not retry non-transient errors', async () => {
    const policy = createResiliencePolicy({ name: 'v', retry: { maxRetries: 3 } });
    const fn = vi.fn(async () => {
      throw new PlatformError('VALIDATION', 'bad');
    });
    await expect(policy.execute(fn)).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('opens a consecutive breaker after 3 failures, fails fast, half-opens after the delay and closes on one success', async () => {
    const policy = createResiliencePolicy({
      name: 'llm',
      retry: false,
      breaker: { kind: 'consecutive', threshold: 3, halfOpenAfterMs: 60_000 },
    });
    const states: string[] = [];
    policy.onBreakerStateChange((s) => states.push(s));
    for (let i = 0; i < 3; i++)
      await expect(policy.execute(async () => Promise.reject(transient()))).rejects.toMatchObject({
        code: 'UNAVAILABLE',
      });
    expect(policy.breakerState).toBe('open');
    const fn = vi.fn(async () => 'x');
    await expect(policy.execute(fn)).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    await expect(policy.execute(fn)).resolves.toBe('x');
    expect(policy.breakerState).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
    expect(policy.stats()).toMatchObject({ breakerOpened: 1, rejectedOpen: 1 });
  });

  it('rate breaker: 3 failures of 5 calls open it; 3 failures below the minimum of 10 calls do not', async () => {
    const fail = async () => Promise.reject(transient());
    const ok = async () => 'ok';
    const a = createResiliencePolicy({
      name: 'a',
      retry: false,
      breaker: { kind: 'rate', threshold: 0.5, size: 10, minimumCalls: 5, halfOpenAfterMs: 1000 },
    });
    for (const f of [ok, fail, ok, fail, fail]) await a.execute(f).catch(() => undefined);
    expect(a.breakerState).toBe('open');
    const b = createResiliencePolicy({
      name: 'b',
      retry: false,
      breaker: { kind: 'rate', threshold: 0.5, size: 20, minimumCalls: 10, halfOpenAfterMs: 1000 },
    });
    for (const f of [fail, fail, fail]) await b.execute(f).catch(() => undefined);
    expect(b.breakerState).toBe('closed');
  });

  it("hands the caller's signal through, and none when there is nothing to abort on", async () => {
    const policy = createResiliencePolicy({ name: 'plain', retry: false });
    expect(await policy.execute(async (signal) => signal)).toBeUndefined();
    const caller = new AbortController().signal;
    expect(await policy.execute(async (signal) => signal, { signal: caller })).toBe(caller);
  });

  it('times out a hanging attempt with TIMEOUT and aborts its signal', async () => {
    const policy = createResiliencePolicy({ name: 'slow', retry: false, timeoutMs: 500 });
    let aborted = false;
    const result = policy.execute(
      (signal) =>
        new Promise<string>(() => {
          // A timeout layer always hands its attempt a signal.
          signal!.addEventListener('abort', () => {
            aborted = true;
          });
        }),
    );
    const settled = expect(result).rejects.toMatchObject({ code: 'TIMEOUT' });
    await vi.advanceTimersByTimeAsync(500);
    await settled;
    expect(aborted).toBe(true);
    expect(policy.stats().timeouts).toBe(1);
  });

  it('rejects calls beyond the bulkhead with UNAVAILABLE', async () => {
    const policy = createResiliencePolicy({ name: 'bh', retry: false, bulkhead: { limit: 1 } });
    let release!: () => void;
    const first = policy.execute(() => new Promise<void>((r) => (release = r)));
    await expect(policy.execute(async () => undefined)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      details: { reason: 'bulkhead-full' },
    });
    release();
    await first;
  });

  it('hands a final failure to the dead-letter sink and then uses the fallback', async () => {
    const sink = memorySink();
    const policy = createResiliencePolicy({
      name: 'send',
      retry: { maxRetries: 1, initialDelayMs: 10, jitter: false },
      deadLetters: sink,
    });
    const result = policy.execute(async () => Promise.reject(transient()), {
      deadLetter: { payload: { to: 'x' }, tenantId: 't1' },
      fallback: (err) => `fallback:${err.code}`,
    });
    await vi.advanceTimersByTimeAsync(100);
    await expect(result).resolves.toBe('fallback:UNAVAILABLE');
    expect(sink.entries).toEqual([
      expect.objectContaining({
        source: 'send',
        payload: { to: 'x' },
        attempts: 2,
        tenantId: 't1',
        error: expect.objectContaining({ code: 'UNAVAILABLE' }),
      }),
    ]);
  });

  it('runs the operation once, unguarded, when the resilience kill switch is on', async () => {
    const ks = createKillSwitch({ disabled: ['resilience'] });
    const policy = createResiliencePolicy({ name: 'k', retry: { maxRetries: 3 }, killSwitch: ks });
    const fn = vi.fn(async () => Promise.reject(transient()));
    await expect(policy.execute(fn)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe('createResiliencePolicy on an injected clock', () => {
  beforeEach(() => {
    vi.useRealTimers();
  });

  it('measures the open period on an injected clock', async () => {
    const clock = new FakeClock();
    const policy = createResiliencePolicy({
      name: 'c',
      retry: false,
      clock,
      breaker: { kind: 'consecutive', threshold: 1, halfOpenAfterMs: 5000 },
    });
    await expect(policy.execute(async () => Promise.reject(transient()))).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    await expect(policy.execute(async () => 'x')).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    await clock.advance(4999);
    await expect(policy.execute(async () => 'x')).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    await clock.advance(1);
    await expect(policy.execute(async () => 'x')).resolves.toBe('x');
    expect(policy.breakerState).toBe('closed');
  });
});

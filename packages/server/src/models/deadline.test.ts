import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { Deadline } from './deadline.js';

describe('Deadline', () => {
  it('rejects a pending race with a retryable TIMEOUT when the clock reaches the deadline, and aborts its signal', async () => {
    const clock = new FakeClock();
    const d = new Deadline(clock, 100, undefined, 'test call', { provider: 'p' });
    const outcome = d.race(new Promise(() => undefined)).catch((e: unknown) => e);
    await clock.advance(99);
    expect(d.signal.aborted).toBe(false);
    await clock.advance(1);
    expect(await outcome).toMatchObject({
      code: 'TIMEOUT',
      retryable: true,
      message: 'test call timed out after 100 ms',
      details: { provider: 'p', reason: 'timeout', timeoutMs: 100 },
    });
    expect(d.signal.aborted).toBe(true);
    expect(d.endedBy).toBe('timeout');
  });

  it('turns a caller abort into a non-retryable TIMEOUT, also when aborted before it started', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const d = new Deadline(clock, 100, controller.signal, 'x');
    const outcome = d.race(new Promise(() => undefined)).catch((e: unknown) => e);
    controller.abort();
    expect(await outcome).toMatchObject({
      code: 'TIMEOUT',
      retryable: false,
      details: { reason: 'aborted' },
    });
    const pre = new Deadline(clock, 100, controller.signal, 'y');
    expect(pre.endedBy).toBe('aborted');
    await expect(pre.race(new Promise(() => undefined))).rejects.toMatchObject({
      code: 'TIMEOUT',
      retryable: false,
    });
    expect(pre.signal.aborted).toBe(true);
  });

  it('lets finished work through and leaves no timer behind after dispose', async () => {
    const clock = new FakeClock();
    const d = new Deadline(clock, 100, undefined, 'x');
    await expect(d.race(Promise.resolve('done'))).resolves.toBe('done');
    d.dispose();
    expect(clock.pending).toBe(0);
    expect(d.error).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { createKillSwitch } from '../kill-switch/kill-switch.js';
import { SlidingWindowRateLimiter } from './rate-limiter.js';

describe('SlidingWindowRateLimiter', () => {
  it('lets 3 requests per second through, blocks the 4th, and slides', async () => {
    const clock = new FakeClock();
    const rl = new SlidingWindowRateLimiter({ clock, windowMs: 1000 });
    rl.setLimit('agent:a', 3);
    expect([rl.tryAcquire('agent:a'), rl.tryAcquire('agent:a')].every((d) => d.allowed)).toBe(true);
    await clock.advance(400);
    expect(rl.tryAcquire('agent:a').allowed).toBe(true);
    const blocked = rl.tryAcquire('agent:a');
    expect(blocked).toMatchObject({ allowed: false, count: 3, retryAfterMs: 600 });
    await clock.advance(599);
    expect(rl.tryAcquire('agent:a').allowed).toBe(false);
    await clock.advance(1);
    // The first two fell out of the window; one slot is taken again at once.
    expect(rl.tryAcquire('agent:a')).toMatchObject({ allowed: true, count: 2 });
    expect(rl.count('agent:a')).toBe(2);
  });

  it('throws RATE_LIMITED from acquire and never limits unknown keys or a switched-off limiter', () => {
    const clock = new FakeClock();
    const ks = createKillSwitch();
    const rl = new SlidingWindowRateLimiter({ clock, killSwitch: ks });
    rl.setLimit('k', 1);
    rl.acquire('k');
    expect(() => rl.acquire('k')).toThrow(
      expect.objectContaining({
        code: 'RATE_LIMITED',
        details: expect.objectContaining({ key: 'k', retryAfterMs: 60_000 }),
      }),
    );
    expect(rl.tryAcquire('other').allowed).toBe(true);
    ks.set('ratelimit', true);
    expect(rl.tryAcquire('k').allowed).toBe(true);
    expect(() => rl.setLimit('k', -1)).toThrow(/limit/);
  });
});

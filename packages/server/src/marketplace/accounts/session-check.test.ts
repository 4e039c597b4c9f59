// SessionCheck: a revocation made in this process while a session read is in flight is not undone
// by that read (the token dies at log-out even when a request overlapped it).
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import type { Store } from '../../store/store.js';
import { SessionCheck } from './session-check.js';

describe('SessionCheck', () => {
  it('keeps a revocation that happened while a read was in flight', async () => {
    const open = { id: 'ses_1', data: { userId: 'usr_1', revokedAt: null, revokedReason: null } };
    let answer = (): void => undefined;
    let reads = 0;
    const store = {
      sessions: {
        get: () => {
          reads++;
          return new Promise((resolve) => (answer = () => resolve(open)));
        },
      },
    } as unknown as Store;
    const check = new SessionCheck(store, new FakeClock(), 5000);
    const inFlight = check.isLive('ses_1', 'usr_1');
    check.revoked('ses_1');
    answer();
    expect(await inFlight).toBe(false);
    expect(await check.isLive('ses_1', 'usr_1')).toBe(false);
    expect(reads).toBe(1);
  });

  it('knows an answer without a read only while it is fresh, and a revocation for good', async () => {
    const open = { id: 'ses_1', data: { userId: 'usr_1', revokedAt: null, revokedReason: null } };
    const store = { sessions: { get: async () => open } } as unknown as Store;
    const clock = new FakeClock();
    const check = new SessionCheck(store, clock, 5000);
    expect(check.knownLive('ses_1', 'usr_1')).toBeUndefined();
    expect(await check.isLive('ses_1', 'usr_1')).toBe(true);
    expect(check.knownLive('ses_1', 'usr_1')).toBe(true);
    expect(check.knownLive('ses_1', 'usr_2')).toBe(false);
    await clock.advance(5000);
    expect(check.knownLive('ses_1', 'usr_1')).toBeUndefined();
    check.revoked('ses_1');
    await clock.advance(60_000);
    expect(check.knownLive('ses_1', 'usr_1')).toBe(false);
  });
});

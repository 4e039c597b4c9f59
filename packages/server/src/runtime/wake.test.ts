import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { WakePolicy, nextCronRun } from './wake-policy.js';
import { WakeScheduler, type ScheduledWake } from './wake-scheduler.js';

describe('WakePolicy.shouldWake', () => {
  const policy = () =>
    new WakePolicy([
      { kind: 'event', pattern: 'github.pr.opened', name: 'pr' },
      {
        kind: 'event',
        pattern: 'github.file.*',
        when: (e) => !String((e.payload as { path?: string })?.path).endsWith('README.md'),
        name: 'files',
      },
      { kind: 'threshold', pattern: 'sales.lead.created', atLeast: 10, maxWaitMs: 300_000, name: 'leads' },
    ]);

  it('wakes for matching events and is deterministic (same answer twice)', () => {
    const p = policy();
    const e = { type: 'github.pr.opened' };
    expect(p.shouldWake(e, 0)).toEqual({ wake: true, reason: 'event:pr', trigger: 'pr' });
    expect(p.shouldWake(e, 0)).toEqual(p.shouldWake(e, 0));
    expect(p.shouldWake({ type: 'github.file.created', payload: { path: 'src/a.ts' } }, 0).wake).toBe(true);
    expect(p.shouldWake({ type: 'github.file.created', payload: { path: 'README.md' } }, 0)).toEqual({
      wake: false,
      reason: 'filtered by files',
    });
  });

  it('ignores unknown and malformed events', () => {
    const p = policy();
    expect(p.shouldWake({ type: 'github.branch.deleted' }, 0)).toEqual({
      wake: false,
      reason: 'no matching trigger',
    });
    expect(p.shouldWake({ type: '' }, 0).wake).toBe(false);
    expect(p.shouldWake({} as never, 0).wake).toBe(false);
  });

  it('treats a throwing predicate as no', () => {
    const p = new WakePolicy([
      {
        kind: 'event',
        pattern: 'x.y',
        when: () => {
          throw new Error('bad');
        },
      },
    ]);
    expect(p.shouldWake({ type: 'x.y' }, 0).wake).toBe(false);
  });

  it('wakes at ≥ 10 new leads, or when the oldest lead waited 5 minutes', () => {
    const p = policy();
    for (let i = 0; i < 9; i++) expect(p.shouldWake({ type: 'sales.lead.created' }, 1000).wake).toBe(false);
    expect(p.shouldWake({ type: 'sales.lead.created' }, 1000)).toMatchObject({
      wake: true,
      reason: 'threshold:leads:count',
    });
    p.consume();
    expect(p.shouldWake({ type: 'sales.lead.created' }, 10_000).wake).toBe(false);
    expect(p.nextThresholdDue()).toBe(310_000);
    expect(p.dueThresholds(309_999)).toEqual([]);
    expect(p.dueThresholds(310_000)).toEqual(['leads']);
    expect(p.shouldWake({ type: 'sales.lead.created' }, 310_000)).toMatchObject({
      wake: true,
      reason: 'threshold:leads:age',
    });
  });

  it('rejects bad triggers at construction, naming the field', () => {
    expect(() => new WakePolicy([{ kind: 'event', pattern: 'a..b' }])).toThrow(
      expect.objectContaining({ details: { field: 'triggers[0].pattern' } }),
    );
    expect(() => new WakePolicy([{ kind: 'cron', schedule: 'every day' }])).toThrow(
      expect.objectContaining({
        code: 'VALIDATION',
        details: expect.objectContaining({ field: 'triggers[0]' }),
      }),
    );
    expect(() => new WakePolicy([{ kind: 'threshold', pattern: 'a' }])).toThrow(/atLeast or maxWaitMs/);
    expect(
      new WakePolicy([
        { kind: 'event', pattern: 'a.#' },
        { kind: 'threshold', pattern: 'a.#', atLeast: 2 },
        { kind: 'cron', schedule: '* * * * *' },
      ]).patterns(),
    ).toEqual(['a.#']);
  });
});

describe('WakeScheduler', () => {
  it('fires a cron schedule on the fake clock and re-arms', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 8, 58));
    const fired: ScheduledWake[] = [];
    const s = new WakeScheduler({ clock, onWake: async (w) => void fired.push(w) });
    s.scheduleCron('agent-1', 'sweep', { schedule: '*/5 * * * *' });
    await clock.advance(60_000);
    expect(fired).toEqual([]);
    await clock.advance(60_000);
    expect(fired.map((f) => new Date(f.at).toISOString())).toEqual(['2026-01-01T09:00:00.000Z']);
    await clock.advance(10 * 60_000);
    expect(fired).toHaveLength(3);
    expect(s.size).toBe(1);
    s.cancel('agent-1');
    await clock.advance(10 * 60_000);
    expect(fired).toHaveLength(3);
  });

  it('respects the schedule time zone', () => {
    const at = nextCronRun({ schedule: '0 9 * * *', timezone: 'Asia/Kolkata' }, Date.UTC(2026, 0, 1, 0, 0));
    expect(new Date(at!).toISOString()).toBe('2026-01-01T03:30:00.000Z');
  });

  it('fires a threshold deadline once and keeps going when a wake fails', async () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    let calls = 0;
    const s = new WakeScheduler({
      clock,
      onWake: async () => {
        calls += 1;
        throw new Error('handler failed');
      },
      onError: (err) => errors.push(err),
    });
    s.scheduleThreshold('a', clock.now() + 1000);
    s.scheduleThreshold('a', clock.now() + 2000);
    await clock.advance(1500);
    expect(calls).toBe(0);
    await clock.advance(500);
    expect(calls).toBe(1);
    expect(errors).toHaveLength(1);
    s.stop();
    s.scheduleThreshold('a', clock.now() + 10);
    await clock.advance(100);
    expect(calls).toBe(1);
  });
});

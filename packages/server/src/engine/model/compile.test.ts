import { describe, expect, it } from 'vitest';
import { isPlatformError } from '../../errors.js';
import { timers, workflow } from '../definitions/builder.js';
import { compileDefinition } from './compile.js';
import { addDuration, parseDuration } from './duration.js';
import { nextDueTime, validateTimer } from './timer.js';
import type { ProcessDefinition } from './types.js';

function problems(def: ProcessDefinition): Array<{ elementId: string; message: string }> {
  try {
    compileDefinition(def, 1);
    return [];
  } catch (err) {
    if (!isPlatformError(err, 'VALIDATION')) throw err;
    return (
      (err.details.errors as Array<{ elementId: string; message: string }>) ?? [
        { elementId: '?', message: err.message },
      ]
    );
  }
}

describe('definition validation', () => {
  it('accepts a well-formed definition and indexes it', () => {
    const def = compileDefinition(workflow('ok').start().service('a', 'a').end().build(), 3);
    expect(def.version).toBe(3);
    expect(def.element('a').outgoing[0]!.target).toBe('end');
    expect(def.noneStart(null)!.id).toBe('start');
  });

  it('names the element of every problem', () => {
    const def: ProcessDefinition = {
      id: 'bad',
      elements: [
        { id: 'start', type: 'startEvent' },
        { id: 'task', type: 'serviceTask', taskType: '' },
        { id: 'gw', type: 'exclusiveGateway' },
        { id: 'orphan', type: 'task' },
        { id: 'end', type: 'endEvent' },
      ],
      flows: [
        { id: 'f1', source: 'start', target: 'task' },
        { id: 'f2', source: 'task', target: 'gw' },
        { id: 'f3', source: 'gw', target: 'nowhere' },
        { id: 'f4', source: 'orphan', target: 'end' },
      ],
    };
    const found = problems(def);
    expect(found).toEqual(
      expect.arrayContaining([
        { elementId: 'task', message: expect.stringMatching(/needs a taskType/) },
        { elementId: 'f3', message: expect.stringMatching(/flow target 'nowhere' does not exist/) },
        { elementId: 'orphan', message: expect.stringMatching(/unreachable/) },
      ]),
    );
  });

  it('reports a gateway without outgoing flows and unconditioned exclusive branches', () => {
    const noOut: ProcessDefinition = {
      id: 'g',
      elements: [
        { id: 's', type: 'startEvent' },
        { id: 'gw', type: 'parallelGateway' },
        { id: 'e', type: 'endEvent' },
      ],
      flows: [{ id: 'f', source: 's', target: 'gw' }],
    };
    expect(problems(noOut)).toEqual(
      expect.arrayContaining([
        { elementId: 'gw', message: expect.stringMatching(/gateway has no outgoing flow/) },
      ]),
    );
    const unconditioned = workflow('u')
      .start()
      .exclusive('x')
      .task('a')
      .end('e1')
      .from('x')
      .task('b')
      .end('e2')
      .build();
    expect(problems(unconditioned).map((p) => p.elementId)).toEqual(['Flow_x_a', 'Flow_x_b']);
  });

  it('detects a join mismatch: an exclusive split closed by a parallel join', () => {
    const def = workflow('jm')
      .start()
      .exclusive('split')
      .when('a')
      .task('left')
      .parallel('join')
      .end()
      .from('split')
      .otherwise()
      .task('right')
      .to('join')
      .build();
    const found = problems(def);
    expect(found).toEqual([
      { elementId: 'join', message: expect.stringMatching(/parallel join can wait forever.*join mismatch/) },
    ]);
  });

  it('accepts a parallel join that matches its fork, also inside loops', () => {
    const def = workflow('pj')
      .start()
      .parallel('fork')
      .task('a')
      .parallel('join')
      .exclusive('again')
      .when('n < 3')
      .to('fork')
      .from('again')
      .otherwise()
      .end()
      .from('fork')
      .task('b')
      .to('join')
      .build();
    // The loop back to `fork` needs a merge; a gateway with two incoming flows is a join, so model
    // the loop through an exclusive merge instead.
    expect(problems(def).map((p) => p.elementId)).toContain('fork');
    const merged = workflow('pj2')
      .start()
      .exclusive('merge')
      .parallel('fork')
      .task('a')
      .parallel('join')
      .exclusive('again')
      .when('n < 3')
      .to('merge')
      .from('again')
      .otherwise()
      .end()
      .from('fork')
      .task('b')
      .to('join')
      .build();
    expect(problems(merged)).toEqual([]);
  });

  it('checks expressions, timers, boundaries and defaults at deploy', () => {
    const def = workflow('chk')
      .start()
      .service('t', 'x', { timeout: 'two hours', input: { a: 'len(' } })
      .timerCatch('tm', timers.cycle('not a cron'))
      .end()
      .boundary('b', 'nothing', { timer: timers.duration('PT1M') })
      .end('be')
      .build();
    const found = problems(def);
    expect(found.map((p) => p.elementId)).toEqual(expect.arrayContaining(['t', 'tm', 'b']));
    expect(found.find((p) => p.elementId === 't' && /timeout/.test(p.message))?.message).toMatch(
      /not an ISO-8601 duration/,
    );
    expect(problems({ ...workflow('idx').start().end().build(), id: 'has space' })[0]!.message).toMatch(
      /must match/,
    );
  });

  it('rejects duplicate ids and event-gateway targets that are not catch events', () => {
    const dup = workflow('dup').start().task('a').end().build();
    dup.elements.push({ id: 'a', type: 'task' });
    expect(problems(dup)[0]).toEqual({ elementId: 'a', message: 'id is used more than once' });
    const eg = workflow('eg')
      .start()
      .eventGateway('g')
      .task('t')
      .end('e1')
      .from('g')
      .timerCatch('c', timers.duration('PT1M'))
      .end('e2')
      .build();
    expect(problems(eg)).toEqual(
      expect.arrayContaining([
        { elementId: 't', message: expect.stringMatching(/must be a timer, message or signal catch event/) },
      ]),
    );
  });
});

describe('durations and timers', () => {
  it('parses ISO-8601 durations', () => {
    expect(parseDuration('PT2H').fixedMs).toBe(7_200_000);
    expect(parseDuration('P7D').fixedMs).toBe(604_800_000);
    expect(parseDuration('P1DT6H30M0.5S').fixedMs).toBe(86_400_000 + 6 * 3_600_000 + 30 * 60_000 + 500);
    expect(parseDuration('P2W').fixedMs).toBe(14 * 86_400_000);
    expect(() => parseDuration('P')).toThrow(/not an ISO-8601 duration/);
    expect(() => parseDuration('PT')).toThrow();
    expect(() => parseDuration('2h')).toThrow();
  });

  it('adds calendar months in UTC, clamping to the end of the month', () => {
    expect(new Date(addDuration(Date.UTC(2026, 0, 31), 'P1M')).toISOString()).toBe(
      '2026-02-28T00:00:00.000Z',
    );
    expect(new Date(addDuration(Date.UTC(2026, 0, 1), '-P1D')).toISOString()).toBe(
      '2025-12-31T00:00:00.000Z',
    );
  });

  it('computes due times for durations, dates, cron and repeating cycles', () => {
    const now = Date.UTC(2026, 0, 1, 10);
    expect(nextDueTime({ kind: 'duration', value: 'PT1H' }, { now })).toBe(now + 3_600_000);
    expect(nextDueTime({ kind: 'date', value: '2025-01-01T00:00:00Z' }, { now })).toBe(now);
    expect(nextDueTime({ kind: 'cycle', value: '0 9 * * *' }, { now })).toBe(Date.UTC(2026, 0, 2, 9));
    expect(nextDueTime({ kind: 'cycle', value: '0 9 * * *', timezone: 'Asia/Kolkata' }, { now })).toBe(
      Date.UTC(2026, 0, 2, 3, 30),
    );
    expect(nextDueTime({ kind: 'cycle', value: 'R2/PT10M' }, { now, iteration: 1, previous: now })).toBe(
      now + 600_000,
    );
    expect(
      nextDueTime({ kind: 'cycle', value: 'R2/PT10M' }, { now, iteration: 2, previous: now }),
    ).toBeUndefined();
    expect(() => validateTimer({ kind: 'cycle', value: '61 * * * *' })).toThrow(/Timer cycle/);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Priority } from '../../bus/bus.js';
import {
  cancelTask,
  drainQueue,
  emptyCoordinatorState,
  finishTask,
  loadByInstance,
  submitTask,
  type CoordinatorStateData,
} from './coordinator-state.js';
import { canServe, chooseInstance, rankInstances, type RosterInstance } from './routing-rules.js';

const inst = (
  instanceId: string,
  skills: string[],
  maxConcurrent: number,
  agentId = instanceId.split('#')[0]!,
): RosterInstance => ({ instanceId, agentId, skills: new Set(skills), maxConcurrent });

type Op =
  | { op: 'submit'; skill: string; priority: Priority; pin: boolean }
  | { op: 'finish'; pick: number; success: boolean }
  | { op: 'cancel'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('submit' as const),
      skill: fc.constantFrom('a', 'b', 'c'),
      priority: fc.constantFrom<Priority>(1, 2, 3, 4, 5),
      pin: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('finish' as const), pick: fc.nat(), success: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }) },
);

const rosterArb: fc.Arbitrary<RosterInstance[]> = fc
  .uniqueArray(
    fc.record({
      id: fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'beta#2'),
      skills: fc.subarray(['a', 'b', 'c'], { minLength: 1 }),
      max: fc.integer({ min: 1, max: 3 }),
    }),
    { selector: (r) => r.id, minLength: 1, maxLength: 5 },
  )
  .map((rs) => rs.map((r) => inst(r.id, r.skills, r.max)));

function run(
  roster: readonly RosterInstance[],
  trust: ReadonlyMap<string, number>,
  ops: readonly Op[],
  check?: (s: CoordinatorStateData) => void,
): CoordinatorStateData {
  const state = emptyCoordinatorState('test-coordinator', 'test');
  let n = 0;
  let now = 1_000;
  for (const op of ops) {
    now += 10;
    if (op.op === 'submit') {
      const offering = roster.filter((i) => i.skills.has(op.skill));
      if (offering.length === 0) continue;
      // Pins the last offering agent by id, so the choice does not depend on the roster's order.
      const agentId = op.pin
        ? offering
            .map((i) => i.agentId)
            .sort()
            .at(-1)!
        : null;
      submitTask(
        state,
        {
          taskId: `t${++n}`,
          skill: op.skill,
          agentId,
          tenantId: null,
          priority: op.priority,
          input: null,
          source: 'test',
          submittedAt: now,
        },
        roster,
        trust,
        now,
      );
    } else if (state.inFlight.length > 0) {
      const target = state.inFlight[op.pick % state.inFlight.length]!.taskId;
      if (op.op === 'finish') finishTask(state, target, op.success, now);
      else cancelTask(state, target, now);
      // A freed slot is filled from the queue, as the coordinator does after every finish / cancel.
      drainQueue(state, roster, trust, now);
    }
    check?.(state);
  }
  return state;
}

describe('routing rules', () => {
  const roster = [inst('c', ['x'], 3), inst('a', ['x'], 3), inst('b', ['x', 'y'], 2)];

  it('ranks by free slots, then trust, then id, leaving out full instances', () => {
    const none = new Map<string, number>();
    expect(rankInstances({ skill: 'x', agentId: null }, roster, none, none).map((i) => i.instanceId)).toEqual(
      ['a', 'c', 'b'],
    );
    expect(
      rankInstances(
        { skill: 'x', agentId: null },
        roster,
        none,
        new Map([
          ['c', 0.9],
          ['a', 0.4],
        ]),
      ).map((i) => i.instanceId),
    ).toEqual(['c', 'a', 'b']);
    expect(
      rankInstances({ skill: 'x', agentId: null }, roster, new Map([['a', 1]]), none).map(
        (i) => i.instanceId,
      ),
    ).toEqual(['c', 'a', 'b']);
    expect(chooseInstance({ skill: 'y', agentId: null }, roster, new Map([['b', 2]]), none)).toBeUndefined();
    expect(chooseInstance({ skill: 'x', agentId: 'b' }, roster, none, none)?.instanceId).toBe('b');
  });

  it('keeps every invariant under any sequence of submissions, completions and cancellations (property)', () => {
    fc.assert(
      fc.property(
        rosterArb,
        fc.array(opArb, { maxLength: 60 }),
        fc.dictionary(
          fc.constantFrom('alpha', 'beta', 'gamma', 'delta'),
          fc.double({ min: 0, max: 1, noNaN: true }),
        ),
        (roster, ops, trustObj) => {
          const trust = new Map(Object.entries(trustObj));
          run(roster, trust, ops, (state) => {
            const load = loadByInstance(state);
            for (const i of roster) expect(load.get(i.instanceId) ?? 0).toBeLessThanOrEqual(i.maxConcurrent);
            for (const a of state.inFlight)
              expect(
                canServe(
                  roster.find((i) => i.instanceId === a.instanceId)!,
                  { skill: a.skill, agentId: null },
                ),
              ).toBe(true);
            // Nothing waits that could run now.
            for (const q of state.queue) expect(chooseInstance(q, roster, load, trust)).toBeUndefined();
            for (let i = 1; i < state.queue.length; i++) {
              const [p, c] = [state.queue[i - 1]!, state.queue[i]!];
              expect(p.priority > c.priority || (p.priority === c.priority && p.seq < c.seq)).toBe(true);
            }
            const finished = state.counters.succeeded + state.counters.failed + state.counters.cancelled;
            expect(state.inFlight.length + state.queue.length + finished).toBe(state.counters.submitted);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('routes the same way whatever the order of the roster (property)', () => {
    fc.assert(
      fc.property(
        rosterArb.chain((r) =>
          fc.tuple(fc.constant(r), fc.shuffledSubarray(r, { minLength: r.length, maxLength: r.length })),
        ),
        fc.array(opArb, { maxLength: 40 }),
        ([roster, shuffled], ops) => {
          const trust = new Map([
            ['alpha', 0.7],
            ['gamma', 0.7],
          ]);
          const a = run(roster, trust, ops);
          const b = run(shuffled, trust, ops);
          expect(b.inFlight).toEqual(a.inFlight);
          expect(b.queue).toEqual(a.queue);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('finishTask and cancelTask', () => {
  it('name what is wrong: unknown, still queued, already finished', () => {
    const roster = [inst('a', ['x'], 1)];
    const state = emptyCoordinatorState('c', 'd');
    const none = new Map<string, number>();
    submitTask(
      state,
      {
        taskId: 't1',
        skill: 'x',
        agentId: null,
        tenantId: null,
        priority: 3,
        input: null,
        source: 's',
        submittedAt: 0,
      },
      roster,
      none,
      0,
    );
    submitTask(
      state,
      {
        taskId: 't2',
        skill: 'x',
        agentId: null,
        tenantId: null,
        priority: 3,
        input: null,
        source: 's',
        submittedAt: 0,
      },
      roster,
      none,
      0,
    );
    expect(() => finishTask(state, 'nope', true, 1)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => finishTask(state, 't2', true, 1)).toThrow(
      expect.objectContaining({ code: 'CONFLICT', details: { taskId: 't2', status: 'queued' } }),
    );
    finishTask(state, 't1', true, 1);
    expect(() => finishTask(state, 't1', true, 2)).toThrow(
      expect.objectContaining({ code: 'CONFLICT', details: { taskId: 't1', status: 'succeeded' } }),
    );
    expect(cancelTask(state, 't2', 3).status).toBe('queued');
    expect(() => cancelTask(state, 't2', 4)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(state.counters).toMatchObject({ submitted: 2, routed: 1, queued: 1, succeeded: 1, cancelled: 1 });
  });
});

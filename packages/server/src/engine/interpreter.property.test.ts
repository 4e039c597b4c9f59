// Property tests over random block-structured process graphs (sequences, exclusive choices, parallel
// and inclusive fork/join, parallel forks closed by a complex gateway's quorum, counted loops), completed
// in random orders: no deadlock, no lost or extra token, every join waits for all its (taken) branches,
// every complex gateway resets once per firing, and histories replay and re-run identically.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../errors.js';
import { rerun } from './histories/golden-history.js';
import { replay } from './instance-state.js';
import { compileDefinition } from './model/compile.js';
import type { FlowElement, ProcessDefinition, SequenceFlow } from './model/types.js';
import { PENDING, Simulator } from './simulator.js';

type Block =
  | { k: 'task' }
  | { k: 'seq'; items: Block[] }
  | { k: 'xor'; branches: Block[]; pick: number }
  | { k: 'and'; branches: Block[] }
  | { k: 'or'; branches: Block[]; mask: boolean[] }
  | { k: 'loop'; body: Block; times: number }
  | { k: 'quorum'; branches: Block[]; need: number };

const block: fc.Arbitrary<Block> = fc.letrec<{ block: Block }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<Block>({ k: 'task' }),
    fc.record({
      k: fc.constant('seq' as const),
      items: fc.array(tie('block'), { minLength: 1, maxLength: 3 }),
    }),
    fc
      .record({
        k: fc.constant('xor' as const),
        branches: fc.array(tie('block'), { minLength: 2, maxLength: 3 }),
        pick: fc.nat(2),
      })
      .map((b) => ({ ...b, pick: b.pick % b.branches.length })),
    fc.record({
      k: fc.constant('and' as const),
      branches: fc.array(tie('block'), { minLength: 2, maxLength: 3 }),
    }),
    fc.record({
      k: fc.constant('or' as const),
      branches: fc.array(tie('block'), { minLength: 2, maxLength: 3 }),
      mask: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    }),
    fc.record({ k: fc.constant('loop' as const), body: tie('block'), times: fc.integer({ min: 1, max: 2 }) }),
    fc
      .record({
        k: fc.constant('quorum' as const),
        branches: fc.array(tie('block'), { minLength: 2, maxLength: 3 }),
        need: fc.nat(2),
      })
      .map((b) => ({ ...b, need: 1 + (b.need % b.branches.length) })),
  ),
})).block;

interface Built {
  def: ProcessDefinition;
  variables: Record<string, JsonValue>;
  /** Service-task executions expected for the chosen paths. */
  expectedTasks: number;
  /** Per parallel join: for each branch, task element ids inside it and how many run per pass. */
  joins: Map<string, Array<{ tasks: Set<string>; perPass: number }>>;
  /** Tasks inside a complex gateway's quorum (not all done when the path goes on). */
  loose: Set<string>;
}

function build(root: Block): Built {
  const elements: FlowElement[] = [{ id: 'start', type: 'startEvent' }];
  const flows: SequenceFlow[] = [];
  const variables: Record<string, JsonValue> = {};
  const joins = new Map<string, Array<{ tasks: Set<string>; perPass: number }>>();
  const loose = new Set<string>();
  let n = 0;
  const flow = (source: string, target: string, condition?: string): string => {
    const id = `f${n++}`;
    flows.push({ id, source, target, ...(condition ? { condition } : {}) });
    return id;
  };
  // Returns [exit element, tasks inside, executions per pass].
  const emit = (b: Block, entry: string): [string, Set<string>, number] => {
    switch (b.k) {
      case 'task': {
        const id = `t${n++}`;
        elements.push({ id, type: 'serviceTask', taskType: 'work' });
        flow(entry, id);
        return [id, new Set([id]), 1];
      }
      case 'seq': {
        let cur = entry;
        const tasks = new Set<string>();
        let count = 0;
        for (const item of b.items) {
          const [exit, t, c] = emit(item, cur);
          cur = exit;
          t.forEach((x) => tasks.add(x));
          count += c;
        }
        return [cur, tasks, count];
      }
      case 'xor': {
        const split = `x${n++}`;
        const merge = `xm${n++}`;
        elements.push({ id: split, type: 'exclusiveGateway' }, { id: merge, type: 'exclusiveGateway' });
        flow(entry, split);
        variables[`c_${split}`] = b.pick;
        const tasks = new Set<string>();
        let count = 0;
        b.branches.forEach((branch, i) => {
          const lane = `xb${n++}`;
          elements.push({ id: lane, type: 'task' });
          const last = i === b.branches.length - 1;
          const f = flow(split, lane, last ? undefined : `c_${split} == ${i}`);
          if (last) (elements.find((e) => e.id === split) as { default?: string }).default = f;
          const [exit, t, c] = emit(branch, lane);
          t.forEach((x) => tasks.add(x));
          if (i === b.pick) count = c;
          flow(exit, merge);
        });
        return [merge, tasks, count];
      }
      case 'and': {
        const split = `p${n++}`;
        const join = `pj${n++}`;
        elements.push({ id: split, type: 'parallelGateway' }, { id: join, type: 'parallelGateway' });
        flow(entry, split);
        const branches: Array<{ tasks: Set<string>; perPass: number }> = [];
        const tasks = new Set<string>();
        let count = 0;
        for (const branch of b.branches) {
          const [exit, t, c] = emit(branch, split);
          flow(exit, join);
          branches.push({ tasks: t, perPass: c });
          t.forEach((x) => tasks.add(x));
          count += c;
        }
        joins.set(join, branches);
        return [join, tasks, count];
      }
      case 'or': {
        // Inclusive split: branch i runs when o_<split>[i] holds; an empty lane is the default.
        const split = `o${n++}`;
        const join = `oj${n++}`;
        elements.push({ id: split, type: 'inclusiveGateway' }, { id: join, type: 'inclusiveGateway' });
        flow(entry, split);
        const mask = b.branches.map((_, i) => b.mask[i] === true);
        variables[`o_${split}`] = mask;
        const taken: Array<{ tasks: Set<string>; perPass: number }> = [];
        const tasks = new Set<string>();
        let count = 0;
        b.branches.forEach((branch, i) => {
          const lane = `ob${n++}`;
          elements.push({ id: lane, type: 'task' });
          flow(split, lane, `o_${split}[${i}]`);
          const [exit, t, c] = emit(branch, lane);
          flow(exit, join);
          t.forEach((x) => tasks.add(x));
          if (mask[i]) {
            taken.push({ tasks: t, perPass: c });
            count += c;
          }
        });
        const none = `od${n++}`;
        elements.push({ id: none, type: 'task' });
        (elements.find((e) => e.id === split) as { default?: string }).default = flow(split, none);
        flow(none, join);
        joins.set(join, taken);
        return [join, tasks, count];
      }
      case 'quorum': {
        // A parallel fork whose branches a complex gateway joins once `need` of them have arrived.
        const split = `q${n++}`;
        const join = `qj${n++}`;
        elements.push(
          { id: split, type: 'parallelGateway' },
          { id: join, type: 'complexGateway', activationCondition: `activationCount >= ${b.need}` },
        );
        flow(entry, split);
        const tasks = new Set<string>();
        let count = 0;
        for (const branch of b.branches) {
          const lane = `qb${n++}`;
          elements.push({ id: lane, type: 'task' });
          flow(split, lane);
          const [exit, t, c] = emit(branch, lane);
          flow(exit, join);
          t.forEach((x) => tasks.add(x));
          count += c;
        }
        // Every branch runs, but the gateway lets the path on after `need` of them: an enclosing join
        // may fire before all of these tasks are done.
        tasks.forEach((x) => loose.add(x));
        return [join, tasks, count];
      }
      case 'loop': {
        const merge = `lm${n++}`;
        const inc = `li${n++}`;
        const again = `la${n++}`;
        const counter = `i_${merge}`;
        elements.push(
          { id: merge, type: 'exclusiveGateway' },
          { id: inc, type: 'scriptTask', script: `${counter} = ${counter} + 1` },
          { id: again, type: 'exclusiveGateway' },
        );
        variables[counter] = 0;
        flow(entry, merge);
        const [exit, tasks, c] = emit(b.body, merge);
        flow(exit, inc);
        flow(inc, again);
        flow(again, merge, `${counter} < ${b.times}`);
        const out = `lx${n++}`;
        elements.push({ id: out, type: 'task' });
        const d = flow(again, out);
        (elements.find((e) => e.id === again) as { default?: string }).default = d;
        // A loop inside a loop resets its counter each outer pass.
        return [out, tasks, c * b.times];
      }
    }
  };
  const [exit, , expectedTasks] = emit(root, 'start');
  elements.push({ id: 'end', type: 'endEvent' });
  flow(exit, 'end');
  return { def: { id: 'random', elements, flows }, variables, expectedTasks, joins, loose };
}

function hasNestedLoop(b: Block, inLoop = false): boolean {
  switch (b.k) {
    case 'task':
      return false;
    case 'seq':
      return b.items.some((x) => hasNestedLoop(x, inLoop));
    case 'xor':
    case 'and':
    case 'or':
    case 'quorum':
      return b.branches.some((x) => hasNestedLoop(x, inLoop));
    case 'loop':
      return inLoop || hasNestedLoop(b.body, true);
  }
}

/** A complex gateway's join inside a loop: refused on deploy (compile.ts), so not generated. */
function hasQuorumInLoop(b: Block, inLoop = false): boolean {
  switch (b.k) {
    case 'task':
      return false;
    case 'seq':
      return b.items.some((x) => hasQuorumInLoop(x, inLoop));
    case 'xor':
    case 'and':
    case 'or':
      return b.branches.some((x) => hasQuorumInLoop(x, inLoop));
    case 'quorum':
      return inLoop || b.branches.some((x) => hasQuorumInLoop(x, inLoop));
    case 'loop':
      return hasQuorumInLoop(b.body, true);
  }
}

describe('interpreter properties', () => {
  it('refuses a complex gateway that joins inside a loop, naming it', () => {
    const built = build({
      k: 'loop',
      times: 2,
      body: { k: 'quorum', need: 1, branches: [{ k: 'task' }, { k: 'task' }] },
    });
    expect(() => compileDefinition(built.def, 1)).toThrow(/complex gateway inside a loop is not supported/);
  });

  it('random valid graphs never deadlock or lose a token, and joins wait for every (taken) branch', () => {
    fc.assert(
      fc.property(
        block.filter((b) => !hasNestedLoop(b) && !hasQuorumInLoop(b)),
        fc.array(fc.nat(), { minLength: 200, maxLength: 200 }),
        (root, order) => {
          const built = build(root);
          expect(() => compileDefinition(built.def, 1)).not.toThrow();
          const sim = new Simulator({ handlers: { work: () => PENDING } });
          sim.deploy(built.def);
          const id = sim.start('random', built.variables);
          // Complete running activities in a random order until nothing runs.
          let i = 0;
          for (let guard = 0; guard < 10_000; guard++) {
            const pending = sim.pending(id);
            if (pending.length === 0) break;
            const pick = pending[order[i++ % order.length]! % pending.length]!;
            sim.send(id, { kind: 'activityCompleted', activityId: pick, result: null });
          }
          const { state, history } = sim.instance(id);
          expect(state.status).toBe('completed');
          expect(state.tokens.size).toBe(0);
          expect(state.joins.size).toBe(0);
          expect(state.joinResets.size).toBe(0);
          const count = (type: string) => history.filter((e) => e.type === type).length;
          expect(count('join.reset')).toBe(
            history.filter((e) => e.type === 'join.fired' && e.awaitsReset).length,
          );
          expect(sim.calls.length).toBe(built.expectedTasks);
          // Every firing of a join comes after all of its branches' tasks of that pass completed.
          const completedAt = new Map<string, number>();
          const elementOf = new Map(
            history
              .filter((e) => e.type === 'activity.scheduled')
              .map((e) => [
                e.type === 'activity.scheduled' ? e.activityId : '',
                e.type === 'activity.scheduled' ? e.elementId : '',
              ]),
          );
          const fired = new Map<string, number>();
          for (const e of history) {
            if (e.type === 'activity.completed') {
              const el = elementOf.get(e.activityId)!;
              completedAt.set(el, (completedAt.get(el) ?? 0) + 1);
            }
            if (e.type === 'join.fired') {
              const pass = (fired.get(e.gatewayId) ?? 0) + 1;
              fired.set(e.gatewayId, pass);
              for (const branch of built.joins.get(e.gatewayId) ?? []) {
                if ([...branch.tasks].some((t) => built.loose.has(t))) continue;
                const done = [...branch.tasks].reduce((sum, t) => sum + (completedAt.get(t) ?? 0), 0);
                expect(done).toBeGreaterThanOrEqual(pass * branch.perPass);
              }
            }
          }
          const again = replay(id, history);
          expect(again.status).toBe('completed');
          expect(again.variables).toEqual(state.variables);
          expect(rerun({ definitions: [built.def], steps: sim.steps })[id]).toEqual(history);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects an exclusive split closed by a parallel join, naming the join', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), (branches) => {
        const elements: FlowElement[] = [
          { id: 'start', type: 'startEvent' },
          { id: 'split', type: 'exclusiveGateway', default: 'b0' },
          { id: 'join', type: 'parallelGateway' },
          { id: 'end', type: 'endEvent' },
        ];
        const flows: SequenceFlow[] = [
          { id: 's', source: 'start', target: 'split' },
          { id: 'e', source: 'join', target: 'end' },
        ];
        for (let i = 0; i < branches; i++) {
          elements.push({ id: `t${i}`, type: 'task' });
          flows.push(
            { id: `b${i}`, source: 'split', target: `t${i}`, ...(i === 0 ? {} : { condition: `x == ${i}` }) },
            { id: `j${i}`, source: `t${i}`, target: 'join' },
          );
        }
        expect(() => compileDefinition({ id: 'bad', elements, flows }, 1)).toThrow(
          /join: parallel join can wait forever/,
        );
      }),
      { numRuns: 20 },
    );
  });
});

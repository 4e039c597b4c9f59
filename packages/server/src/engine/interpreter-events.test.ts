// The events and gateway issue 17 added, through the pure interpreter: signals (catch, boundary that
// re-arms, throw), conditional catch events, link events, escalations (non-interrupting, uncaught)
// and the inclusive join.
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../errors.js';
import { compileDefinition } from './model/compile.js';
import type { FlowElement, ProcessDefinition, SequenceFlow } from './model/types.js';
import { PENDING, Simulator } from './simulator.js';

/** `linear` elements connected in order, plus unconnected `extra` elements and flows. */
function chain(
  id: string,
  linear: FlowElement[],
  extra: { elements?: FlowElement[]; flows?: SequenceFlow[] } = {},
): ProcessDefinition {
  const flows: SequenceFlow[] = [];
  for (let i = 1; i < linear.length; i++)
    flows.push({ id: `f${i}`, source: linear[i - 1]!.id, target: linear[i]!.id });
  return { id, elements: [...linear, ...(extra.elements ?? [])], flows: [...flows, ...(extra.flows ?? [])] };
}

function run(def: ProcessDefinition, variables: Record<string, JsonValue> = {}, handlers = {}) {
  const sim = new Simulator({ handlers });
  sim.deploy(def);
  const id = sim.start(def.id, variables);
  return { sim, id, state: () => sim.instance(id).state };
}

describe('signal events', () => {
  it('a catch event waits for the broadcast; a non-interrupting boundary fires on each broadcast', () => {
    const def = chain(
      'signals',
      [
        { id: 'start', type: 'startEvent' },
        { id: 'ready', type: 'intermediateCatchEvent', signal: { name: 'go' } },
        { id: 'work', type: 'serviceTask', taskType: 'work' },
        { id: 'end', type: 'endEvent' },
      ],
      {
        elements: [
          {
            id: 'ping',
            type: 'boundaryEvent',
            attachedTo: 'work',
            interrupting: false,
            signal: { name: 'ping' },
          },
          { id: 'pinged', type: 'endEvent' },
        ],
        flows: [{ id: 'fp', source: 'ping', target: 'pinged' }],
      },
    );
    const { sim, state } = run(def, {}, { work: () => PENDING });
    expect(state().activeElements()).toEqual(['ready']);
    expect(sim.signal('go', { gate: 'A' })).toBe(1);
    expect(state().variables).toEqual({ gate: 'A' });
    expect(sim.signal('ping')).toBe(1);
    expect(sim.signal('ping')).toBe(1);
    expect(state().activeElements()).toEqual(['work']);
    const ended = sim.instance(state().instanceId).history.filter((e) => e.type === 'token.ended');
    expect(ended).toHaveLength(2);
  });

  it('a throw event broadcasts to other waiting instances', () => {
    const waiter = chain('waiter', [
      { id: 'start', type: 'startEvent' },
      { id: 'wait', type: 'intermediateCatchEvent', signal: { name: 'done' } },
      { id: 'end', type: 'endEvent' },
    ]);
    const thrower = chain('thrower', [
      { id: 'start', type: 'startEvent' },
      { id: 'shout', type: 'intermediateThrowEvent', kind: 'signal', signal: { name: 'done' } },
      { id: 'end', type: 'endEvent', kind: 'signal', signal: { name: 'done' } },
    ]);
    const sim = new Simulator();
    sim.deploy(waiter);
    sim.deploy(thrower);
    const a = sim.start('waiter', {});
    const b = sim.start('waiter', {});
    sim.start('thrower', {});
    expect(sim.instance(a).state.status).toBe('completed');
    expect(sim.instance(b).state.status).toBe('completed');
  });
});

describe('conditional catch events', () => {
  it('waits until a variable change makes the condition true', () => {
    const def = chain('cond', [
      { id: 'start', type: 'startEvent' },
      { id: 'until', type: 'intermediateCatchEvent', conditional: { condition: 'stock > 0' } },
      { id: 'end', type: 'endEvent' },
    ]);
    const { sim, id, state } = run(def, { stock: 0 });
    expect(state().activeElements()).toEqual(['until']);
    sim.send(id, { kind: 'setVariables', variables: { stock: 0 }, actor: 'op' });
    expect(state().status).toBe('waiting');
    sim.send(id, { kind: 'setVariables', variables: { stock: 3 }, actor: 'op' });
    expect(state().status).toBe('completed');
  });

  it('passes at once when the condition already holds', () => {
    const def = chain('cond2', [
      { id: 'start', type: 'startEvent' },
      { id: 'until', type: 'intermediateCatchEvent', conditional: { condition: 'stock > 0' } },
      { id: 'end', type: 'endEvent' },
    ]);
    expect(run(def, { stock: 1 }).state().status).toBe('completed');
  });
});

describe('link events', () => {
  it('jumps from the throw to the catch of the same name', () => {
    const def: ProcessDefinition = {
      id: 'links',
      elements: [
        { id: 'start', type: 'startEvent' },
        { id: 'a', type: 'scriptTask', script: 'x = 1' },
        { id: 'go', type: 'intermediateThrowEvent', kind: 'link', link: 'page2' },
        { id: 'land', type: 'intermediateCatchEvent', link: 'page2' },
        { id: 'b', type: 'scriptTask', script: 'y = x + 1' },
        { id: 'end', type: 'endEvent' },
      ],
      flows: [
        { id: 'f1', source: 'start', target: 'a' },
        { id: 'f2', source: 'a', target: 'go' },
        { id: 'f3', source: 'land', target: 'b' },
        { id: 'f4', source: 'b', target: 'end' },
      ],
    };
    const { state } = run(def);
    expect(state().status).toBe('completed');
    expect(state().variables).toEqual({ x: 1, y: 2 });
    const unlinked = {
      ...def,
      elements: def.elements.map((e) => (e.id === 'land' ? { id: 'land', type: 'task' as const } : e)),
      flows: [...def.flows, { id: 'f5', source: 'a', target: 'land' }],
    };
    expect(() => compileDefinition(unlinked, 1)).toThrow(/link 'page2' has no intermediate catch event/);
  });
});

describe('escalation events', () => {
  const sub = (interrupting: boolean, caught = true): ProcessDefinition => ({
    id: 'esc',
    elements: [
      { id: 'start', type: 'startEvent' },
      {
        id: 'sp',
        type: 'subProcess',
        elements: [
          { id: 's0', type: 'startEvent' },
          { id: 'raise', type: 'intermediateThrowEvent', kind: 'escalation', escalationCode: 'HELP' },
          { id: 'after', type: 'scriptTask', script: 'continued = true' },
          { id: 's1', type: 'endEvent' },
        ],
        flows: [
          { id: 'g1', source: 's0', target: 'raise' },
          { id: 'g2', source: 'raise', target: 'after' },
          { id: 'g3', source: 'after', target: 's1' },
        ],
      },
      { id: 'end', type: 'endEvent' },
      ...(caught
        ? ([
            {
              id: 'help',
              type: 'boundaryEvent',
              attachedTo: 'sp',
              interrupting,
              escalation: { code: 'HELP', codeVariable: 'code' },
            },
            { id: 'helped', type: 'scriptTask', script: 'helped = true' },
            { id: 'end2', type: 'endEvent' },
          ] as FlowElement[])
        : []),
    ],
    flows: [
      { id: 'f1', source: 'start', target: 'sp' },
      { id: 'f2', source: 'sp', target: 'end' },
      ...(caught
        ? [
            { id: 'f3', source: 'help', target: 'helped' },
            { id: 'f4', source: 'helped', target: 'end2' },
          ]
        : []),
    ],
  });

  it('a non-interrupting boundary runs its path while the thrower goes on', () => {
    const { state } = run(sub(false));
    expect(state().status).toBe('completed');
    expect(state().variables).toEqual({ code: 'HELP', helped: true, continued: true });
  });

  it('an interrupting boundary ends the sub-process and the thrower with it', () => {
    const { state } = run(sub(true));
    expect(state().status).toBe('completed');
    expect(state().variables).toEqual({ code: 'HELP', helped: true });
  });

  it('an uncaught escalation is recorded and the path goes on', () => {
    const { sim, state } = run(sub(true, false));
    expect(state().status).toBe('completed');
    expect(state().variables).toEqual({ continued: true });
    expect(
      sim.instance(state().instanceId).history.find((e) => e.type === 'escalation.thrown'),
    ).toMatchObject({
      code: 'HELP',
      caughtBy: null,
    });
  });
});

describe('inclusive gateway', () => {
  const def: ProcessDefinition = {
    id: 'incl',
    elements: [
      { id: 'start', type: 'startEvent' },
      { id: 'split', type: 'inclusiveGateway', default: 'fd' },
      { id: 'a', type: 'serviceTask', taskType: 'work' },
      { id: 'b', type: 'serviceTask', taskType: 'work' },
      { id: 'd', type: 'task' },
      { id: 'join', type: 'inclusiveGateway' },
      { id: 'end', type: 'endEvent' },
    ],
    flows: [
      { id: 'f0', source: 'start', target: 'split' },
      { id: 'fa', source: 'split', target: 'a', condition: 'wantA' },
      { id: 'fb', source: 'split', target: 'b', condition: 'wantB' },
      { id: 'fd', source: 'split', target: 'd' },
      { id: 'ja', source: 'a', target: 'join' },
      { id: 'jb', source: 'b', target: 'join' },
      { id: 'jd', source: 'd', target: 'join' },
      { id: 'fe', source: 'join', target: 'end' },
    ],
  };

  it('forks on every true condition and joins only when both branches arrived', () => {
    const { sim, id, state } = run(def, { wantA: true, wantB: true }, { work: () => PENDING });
    const [first, second] = sim.pending(id);
    sim.send(id, { kind: 'activityCompleted', activityId: first!, result: null });
    expect(state().activeElements().sort()).toEqual(['b', 'join']);
    sim.send(id, { kind: 'activityCompleted', activityId: second!, result: null });
    expect(state().status).toBe('completed');
  });

  it('takes the default flow when no condition holds, and raises an incident without one', () => {
    expect(run(def, { wantA: false, wantB: false }).state().status).toBe('completed');
    const noDefault: ProcessDefinition = {
      ...def,
      elements: def.elements.map((e) => (e.id === 'split' ? { id: 'split', type: 'inclusiveGateway' } : e)),
      flows: def.flows.map((f) => (f.id === 'fd' ? { ...f, condition: 'false' } : f)),
    };
    const { state } = run(noDefault, { wantA: false, wantB: false });
    expect(state().status).toBe('failed');
    expect([...state().incidents.values()][0]?.error.message).toMatch(/No path matched at inclusive gateway/);
  });
});

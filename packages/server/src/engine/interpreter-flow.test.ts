import { describe, expect, it } from 'vitest';
import { PlatformError } from '../errors.js';
import { workflow, timers } from './definitions/builder.js';
import { replay } from './instance-state.js';
import { decide } from './interpreter.js';
import { PENDING, Simulator } from './simulator.js';

/** Replaying the recorded history must rebuild exactly the live state. */
function expectReplayMatches(sim: Simulator, instanceId: string): void {
  const live = sim.instance(instanceId);
  const again = replay(instanceId, live.history);
  expect(again.status).toBe(live.state.status);
  expect(again.variables).toEqual(live.state.variables);
  expect([...again.tokens.values()]).toEqual([...live.state.tokens.values()]);
  expect([...again.timers.keys()]).toEqual([...live.state.timers.keys()]);
  expect([...again.userTasks.keys()]).toEqual([...live.state.userTasks.keys()]);
  expect(again.seq).toBe(live.history.length);
}

describe('interpreter: tasks and variables', () => {
  it('runs service tasks in order with input and output mappings', () => {
    const sim = new Simulator();
    sim.deploy(
      workflow('order')
        .variables({ amount: { type: 'number', required: true } })
        .start()
        .service('price', 'price', { input: { base: 'amount' }, output: { total: 'result.total' } })
        .service('charge', 'charge')
        .end()
        .build(),
    );
    sim.handle('price', (input) => ({ total: (input.base as number) * 2 }));
    sim.handle('charge', (input) => ({ charged: input.total ?? null }));
    const id = sim.start('order', { amount: 21 });
    const { state } = sim.instance(id);
    expect(state.status).toBe('completed');
    expect(state.variables).toEqual({ amount: 21, total: 42, charged: 42 });
    expect(sim.calls.map((c) => c.taskType)).toEqual(['price', 'charge']);
    expect(sim.calls[1]!.input).toEqual({ amount: 21, total: 42 });
    expect(state.variableMeta.total).toMatchObject({ version: 1, updatedBy: 'task:price' });
    expectReplayMatches(sim, id);
  });

  it('evaluates output mappings over the task scope: its input values, then the result, then the process', () => {
    const sim = new Simulator();
    sim.deploy(
      workflow('local')
        .start()
        .service('price', 'price', {
          input: { base: 'order.amount', rate: 'rate' },
          output: { total: 'base * factor', seen: 'rate' },
        })
        .end()
        .build(),
    );
    sim.handle('price', () => ({ factor: 3, rate: 7 }));
    const id = sim.start('local', { order: { amount: 5 }, rate: 2 });
    const { state } = sim.instance(id);
    expect(state.status).toBe('completed');
    // `base` exists only in the task scope; the result's `rate` shadows the input's and the process's.
    expect(state.variables).toEqual({ order: { amount: 5 }, rate: 2, total: 15, seen: 7 });
    expectReplayMatches(sim, id);
  });

  it('keeps every variable change with version, actor and time', () => {
    const sim = new Simulator();
    sim.deploy(workflow('v').start().script('s1', 'n = n + 1').script('s2', 'n = n * 10').end().build());
    const id = sim.start('v', { n: 1 });
    const sets = sim.instance(id).history.filter((e) => e.type === 'variables.set');
    expect(sets.map((e) => (e.type === 'variables.set' ? [e.changes.n, e.actor, e.elementId] : []))).toEqual([
      [2, 'system', 's1'],
      [20, 'system', 's2'],
    ]);
    expect(sim.instance(id).state.variableMeta.n!.version).toBe(3);
  });

  it('rejects start variables of the wrong type or missing required ones, naming them', () => {
    const sim = new Simulator();
    sim.deploy(
      workflow('t')
        .variables({ pr: { type: 'integer', required: true }, tag: { type: 'string', default: 'x' } })
        .start()
        .end()
        .build(),
    );
    expect(() => sim.start('t', { pr: 'forty-two' })).toThrow(
      /variable 'pr' must be of type integer, got string/,
    );
    expect(() => sim.start('t', {})).toThrow(/variable 'pr' is required/);
    const id = sim.start('t', { pr: 42 });
    expect(sim.instance(id).state.variables).toEqual({ pr: 42, tag: 'x' });
  });

  it('runs script tasks and stores the result variable; a script error is an incident', () => {
    const sim = new Simulator();
    sim.deploy(
      workflow('s')
        .start()
        .script('calc', 'a = 2; b = a * 3; a + b', { resultVariable: 'sum' })
        .script('bad', 'x = 1 / zero')
        .end()
        .build(),
    );
    const id = sim.start('s', { zero: 0 });
    const { state } = sim.instance(id);
    expect(state.variables).toMatchObject({ a: 2, b: 6, sum: 8 });
    expect(state.status).toBe('failed');
    const incident = [...state.incidents.values()][0]!;
    expect(incident.elementId).toBe('bad');
    expect(incident.error.message).toMatch(/division by zero/);
    sim.send(id, { kind: 'setVariables', variables: { zero: 4 }, actor: 'operator' });
    sim.send(id, { kind: 'retryIncident', actor: 'operator' });
    expect(state.status).toBe('completed');
    expect(state.variables.x).toBe(0.25);
    expectReplayMatches(sim, id);
  });

  it('passes a no-op task through and loops with a guard until a condition holds', () => {
    const sim = new Simulator();
    sim.deploy(
      workflow('loop')
        .start()
        .task('noop')
        .service('work', 'work')
        .script('inc', 'i = i + 1')
        .exclusive('again')
        .when('i < 3')
        .to('work')
        .from('again')
        .otherwise()
        .end()
        .build(),
    );
    sim.handle('work', () => undefined);
    const id = sim.start('loop', { i: 0 });
    expect(sim.instance(id).state.status).toBe('completed');
    expect(sim.calls.length).toBe(3);
  });

  it('raises an incident instead of spinning on a loop without a wait state', () => {
    const sim = new Simulator();
    sim.deploy(
      workflow('spin')
        .start()
        .script('inc', 'i = i + 1')
        .exclusive('g')
        .when('i > -1')
        .to('inc')
        .from('g')
        .otherwise()
        .end()
        .build(),
    );
    const id = sim.start('spin', { i: 0 });
    const { state } = sim.instance(id);
    expect(state.status).toBe('failed');
    expect([...state.incidents.values()][0]!.error.message).toMatch(/without a wait state/);
  });

  it('stores a non-object result under <element>_result', () => {
    const sim = new Simulator({ handlers: { n: () => 7 } });
    sim.deploy(workflow('r').start().service('count', 'n').end().build());
    const id = sim.start('r');
    expect(sim.instance(id).state.variables.count_result).toBe(7);
  });
});

describe('interpreter: exclusive gateway', () => {
  const def = workflow('xor')
    .start()
    .exclusive('check')
    .when('approved and violations >= 5')
    .service('reject', 'reject')
    .end('e1')
    .from('check')
    .when('approved')
    .service('deploy', 'deploy')
    .end('e2')
    .from('check')
    .when('not approved and violations < 5')
    .service('fix', 'fix')
    .end('e3')
    .build();

  it('takes the first condition that holds, in declaration order', () => {
    const sim = new Simulator({
      handlers: { reject: () => undefined, deploy: () => undefined, fix: () => undefined },
    });
    sim.deploy(def);
    sim.start('xor', { approved: true, violations: 7 });
    sim.start('xor', { approved: true, violations: 0 });
    sim.start('xor', { approved: false, violations: 1 });
    expect(sim.calls.map((c) => c.taskType)).toEqual(['reject', 'deploy', 'fix']);
  });

  it('raises a clear incident when nothing matches and there is no default', () => {
    const sim = new Simulator({ handlers: { fix: () => undefined } });
    sim.deploy(def);
    const id = sim.start('xor', { approved: false, violations: 9 });
    const { state } = sim.instance(id);
    expect(state.status).toBe('failed');
    const incident = [...state.incidents.values()][0]!;
    expect(incident.elementId).toBe('check');
    expect(incident.error.message).toMatch(/No path matched at exclusive gateway 'check'/);
    sim.send(id, { kind: 'setVariables', variables: { violations: 2 }, actor: 'op' });
    sim.send(id, { kind: 'retryIncident', actor: 'op' });
    expect(state.status).toBe('completed');
    expect(sim.calls.map((c) => c.taskType)).toEqual(['fix']);
  });

  it('uses the default flow when no condition holds', () => {
    const sim = new Simulator({ handlers: { a: () => undefined, b: () => undefined } });
    sim.deploy(
      workflow('d')
        .start()
        .exclusive('g')
        .when('x > 1')
        .service('a', 'a')
        .end('e1')
        .from('g')
        .otherwise()
        .service('b', 'b')
        .end('e2')
        .build(),
    );
    sim.start('d', { x: 0 });
    sim.start('d', {});
    expect(sim.calls.map((c) => c.taskType)).toEqual(['b', 'b']);
  });

  it('reads workflow and global variables after instance variables', () => {
    const sim = new Simulator({
      shared: { threshold: 10 },
      handlers: { hi: () => undefined, lo: () => undefined },
    });
    sim.deploy(
      workflow('sh')
        .start()
        .exclusive('g')
        .when('score > threshold')
        .service('hi', 'hi')
        .end('e1')
        .from('g')
        .otherwise()
        .service('lo', 'lo')
        .end('e2')
        .build(),
    );
    sim.start('sh', { score: 11 });
    sim.start('sh', { score: 11, threshold: 20 });
    expect(sim.calls.map((c) => c.taskType)).toEqual(['hi', 'lo']);
  });
});

describe('interpreter: parallel gateway', () => {
  it('forks one token per branch and joins only when every branch arrived', () => {
    const sim = new Simulator();
    sim.deploy(
      workflow('par')
        .start()
        .parallel('fork')
        .service('blog', 'blog')
        .parallel('join')
        .service('after', 'after')
        .end()
        .from('fork')
        .service('social', 'social')
        .to('join')
        .from('fork')
        .service('email', 'email')
        .to('join')
        .build(),
    );
    sim.handle('blog', () => ({ blog: 1 }));
    sim.handle('social', () => PENDING);
    sim.handle('email', () => ({ email: 1 }));
    sim.handle('after', () => undefined);
    const id = sim.start('par');
    const { state } = sim.instance(id);
    expect(state.tokens.size).toBe(3);
    expect(sim.calls.map((c) => c.taskType)).toEqual(['blog', 'social', 'email']);
    expect(sim.calls.some((c) => c.taskType === 'after')).toBe(false);
    expect(state.status).toBe('active');
    const [social] = sim.pending(id);
    sim.send(id, { kind: 'activityCompleted', activityId: social!, result: { social: 1 } });
    expect(sim.calls.filter((c) => c.taskType === 'after').length).toBe(1);
    expect(state.status).toBe('completed');
    expect(state.variables).toEqual({ blog: 1, social: 1, email: 1 });
    expectReplayMatches(sim, id);
  });

  it('treats several outgoing flows of a task as an implicit fork', () => {
    const sim = new Simulator({ handlers: { a: () => undefined, b: () => undefined, c: () => undefined } });
    sim.deploy(
      workflow('implicit')
        .start()
        .service('a', 'a')
        .service('b', 'b')
        .parallel('join')
        .end()
        .from('a')
        .service('c', 'c')
        .to('join')
        .build(),
    );
    const id = sim.start('implicit');
    expect(sim.instance(id).state.status).toBe('completed');
    expect(sim.calls.map((c) => c.taskType).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('interpreter: timers, messages and the event-based gateway', () => {
  it('waits on an intermediate timer (duration and date) and goes on when it fires', () => {
    const sim = new Simulator({ handlers: { after: () => undefined } });
    sim.deploy(
      workflow('wait')
        .start()
        .timerCatch('t', timers.duration('PT2H'))
        .timerCatch('d', timers.date('2026-01-02T00:00:00Z'))
        .service('after', 'after')
        .end()
        .build(),
    );
    const id = sim.start('wait');
    const { state } = sim.instance(id);
    expect(state.status).toBe('waiting');
    expect([...state.timers.values()][0]!.dueAt).toBe(sim.now + 7_200_000);
    sim.advance(7_199_999);
    expect(sim.calls.length).toBe(0);
    sim.advance(1);
    expect([...state.timers.values()][0]!.dueAt).toBe(Date.UTC(2026, 0, 2));
    sim.advance(86_400_000);
    expect(state.status).toBe('completed');
  });

  it('evaluates timer expressions when scheduling', () => {
    const sim = new Simulator();
    sim.deploy(workflow('expr').start().timerCatch('t', timers.duration('= delayMs')).end().build());
    const id = sim.start('expr', { delayMs: 5000 });
    expect([...sim.instance(id).state.timers.values()][0]!.dueAt).toBe(sim.now + 5000);
  });

  it('correlates a message by business key and maps its payload', () => {
    const sim = new Simulator();
    sim.deploy(
      workflow('msg')
        .start()
        .messageCatch('paid', 'payment.received', { output: { paid_amount: 'amount' } })
        .end()
        .build(),
    );
    const a = sim.start('msg', {}, { businessKey: 'order-1' });
    const b = sim.start('msg', {}, { businessKey: 'order-2' });
    expect(sim.correlate('payment.received', 'order-3', { amount: 1 })).toBe(false);
    expect(sim.correlate('payment.received', 'order-2', { amount: 5 })).toBe(true);
    expect(sim.instance(b).state.status).toBe('completed');
    expect(sim.instance(b).state.variables.paid_amount).toBe(5);
    expect(sim.instance(a).state.status).toBe('waiting');
  });

  it('correlates on a custom correlation key expression', () => {
    const sim = new Simulator();
    sim.deploy(
      workflow('ck').start().messageCatch('m', { name: 'ping', correlationKey: 'ticket' }).end().build(),
    );
    const id = sim.start('ck', { ticket: 'T-9' });
    expect(sim.correlate('ping', 'T-9', {})).toBe(true);
    expect(sim.instance(id).state.status).toBe('completed');
  });

  it('lets the first event of an event-based gateway win and cancels the others', () => {
    const build = () =>
      workflow('race')
        .start()
        .eventGateway('wait')
        .messageCatch('approved', 'review.approved')
        .service('ok', 'ok')
        .end('e1')
        .from('wait')
        .messageCatch('rejected', 'review.rejected')
        .service('no', 'no')
        .end('e2')
        .from('wait')
        .timerCatch('timeout', timers.duration('PT1H'))
        .service('late', 'late')
        .end('e3')
        .build();
    const sim = new Simulator({
      handlers: { ok: () => undefined, no: () => undefined, late: () => undefined },
    });
    sim.deploy(build());
    const byMessage = sim.start('race', {}, { businessKey: 'k1' });
    const byTimer = sim.start('race', {}, { businessKey: 'k2' });
    expect(sim.instance(byMessage).state.subscriptions.size).toBe(2);
    expect(sim.correlate('review.rejected', 'k1')).toBe(true);
    const s1 = sim.instance(byMessage).state;
    expect(s1.status).toBe('completed');
    expect(s1.timers.size + s1.subscriptions.size).toBe(0);
    sim.advance(3_600_000);
    const s2 = sim.instance(byTimer).state;
    expect(s2.status).toBe('completed');
    expect(sim.correlate('review.approved', 'k2')).toBe(false);
    expect(sim.calls.map((c) => c.taskType)).toEqual(['no', 'late']);
    expectReplayMatches(sim, byTimer);
  });
});

describe('interpreter: determinism', () => {
  it('gives the same history for the same inputs', () => {
    const run = () => {
      const sim = new Simulator({ handlers: { a: (i) => ({ v: (i.n as number) + 1 }) } });
      sim.deploy(
        workflow('det')
          .start()
          .service('a', 'a')
          .timerCatch('t', timers.duration('PT1M'))
          .parallel('f')
          .script('x', 'y = v * 2')
          .parallel('j')
          .end()
          .from('f')
          .script('z', 'w = 1')
          .to('j')
          .build(),
      );
      const id = sim.start('det', { n: 1 });
      sim.advance(60_000);
      return sim.instance(id).history;
    };
    expect(run()).toEqual(run());
  });

  it('ignores stale inputs and refuses operator commands on finished instances', () => {
    const sim = new Simulator();
    sim.deploy(workflow('done').start().end().build());
    const id = sim.start('done');
    const { state } = sim.instance(id);
    const ctx = { now: sim.now, definition: () => sim.definition('done') };
    expect(decide(state, { kind: 'timerFired', timerId: 'tm99' }, ctx)).toEqual([]);
    expect(decide(state, { kind: 'activityCompleted', activityId: 'a1', result: null }, ctx)).toEqual([]);
    expect(() => decide(state, { kind: 'cancel', actor: 'op' }, ctx)).toThrow(PlatformError);
    expect(() => decide(state, { kind: 'suspend', actor: 'op' }, ctx)).toThrow(
      /is completed; cannot suspend/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { PlatformError } from '../errors.js';
import { BpmnError } from './bpmn-error.js';
import { timers, workflow } from './definitions/builder.js';
import { replay } from './instance-state.js';
import { retryDelayMs } from './interpreter.js';
import { PENDING, Simulator } from './simulator.js';

describe('interpreter: boundary events', () => {
  it('an interrupting timer boundary cancels a running service task and takes its path', () => {
    const sim = new Simulator({ handlers: { slow: () => PENDING, fallback: () => undefined } });
    sim.deploy(
      workflow('b')
        .start()
        .service('slow', 'slow')
        .end('done')
        .boundary('tooLong', 'slow', { timer: timers.duration('PT10M') })
        .service('fallback', 'fallback')
        .end('timedOut')
        .build(),
    );
    const id = sim.start('b');
    const [activity] = sim.pending(id);
    sim.advance(600_000);
    const { state } = sim.instance(id);
    expect(state.status).toBe('completed');
    expect(sim.calls.map((c) => c.taskType)).toEqual(['slow', 'fallback']);
    expect(state.activities.size).toBe(0);
    // The late result of the cancelled activity is ignored.
    sim.send(id, { kind: 'activityCompleted', activityId: activity!, result: { late: true } });
    expect(state.variables.late).toBeUndefined();
  });

  it('a non-interrupting cycle timer on a user task fires repeatedly while the task stays open', () => {
    const sim = new Simulator({ handlers: { remind: () => undefined } });
    sim.deploy(
      workflow('nb')
        .start()
        .user('approve', { assignee: 'ana' })
        .end('done')
        .boundary('nag', 'approve', { interrupting: false, timer: timers.cycle('R2/PT1H') })
        .service('remind', 'remind')
        .end('reminded')
        .build(),
    );
    const id = sim.start('nb');
    sim.advance(3 * 3_600_000);
    expect(sim.calls.length).toBe(2);
    const { state } = sim.instance(id);
    expect(state.userTasks.size).toBe(1);
    expect(state.status).toBe('waiting');
    sim.completeTask(sim.openTasks()[0]!.taskId, { approved: true });
    expect(state.status).toBe('completed');
  });

  it('a message boundary interrupts the host', () => {
    const sim = new Simulator({ handlers: { stop: () => undefined } });
    sim.deploy(
      workflow('mb')
        .start()
        .user('wait')
        .end('done')
        .boundary('abort', 'wait', { message: { name: 'order.cancelled' } })
        .service('stop', 'stop')
        .end('aborted')
        .build(),
    );
    const id = sim.start('mb', {}, { businessKey: 'o1' });
    expect(sim.correlate('order.cancelled', 'o1', { why: 'customer' })).toBe(true);
    expect(sim.instance(id).state.status).toBe('completed');
    expect(sim.instance(id).state.userTasks.size).toBe(0);
  });
});

describe('interpreter: retries and errors', () => {
  it('retries a failing task with backoff timers, then succeeds', () => {
    let calls = 0;
    const sim = new Simulator({
      handlers: {
        flaky: () => {
          calls++;
          if (calls < 3) throw new Error('connection reset');
          return { ok: true };
        },
      },
    });
    sim.deploy(
      workflow('r')
        .start()
        .service('flaky', 'flaky', {
          retry: { maxAttempts: 3, backoff: 'exponential', initialDelay: 'PT1S' },
        })
        .end()
        .build(),
    );
    const id = sim.start('r');
    const { state } = sim.instance(id);
    expect(state.status).toBe('waiting');
    expect([...state.timers.values()][0]).toMatchObject({ purpose: 'retry', dueAt: sim.now + 1000 });
    sim.advance(1000);
    expect([...state.timers.values()][0]).toMatchObject({ purpose: 'retry', dueAt: sim.now + 2000 });
    sim.advance(2000);
    expect(state.status).toBe('completed');
    expect(sim.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect(new Set(sim.calls.map((c) => c.idempotencyKey)).size).toBe(1);
  });

  it('computes fixed, linear and exponential delays with a cap', () => {
    expect(
      [1, 2, 3].map((n) => retryDelayMs({ maxAttempts: 5, backoff: 'fixed', initialDelay: 'PT0.5S' }, n)),
    ).toEqual([500, 500, 500]);
    expect(
      [1, 2, 3].map((n) => retryDelayMs({ maxAttempts: 5, backoff: 'linear', initialDelay: 'PT2S' }, n)),
    ).toEqual([2000, 4000, 6000]);
    expect(
      [1, 2, 3, 4].map((n) =>
        retryDelayMs({ maxAttempts: 5, backoff: 'exponential', initialDelay: 'PT1S' }, n),
      ),
    ).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs({ maxAttempts: 20, initialDelay: 'PT1S', maxDelay: 'PT5S' }, 10)).toBe(5000);
  });

  it('raises an incident after the last attempt and retries it with the same idempotency key', () => {
    let fail = true;
    const sim = new Simulator({
      handlers: {
        pay: () => {
          if (fail) throw new PlatformError('UNAVAILABLE', 'gateway down');
          return { paid: true };
        },
      },
    });
    sim.deploy(
      workflow('inc')
        .start()
        .service('pay', 'pay', { retry: { maxAttempts: 2, initialDelay: 'PT1S' } })
        .end()
        .build(),
    );
    const id = sim.start('inc');
    sim.advance(1000);
    const { state } = sim.instance(id);
    expect(state.status).toBe('failed');
    const incident = [...state.incidents.values()][0]!;
    expect(incident).toMatchObject({
      elementId: 'pay',
      error: { code: 'UNAVAILABLE', message: 'gateway down' },
    });
    fail = false;
    sim.send(id, { kind: 'retryIncident', actor: 'operator' });
    expect(state.status).toBe('completed');
    expect(new Set(sim.calls.map((c) => c.idempotencyKey)).size).toBe(1);
    expect(replay(id, sim.instance(id).history).status).toBe('completed');
  });

  it('does not retry non-retryable platform errors', () => {
    const sim = new Simulator({
      handlers: {
        v: () => {
          throw new PlatformError('VALIDATION', 'bad input');
        },
      },
    });
    sim.deploy(
      workflow('nr')
        .start()
        .service('v', 'v', { retry: { maxAttempts: 5 } })
        .end()
        .build(),
    );
    const id = sim.start('nr');
    expect(sim.calls.length).toBe(1);
    expect(sim.instance(id).state.status).toBe('failed');
  });

  it('catches a BPMN error by code on an error boundary and exposes code and message', () => {
    const sim = new Simulator({
      handlers: {
        check: () => {
          throw new BpmnError('OUT_OF_STOCK', 'no stock left');
        },
        backorder: () => undefined,
      },
    });
    sim.deploy(
      workflow('be')
        .start()
        .service('check', 'check')
        .end('ok')
        .boundary('other', 'check', { error: { code: 'OTHER' } })
        .end('other-end')
        .boundary('oos', 'check', {
          error: { code: 'OUT_OF_STOCK', codeVariable: 'err', messageVariable: 'why' },
        })
        .service('backorder', 'backorder')
        .end('bo')
        .build(),
    );
    const id = sim.start('be');
    const { state } = sim.instance(id);
    expect(state.status).toBe('completed');
    expect(state.variables).toMatchObject({ err: 'OUT_OF_STOCK', why: 'no stock left' });
    expect(sim.calls.map((c) => c.taskType)).toEqual(['check', 'backorder']);
  });

  it('a catch-all error boundary takes technical failures after retries (e.g. TIMEOUT)', () => {
    const sim = new Simulator({
      handlers: {
        call: () => {
          throw new PlatformError('TIMEOUT', 'took too long', { retryable: true });
        },
        alt: () => undefined,
      },
    });
    sim.deploy(
      workflow('ca')
        .start()
        .service('call', 'call', { retry: { maxAttempts: 2, initialDelay: 'PT1S' } })
        .end('ok')
        .boundary('timeout', 'call', { error: { code: 'TIMEOUT' } })
        .service('alt', 'alt')
        .end('alt-end')
        .build(),
    );
    const id = sim.start('ca');
    sim.advance(1000);
    expect(sim.instance(id).state.status).toBe('completed');
    expect(sim.calls.map((c) => c.taskType)).toEqual(['call', 'call', 'alt']);
  });

  it('an unhandled BPMN error with nothing to compensate fails the instance', () => {
    const sim = new Simulator();
    sim.deploy(workflow('u').start().errorEnd('boom', 'BOOM').build());
    const id = sim.start('u');
    const { state } = sim.instance(id);
    expect(state.status).toBe('failed');
    expect(state.error?.details.bpmnErrorCode).toBe('BOOM');
  });
});

describe('interpreter: sub-processes and call activities', () => {
  it('runs an embedded sub-process and continues after it', () => {
    const sim = new Simulator({ handlers: { inner: () => ({ inner: true }), after: () => undefined } });
    sim.deploy(
      workflow('sp')
        .start()
        .subProcess('sub', (s) => s.start('s0').service('inner', 'inner').end('s1'))
        .service('after', 'after')
        .end()
        .build(),
    );
    const id = sim.start('sp');
    const { state } = sim.instance(id);
    expect(state.status).toBe('completed');
    expect(state.scopes.size).toBe(0);
    expect(sim.calls.map((c) => c.taskType)).toEqual(['inner', 'after']);
  });

  it('catches an error end of a sub-process on the sub-process boundary, cancelling its other tokens', () => {
    const sim = new Simulator({ handlers: { slow: () => PENDING, handle: () => undefined } });
    sim.deploy(
      workflow('spe')
        .start()
        .subProcess('sub', (s) =>
          s
            .start('s0')
            .parallel('f')
            .service('slow', 'slow')
            .end('s-end')
            .from('f')
            .errorEnd('fail', 'INVALID'),
        )
        .end('ok')
        .boundary('caught', 'sub', { error: { code: 'INVALID' } })
        .service('handle', 'handle')
        .end('handled')
        .build(),
    );
    const id = sim.start('spe');
    const { state } = sim.instance(id);
    expect(state.status).toBe('completed');
    expect(state.activities.size).toBe(0);
    // `slow` was scheduled and cancelled within the same step, so it never ran.
    expect(sim.calls.map((c) => c.taskType)).toEqual(['handle']);
  });

  it('a terminate end event ends the whole instance, cancelling parallel work', () => {
    const sim = new Simulator({ handlers: { slow: () => PENDING } });
    sim.deploy(
      workflow('term')
        .start()
        .parallel('f')
        .service('slow', 'slow')
        .end('e')
        .from('f')
        .terminateEnd('stop')
        .build(),
    );
    const id = sim.start('term');
    const { state } = sim.instance(id);
    expect(state.status).toBe('completed');
    expect(state.activities.size + state.tokens.size).toBe(0);
  });

  it('starts a child instance for a call activity and maps its output back', () => {
    const sim = new Simulator({ handlers: { double: (i) => ({ y: (i.x as number) * 2 }) } });
    sim.deploy(workflow('child').start().service('double', 'double').end().build());
    sim.deploy(
      workflow('parent')
        .start()
        .callActivity('call', 'child', { input: { x: 'n' }, output: { result: 'y' } })
        .end()
        .build(),
    );
    const id = sim.start('parent', { n: 4 });
    const { state } = sim.instance(id);
    expect(state.status).toBe('completed');
    expect(state.variables.result).toBe(8);
    const child = sim.instance(`${id}:c2`);
    expect(child.state.parent).toMatchObject({ instanceId: id, elementId: 'call' });
    expect(child.state.variables).toEqual({ x: 4, y: 8 });
  });

  it('catches a child failure on the call activity boundary', () => {
    const sim = new Simulator({ handlers: { recover: () => undefined } });
    sim.deploy(workflow('bad-child').start().errorEnd('e', 'CHILD_BROKE').build());
    sim.deploy(
      workflow('p2')
        .start()
        .callActivity('call', 'bad-child')
        .end()
        .boundary('err', 'call', { error: { code: 'CHILD_BROKE' } })
        .service('recover', 'recover')
        .end('r')
        .build(),
    );
    const id = sim.start('p2');
    expect(sim.instance(id).state.status).toBe('completed');
    expect(sim.calls.map((c) => c.taskType)).toEqual(['recover']);
  });
});

describe('interpreter: compensation', () => {
  const saga = () =>
    workflow('saga', { failurePolicy: 'compensate' })
      .start()
      .service('issue', 'issue.create', {
        compensation: { taskType: 'issue.close' },
        retry: { maxAttempts: 1 },
      })
      .service('record', 'db.insert', {
        compensation: { taskType: 'db.delete', input: { id: 'output.id' } },
        retry: { maxAttempts: 1 },
      })
      .service('email', 'email.send', {
        compensation: { taskType: 'email.cancel' },
        retry: { maxAttempts: 1 },
      })
      .service('launch', 'launch', { retry: { maxAttempts: 1 } })
      .end()
      .build();

  it('undoes completed tasks in reverse order when a later task fails', () => {
    const order: string[] = [];
    const sim = new Simulator({
      handlers: {
        'issue.create': () => ({ issue: 7 }),
        'db.insert': () => ({ id: 'row-1' }),
        'email.send': () => ({ sent: true }),
        launch: () => {
          throw new Error('launch failed');
        },
        'issue.close': (i) => void order.push(`close ${JSON.stringify(i.output)}`),
        'db.delete': (i) => void order.push(`delete ${String(i.id)}`),
        'email.cancel': () => void order.push('cancel email'),
      },
    });
    sim.deploy(saga());
    const id = sim.start('saga');
    const { state } = sim.instance(id);
    expect(order).toEqual(['cancel email', 'delete row-1', 'close {"issue":7}']);
    expect(state.status).toBe('compensated');
    expect(sim.instance(id).history.some((e) => e.type === 'compensation.started')).toBe(true);
  });

  it('records a failing compensator, still runs the rest, and ends failed', () => {
    const order: string[] = [];
    const sim = new Simulator({
      handlers: {
        'issue.create': () => ({}),
        'db.insert': () => ({ id: 'r' }),
        'email.send': () => ({}),
        launch: () => {
          throw new Error('x');
        },
        'issue.close': () => void order.push('close'),
        'db.delete': () => {
          throw new PlatformError('UNAVAILABLE', 'db down', { retryable: false });
        },
        'email.cancel': () => void order.push('cancel'),
      },
    });
    sim.deploy(saga());
    const id = sim.start('saga');
    const { state } = sim.instance(id);
    expect(order).toEqual(['cancel', 'close']);
    expect(state.status).toBe('failed');
    expect(state.error?.message).toMatch(/Compensation failed for 1 task/);
    expect(state.compensation?.failed.length).toBe(1);
  });

  it('compensates on cancel when asked to', () => {
    const order: string[] = [];
    const sim = new Simulator({
      handlers: {
        'issue.create': () => ({}),
        'db.insert': () => PENDING,
        'issue.close': () => void order.push('close'),
      },
    });
    sim.deploy(saga());
    const id = sim.start('saga');
    sim.send(id, { kind: 'cancel', actor: 'op', compensate: true, reason: 'customer left' });
    expect(order).toEqual(['close']);
    expect(sim.instance(id).state.status).toBe('compensated');
  });
});

describe('interpreter: user tasks', () => {
  it('creates a task with templated title, evaluated assignee, form and SLA; completion sets the decision', () => {
    const sim = new Simulator({ handlers: { deploy: () => undefined } });
    sim.deploy(
      workflow('ut')
        .start()
        .user('review', {
          title: 'Review PR #{{pr}}',
          assignee: '= reviewer',
          role: 'architect',
          form: { fields: [{ name: 'approved', type: 'boolean', required: true }] },
          sla: { within: 'PT2H' },
        })
        .exclusive('ok')
        .when('review_decision.approved')
        .service('deploy', 'deploy')
        .end('e1')
        .from('ok')
        .otherwise()
        .end('e2')
        .build(),
    );
    const id = sim.start('ut', { pr: 42, reviewer: 'ana' });
    const task = sim.openTasks()[0]!;
    expect(task).toMatchObject({
      title: 'Review PR #42',
      assignee: 'ana',
      role: 'architect',
      dueAt: sim.now + 7_200_000,
    });
    sim.completeTask(task.taskId, { approved: true, comment: 'lgtm' }, 'ana');
    const { state } = sim.instance(id);
    expect(state.status).toBe('completed');
    expect(state.variables.review_decision).toEqual({ approved: true, comment: 'lgtm' });
    expect(state.variableMeta.review_decision!.updatedBy).toBe('ana');
    expect(state.timers.size).toBe(0);
  });

  it('escalates when the SLA passes without an onTimeout path', () => {
    const sim = new Simulator();
    sim.deploy(
      workflow('esc')
        .start()
        .user('approve', {
          assignee: 'bob',
          sla: { within: 'PT1H', escalateTo: { role: 'marketing-director' } },
        })
        .end()
        .build(),
    );
    sim.start('esc');
    sim.advance(3_600_000);
    expect(sim.openTasks()[0]).toMatchObject({ escalated: true, role: 'marketing-director' });
  });

  it('follows the onTimeout path when the SLA passes', () => {
    const sim = new Simulator({ handlers: { auto: () => undefined } });
    sim.deploy(
      workflow('ot')
        .start()
        .user('approve', { sla: { within: 'PT1H', onTimeout: 'auto' } })
        .end('manual')
        .from('approve')
        .service('auto', 'auto')
        .end('automatic')
        .build(),
    );
    const id = sim.start('ot');
    sim.advance(3_600_000);
    expect(sim.instance(id).state.status).toBe('completed');
    expect(sim.openTasks().length).toBe(0);
    expect(sim.calls.map((c) => c.taskType)).toEqual(['auto']);
  });
});

describe('interpreter: suspend, cancel and migrate', () => {
  it('does not run activities while suspended and runs them on resume', () => {
    const sim = new Simulator({ handlers: { a: () => undefined } });
    sim.deploy(
      workflow('s').start().timerCatch('t', timers.duration('PT1M')).service('a', 'a').end().build(),
    );
    const id = sim.start('s');
    sim.send(id, { kind: 'suspend', actor: 'op' });
    expect(sim.instance(id).state.status).toBe('suspended');
    sim.advance(60_000);
    expect(sim.calls.length).toBe(0);
    sim.send(id, { kind: 'resume', actor: 'op' });
    sim.advance(0);
    expect(sim.instance(id).state.status).toBe('completed');
  });

  it('cancels everything an instance waits on', () => {
    const sim = new Simulator({ handlers: { slow: () => PENDING } });
    sim.deploy(
      workflow('c')
        .start()
        .parallel('f')
        .service('slow', 'slow')
        .end('e1')
        .from('f')
        .user('u')
        .end('e2')
        .from('f')
        .timerCatch('t', timers.duration('P1D'))
        .end('e3')
        .build(),
    );
    const id = sim.start('c');
    sim.send(id, { kind: 'cancel', actor: 'op', reason: 'no longer needed' });
    const { state } = sim.instance(id);
    expect(state.status).toBe('cancelled');
    expect(state.tokens.size + state.activities.size + state.userTasks.size + state.timers.size).toBe(0);
  });

  it('migrates a waiting instance to a new version with an element mapping', () => {
    const sim = new Simulator({ handlers: { v2only: () => ({ upgraded: true }) } });
    sim.deploy(workflow('m').start().user('approve').end().build());
    sim.deploy(workflow('m').start().user('approve-v2').service('v2only', 'v2only').end().build());
    const id = sim.start('m', {}, { version: 1 });
    expect(() => sim.send(id, { kind: 'migrate', toVersion: 2, mapping: {}, actor: 'op' })).toThrow(
      /approve maps to 'approve', which does not exist in v2/,
    );
    sim.send(id, { kind: 'migrate', toVersion: 2, mapping: { approve: 'approve-v2' }, actor: 'op' });
    const { state } = sim.instance(id);
    expect(state.version).toBe(2);
    sim.completeTask(sim.openTasks()[0]!.taskId, {});
    expect(state.status).toBe('completed');
    expect(state.variables.upgraded).toBe(true);
    expect(replay(id, sim.instance(id).history).version).toBe(2);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { PublishInput } from '../bus/bus.js';
import { PlatformError } from '../errors.js';
import { testPostgres } from '../testing/services.js';
import { timers, workflow } from './definitions/builder.js';
import { engineFixture, type EngineFixture, type StoreKind } from './testing/engine-fixture.js';

const probe = await testPostgres();
await probe?.drop();
const kinds: StoreKind[] = probe ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(kinds)('Engine on %s', (kind) => {
  let fx: EngineFixture;
  const open = async () => {
    fx = await engineFixture(kind, kind === 'postgres' ? await testPostgres() : undefined);
    return fx;
  };
  afterEach(async () => {
    await fx?.close();
  });

  it('runs service tasks durably and publishes lifecycle events', async () => {
    await open();
    const published: PublishInput[] = [];
    const engine = fx.engine({
      bus: {
        publish: async (p) => (
          published.push(p),
          { ...p, id: 'x', priority: 3, headers: {}, publishedAt: 0 }
        ),
      },
    });
    await engine.open();
    await engine.deploy({
      format: 'json',
      model: workflow('order')
        .start()
        .service('price', 'price', { output: { total: 'result.total' } })
        .service('ship', 'ship')
        .end()
        .build(),
    });
    engine.registerHandler('price', (ctx) => ({ total: (ctx.input.amount as number) * 2 }));
    const shipped: string[] = [];
    engine.registerHandler('ship', (ctx) => {
      shipped.push(ctx.idempotencyKey);
    });
    const started = await engine.startInstance('order', { variables: { amount: 21 }, businessKey: 'o-1' });
    await fx.settle();
    const view = await engine.getInstance(started.instanceId);
    expect(view.status).toBe('completed');
    expect(view.variables).toEqual({ amount: 21, total: 42 });
    expect(shipped).toEqual([`${started.instanceId}:a5`]);
    const row = await fx.store.engine.instances.get(started.instanceId);
    expect(row).toMatchObject({ state: 'completed', businessKey: 'o-1', owner: null, runnable: false });
    const history = await engine.history(started.instanceId);
    expect(history.map((e) => e.type)).toEqual([
      'instance.started',
      'activity.scheduled',
      'activity.completed',
      'variables.set',
      'activity.scheduled',
      'activity.completed',
      'token.ended',
      'instance.completed',
    ]);
    expect(published.map((p) => p.topic)).toEqual([
      'workflow.order.started',
      'workflow.order.task.assigned',
      'workflow.order.task.completed',
      'workflow.order.task.assigned',
      'workflow.order.task.completed',
      'workflow.order.completed',
    ]);
    expect(engine.commitStats.transactions).toBeGreaterThan(0);
  });

  it('keeps user tasks in an inbox, validates the form and refuses a second completion', async () => {
    await open();
    const engine = fx.engine();
    await engine.open();
    await engine.deploy({
      format: 'json',
      model: workflow('approval')
        .start()
        .user('approve', {
          title: 'Approve {{item}}',
          role: 'manager',
          form: {
            fields: [
              { name: 'approved', type: 'boolean', required: true },
              { name: 'level', type: 'string', options: ['low', 'high'] },
            ],
          },
        })
        .end()
        .build(),
    });
    const { instanceId } = await engine.startInstance('approval', { variables: { item: 'budget' } });
    const [task] = await engine.listUserTasks({ status: 'open', role: 'manager' });
    expect(task).toMatchObject({ instanceId, title: 'Approve budget', status: 'open' });
    await expect(engine.completeUserTask(task!.taskId, { approved: 'yes' }, 'ana')).rejects.toThrow(
      /'approved' must be of type boolean/,
    );
    await expect(engine.completeUserTask(task!.taskId, {}, 'ana')).rejects.toThrow(/'approved' is required/);
    await expect(
      engine.completeUserTask(task!.taskId, { approved: true, level: 'mid' }, 'ana'),
    ).rejects.toThrow(/must be one of/);
    const done = await engine.completeUserTask(task!.taskId, { approved: true }, 'ana');
    expect(done.instance?.status).toBe('completed');
    expect(done.instance?.variables.approve_decision).toEqual({ approved: true });
    await expect(engine.completeUserTask(task!.taskId, { approved: true }, 'bob')).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await engine.getUserTask(task!.taskId)).toMatchObject({
      status: 'completed',
      completedBy: 'ana',
      data: { approved: true },
    });
    await expect(engine.completeUserTask('nope', {}, 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('fires durable timers and SLA escalations with the fake clock', async () => {
    await open();
    const engine = fx.engine();
    await engine.open();
    await engine.deploy({
      format: 'json',
      model: workflow('wait')
        .start()
        .timerCatch('pause', timers.duration('PT2H'))
        .user('check', { sla: { within: 'PT1H', escalateTo: { role: 'director' } } })
        .end()
        .build(),
    });
    const { instanceId } = await engine.startInstance('wait');
    expect((await engine.getInstance(instanceId)).status).toBe('waiting');
    await fx.advance(7_199_000);
    expect((await engine.getInstance(instanceId)).activeElements).toEqual(['pause']);
    await fx.advance(1000);
    expect((await engine.getInstance(instanceId)).activeElements).toEqual(['check']);
    await fx.advance(3_600_000);
    const [task] = await engine.listUserTasks({ instanceId });
    expect(task).toMatchObject({ escalated: true, role: 'director' });
  });

  it('correlates messages by business key, buffers early ones and rejects unknown names', async () => {
    await open();
    const engine = fx.engine();
    await engine.open();
    await engine.deploy({
      format: 'json',
      model: workflow('pay')
        .start()
        .timerCatch('t', timers.duration('PT1M'))
        .messageCatch('paid', 'payment.received')
        .end()
        .build(),
    });
    await expect(engine.correlate('nobody.listens')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const a = await engine.startInstance('pay', { businessKey: 'order-1' });
    const b = await engine.startInstance('pay', { businessKey: 'order-2' });
    // Arrives before instance a waits for it: buffered, then consumed when it subscribes.
    const early = await engine.correlate('payment.received', {
      businessKey: 'order-1',
      payload: { amount: 10 },
    });
    expect(early.status).toBe('buffered');
    const stale = await engine.correlate('payment.received', {
      businessKey: 'order-9',
      payload: {},
      ttlMs: 30_000,
    });
    expect(stale.status).toBe('buffered');
    await fx.advance(60_000);
    expect((await engine.getInstance(a.instanceId)).status).toBe('completed');
    expect((await engine.getInstance(a.instanceId)).variables.amount).toBe(10);
    expect((await engine.getInstance(b.instanceId)).status).toBe('waiting');
    const late = await engine.correlate('payment.received', {
      businessKey: 'order-2',
      payload: { amount: 5 },
    });
    expect(late).toMatchObject({ status: 'delivered', instanceId: b.instanceId });
    await fx.settle();
    expect((await engine.getInstance(b.instanceId)).status).toBe('completed');
    expect(await fx.store.engine.messages.buffered()).toEqual([]);
  });

  it('starts an instance from a message start event', async () => {
    await open();
    const engine = fx.engine();
    await engine.open();
    engine.registerHandler('greet', (ctx) => ({ greeted: ctx.input.user ?? null }));
    await engine.deploy({
      format: 'json',
      model: workflow('signup')
        .messageStart('hello', 'user.signed_up')
        .service('greet', 'greet')
        .end()
        .build(),
    });
    const r = await engine.correlate('user.signed_up', { businessKey: 'u-7', payload: { user: 'maya' } });
    expect(r.status).toBe('started');
    await fx.settle();
    const view = await engine.getInstance((r as { instanceId: string }).instanceId);
    expect(view).toMatchObject({
      status: 'completed',
      businessKey: 'u-7',
      variables: { user: 'maya', greeted: 'maya' },
    });
  });

  it('runs a call activity as a child instance linked to its parent', async () => {
    await open();
    const engine = fx.engine();
    await engine.open();
    engine.registerHandler('double', (ctx) => ({ y: (ctx.input.x as number) * 2 }));
    await engine.deploy({
      format: 'json',
      model: workflow('child')
        .start()
        .timerCatch('t', timers.duration('PT5M'))
        .service('double', 'double')
        .end()
        .build(),
    });
    await engine.deploy({
      format: 'json',
      model: workflow('parent')
        .start()
        .callActivity('call', 'child', { input: { x: 'n' }, output: { result: 'y' } })
        .end()
        .build(),
    });
    const { instanceId } = await engine.startInstance('parent', { variables: { n: 5 } });
    const children = await engine.listInstances({ parentInstanceId: instanceId });
    expect(children.items).toHaveLength(1);
    expect(children.items[0]).toMatchObject({ definitionId: 'child', state: 'waiting' });
    await fx.advance(300_000);
    expect((await engine.getInstance(instanceId)).variables.result).toBe(10);
    expect((await engine.getInstance(instanceId)).status).toBe('completed');
  });

  it('retries with durable backoff, raises an incident, and retries the incident', async () => {
    await open();
    const engine = fx.engine();
    await engine.open();
    let up = false;
    const keys: string[] = [];
    engine.registerHandler('charge', (ctx) => {
      keys.push(ctx.idempotencyKey);
      if (!up) throw new PlatformError('UNAVAILABLE', 'payment gateway down');
      return { charged: true };
    });
    await engine.deploy({
      format: 'json',
      model: workflow('charge')
        .start()
        .service('charge', 'charge', { retry: { maxAttempts: 3, initialDelay: 'PT10S' } })
        .end()
        .build(),
    });
    const { instanceId } = await engine.startInstance('charge');
    await fx.advance(10_000);
    await fx.advance(20_000);
    const failed = await engine.getInstance(instanceId);
    expect(failed.status).toBe('failed');
    expect(failed.incidents[0]).toMatchObject({ elementId: 'charge', error: { code: 'UNAVAILABLE' } });
    expect((await fx.store.engine.instances.get(instanceId))?.error?.message).toBe('payment gateway down');
    expect(keys).toHaveLength(3);
    up = true;
    const retried = await engine.retryIncident(instanceId, { actor: 'operator' });
    await fx.settle();
    expect(retried.queued).toBe(false);
    expect((await engine.getInstance(instanceId)).status).toBe('completed');
    expect(new Set(keys).size).toBe(1);
  });

  it('suspends, resumes, cancels and checks variable types', async () => {
    await open();
    const engine = fx.engine();
    await engine.open();
    engine.registerHandler('noop', () => undefined);
    await engine.deploy({
      format: 'json',
      model: workflow('ctl')
        .variables({ count: 'integer' })
        .start()
        .timerCatch('t', timers.duration('PT1M'))
        .service('after', 'noop')
        .user('u')
        .end()
        .build(),
    });
    const { instanceId } = await engine.startInstance('ctl');
    await expect(engine.setVariables(instanceId, { count: 'many' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/'count' must be of type integer/),
    });
    await engine.setVariables(instanceId, { count: 3 }, 'ops');
    expect((await engine.suspend(instanceId)).instance?.status).toBe('suspended');
    await fx.advance(120_000);
    expect((await engine.getInstance(instanceId)).activeElements).toEqual(['t']);
    await engine.resume(instanceId);
    await fx.advance(1000);
    expect((await engine.getInstance(instanceId)).activeElements).toEqual(['u']);
    const cancelled = await engine.cancel(instanceId, { reason: 'not needed' });
    expect(cancelled.instance?.status).toBe('cancelled');
    expect(await engine.listUserTasks({ instanceId, status: 'open' })).toEqual([]);
    await expect(engine.cancel(instanceId)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(
      (await engine.variableHistory(instanceId, 'count')).map((c) => [c.value, c.version, c.actor]),
    ).toEqual([[3, 1, 'ops']]);
  });

  it('versions definitions, keeps running instances on theirs and migrates one', async () => {
    await open();
    const engine = fx.engine();
    await engine.open();
    engine.registerHandler('v2', () => ({ upgraded: true }));
    const v1 = workflow('flow').start().user('review').end().build();
    expect((await engine.deploy({ format: 'json', model: v1 })).version).toBe(1);
    expect(await engine.deploy({ format: 'json', model: v1 })).toMatchObject({ version: 1, created: false });
    const a = await engine.startInstance('flow');
    const b = await engine.startInstance('flow');
    const v2 = workflow('flow').start().user('review2').service('up', 'v2').end().build();
    expect((await engine.deploy({ format: 'json', model: v2 })).version).toBe(2);
    expect((await engine.getInstance(a.instanceId)).version).toBe(1);
    await expect(engine.migrate(a.instanceId, 2)).rejects.toMatchObject({ code: 'VALIDATION' });
    await engine.migrate(a.instanceId, 2, { review: 'review2' });
    const [task] = await engine.listUserTasks({ instanceId: a.instanceId, status: 'open' });
    await engine.completeUserTask(task!.taskId, {}, 'ana');
    await fx.settle();
    expect((await engine.getInstance(a.instanceId)).variables.upgraded).toBe(true);
    expect((await engine.getInstance(b.instanceId)).version).toBe(1);
    expect((await engine.definitionVersions('flow')).map((d) => d.version)).toEqual([1, 2]);
    const c = await engine.startInstance('flow');
    expect(c.version).toBe(2);
  });

  it('reads workflow and global variables in conditions and keeps their history', async () => {
    await open();
    const engine = fx.engine({ sharedVariablesTtlMs: 0 });
    await engine.open();
    engine.registerHandler('big', () => undefined);
    engine.registerHandler('small', () => undefined);
    await engine.deploy({
      format: 'json',
      model: workflow('thresh')
        .start()
        .exclusive('g')
        .when('amount > approval_threshold')
        .service('big', 'big')
        .end('e1')
        .from('g')
        .otherwise()
        .service('small', 'small')
        .end('e2')
        .build(),
    });
    await engine.setSharedVariable('global', '', 'approval_threshold', 100, 'admin');
    await engine.setSharedVariable('workflow', 'thresh', 'approval_threshold', 10, 'admin');
    const r = await engine.startInstance('thresh', { variables: { amount: 50 } });
    await fx.settle();
    expect((await engine.getInstance(r.instanceId)).activities).toEqual([]);
    const h = await engine.history(r.instanceId);
    expect(h.some((e) => e.type === 'activity.scheduled' && e.taskType === 'big')).toBe(true);
    await engine.setSharedVariable('workflow', 'thresh', 'approval_threshold', 60, 'admin2');
    expect(
      (await engine.sharedVariableHistory('workflow', 'thresh', 'approval_threshold')).map((c) => [
        c.value,
        c.version,
        c.actor,
      ]),
    ).toEqual([
      [10, 1, 'admin'],
      [60, 2, 'admin2'],
    ]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { JsonValue } from '../errors.js';
import { testPostgres } from '../testing/services.js';
import { timers, workflow } from './definitions/builder.js';
import type { Engine } from './engine.js';
import type { TaskContext } from './engine-types.js';
import { engineFixture, type EngineFixture, type StoreKind } from './testing/engine-fixture.js';

const probe = await testPostgres();
await probe?.drop();
const kinds: StoreKind[] = probe ? ['sqlite', 'postgres'] : ['sqlite'];

/**
 * An external system that applies each effect once per idempotency key (like a payment API with
 * idempotency keys): `calls` counts deliveries, `applied` the effects that actually happened.
 */
class EffectSink {
  readonly calls = new Map<string, number>();
  readonly applied = new Map<string, JsonValue>();
  handler(name: string) {
    return (ctx: TaskContext): JsonValue => {
      this.calls.set(ctx.idempotencyKey, (this.calls.get(ctx.idempotencyKey) ?? 0) + 1);
      if (!this.applied.has(ctx.idempotencyKey))
        this.applied.set(ctx.idempotencyKey, `${name}@${ctx.elementId}`);
      return { [`${ctx.elementId}_done`]: true };
    };
  }
}

function register(engine: Engine, sink: EffectSink, types: string[]): void {
  for (const t of types) engine.registerHandler(t, sink.handler(t));
}

class Crash extends Error {}

describe.each(kinds)('Crash recovery on %s', (kind) => {
  let fx: EngineFixture;
  const open = async () => {
    fx = await engineFixture(kind, kind === 'postgres' ? await testPostgres() : undefined);
    return fx;
  };
  afterEach(async () => {
    await fx?.close();
  });

  it('crash after the effect and before the checkpoint: the effect happens exactly once', async () => {
    await open();
    const sink = new EffectSink();
    const model = workflow('three')
      .start()
      .service('s1', 'step')
      .service('s2', 'step')
      .service('s3', 'step')
      .end()
      .build();
    let crashed = false;
    const first = fx.engine({
      workerId: 'node-a',
      faults: {
        afterEffect: (a) => {
          if (a.elementId === 's2' && !crashed) {
            crashed = true;
            throw new Crash('kill -9 after s2 ran');
          }
        },
      },
    });
    register(first, sink, ['step']);
    await first.open();
    await first.deploy({ format: 'json', model });
    const { instanceId } = await first.startInstance('three');
    await fx.settle();
    expect(first.isHalted).toBe(true);
    expect((await fx.store.engine.instances.get(instanceId))?.state).toBe('active');

    // Same node restarting: it resumes its own instances at once, without waiting for the lease.
    const second = fx.engine({ workerId: 'node-a' });
    register(second, sink, ['step']);
    await second.open();
    await fx.settle();
    const view = await second.getInstance(instanceId);
    expect(view.status).toBe('completed');
    expect(view.variables).toEqual({ s1_done: true, s2_done: true, s3_done: true });
    const s2Key = [...sink.calls.keys()].find((k) => sink.applied.get(k) === 'step@s2')!;
    expect(sink.calls.get(s2Key)).toBe(2);
    expect([...sink.applied.values()].sort()).toEqual(['step@s1', 'step@s2', 'step@s3']);
    for (const [key, n] of sink.calls) if (key !== s2Key) expect(n).toBe(1);
  });

  it('crash during a timer fire: the timer fires once and what follows runs once', async () => {
    await open();
    const sink = new EffectSink();
    const model = workflow('remind')
      .start()
      .timerCatch('wait', timers.duration('PT1H'))
      .service('send', 'send')
      .end()
      .build();
    const first = fx.engine({
      workerId: 'node-a',
      faults: {
        afterClaim: (job) => {
          if (job.kind === 'timer') throw new Crash('crash while firing the timer');
        },
      },
    });
    register(first, sink, ['send']);
    await first.open();
    await first.deploy({ format: 'json', model });
    const { instanceId } = await first.startInstance('remind');
    await fx.advance(3_600_000);
    expect(first.isHalted).toBe(true);
    expect(sink.calls.size).toBe(0);

    // Another node takes over once the claim and the lease have expired.
    const second = fx.engine({ workerId: 'node-b' });
    register(second, sink, ['send']);
    await second.open();
    await fx.advance(61_000);
    const view = await second.getInstance(instanceId);
    expect(view.status).toBe('completed');
    expect([...sink.calls.values()]).toEqual([1]);
    const history = await second.history(instanceId);
    expect(history.filter((e) => e.type === 'timer.fired')).toHaveLength(1);
  });

  it('crash during a join: the join fires once and the task after it runs once', async () => {
    await open();
    const sink = new EffectSink();
    const model = workflow('joined')
      .start()
      .parallel('fork')
      .service('left', 'work')
      .parallel('join')
      .service('after', 'after')
      .end()
      .from('fork')
      .service('right', 'work')
      .to('join')
      .build();
    let armed = true;
    const first = fx.engine({
      workerId: 'node-a',
      faults: {
        beforeCommit: (writes) => {
          if (armed && writes.some((w) => w.events.some((e) => e.type === 'join.waiting'))) {
            armed = false;
            throw new Crash('crash while a branch reaches the join');
          }
        },
      },
    });
    register(first, sink, ['work', 'after']);
    await first.open();
    await first.deploy({ format: 'json', model });
    const { instanceId } = await first.startInstance('joined');
    await fx.settle();
    expect(first.isHalted).toBe(true);

    const second = fx.engine({ workerId: 'node-a' });
    register(second, sink, ['work', 'after']);
    await second.open();
    await fx.settle();
    const view = await second.getInstance(instanceId);
    expect(view.status).toBe('completed');
    const history = await second.history(instanceId);
    expect(history.filter((e) => e.type === 'join.fired')).toHaveLength(1);
    expect([...sink.applied.values()].sort()).toEqual(['after@after', 'work@left', 'work@right']);
    expect(sink.calls.get([...sink.applied.entries()].find(([, v]) => v === 'after@after')![0])).toBe(1);
  });

  it('crash while committing a step loses nothing that was acknowledged', async () => {
    await open();
    const sink = new EffectSink();
    let commits = 0;
    const first = fx.engine({
      workerId: 'node-a',
      faults: {
        beforeCommit: () => {
          if (++commits === 4) throw new Crash('power cut during a commit');
        },
      },
    });
    register(first, sink, ['a', 'b', 'c', 'd']);
    await first.open();
    await first.deploy({
      format: 'json',
      model: workflow('chain')
        .start()
        .service('a', 'a')
        .service('b', 'b')
        .service('c', 'c')
        .service('d', 'd')
        .end()
        .build(),
    });
    const { instanceId } = await first.startInstance('chain');
    await fx.settle();
    expect(first.isHalted).toBe(true);
    const second = fx.engine({ workerId: 'node-a' });
    register(second, sink, ['a', 'b', 'c', 'd']);
    await second.open();
    await fx.settle();
    expect((await second.getInstance(instanceId)).status).toBe('completed');
    expect(sink.applied.size).toBe(4);
    expect([...sink.calls.values()].reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(5);
  });

  it('resumes every unfinished instance on start-up, whatever it was waiting for', async () => {
    await open();
    const sink = new EffectSink();
    const first = fx.engine({ workerId: 'node-a' });
    register(first, sink, ['slow', 'quick']);
    first.registerHandler('slow', () => new Promise(() => undefined));
    await first.open();
    await first.deploy({
      format: 'json',
      model: workflow('mixed')
        .start()
        .service('slow', 'slow')
        .service('quick', 'quick')
        .timerCatch('t', timers.duration('PT10M'))
        .user('u')
        .end()
        .build(),
    });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await first.startInstance('mixed')).instanceId);
    await first.idle({ includeHandlers: false });
    first.halt('process killed');
    const second = fx.engine({ workerId: 'node-b' });
    register(second, sink, ['slow', 'quick']);
    await second.open();
    await fx.advance(61_000);
    for (const id of ids) expect((await second.getInstance(id)).activeElements).toEqual(['t']);
    await fx.advance(600_000);
    for (const id of ids) expect((await second.getInstance(id)).activeElements).toEqual(['u']);
  });

  it('closes within a grace: a handler done in time is recorded, the rest resume on another worker at once', async () => {
    await open();
    const sink = new EffectSink();
    const first = fx.engine({ workerId: 'node-a' });
    register(first, sink, ['after']);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    first.registerHandler('quick', async (ctx) => {
      await gate;
      return sink.handler('quick')(ctx);
    });
    first.registerHandler('slow', () => new Promise(() => undefined));
    await first.open();
    for (const [id, type] of [
      ['finishes', 'quick'],
      ['outlives', 'slow'],
    ] as const)
      await first.deploy({
        format: 'json',
        model: workflow(id).start().service('work', type).service('next', 'after').end().build(),
      });
    const finishes = (await first.startInstance('finishes')).instanceId;
    const outlives = (await first.startInstance('outlives')).instanceId;
    await first.idle({ includeHandlers: false });
    const closing = first.close({ graceMs: 300 });
    release();
    await closing;
    expect((await first.getInstance(finishes)).activeElements).toEqual(['next']);

    const second = fx.engine({ workerId: 'node-b' });
    register(second, sink, ['quick', 'slow', 'after']);
    await second.open(); // no lease to wait for: the closed engine gave them back
    for (let i = 0; i < 3; i++) await second.idle(); // (the first engine's abandoned handler never settles)
    for (const id of [finishes, outlives]) expect((await second.getInstance(id)).status).toBe('completed');
    const byElement = [...sink.calls.entries()].map(([key, n]) => [sink.applied.get(key), n]).sort();
    expect(byElement).toEqual([
      ['after@next', 1],
      ['after@next', 1],
      ['quick@work', 1],
      ['slow@work', 1],
    ]);
  });

  it('runs on two workers at once without executing any effect twice', async () => {
    await open();
    const sink = new EffectSink();
    const a = fx.engine({ workerId: 'node-a' });
    const b = fx.engine({ workerId: 'node-b' });
    for (const e of [a, b]) register(e, sink, ['one', 'two']);
    await a.deploy({
      format: 'json',
      model: workflow('pair')
        .start()
        .timerCatch('t', timers.duration('PT1M'))
        .service('one', 'one')
        .timerCatch('t2', timers.duration('PT1M'))
        .service('two', 'two')
        .end()
        .build(),
    });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await (i % 2 ? a : b).startInstance('pair')).instanceId);
    await a.open();
    await b.open();
    await fx.advance(60_000);
    await fx.advance(60_000);
    for (const id of ids) expect((await a.getInstance(id)).status).toBe('completed');
    expect(sink.applied.size).toBe(40);
    expect([...sink.calls.values()].every((n) => n === 1)).toBe(true);
  });
});

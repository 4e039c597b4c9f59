import { afterEach, describe, expect, it } from 'vitest';
import { testPostgres } from '../testing/services.js';
import { workflow } from './definitions/builder.js';
import { engineFixture, type EngineFixture, type StoreKind } from './testing/engine-fixture.js';

const probe = await testPostgres();
await probe?.drop();
const kinds: StoreKind[] = probe ? ['sqlite', 'postgres'] : ['sqlite'];

const payment = workflow('payment')
  .start()
  .service('charge', 'payments.charge', { input: { amount: 'amount' }, retry: { maxAttempts: 2 } })
  .boundary('declined', 'charge', { error: { code: 'DECLINED' }, output: { reason: 'why' } })
  .end('refused')
  .from('charge')
  .end()
  .build();

describe.each(kinds)('Job workers on %s', (kind) => {
  let fx: EngineFixture;
  afterEach(async () => {
    await fx?.close();
  });

  async function started(variables: Record<string, number> = { amount: 30 }) {
    fx = await engineFixture(kind, kind === 'postgres' ? await testPostgres() : undefined);
    const engine = fx.engine();
    await engine.open();
    await engine.deploy({ format: 'json', model: payment });
    const { instanceId } = await engine.startInstance('payment', { variables });
    await fx.settle();
    return { engine, instanceId };
  }

  it('hands a task type without a handler to external workers and completes it exactly once', async () => {
    const { engine, instanceId } = await started();
    const waiting = await engine.getInstance(instanceId);
    expect(waiting.status).toBe('waiting');
    expect(waiting.activities).toMatchObject([{ elementId: 'charge', status: 'external' }]);
    expect(await engine.jobs.activate({ type: 'other.type', workerId: 'w1' })).toEqual([]);
    const [job] = await engine.jobs.activate({ type: 'payments.charge', workerId: 'w1', lockMs: 60_000 });
    expect(job).toMatchObject({
      type: 'payments.charge',
      instanceId,
      elementId: 'charge',
      variables: { amount: 30 },
      retries: 2,
    });
    // Locked: a second worker gets nothing.
    expect(await engine.jobs.activate({ type: 'payments.charge', workerId: 'w2' })).toEqual([]);
    await expect(engine.jobs.complete(job!.id, 'w2', {})).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await engine.jobs.complete(job!.id, 'w1', { receipt: 'r-1' })).toEqual({
      id: job!.id,
      state: 'completed',
      repeated: false,
    });
    // A retried completion (its reply was lost) changes nothing.
    expect(await engine.jobs.complete(job!.id, 'w1', { receipt: 'r-1' })).toMatchObject({ repeated: true });
    await expect(engine.jobs.complete(job!.id, 'w1', { receipt: 'other' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await fx.settle();
    const done = await engine.getInstance(instanceId);
    expect(done.status).toBe('completed');
    expect(done.variables).toEqual({ amount: 30, receipt: 'r-1' });
    const completions = (await engine.history(instanceId)).filter((e) => e.type === 'activity.completed');
    expect(completions).toHaveLength(1);
  });

  it('returns a job whose lock expired to the pool; the old holder can no longer settle it', async () => {
    const { engine } = await started();
    const [job] = await engine.jobs.activate({ type: 'payments.charge', workerId: 'w1', lockMs: 5000 });
    await fx.advance(6000);
    const [again] = await engine.jobs.activate({ type: 'payments.charge', workerId: 'w2', lockMs: 5000 });
    expect(again?.id).toBe(job!.id);
    await expect(engine.jobs.complete(job!.id, 'w1', {})).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'locked-by-another-worker' },
    });
    expect((await engine.jobs.extend(job!.id, 'w2', 60_000)).lockUntil).toBe(fx.clock.now() + 60_000);
  });

  it('retries a failed job after its back-off, then raises an incident when no retries are left', async () => {
    const { engine, instanceId } = await started();
    const [job] = await engine.jobs.activate({ type: 'payments.charge', workerId: 'w1' });
    await engine.jobs.fail(job!.id, 'w1', { message: 'gateway down', retries: 1, retryBackoffMs: 10_000 });
    expect(await engine.jobs.activate({ type: 'payments.charge', workerId: 'w1' })).toEqual([]);
    await fx.advance(10_000);
    const [retry] = await engine.jobs.activate({ type: 'payments.charge', workerId: 'w1' });
    expect(retry).toMatchObject({ id: job!.id, retries: 1 });
    await engine.jobs.fail(job!.id, 'w1', { message: 'still down', retries: 0 });
    await fx.settle();
    const failed = await engine.getInstance(instanceId);
    expect(failed.status).toBe('failed');
    expect(failed.incidents[0]?.error.message).toMatch(/still down/);
    // The operator retries the incident: a new job for the same activity.
    await engine.retryIncident(instanceId);
    await fx.settle();
    const [next] = await engine.jobs.activate({ type: 'payments.charge', workerId: 'w1' });
    expect(next!.id).not.toBe(job!.id);
    await engine.jobs.complete(next!.id, 'w1', {});
    await fx.settle();
    expect((await engine.getInstance(instanceId)).status).toBe('completed');
  });

  it('takes the error boundary on a BPMN error, with the error variables through its output mapping', async () => {
    const { engine, instanceId } = await started();
    const [job] = await engine.jobs.activate({ type: 'payments.charge', workerId: 'w1' });
    await engine.jobs.throwError(job!.id, 'w1', {
      code: 'DECLINED',
      message: 'card declined',
      variables: { why: 'limit' },
    });
    await fx.settle();
    const view = await engine.getInstance(instanceId);
    expect(view.status).toBe('completed');
    expect(view.activeElements).toEqual([]);
    expect(view.variables).toEqual({ amount: 30, reason: 'limit' });
    const ended = (await engine.history(instanceId)).filter((e) => e.type === 'token.ended');
    expect(ended.map((e) => (e as { elementId: string }).elementId)).toEqual(['refused']);
  });

  it('cancels the job when its activity is cancelled', async () => {
    const { engine, instanceId } = await started();
    await engine.cancel(instanceId);
    await fx.settle();
    expect(await engine.jobs.activate({ type: 'payments.charge', workerId: 'w1' })).toEqual([]);
    expect(await engine.jobs.list({ instanceId })).toMatchObject([{ state: 'cancelled' }]);
  });

  it('long-polls until a job is handed off', async () => {
    fx = await engineFixture(kind, kind === 'postgres' ? await testPostgres() : undefined);
    const engine = fx.engine();
    await engine.open();
    await engine.deploy({ format: 'json', model: payment });
    const poll = engine.jobs.activate({ type: 'payments.charge', workerId: 'w1', waitMs: 30_000 });
    await engine.startInstance('payment', { variables: { amount: 5 } });
    await fx.settle();
    const jobs = await poll;
    expect(jobs).toHaveLength(1);
    await expect(
      engine.jobs.activate({ type: 'payments.charge', workerId: 'w1', maxJobs: 0 }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

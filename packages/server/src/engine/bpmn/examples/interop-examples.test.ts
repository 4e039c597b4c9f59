// Acceptance (issue 17): the same order process as saved by Camunda Modeler for Camunda 8 (FEEL,
// zeebe:*) and Camunda 7 (JUEL, camunda:*) runs unchanged on both stores: it branches on user-task
// data, uses `is defined`, an inclusive fork and join, an escalation boundary on a sub-process, a
// conditional boundary re-evaluated when variables change, and a signal that starts another process.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { testPostgres } from '../../../testing/services.js';
import type { Engine } from '../../engine.js';
import type { HistoryEvent } from '../../history-events.js';
import { engineFixture, type EngineFixture, type StoreKind } from '../../testing/engine-fixture.js';

const probe = await testPostgres();
await probe?.drop();
const kinds: StoreKind[] = probe ? ['sqlite', 'postgres'] : ['sqlite'];
const flavours = ['c8', 'c7'] as const;

const cases = kinds.flatMap((kind) => flavours.map((flavour) => ({ kind, flavour })));

describe.each(cases)('Camunda $flavour order process on $kind', ({ kind, flavour }) => {
  let fx: EngineFixture;
  let engine: Engine;
  const notified: string[] = [];
  afterEach(async () => {
    await fx?.close();
  });

  async function deployed(): Promise<void> {
    fx = await engineFixture(kind, kind === 'postgres' ? await testPostgres() : undefined);
    engine = fx.engine();
    engine.registerHandler('orders.insure', (ctx) => ({ policy: `P-${String(ctx.input.amount)}` }));
    engine.registerHandler('orders.pick', (ctx) => ({ delayDays: ctx.variables.expectedDelay ?? 0 }));
    engine.registerHandler('orders.apologise', () => undefined);
    engine.registerHandler('orders.notify', (ctx) => {
      notified.push(ctx.instanceId);
    });
    await engine.open();
    const source = readFileSync(new URL(`./order-${flavour}.bpmn`, import.meta.url), 'utf8');
    await engine.deploy({ format: 'bpmn', source, processId: `order-${flavour}` });
    await engine.deploy({ format: 'bpmn', source, processId: `shipping-notice-${flavour}` });
  }

  async function openTask(instanceId: string, elementId: string) {
    const tasks = await engine.listUserTasks({ instanceId, status: 'open' });
    const task = tasks.find((t) => t.elementId === elementId);
    expect(task, `open task ${elementId}`).toBeDefined();
    return task!;
  }

  const types = (history: HistoryEvent[]) => history.map((e) => e.type);

  it('approves, takes both extras, escalates a late pick, and ships once paid (conditional boundary)', async () => {
    await deployed();
    const { instanceId } = await engine.startInstance(`order-${flavour}`, {
      variables: { amount: 150, coupon: 20, manager: 'maria', expectedDelay: 3 },
    });
    await fx.settle();
    const review = await openTask(instanceId, 'review');
    expect(review).toMatchObject({ assignee: 'maria', role: 'sales' });
    // The completion data becomes process variables: the gateway branches on `approved`.
    await engine.completeUserTask(review.taskId, { approved: true }, 'maria');
    await fx.settle();
    const waiting = await engine.getInstance(instanceId);
    expect(waiting.status).toBe('waiting');
    expect(waiting.activeElements).toEqual(['await_payment']);
    expect(waiting.variables).toMatchObject({
      approved: true,
      insurancePolicy: 'P-150',
      amount: 130,
      customerNote: 'apologised',
      delayDays: 3,
    });
    const history = await engine.history(instanceId);
    expect(history.find((e) => e.type === 'escalation.thrown')).toMatchObject({
      code: 'LATE',
      caughtBy: 'late_caught',
    });
    expect(types(history).filter((t) => t === 'join.fired')).toHaveLength(1);
    // Payment arrives as a variable change: the conditional boundary interrupts the task.
    await engine.setVariables(instanceId, { paidAt: '2026-01-05T09:00:00Z' }, 'payments');
    await fx.settle();
    const done = await engine.getInstance(instanceId);
    expect(done.status).toBe('completed');
    expect((await engine.listUserTasks({ instanceId, status: 'cancelled' })).map((t) => t.elementId)).toEqual(
      ['await_payment'],
    );
    // The shipped signal started the notice process once.
    const notices = await engine.listInstances({ definitionId: `shipping-notice-${flavour}` });
    expect(notices.items.map((i) => i.state)).toEqual(['completed']);
    expect(notified).toEqual([notices.items[0]!.instanceId]);
  });

  it('ends at the rejection when the reviewer declines', async () => {
    await deployed();
    const { instanceId } = await engine.startInstance(`order-${flavour}`, {
      variables: { amount: 50, manager: 'maria' },
    });
    await fx.settle();
    await engine.completeUserTask(
      (await openTask(instanceId, 'review')).taskId,
      { approved: false },
      'maria',
    );
    await fx.settle();
    const view = await engine.getInstance(instanceId);
    expect(view.status).toBe('completed');
    const ended = (await engine.history(instanceId)).filter((e) => e.type === 'token.ended');
    expect(ended.map((e) => (e as { elementId: string }).elementId)).toEqual(['rejected']);
  });

  it('takes the default extra when no condition holds, and ships when the payment task is completed', async () => {
    await deployed();
    const { instanceId } = await engine.startInstance(`order-${flavour}`, {
      variables: { amount: 50, manager: 'maria' },
    });
    await fx.settle();
    await engine.completeUserTask((await openTask(instanceId, 'review')).taskId, { approved: true }, 'maria');
    await fx.settle();
    await engine.completeUserTask((await openTask(instanceId, 'await_payment')).taskId, {}, 'finance');
    await fx.settle();
    const view = await engine.getInstance(instanceId);
    expect(view.status).toBe('completed');
    expect(view.variables).not.toHaveProperty('insurancePolicy');
    expect(view.variables).not.toHaveProperty('customerNote');
    // One branch taken: the inclusive join fires with nothing else to wait for.
    const fired = (await engine.history(instanceId)).filter((e) => e.type === 'join.fired');
    expect(fired).toMatchObject([{ gatewayId: 'extras_done', consumed: [] }]);
  });
});

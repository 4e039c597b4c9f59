// Issue 17: a complex gateway joining three parallel reviews with the activation condition
// `activationCount >= 2` (a plain BPMN file with DI) runs on both stores: the decision opens once two
// reviews are in; the third is consumed when it comes (the reset phase) and the instance ends only then.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { testPostgres } from '../../../testing/services.js';
import type { Engine } from '../../engine.js';
import { engineFixture, type EngineFixture, type StoreKind } from '../../testing/engine-fixture.js';

const probe = await testPostgres();
await probe?.drop();
const kinds: StoreKind[] = probe ? ['sqlite', 'postgres'] : ['sqlite'];
const source = readFileSync(new URL('./review-quorum.bpmn', import.meta.url), 'utf8');

describe.each(kinds)('complex gateway (review quorum) on %s', (kind) => {
  let fx: EngineFixture;
  let engine: Engine;
  afterEach(async () => {
    await fx?.close();
  });

  async function complete(instanceId: string, elementId: string): Promise<void> {
    const open = await engine.listUserTasks({ instanceId, status: 'open' });
    const task = open.find((t) => t.elementId === elementId);
    expect(task, `open task ${elementId}`).toBeDefined();
    await engine.completeUserTask(task!.taskId, {}, 'reviewer');
    await fx.settle();
  }

  const openTasks = async (instanceId: string) =>
    (await engine.listUserTasks({ instanceId, status: 'open' })).map((t) => t.elementId).sort();

  it('fires on the second review, consumes the third at reset, and ends once both paths are done', async () => {
    fx = await engineFixture(kind, kind === 'postgres' ? await testPostgres() : undefined);
    engine = fx.engine();
    await engine.open();
    await engine.deploy({ format: 'bpmn', source });
    const { instanceId } = await engine.startInstance('review-quorum');
    await fx.settle();
    await complete(instanceId, 'review_2');
    expect(await openTasks(instanceId)).toEqual(['review_1', 'review_3']);
    await complete(instanceId, 'review_3');
    expect(await openTasks(instanceId)).toEqual(['decide', 'review_1']);
    await complete(instanceId, 'decide');
    expect((await engine.getInstance(instanceId)).status).toBe('waiting');
    await complete(instanceId, 'review_1');
    const history = await engine.history(instanceId);
    expect(history.filter((e) => e.type === 'join.fired')).toHaveLength(1);
    expect(history.find((e) => e.type === 'join.reset')).toMatchObject({ gatewayId: 'quorum' });
    expect((await engine.getInstance(instanceId)).status).toBe('completed');
  });
});

// Which process of a multi-process file is deployed (issue 17): a file with several executable processes
// (a collaboration saved by Camunda Modeler 5) is refused without processId, naming the ids; with one,
// that process is deployed. On both stores, and nothing is stored by a refused deploy.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { testPostgres } from '../../testing/services.js';
import { engineFixture, type EngineFixture, type StoreKind } from '../testing/engine-fixture.js';
import { parseBpmn } from './bpmn-import.js';

const probe = await testPostgres();
await probe?.drop();
const kinds: StoreKind[] = probe ? ['sqlite', 'postgres'] : ['sqlite'];
/** Two executable pools: order-c8 and shipping-notice-c8. */
const collaboration = readFileSync(new URL('./examples/order-c8.bpmn', import.meta.url), 'utf8');

describe('choosing the process of a BPMN file', () => {
  it('refuses several executable processes without processId, naming them', async () => {
    await expect(parseBpmn(collaboration)).rejects.toMatchObject({
      code: 'VALIDATION',
      message:
        'BPMN file contains 2 executable processes (order-c8, shipping-notice-c8); pass processId to choose one',
      details: { field: 'processId', processIds: ['order-c8', 'shipping-notice-c8'] },
    });
  });

  it('takes the named process, and names the processes when the name is not one of them', async () => {
    expect((await parseBpmn(collaboration, { processId: 'shipping-notice-c8' })).id).toBe(
      'shipping-notice-c8',
    );
    await expect(parseBpmn(collaboration, { processId: 'order' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: "BPMN file has no process 'order'; its processes: order-c8, shipping-notice-c8",
    });
  });

  it('takes the only executable process of a file with others not executable', async () => {
    const one = collaboration.replace(
      /(<bpmn:process id="shipping-notice-c8"[^>]*isExecutable=)"true"/,
      '$1"false"',
    );
    expect((await parseBpmn(one)).id).toBe('order-c8');
  });
});

describe.each(kinds)('deploying a two-pool collaboration on %s', (kind) => {
  let fx: EngineFixture;
  afterEach(async () => {
    await fx?.close();
  });

  it('is refused without processId and stores nothing; with processId that process is deployed', async () => {
    fx = await engineFixture(kind, kind === 'postgres' ? await testPostgres() : undefined);
    const engine = fx.engine();
    await engine.open();
    await expect(engine.deploy({ format: 'bpmn', source: collaboration })).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { processIds: ['order-c8', 'shipping-notice-c8'] },
    });
    expect(await engine.listDefinitions()).toEqual([]);
    const deployed = await engine.deploy({ format: 'bpmn', source: collaboration, processId: 'order-c8' });
    expect(deployed).toMatchObject({ definitionId: 'order-c8', version: 1 });
    expect((await engine.listDefinitions()).map((d) => d.definitionId)).toEqual(['order-c8']);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { testPostgres } from '../testing/services.js';
import { engineFixture, type EngineFixture, type StoreKind } from './testing/engine-fixture.js';

const probe = await testPostgres();
await probe?.drop();
const kinds: StoreKind[] = probe ? ['sqlite', 'postgres'] : ['sqlite'];

const MINUTE = 60_000;

const everyTenMinutes = `
workflow:
  id: ticker
  tasks:
    - id: tick
      type: start_event
      timer: { cycle: '*/10 * * * *' }
    - id: work
      type: service_task
      task_type: tick.work
  flow:
    - tick -> work
    - work -> end
`;

describe.each(kinds)('Scheduler on %s', (kind) => {
  let fx: EngineFixture;
  afterEach(async () => {
    await fx?.close();
  });

  it('wakes for the next occurrence of a start timer cycle instead of waiting for the next poll', async () => {
    fx = await engineFixture(kind, kind === 'postgres' ? await testPostgres() : undefined);
    // The fixture polls once an hour: occurrences ten minutes apart fire on time only if the engine
    // wakes for each one.
    const engine = fx.engine();
    const ran: number[] = [];
    engine.registerHandler('tick.work', () => {
      ran.push(fx.clock.now());
    });
    await engine.open();
    await engine.deploy({ format: 'yaml', source: everyTenMinutes });
    const start = fx.clock.now(); // 08:00 on the hour
    await fx.advance(35 * MINUTE);
    expect(ran.map((t) => (t - start) / MINUTE)).toEqual([10, 20, 30]);
    const runs = await engine.listInstances({ definitionId: 'ticker' });
    expect(runs.items.map((r) => [r.state, (r.createdAt - start) / MINUTE])).toEqual([
      ['completed', 30],
      ['completed', 20],
      ['completed', 10],
    ]);
  });
});

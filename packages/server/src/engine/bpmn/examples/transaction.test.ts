// Acceptance (issue 17): a transaction sub-process with a cancel end event and a cancel boundary, as
// saved by Camunda Modeler 5 for Camunda 7 (with DI), runs unchanged on both stores: a declined card
// undoes what the transaction booked (newest first, through the compensation handlers associated with
// the tasks) and the instance goes on by the cancel boundary instead of ending. Compensation throw
// events (Camunda 8 file): one naming an activity, then an end event undoing the rest, each once.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { testPostgres } from '../../../testing/services.js';
import type { Engine } from '../../engine.js';
import type { HistoryEvent } from '../../history-events.js';
import { engineFixture, type EngineFixture, type StoreKind } from '../../testing/engine-fixture.js';

const probe = await testPostgres();
await probe?.drop();
const kinds: StoreKind[] = probe ? ['sqlite', 'postgres'] : ['sqlite'];
const source = readFileSync(new URL('./booking-c7.bpmn', import.meta.url), 'utf8');
const endedAt = (history: HistoryEvent[]) =>
  history.filter((e) => e.type === 'token.ended').map((e) => (e as { elementId: string }).elementId);

describe.each(kinds)('Camunda 7 trip booking transaction on %s', (kind) => {
  let fx: EngineFixture;
  let engine: Engine;
  let ran: string[];
  afterEach(async () => {
    await fx?.close();
  });

  async function run(paid: boolean): Promise<{ instanceId: string; history: HistoryEvent[] }> {
    fx = await engineFixture(kind, kind === 'postgres' ? await testPostgres() : undefined);
    engine = fx.engine();
    ran = [];
    const types = ['trip.hotel', 'trip.flight', 'trip.hotel.cancel', 'trip.flight.cancel', 'trip.apologise'];
    for (const type of types)
      engine.registerHandler(type, () => {
        ran.push(type);
        return { [`${type}.done`]: true };
      });
    engine.registerHandler('trip.charge', () => {
      ran.push('trip.charge');
      return { paid };
    });
    await engine.open();
    await engine.deploy({ format: 'bpmn', source });
    const { instanceId } = await engine.startInstance('booking-c7');
    await fx.settle();
    return { instanceId, history: await engine.history(instanceId) };
  }

  it('commits the transaction when the card is charged', async () => {
    const { instanceId, history } = await run(true);
    expect((await engine.getInstance(instanceId)).status).toBe('completed');
    expect(ran).toEqual(['trip.hotel', 'trip.flight', 'trip.charge']);
    expect(history.some((e) => e.type === 'compensation.started')).toBe(false);
    expect(endedAt(history)).toEqual(['book_end', 'booked']);
  });

  it('undoes the bookings newest first on a cancel end, then goes on by the cancel boundary', async () => {
    const { instanceId, history } = await run(false);
    const view = await engine.getInstance(instanceId);
    expect(view.status).toBe('completed');
    expect(ran).toEqual([
      'trip.hotel',
      'trip.flight',
      'trip.charge',
      'trip.flight.cancel',
      'trip.hotel.cancel',
      'trip.apologise',
    ]);
    expect(history.find((e) => e.type === 'compensation.started')).toMatchObject({
      resumeAt: { elementId: 'trip_cancelled' },
    });
    expect(history.find((e) => e.type === 'compensation.finished')).toMatchObject({ failed: [] });
    expect(endedAt(history)).toEqual(['declined', 'not_booked']);
  });
});

const purchase = readFileSync(new URL('./purchase-c8.bpmn', import.meta.url), 'utf8');

describe.each(kinds)('Camunda 8 purchase with compensation throw events on %s', (kind) => {
  let fx: EngineFixture;
  afterEach(async () => {
    await fx?.close();
  });

  it('undoes the charge at the throw event, then the reservation at the compensation end event', async () => {
    fx = await engineFixture(kind, kind === 'postgres' ? await testPostgres() : undefined);
    const engine = fx.engine();
    const ran: string[] = [];
    for (const type of ['stock.reserve', 'stock.release', 'pay.refund'])
      engine.registerHandler(type, () => {
        ran.push(type);
      });
    engine.registerHandler('pay.charge', () => {
      ran.push('pay.charge');
      return { approved: false };
    });
    await engine.open();
    await engine.deploy({ format: 'bpmn', source: purchase });
    const { instanceId } = await engine.startInstance('purchase-c8');
    await fx.settle();
    const view = await engine.getInstance(instanceId);
    expect(view.status).toBe('completed');
    expect(ran).toEqual(['stock.reserve', 'pay.charge', 'pay.refund', 'stock.release']);
    const history = await engine.history(instanceId);
    expect(history.filter((e) => e.type === 'compensation.started')).toMatchObject([
      { resumeAt: { elementId: 'undo_charge' } },
      { resumeAt: { elementId: 'undo_all' } },
    ]);
    expect(endedAt(history)).toEqual(['undo_all']);
  });
});

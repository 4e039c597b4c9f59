// The Bus conformance cases for batch publishes and graceful drain, run inside busConformance (so by
// every adapter): a batch is one durable write whose messages live on their own afterwards; a drain
// stops taking work, lets running handlers finish within the grace and hands back the rest.
import { expect, it } from 'vitest';
import type { Delivery } from './bus.js';
import type { BusHarness } from './bus.contract.js';
import { deferred, groupOf, rejection, settled, waitFor } from './bus-contract-helpers.js';

export function busBatchAndDrainConformance(harness: () => BusHarness): void {
  it('publishes a batch whose messages are routed, acked, retried and dead-lettered one by one', async () => {
    const bus = await harness().open({ maxDeliveries: 2 });
    const all: Array<[number, number]> = [];
    const only: number[] = [];
    await bus.subscribe({
      pattern: 'batch.#',
      group: 'all',
      concurrency: 4,
      handler: async (d) => {
        const n = (d.message.payload as { n: number }).n;
        all.push([n, d.attempt]);
        if (n === 3 || (n === 1 && d.attempt === 1)) throw new Error(`item ${n} failed`);
      },
    });
    await bus.subscribe({
      pattern: 'batch.b',
      group: 'only-b',
      handler: async (d) => void only.push((d.message.payload as { n: number }).n),
    });
    const sent = await bus.publishBatch([
      { topic: 'batch.a', payload: { n: 0 } },
      { topic: 'batch.b', payload: { n: 1 }, priority: 5 },
      { topic: 'batch.a', payload: { n: 2 }, idempotencyKey: 'two' },
      { topic: 'batch.b', payload: { n: 3 }, headers: { tenant: 't1' } },
      { topic: 'elsewhere.x', payload: { n: 4 }, to: 'only-b' },
    ]);
    expect(sent.map((m) => [m.topic, (m.payload as { n: number }).n, m.priority])).toEqual([
      ['batch.a', 0, 3],
      ['batch.b', 1, 5],
      ['batch.a', 2, 3],
      ['batch.b', 3, 3],
      ['elsewhere.x', 4, 3],
    ]);
    expect(new Set(sent.map((m) => m.id)).size).toBe(5);
    expect(sent[3]).toMatchObject({ headers: { tenant: 't1' } });
    await waitFor(async () => (await bus.dlq.count()) === 1, 'the dead letter');
    await waitFor(
      async () => (await settled(bus, 'all')) && (await settled(bus, 'only-b')),
      'every delivery settled',
    );
    expect([...all].sort()).toEqual([
      [0, 1],
      [1, 1],
      [1, 2],
      [2, 1],
      [3, 1],
      [3, 2],
    ]);
    expect([...only].sort()).toEqual([1, 3, 4]);
    const [dl] = (await bus.dlq.list()).items;
    expect(dl).toMatchObject({ group: 'all', reason: 'max-deliveries', message: { id: sent[3]!.id } });
    expect(await bus.stats()).toMatchObject({ published: 5, acked: 6, deadLettered: 1 });
  });

  it('dead-letters one poisoned message of a batch alone: its neighbours are acked once each', async () => {
    const bus = await harness().open({ maxDeliveries: 3 });
    const attempts = new Map<number, number>();
    await bus.subscribe({
      pattern: 'poison.job',
      group: 'poison',
      concurrency: 3,
      handler: async (d) => {
        const n = (d.message.payload as { n: number }).n;
        attempts.set(n, (attempts.get(n) ?? 0) + 1);
        if (n === 2) throw new Error('poisoned item');
      },
    });
    const sent = await bus.publishBatch(
      Array.from({ length: 6 }, (_, n) => ({ topic: 'poison.job', payload: { n } })),
    );
    await waitFor(async () => (await bus.dlq.count()) === 1, 'the dead letter');
    await waitFor(() => settled(bus, 'poison'), 'every delivery settled');
    expect([...attempts].sort()).toEqual([
      [0, 1],
      [1, 1],
      [2, 3],
      [3, 1],
      [4, 1],
      [5, 1],
    ]);
    const { items } = await bus.dlq.list({ group: 'poison' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ reason: 'max-deliveries', deliveries: 3, message: { id: sent[2]!.id } });
    expect(items[0]!.errors.map((e) => [e.attempt, e.message])).toEqual([
      [1, 'poisoned item'],
      [2, 'poisoned item'],
      [3, 'poisoned item'],
    ]);
    expect(await bus.stats()).toMatchObject({ published: 6, acked: 5, deadLettered: 1 });
    // Retrying the dead letter re-delivers that message only.
    await bus.dlq.retry(items[0]!.id);
    await waitFor(() => (attempts.get(2) ?? 0) > 3, 'the retried delivery');
    await waitFor(async () => (await bus.dlq.count()) === 1, 'the message dead again');
    await waitFor(() => settled(bus, 'poison'), 'the retries settled');
    expect([0, 1, 2, 3, 4, 5].map((n) => attempts.get(n))).toEqual([1, 1, 6, 1, 1, 1]);
  });

  it('rejects a whole batch when one input is bad, naming its index, and stores none of it', async () => {
    const bus = await harness().open({ maxMessageBytes: 1024 });
    const got: unknown[] = [];
    await bus.subscribe({
      pattern: 'bad.#',
      group: 'bad',
      handler: async (d) => void got.push(d.message.payload),
    });
    const invalid = await rejection(
      bus.publishBatch([
        { topic: 'bad.ok', payload: 'first' },
        { topic: 'bad topic', payload: 'second' },
      ]),
    );
    expect(invalid).toMatchObject({ code: 'VALIDATION', details: { field: 'topic', index: 1 } });
    expect(invalid.message).toContain('Message 1 of the batch');
    const tooLarge = await rejection(
      bus.publishBatch([
        { topic: 'bad.ok', payload: 'first' },
        { topic: 'bad.ok', payload: 'x'.repeat(2000) },
      ]),
    );
    expect(tooLarge).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { index: 1 } });
    expect((await rejection(bus.publishBatch('nope' as never))).code).toBe('VALIDATION');
    expect(await bus.publishBatch([])).toEqual([]);
    await bus.publish({ topic: 'bad.sentinel', payload: 'sentinel' });
    await waitFor(() => got.length === 1, 'the sentinel');
    await waitFor(() => settled(bus, 'bad'), 'the ack');
    expect(got).toEqual(['sentinel']);
    expect((await bus.stats()).published).toBe(1);
  });

  it('queues work taken back from a stopped consumer again with the top priority', async () => {
    const a = await harness().open();
    const b = await harness().open();
    const hang = deferred();
    let first: string | undefined;
    await a.subscribe({
      pattern: 'head.#',
      group: 'head',
      handler: async (d) => {
        first ??= d.message.payload as string;
        await hang.promise;
      },
    });
    await a.publish({ topic: 'head.job', payload: 'taken', priority: 1 });
    await waitFor(() => first === 'taken', 'the first delivery');
    for (const [payload, priority] of [
      ['waiting-5', 5],
      ['waiting-3', 3],
    ] as const)
      await a.publish({ topic: 'head.job', payload, priority });
    await a.drain({ graceMs: 0 });
    const order: Array<[string, number, number]> = [];
    await b.subscribe({
      pattern: 'head.#',
      group: 'head',
      handler: async (d) => void order.push([d.message.payload as string, d.message.priority, d.attempt]),
    });
    await waitFor(() => order.length === 3, 'all three');
    // It had reached the head of the queue once: only work of the top priority waiting before it goes first.
    expect(order).toEqual([
      ['waiting-5', 5, 1],
      ['taken', 1, 2],
      ['waiting-3', 3, 1],
    ]);
    hang.resolve();
    await waitFor(() => settled(b, 'head'), 'the acks');
    expect(await b.dlq.count()).toBe(0);
  });

  it('drains: stops taking messages, lets running handlers finish in the grace, hands back the rest', async () => {
    const a = await harness().open();
    const b = await harness().open();
    const quickGate = deferred();
    const hang = deferred();
    const seenA: string[] = [];
    const ackedA: string[] = [];
    await a.subscribe({
      pattern: 'drain.#',
      group: 'drain',
      concurrency: 2,
      handler: async (d) => {
        const what = d.message.payload as string;
        seenA.push(what);
        await (what === 'quick' ? quickGate.promise : hang.promise);
        ackedA.push(what);
      },
    });
    await a.subscribe({
      pattern: 'math.double',
      group: 'doubler',
      handler: async (d, ctx) => ctx.reply((d.message.payload as number) * 2),
    });
    await a.publish({ topic: 'drain.job', payload: 'quick' });
    await a.publish({ topic: 'drain.job', payload: 'slow' });
    await waitFor(() => seenA.length === 2, 'both jobs running on the first bus');

    const drained = a.drain({ graceMs: 400 });
    await a.publish({ topic: 'drain.job', payload: 'later' }); // publishing still works
    quickGate.resolve(); // finishes within the grace: acked by the draining consumer
    await drained;
    expect(
      (await rejection(a.subscribe({ pattern: 'drain.#', group: 'drain', handler: async () => {} }))).code,
    ).toBe('UNAVAILABLE');
    expect(groupOf(await a.stats(), 'drain')).toMatchObject({ pending: 0, depth: 2 });

    const seenB: Delivery[] = [];
    await b.subscribe({ pattern: 'drain.#', group: 'drain', handler: async (d) => void seenB.push(d) });
    await waitFor(() => seenB.length === 2, 'the handed-back and the waiting job');
    expect(seenB.map((d) => [d.message.payload, d.attempt]).sort()).toEqual([
      ['later', 1],
      ['slow', 2],
    ]);
    hang.resolve(); // the abandoned handler's late result changes nothing
    await waitFor(() => settled(b, 'drain'), 'the acks');
    expect(seenA).toEqual(['quick', 'slow']);
    expect(ackedA[0]).toBe('quick');
    expect(await b.stats()).toMatchObject({ acked: 3, deadLettered: 0 });
    // Requests keep working on a drained bus (its reply inbox is not drained); its consumers are gone.
    await b.subscribe({
      pattern: 'math.double',
      group: 'doubler',
      handler: async (d, ctx) => ctx.reply((d.message.payload as number) * 2),
    });
    expect((await a.request({ topic: 'math.double', payload: 21 }, { timeoutMs: 5000 })).payload).toBe(42);
  });
}

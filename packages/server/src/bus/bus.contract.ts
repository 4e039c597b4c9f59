// The Bus conformance suite: every adapter runs it (memory-bus.test.ts, redis-streams-bus.test.ts).
// Buses opened from one harness share a backend, the way processes share one Redis, so "a consumer
// dies" and "a publisher without the key" are real second clients, not mocks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformError } from '../errors.js';
import { createMetrics } from '../components/observability/metrics.js';
import type { Bus, Delivery, PublishInput } from './bus.js';
import type { BusOptions } from './bus-options.js';
import { busBatchAndDrainConformance } from './bus-drain.contract.js';
import { counterValues, deferred, groupOf, rejection, settled, waitFor } from './bus-contract-helpers.js';

export type ConformanceBusOptions = Pick<
  BusOptions,
  'maxDeliveries' | 'visibilityTimeoutMs' | 'maxMessageBytes' | 'signingSecret' | 'metrics'
>;

export interface BusHarness {
  /** Opens a bus on this harness's backend (fresh per test); several buses share it. */
  open(options?: ConformanceBusOptions): Promise<Bus>;
  /** Closes every bus opened and frees the backend. */
  dispose(): Promise<void>;
}

const SECRET = 'conformance-secret-0123456789';

export function busConformance(name: string, createHarness: () => Promise<BusHarness>): void {
  describe(`Bus conformance: ${name}`, () => {
    let h: BusHarness;
    beforeEach(async () => {
      h = await createHarness();
    });
    afterEach(async () => {
      await h.dispose();
    });

    it('delivers a published message once and acks it when the handler returns', async () => {
      const bus = await h.open();
      const got: Delivery[] = [];
      await bus.subscribe({
        pattern: 'orders.created',
        group: 'billing',
        handler: async (d) => void got.push(d),
      });
      const sent = await bus.publish({
        topic: 'orders.created',
        payload: { n: 1 },
        from: 'api',
        headers: { tenant: 't1' },
      });
      expect(sent).toMatchObject({ topic: 'orders.created', priority: 3, headers: { tenant: 't1' } });
      await waitFor(() => got.length === 1, 'the delivery');
      expect(got[0]).toMatchObject({
        attempt: 1,
        group: 'billing',
        message: { id: sent.id, payload: { n: 1 }, from: 'api', headers: { tenant: 't1' } },
      });
      await waitFor(() => settled(bus, 'billing'), 'the ack');
      const stats = await bus.stats();
      expect(stats).toMatchObject({ published: 1, delivered: 1, acked: 1, deadLettered: 0 });
      expect(got).toHaveLength(1);
    });

    it('redelivers a message whose handler throws, counting attempts', async () => {
      const bus = await h.open({ maxDeliveries: 3 });
      const attempts: number[] = [];
      await bus.subscribe({
        pattern: 'flaky.op',
        group: 'flaky',
        handler: async (d) => {
          attempts.push(d.attempt);
          if (d.attempt < 3) throw new Error(`failure ${d.attempt}`);
        },
      });
      await bus.publish({ topic: 'flaky.op', payload: null });
      await waitFor(() => attempts.length === 3, 'three attempts');
      await waitFor(() => settled(bus, 'flaky'), 'the ack');
      expect(attempts).toEqual([1, 2, 3]);
      expect(await bus.dlq.count()).toBe(0);
    });

    it('hands back at once what a closing consumer did not finish, and ignores its late result', async () => {
      const a = await h.open();
      const b = await h.open();
      const hang = deferred();
      const seenA: Delivery[] = [];
      const subA = await a.subscribe({
        pattern: 'jobs.run',
        group: 'workers',
        handler: async (d) => {
          seenA.push(d);
          await hang.promise;
        },
      });
      const sent = await a.publish({ topic: 'jobs.run', payload: { job: 7 } });
      await waitFor(() => seenA.length === 1, 'the first delivery');
      const seenB: Delivery[] = [];
      await b.subscribe({ pattern: 'jobs.run', group: 'workers', handler: async (d) => void seenB.push(d) });
      await subA.close({ graceMs: 0 }); // the consumer stops holding the message: it goes back to the group
      await waitFor(() => seenB.length === 1, 'the redelivery');
      expect(seenB[0]).toMatchObject({ attempt: 2, group: 'workers', message: { id: sent.id } });
      hang.resolve(); // the stopped consumer's late completion changes nothing
      await waitFor(() => settled(b, 'workers'), 'the ack');
      expect(seenA).toHaveLength(1);
      expect(seenB).toHaveLength(1);
      expect(await b.stats()).toMatchObject({ acked: 1, deadLettered: 0 });
    });

    it('gives every matching group a copy while consumers of one group compete', async () => {
      const one = await h.open();
      const two = await h.open();
      const byConsumer: Record<'c1' | 'c2', string[]> = { c1: [], c2: [] };
      const archive: string[] = [];
      let busy = 0;
      const bothBusy = deferred();
      const competing = (c: 'c1' | 'c2') => async (d: Delivery) => {
        byConsumer[c].push(d.message.id);
        busy++;
        if (busy >= 2) bothBusy.resolve();
        await bothBusy.promise; // proves two consumers of one group hold different messages at once
        busy--;
      };
      await one.subscribe({ pattern: 'news.#', group: 'readers', consumer: 'c1', handler: competing('c1') });
      await two.subscribe({ pattern: 'news.#', group: 'readers', consumer: 'c2', handler: competing('c2') });
      await one.subscribe({
        pattern: 'news.*',
        group: 'archive',
        handler: async (d) => void archive.push(d.message.id),
      });
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) ids.push((await one.publish({ topic: 'news.item', payload: i })).id);
      await waitFor(
        () => archive.length === 10 && byConsumer.c1.length + byConsumer.c2.length === 10,
        'all deliveries',
      );
      await waitFor(
        async () => (await settled(one, 'readers')) && (await settled(one, 'archive')),
        'all acks',
      );
      expect([...archive].sort()).toEqual([...ids].sort());
      const readers = [...byConsumer.c1, ...byConsumer.c2];
      expect(new Set(readers).size).toBe(10);
      expect([...readers].sort()).toEqual([...ids].sort());
      expect(byConsumer.c1.length).toBeGreaterThan(0);
      expect(byConsumer.c2.length).toBeGreaterThan(0);
    });

    it('serves higher priorities first, FIFO within a priority', async () => {
      const bus = await h.open();
      const gate = deferred();
      const order: Array<[number, number]> = [];
      await bus.subscribe({
        pattern: 'work.#',
        group: 'prio',
        concurrency: 1,
        handler: async (d) => {
          const p = d.message.payload as { n: number };
          if (p.n === 0) return gate.promise;
          order.push([d.message.priority, p.n]);
        },
      });
      await bus.publish({ topic: 'work.block', payload: { n: 0 }, priority: 1 });
      await waitFor(async () => groupOf(await bus.stats(), 'prio').pending === 1, 'the blocker in flight');
      const priorities = [1, 3, 5, 2, 4, 3, 5] as const;
      for (const [i, priority] of priorities.entries())
        await bus.publish({ topic: 'work.item', payload: { n: i + 1 }, priority });
      gate.resolve();
      await waitFor(() => order.length === priorities.length, 'all deliveries');
      expect(order).toEqual([
        [5, 3],
        [5, 7],
        [4, 5],
        [3, 2],
        [3, 6],
        [2, 4],
        [1, 1],
      ]);
    });

    it('dead-letters a message after maxDeliveries with the error of every attempt', async () => {
      const bus = await h.open({ maxDeliveries: 3 });
      await bus.subscribe({
        pattern: 'pay.charge',
        group: 'payments',
        handler: async (d) => {
          throw new PlatformError('UNAVAILABLE', `gateway down (attempt ${d.attempt})`);
        },
      });
      const sent = await bus.publish({ topic: 'pay.charge', payload: { amount: 10 } });
      await waitFor(async () => (await bus.dlq.count()) === 1, 'the dead letter');
      const { items } = await bus.dlq.list();
      expect(items).toHaveLength(1);
      const dl = items[0]!;
      expect(dl).toMatchObject({
        group: 'payments',
        reason: 'max-deliveries',
        deliveries: 3,
        message: { id: sent.id, payload: { amount: 10 } },
      });
      expect(dl.errors.map((e) => [e.attempt, e.code, e.message])).toEqual([
        [1, 'UNAVAILABLE', 'gateway down (attempt 1)'],
        [2, 'UNAVAILABLE', 'gateway down (attempt 2)'],
        [3, 'UNAVAILABLE', 'gateway down (attempt 3)'],
      ]);
      expect(dl.deadAt).toBeGreaterThan(0);
      expect(await bus.dlq.get(dl.id)).toEqual(dl);
      await waitFor(() => settled(bus, 'payments'), 'nothing left pending');
      expect((await bus.stats()).deadLettered).toBe(1);
    });

    it('dead-letters a message whose handler never returns once every delivery timed out', async () => {
      const bus = await h.open({ maxDeliveries: 2, visibilityTimeoutMs: 100 });
      const hang = deferred();
      const attempts: number[] = [];
      await bus.subscribe({
        pattern: 'stuck.job',
        group: 'stuck',
        concurrency: 5,
        handler: async (d) => {
          attempts.push(d.attempt);
          await hang.promise;
        },
      });
      await bus.publish({ topic: 'stuck.job', payload: null });
      await waitFor(async () => (await bus.dlq.count()) === 1, 'the dead letter');
      const [dl] = (await bus.dlq.list()).items;
      expect(attempts).toEqual([1, 2]);
      expect(dl).toMatchObject({ group: 'stuck', reason: 'max-deliveries', deliveries: 2 });
      expect(dl!.errors.map((e) => [e.attempt, e.code])).toEqual([
        [1, 'TIMEOUT'],
        [2, 'TIMEOUT'],
      ]);
      hang.resolve(); // late completions of timed-out deliveries neither ack nor duplicate anything
      await waitFor(() => settled(bus, 'stuck'), 'nothing pending');
      expect(await bus.dlq.count()).toBe(1);
      expect((await bus.stats()).acked).toBe(0);
    });

    it('lists, retries, retries by pattern and discards dead letters', async () => {
      const bus = await h.open({ maxDeliveries: 1 });
      const healed = new Set<string>();
      const handled: Array<[string, number]> = [];
      await bus.subscribe({
        pattern: 'dl.#',
        group: 'dl',
        handler: async (d) => {
          const kind = (d.message.payload as { kind: string }).kind;
          if (!healed.has(kind)) throw new Error(`${kind} failed`);
          handled.push([kind, d.attempt]);
        },
      });
      for (const kind of ['timeout-a', 'parse', 'timeout-b', 'other'])
        await bus.publish({ topic: 'dl.job', payload: { kind } });
      await waitFor(async () => (await bus.dlq.count()) === 4, 'four dead letters');

      const first = await bus.dlq.list({ limit: 3 });
      expect(first.items).toHaveLength(3);
      expect(first.nextCursor).toBeDefined();
      const second = await bus.dlq.list({ limit: 3, cursor: first.nextCursor! });
      expect(second.items).toHaveLength(1);
      expect(second.nextCursor).toBeUndefined();
      const all = [...first.items, ...second.items];
      expect(new Set(all.map((d) => d.id)).size).toBe(4);
      expect((await bus.dlq.list({ group: 'elsewhere' })).items).toHaveLength(0);
      expect((await bus.dlq.list({ reason: 'max-deliveries', group: 'dl' })).items).toHaveLength(4);
      const byKind = (kind: string) =>
        all.find((d) => (d.message.payload as { kind: string }).kind === kind)!;

      for (const k of ['timeout-a', 'parse', 'timeout-b', 'other']) healed.add(k);
      await bus.dlq.retry(byKind('parse').id);
      await waitFor(() => handled.length === 1, 'the retried message');
      expect(handled).toEqual([['parse', 1]]);
      expect(await bus.dlq.count()).toBe(3);

      expect(await bus.dlq.retryMatching(/timeout-\w failed/)).toBe(2);
      await waitFor(() => handled.length === 3, 'the messages retried by pattern');
      expect(
        handled
          .slice(1)
          .map(([k]) => k)
          .sort(),
      ).toEqual(['timeout-a', 'timeout-b']);
      expect(await bus.dlq.count()).toBe(1);

      const other = byKind('other');
      await bus.dlq.discard(other.id, 'obsolete order');
      expect(await bus.dlq.count()).toBe(0);
      expect(await bus.dlq.get(other.id)).toBeUndefined();
      expect((await rejection(bus.dlq.retry(other.id))).code).toBe('NOT_FOUND');
      expect((await rejection(bus.dlq.discard('missing', 'x'))).code).toBe('NOT_FOUND');
      expect((await rejection(bus.dlq.list({ limit: 0 }))).code).toBe('VALIDATION');
      await waitFor(() => settled(bus, 'dl'), 'all acks');
    });

    it('answers a request through replyTo/correlationId and times out when nobody answers', async () => {
      const server = await h.open();
      const client = await h.open();
      let replyError: unknown;
      await server.subscribe({
        pattern: 'math.add',
        group: 'calculator',
        handler: async (d, ctx) => {
          const { a, b } = d.message.payload as { a: number; b: number };
          if (!d.message.replyTo) {
            replyError = await rejection(ctx.reply(null));
            return;
          }
          await ctx.reply({ sum: a + b });
        },
      });
      const reply = await client.request({ topic: 'math.add', payload: { a: 2, b: 3 } }, { timeoutMs: 5000 });
      expect(reply.payload).toEqual({ sum: 5 });
      expect(reply.from).toBe('calculator');
      expect(reply.correlationId).toEqual(expect.any(String));
      const [r1, r2] = await Promise.all([
        client.request({ topic: 'math.add', payload: { a: 1, b: 1 } }, { timeoutMs: 5000 }),
        client.request({ topic: 'math.add', payload: { a: 10, b: 20 } }, { timeoutMs: 5000 }),
      ]);
      expect([r1.payload, r2.payload]).toEqual([{ sum: 2 }, { sum: 30 }]);
      const timedOut = await rejection(
        client.request({ topic: 'math.nobody', payload: 1 }, { timeoutMs: 100 }),
      );
      expect(timedOut.code).toBe('TIMEOUT');
      await server.publish({ topic: 'math.add', payload: { a: 0, b: 0 } });
      await waitFor(() => replyError !== undefined, 'the handler without replyTo');
      expect((replyError as PlatformError).code).toBe('VALIDATION');
    });

    it('routes by pattern: exact, one-segment *, trailing #, and everything', async () => {
      const bus = await h.open();
      const patterns: Record<string, string> = {
        exact: 'a.b',
        one: 'a.*',
        rest: 'a.#',
        mid: 'a.*.c',
        star: '*',
        hash: '#',
      };
      const got: Record<string, string[]> = {};
      const done = new Set<string>();
      for (const [group, pattern] of Object.entries(patterns)) {
        got[group] = [];
        await bus.subscribe({
          pattern,
          group,
          handler: async (d) => {
            if (d.message.topic === 'end') done.add(group);
            else got[group]!.push(d.message.topic);
          },
        });
      }
      for (const topic of ['a', 'a.b', 'a.b.c', 'a.x.c', 'z', 'b.a'])
        await bus.publish({ topic, payload: topic });
      // Point-to-point sentinels: FIFO per group, so once a group sees its sentinel it has seen everything before.
      for (const group of Object.keys(patterns))
        await bus.publish({ topic: 'end', payload: null, to: group });
      await waitFor(() => done.size === Object.keys(patterns).length, 'every sentinel');
      expect(got).toEqual({
        exact: ['a.b'],
        one: ['a.b'],
        rest: ['a', 'a.b', 'a.b.c', 'a.x.c'],
        mid: ['a.b.c', 'a.x.c'],
        star: ['a', 'a.b', 'a.b.c', 'a.x.c', 'z', 'b.a'],
        hash: ['a', 'a.b', 'a.b.c', 'a.x.c', 'z', 'b.a'],
      });
    });

    it('delivers point-to-point messages to the named group only', async () => {
      const bus = await h.open();
      const got: Record<string, unknown[]> = { 'agent-a': [], 'agent-b': [] };
      for (const group of Object.keys(got)) {
        await bus.subscribe({
          pattern: 'task.#',
          group,
          handler: async (d) => void got[group]!.push(d.message.payload),
        });
      }
      await bus.publish({ topic: 'task.do', payload: 'direct', to: 'agent-b' });
      await bus.publish({ topic: 'other.topic', payload: 'direct-any-topic', to: 'agent-a' });
      await bus.publish({ topic: 'task.do', payload: 'nobody', to: 'agent-ghost' });
      await bus.publish({ topic: 'task.do', payload: 'broadcast' });
      await waitFor(() => got['agent-a']!.length === 2 && got['agent-b']!.length === 2, 'the deliveries');
      expect(got).toEqual({
        'agent-a': ['direct-any-topic', 'broadcast'],
        'agent-b': ['direct', 'broadcast'],
      });
      expect((await bus.stats()).published).toBe(4);
    });

    it('applies back-pressure: at most `concurrency` handlers run and nothing more is fetched', async () => {
      const bus = await h.open();
      const gate = deferred();
      let running = 0;
      let maxRunning = 0;
      let done = 0;
      await bus.subscribe({
        pattern: 'bp.#',
        group: 'bp',
        concurrency: 3,
        handler: async () => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          await gate.promise;
          running--;
          done++;
        },
      });
      for (let i = 0; i < 10; i++) await bus.publish({ topic: 'bp.job', payload: i });
      await waitFor(() => running === 3, 'three handlers running');
      await waitFor(async () => {
        const g = groupOf(await bus.stats(), 'bp');
        return g.pending === 3 && g.depth === 7;
      }, 'three in flight and seven waiting');
      expect(running).toBe(3);
      gate.resolve();
      await waitFor(() => done === 10, 'all handled');
      expect(maxRunning).toBe(3);
    });

    it('lets each group deduplicate on the idempotency key', async () => {
      const bus = await h.open();
      const seen: string[] = [];
      let failedOnce = false;
      for (const group of ['ledger', 'mailer']) {
        await bus.subscribe({
          pattern: 'invoice.#',
          group,
          handler: async (d, ctx) => {
            const key = d.message.idempotencyKey ?? 'none';
            const dup = await ctx.isDuplicate();
            seen.push(`${group}:${key}:${d.attempt}:${dup ? 'dup' : 'new'}`);
            if (group === 'ledger' && key === 'k2' && !failedOnce) {
              failedOnce = true;
              throw new Error('crash after marking'); // the retry must not look like a duplicate
            }
          },
        });
      }
      await bus.publish({ topic: 'invoice.sent', payload: 1, idempotencyKey: 'k1' });
      await bus.publish({ topic: 'invoice.sent', payload: 2, idempotencyKey: 'k1' });
      await bus.publish({ topic: 'invoice.sent', payload: 3, idempotencyKey: 'k2' });
      await waitFor(() => seen.length === 7, 'all deliveries');
      await waitFor(async () => (await settled(bus, 'ledger')) && (await settled(bus, 'mailer')), 'all acks');
      expect(seen.filter((s) => s.startsWith('ledger')).sort()).toEqual([
        'ledger:k1:1:dup',
        'ledger:k1:1:new',
        'ledger:k2:1:new',
        'ledger:k2:2:new',
      ]);
      expect(seen.filter((s) => s.startsWith('mailer')).sort()).toEqual([
        'mailer:k1:1:dup',
        'mailer:k1:1:new',
        'mailer:k2:1:new',
      ]);
    });

    it('parks unsigned and badly signed messages in the DLQ, counted, never pending', async () => {
      const metrics = createMetrics();
      const secure = await h.open({ signingSecret: SECRET, metrics });
      const unsigned = await h.open();
      const forged = await h.open({ signingSecret: 'a-different-secret-987654321' });
      const trusted = await h.open({ signingSecret: SECRET });
      const handled: unknown[] = [];
      await secure.subscribe({
        pattern: 'secure.#',
        group: 'vault',
        handler: async (d) => void handled.push(d.message.payload),
      });
      const signed = await trusted.publish({ topic: 'secure.op', payload: 'trusted' });
      expect(signed.signature).toMatch(/^[0-9a-f]{64}$/);
      await unsigned.publish({ topic: 'secure.op', payload: 'unsigned' });
      await forged.publish({ topic: 'secure.op', payload: 'forged' });
      await waitFor(
        async () => handled.length === 1 && (await secure.dlq.count()) === 2,
        'one handled and two parked',
      );
      await waitFor(() => settled(secure, 'vault'), 'nothing pending');
      expect(handled).toEqual(['trusted']);
      const { items } = await secure.dlq.list();
      expect(items.map((d) => [d.message.payload, d.reason, d.errors[0]?.code]).sort()).toEqual([
        ['forged', 'invalid-signature', 'SIGNATURE_INVALID'],
        ['unsigned', 'unsigned', 'SIGNATURE_INVALID'],
      ]);
      const counted = await counterValues(metrics, 'busDeadLettered');
      expect(
        counted
          .filter((c) => c.labels.group === 'vault')
          .map((c) => [c.labels.reason, c.value])
          .sort(),
      ).toEqual([
        ['invalid-signature', 1],
        ['unsigned', 1],
      ]);
    });

    it('rejects oversized and malformed publishes with the right code and field', async () => {
      const metrics = createMetrics();
      const bus = await h.open({ maxMessageBytes: 1024, metrics });
      const big = await rejection(bus.publish({ topic: 'big.one', payload: 'x'.repeat(2000) }));
      expect(big.code).toBe('PAYLOAD_TOO_LARGE');
      const cases: Array<[unknown, string]> = [
        [{ topic: 'bad topic!', payload: 1 }, 'topic'],
        [{ topic: '', payload: 1 }, 'topic'],
        [{ topic: 'a..b', payload: 1 }, 'topic'],
        [{ topic: 'x'.repeat(201), payload: 1 }, 'topic'],
        [{ topic: 'ok', payload: 1, priority: 9 }, 'priority'],
        [{ topic: 'ok', payload: 1, priority: 2.5 }, 'priority'],
        [{ topic: 'ok', payload: { f: () => 1 } }, 'payload'],
        [{ topic: 'ok', payload: Number.NaN }, 'payload'],
        [{ topic: 'ok', payload: 1, headers: { x: 1 } }, 'headers.x'],
        [{ topic: 'ok', payload: 1, bogus: true }, 'bogus'],
        [{ topic: 'ok', payload: 1, to: 'no spaces allowed' }, 'to'],
        [null, '(message)'],
      ];
      for (const [input, field] of cases) {
        const err = await rejection(bus.publish(input as PublishInput));
        expect([err.code, err.details.field], JSON.stringify(input)).toEqual(['VALIDATION', field]);
      }
      const badPattern = await rejection(bus.subscribe({ pattern: 'a.#.b', handler: async () => {} }));
      expect([badPattern.code, badPattern.details.field]).toEqual(['VALIDATION', 'pattern']);
      expect((await rejection(bus.request({ topic: 'ok', payload: 1 }, { timeoutMs: 0 }))).code).toBe(
        'VALIDATION',
      );
      expect((await bus.stats()).published).toBe(0);
      const rejected = await counterValues(metrics, 'busRejected');
      const byCode = Object.fromEntries(rejected.map((r) => [r.labels.code, r.value]));
      expect(byCode).toEqual({ PAYLOAD_TOO_LARGE: 1, VALIDATION: cases.length });
    });

    it('keeps one pattern per group and keeps the group when its consumers close', async () => {
      const bus = await h.open();
      const sub = await bus.subscribe({ pattern: 'keep.#', group: 'keeper', handler: async () => {} });
      expect(
        (await rejection(bus.subscribe({ pattern: 'other.#', group: 'keeper', handler: async () => {} })))
          .code,
      ).toBe('CONFLICT');
      await sub.close();
      await bus.publish({ topic: 'keep.it', payload: 'while nobody listens' });
      await waitFor(async () => groupOf(await bus.stats(), 'keeper').depth === 1, 'the waiting message');
      const got: unknown[] = [];
      await bus.subscribe({
        pattern: 'keep.#',
        group: 'keeper',
        handler: async (d) => void got.push(d.message.payload),
      });
      await waitFor(() => got.length === 1, 'delivery to the next consumer');
      expect(got).toEqual(['while nobody listens']);
    });

    it('reports per-group depth, pending and lag, and totals', async () => {
      const bus = await h.open();
      const gate = deferred();
      await bus.subscribe({ pattern: 'st.#', group: 'slow', concurrency: 1, handler: () => gate.promise });
      for (let i = 0; i < 3; i++) await bus.publish({ topic: 'st.x', payload: i });
      await bus.publish({ topic: 'nobody.listens', payload: 0 });
      await waitFor(async () => {
        const g = groupOf(await bus.stats(), 'slow');
        return g.pending === 1 && g.depth === 2 && g.lagMs > 0;
      }, 'one in flight, two waiting, a positive lag');
      const busy = await bus.stats();
      expect(groupOf(busy, 'slow')).toMatchObject({ pattern: 'st.#', pending: 1, depth: 2 });
      expect(busy).toMatchObject({ published: 4, delivered: 1, acked: 0 });
      gate.resolve();
      await waitFor(() => settled(bus, 'slow'), 'everything acked');
      const idle = await bus.stats();
      expect(groupOf(idle, 'slow')).toMatchObject({ depth: 0, pending: 0, lagMs: 0 });
      expect(idle).toMatchObject({ published: 4, delivered: 3, acked: 3 });
      await bus.ping();
    });

    busBatchAndDrainConformance(() => h);
  });
}

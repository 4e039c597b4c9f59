import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BusMessage } from '../../bus/bus.js';
import { MemoryBus } from '../../bus/memory-bus.js';
import { FakeClock } from '../../clock.js';
import { createIds } from '../../ids.js';
import { createSqlStore, type SqlStore, type SqlStoreOptions } from '../../store/sql-store.js';
import { testPostgres } from '../../testing/services.js';
import { runsOnStore } from '../../testing/backends.js';
import { AgentId } from '../../skills/agent-ids.js';
import { createReputationService } from '../reputation/reputation-service.js';
import { coordinatorTestSpecs as specs } from './coordinator-test-specs.js';
import { createCoordinators } from './coordinators.js';
import { DomainCoordinator, type RouteResult } from './domain-coordinator.js';
import { EducationCoordinator } from './education-coordinator.js';
import { MarketingCoordinator } from './marketing-coordinator.js';
import { SalesCoordinator } from './sales-coordinator.js';

// STORES (see testing/backends.ts) chooses the stores these suites run on.
const pg = runsOnStore('postgres') ? await testPostgres() : undefined;
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await pg?.drop();
});

type Target = () => Promise<SqlStoreOptions>;
const targets: Array<[string, Target | undefined]> = [
  [
    'SQLite',
    runsOnStore('sqlite')
      ? async () => ({
          dialect: 'sqlite',
          path: join(mkdtempSync(join(tmpdir(), 'coord-')), 'coord.db'),
          synchronous: 'OFF',
        })
      : undefined,
  ],
  [
    'PostgreSQL',
    pg
      ? async () => {
          const db = (await testPostgres())!;
          cleanups.push(db.drop);
          return { dialect: 'postgres', url: db.url };
        }
      : undefined,
  ],
];

function agentOf(r: RouteResult): string {
  if (r.status !== 'assigned') throw new Error(`expected an assignment, got ${r.status}`);
  return r.assignment.instanceId;
}

for (const [name, target] of targets) {
  describe.skipIf(!target)(`domain coordinators on ${name}`, () => {
    async function openStore(options: SqlStoreOptions, clock: FakeClock): Promise<SqlStore> {
      const store = await createSqlStore(options, { clock });
      cleanups.push(() => store.close());
      await store.migrate();
      return store;
    }

    async function setup(extra: { maxConcurrentTasks?: number; instances?: Record<string, number> } = {}) {
      const clock = new FakeClock();
      const options = await target!();
      const store = await openStore(options, clock);
      const ids = createIds(() => clock.now());
      const reputation = createReputationService({ store, clock, ids });
      const make = (s: SqlStore = store) =>
        new MarketingCoordinator({
          specs,
          store: s,
          clock,
          ids,
          reputation: createReputationService({ store: s, clock, ids }),
          ...extra,
        });
      return { clock, options, store, ids, reputation, marketing: make(), make };
    }

    it('builds the Marketing (7), Education (7) and Sales (5) coordinators from the specs', async () => {
      const { store, clock, ids } = await setup();
      const all = createCoordinators({ specs, store, clock, ids });
      expect([all.marketing, all.education, all.sales].map((c) => [c.id, c.agents.length])).toEqual([
        ['marketing-coordinator', 7],
        ['education-coordinator', 7],
        ['sales-coordinator', 5],
      ]);
      expect(all.get('education')).toBeInstanceOf(EducationCoordinator);
      expect(all.get('sales')).toBeInstanceOf(SalesCoordinator);
      expect(all.marketing.skills()).toContain('email.sequence');
      expect(() => all.get('finance')).toThrow(
        expect.objectContaining({ code: 'NOT_FOUND', details: { domain: 'finance' } }),
      );
      await expect(all.route('finance', { skill: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(
        () =>
          new MarketingCoordinator({ specs: specs.filter((s) => s.id !== AgentId.ppc), store, clock, ids }),
      ).toThrow(
        expect.objectContaining({
          code: 'CONFIG_INVALID',
          details: expect.objectContaining({ domain: 'marketing', expected: 7 }),
        }),
      );
      expect(
        () =>
          new SalesCoordinator({
            specs: [...specs, specs.find((s) => s.id === AgentId.crm)!],
            store,
            clock,
            ids,
          }),
      ).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    });

    it('routes by skill, then free capacity, then reputation, then id', async () => {
      const { marketing, reputation } = await setup();
      // A skill only one agent offers goes to that agent.
      expect(agentOf(await marketing.route({ skill: 'email.sequence' }))).toBe(AgentId.email);
      // text.readability: content, social, email and brand offer it. Email already holds a task.
      for (let i = 0; i < 20; i++) {
        await reputation.record(AgentId.social, { kind: 'task', success: true });
        await reputation.record(AgentId.content, { kind: 'task', success: false });
      }
      const order: string[] = [];
      for (let i = 0; i < 6; i++) order.push(agentOf(await marketing.route({ skill: 'text.readability' })));
      expect(order).toEqual([
        AgentId.social, // all with 3 free except email (2): social is the most trusted
        AgentId.brand, // brand and content have 3 free; brand (prior 0.5) beats content (failing)
        AgentId.content, // content is the only one left with 3 free
        AgentId.social, // all have 2 free: trust social > brand = email (prior) > content
        AgentId.brand, // brand and email tie on trust and free slots: the id decides
        AgentId.email,
      ]);
    });

    it('gives the same answers to the same requests (determinism)', async () => {
      const a = await setup();
      const b = await setup();
      const script = [
        'text.readability',
        'social.calendar',
        'social.hashtags',
        'text.readability',
        'social.calendar',
        'text.keyword-density',
        'social.hashtags',
      ];
      const run = async (c: MarketingCoordinator) => {
        const out: string[] = [];
        for (const [i, skill] of script.entries())
          out.push(agentOf(await c.route({ skill, taskId: `t${i}` })));
        await c.complete('t1', { success: true });
        out.push(agentOf(await c.route({ skill: 'social.calendar', taskId: 'again' })));
        return out;
      };
      const first = await run(a.marketing);
      expect(await run(b.marketing)).toEqual(first);
      expect(first[0]).toBe(AgentId.brand);
    });

    it('queues at capacity and places waiting tasks highest priority first, FIFO within a priority', async () => {
      const { marketing, clock } = await setup({ maxConcurrentTasks: 1 });
      expect((await marketing.route({ skill: 'email.sequence', taskId: 'e1' })).status).toBe('assigned');
      const queued = await Promise.all([
        marketing.route({ skill: 'email.sequence', taskId: 'e2', priority: 3 }),
        marketing.route({ skill: 'email.sequence', taskId: 'e3', priority: 5 }),
        marketing.route({ skill: 'email.sequence', taskId: 'e4', priority: 3 }),
      ]);
      expect(queued.map((q) => q.status)).toEqual(['queued', 'queued', 'queued']);
      // Another agent's skill is not held up by the email queue.
      expect(agentOf(await marketing.route({ skill: 'seo.page-audit', taskId: 's1' }))).toBe(AgentId.seo);
      const snap = await marketing.snapshot();
      expect(snap.queue.map((q) => q.taskId)).toEqual(['e3', 'e2', 'e4']);
      expect(snap.capacity.find((c) => c.agentId === AgentId.email)).toMatchObject({
        max: 1,
        inFlight: 1,
        free: 0,
      });
      expect(await marketing.task('e4')).toMatchObject({ status: 'queued', position: 3 });

      await clock.advance(5_000);
      const first = await marketing.complete('e1', { success: true });
      expect(first.completed.taskId).toBe('e1');
      expect(first.completed.assignedAt).toBe(clock.now() - 5_000);
      expect(first.reputation.figures).toMatchObject({
        decisions: 1,
        successes: 1,
        averageResponseMs: 5_000,
      });
      expect(first.started.map((s) => [s.taskId, s.waitedMs])).toEqual([['e3', 5_000]]);
      expect((await marketing.complete('e3', { success: false })).started.map((s) => s.taskId)).toEqual([
        'e2',
      ]);
      expect(
        (await marketing.complete('e2', { success: true, rating: 5 })).started.map((s) => s.taskId),
      ).toEqual(['e4']);
      const after = await marketing.snapshot();
      expect(after.queue).toEqual([]);
      expect(after.counters).toMatchObject({ submitted: 5, routed: 5, queued: 3, succeeded: 2, failed: 1 });
      expect(after.capacity.find((c) => c.agentId === AgentId.email)).toMatchObject({
        routed: 4,
        succeeded: 2,
        failed: 1,
        inFlight: 1,
      });
      expect(after.lastRouted).toMatchObject({ taskId: 'e4', agentId: AgentId.email });
      const rep = await marketing.reputation.score(AgentId.email);
      expect(rep.figures).toMatchObject({ decisions: 3, successes: 2, ratings: 1, averageStars: 5 });
    });

    it('spreads work over the instances of an agent', async () => {
      const { marketing } = await setup({ maxConcurrentTasks: 1, instances: { [AgentId.seo]: 2 } });
      const got = [
        await marketing.route({ skill: 'seo.page-audit' }),
        await marketing.route({ skill: 'seo.page-audit' }),
        await marketing.route({ skill: 'seo.page-audit' }),
      ];
      expect(got.map((g) => (g.status === 'assigned' ? g.assignment.instanceId : g.status))).toEqual([
        `${AgentId.seo}#1`,
        `${AgentId.seo}#2`,
        'queued',
      ]);
    });

    it('treats a task id it has seen as the same task', async () => {
      const { marketing } = await setup();
      const first = await marketing.route({ skill: 'email.sequence', taskId: 'same' });
      const again = await marketing.route({ skill: 'email.sequence', taskId: 'same' });
      expect(again).toEqual({ ...first, duplicate: true });
      await marketing.complete('same', { success: true });
      expect(await marketing.route({ skill: 'email.sequence', taskId: 'same' })).toEqual({
        status: 'finished',
        taskId: 'same',
        duplicate: true,
      });
      await expect(marketing.complete('same', { success: true })).rejects.toMatchObject({
        code: 'CONFLICT',
        details: { status: 'succeeded' },
      });
      expect((await marketing.reputation.score(AgentId.email)).figures.decisions).toBe(1);
    });

    it('rejects bad requests with a clear error', async () => {
      const { marketing, store } = await setup({ maxConcurrentTasks: 1 });
      await expect(marketing.route({ skill: 'math.practice' })).rejects.toMatchObject({
        code: 'VALIDATION',
        details: { field: 'skill', skill: 'math.practice', domain: 'marketing' },
      });
      await expect(marketing.route({ skill: 'math.practice' })).rejects.toThrow(/math\.practice/);
      await expect(marketing.route({ skill: 'email.sequence', agentId: AgentId.math })).rejects.toMatchObject(
        { code: 'VALIDATION', details: { field: 'agentId' } },
      );
      await expect(
        marketing.route({ skill: 'seo.page-audit', agentId: AgentId.email }),
      ).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'skill' } });
      await expect(marketing.route({ skill: 'email.sequence', priority: 9 })).rejects.toMatchObject({
        code: 'VALIDATION',
        details: expect.objectContaining({ field: 'priority' }),
      });
      await expect(marketing.complete('missing', { success: true })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await marketing.route({ skill: 'email.sequence', taskId: 'busy' });
      await marketing.route({ skill: 'email.sequence', taskId: 'waiting' });
      await expect(marketing.complete('waiting', { success: true })).rejects.toMatchObject({
        code: 'CONFLICT',
        details: { status: 'queued' },
      });
      await expect(marketing.complete('busy', { success: 'yes' } as never)).rejects.toMatchObject({
        code: 'VALIDATION',
        details: expect.objectContaining({ field: 'success' }),
      });
      expect(
        () =>
          new DomainCoordinator({
            domain: 'marketing',
            specs,
            store,
            clock: new FakeClock(),
            ids: createIds(),
            maxConcurrentTasks: 0,
          }),
      ).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    });

    it('cancels a task without judging the agent and gives its slot to the queue', async () => {
      const { marketing } = await setup({ maxConcurrentTasks: 1 });
      await marketing.route({ skill: 'email.sequence', taskId: 'c1' });
      await marketing.route({ skill: 'email.sequence', taskId: 'c2' });
      const { cancelled, started } = await marketing.cancel('c1');
      expect(cancelled.status).toBe('assigned');
      expect(started.map((s) => s.taskId)).toEqual(['c2']);
      expect((await marketing.reputation.score(AgentId.email)).figures.decisions).toBe(0);
    });

    it('resumes from the store after a restart: in-flight work, the queue and the counters', async () => {
      const { clock, options, marketing } = await setup({ maxConcurrentTasks: 1 });
      await marketing.route({ skill: 'email.sequence', taskId: 'r1' });
      await marketing.route({ skill: 'email.sequence', taskId: 'r2', priority: 2 });
      await marketing.route({ skill: 'email.sequence', taskId: 'r3', priority: 4 });
      const before = await marketing.snapshot();

      const reopened = await openStore(options, clock);
      const ids = createIds(() => clock.now());
      const restarted = new MarketingCoordinator({
        specs,
        store: reopened,
        clock,
        ids,
        maxConcurrentTasks: 1,
      });
      expect(await restarted.snapshot()).toEqual(before);
      const done = await restarted.complete('r1', { success: true });
      expect(done.started.map((s) => s.taskId)).toEqual(['r3']);
      expect((await restarted.route({ skill: 'email.sequence', taskId: 'r2' })).status).toBe('queued');
      expect((await restarted.snapshot()).version).toBe(before.version + 1);
    });

    it('never overfills an agent when two coordinator instances share the store', async () => {
      const { store, make } = await setup({ maxConcurrentTasks: 2 });
      const [one, two] = [make(store), make(store)];
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? one : two).route({ skill: 'email.sequence', taskId: `p${i}` }),
        ),
      );
      expect(results.filter((r) => r.status === 'assigned')).toHaveLength(2);
      expect(results.filter((r) => r.status === 'queued')).toHaveLength(8);
      const snap = await one.snapshot();
      expect(snap.inFlight).toHaveLength(2);
      expect(snap.queue).toHaveLength(8);
      expect(snap.counters.submitted).toBe(10);
    });

    it('announces every assignment on <domain>.task.assigned', async () => {
      const { store, clock, ids } = await setup({ maxConcurrentTasks: 1 });
      const bus = new MemoryBus();
      cleanups.push(() => bus.close());
      const seen: BusMessage[] = [];
      await bus.subscribe({
        pattern: 'marketing.task.assigned',
        group: 'watcher',
        handler: async ({ message }) => void seen.push(message),
      });
      const marketing = new MarketingCoordinator({ specs, store, clock, ids, bus, maxConcurrentTasks: 1 });
      await marketing.route({ skill: 'email.sequence', taskId: 'b1', tenantId: 'tenant-1' });
      await marketing.route({ skill: 'email.sequence', taskId: 'b2', priority: 5 });
      await marketing.complete('b1', { success: true });
      await waitFor(() => seen.length === 2, 'two announcements');
      expect(seen.map((m) => [m.from, (m.payload as { taskId: string }).taskId, m.priority])).toEqual([
        ['marketing-coordinator', 'b1', 3],
        ['marketing-coordinator', 'b2', 5],
      ]);
      expect(seen[0]!.payload).toMatchObject({
        agentId: AgentId.email,
        tenantId: 'tenant-1',
        skill: 'email.sequence',
      });
    });
  });
}

/** Polls until the condition holds: waits for an event, never for a fixed time. */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

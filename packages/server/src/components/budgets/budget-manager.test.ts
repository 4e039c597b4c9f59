import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { createIds, createSequentialIds } from '../../ids.js';
import { MemoryBus } from '../../bus/memory-bus.js';
import type { SqlStore } from '../../store/sql-store.js';
import { createKillSwitch } from '../kill-switch/kill-switch.js';
import { testStoreBackends } from '../testing/test-stores.js';
import { BudgetManager, budgetScope, type BudgetAlert } from './budget-manager.js';

const backends = await testStoreBackends();

describe.each(backends)('BudgetManager on $name', (backend) => {
  const clock = new FakeClock(Date.UTC(2026, 0, 10, 12));
  let store: SqlStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await backend.open(clock, { poolSize: 20 }));
  });
  afterAll(async () => cleanup());

  const manager = (alerts: BudgetAlert[] = []) =>
    new BudgetManager({
      store,
      clock,
      ids: { next: (p) => `${p}_${Math.random().toString(36).slice(2)}` },
      onAlert: (a) => alerts.push(a),
    });

  it('reserves, settles the real cost and releases the rest', async () => {
    const m = manager();
    const scope = budgetScope.agent('a1');
    await m.define(scope, { tokens: 1000, money: 1, tenantId: 't1' });
    const r = await m.reserve({ scopes: [scope], tokens: 400, money: 0.4 });
    expect((await m.status(scope))!.reserved).toEqual({ tokens: 400, money: 0.4 });
    await m.settle(r.id, { tokens: 150, money: 0.15 });
    const s = (await m.status(scope))!;
    expect(s.used).toEqual({ tokens: 150, money: 0.15 });
    expect(s.reserved).toEqual({ tokens: 0, money: 0 });
    expect(s.remaining).toEqual({ tokens: 850, money: 0.85 });
    await m.settle(r.id, { tokens: 999, money: 9 });
    expect((await m.status(scope))!.used.tokens).toBe(150);
  });

  it('refuses a reservation that would exceed the limit (inclusive) with BUDGET_EXHAUSTED naming the scope', async () => {
    const m = manager();
    const scope = budgetScope.agent('a2');
    await m.define(scope, { tokens: 10 });
    const r = await m.reserve({ scopes: [scope], tokens: 10, money: 0 });
    await m.release(r.id);
    await m.settle((await m.reserve({ scopes: [scope], tokens: 5, money: 0 })).id, { tokens: 5, money: 0 });
    await expect(m.reserve({ scopes: [scope], tokens: 6, money: 0 })).rejects.toMatchObject({
      code: 'BUDGET_EXHAUSTED',
      details: { scope, remainingTokens: 5 },
    });
  });

  it('reserves all scopes or none', async () => {
    const m = manager();
    const agent = budgetScope.agent('a3');
    const tenant = budgetScope.tenant('t3');
    await m.define(agent, { tokens: 100 });
    await m.define(tenant, { tokens: 50 });
    await expect(
      m.reserve({ scopes: [agent, tenant, budgetScope.run('unbudgeted')], tokens: 60, money: 0 }),
    ).rejects.toMatchObject({ details: { scope: tenant } });
    expect((await m.status(agent))!.reserved.tokens).toBe(0);
    const ok = await m.reserve({
      scopes: [agent, tenant, budgetScope.run('unbudgeted')],
      tokens: 50,
      money: 0,
    });
    expect(ok.scopes.sort()).toEqual([agent, tenant].sort());
    await m.release(ok.id);
    expect((await m.status(tenant))!.reserved.tokens).toBe(0);
  });

  it('publishes the 80, 90 and 100 % alerts once each per period', async () => {
    const alerts: BudgetAlert[] = [];
    const m = manager(alerts);
    const scope = budgetScope.tenant('alerts');
    await m.define(scope, { money: 10, tenantId: 'alerts' });
    const spend = async (money: number) =>
      m.settle((await m.reserve({ scopes: [scope], tokens: 0, money })).id, { tokens: 0, money });
    await spend(7.9);
    expect(alerts).toEqual([]);
    await spend(0.2);
    await spend(0.1);
    expect(alerts.map((a) => a.level)).toEqual([80]);
    await spend(1.5);
    expect(alerts.map((a) => a.level)).toEqual([80, 90]);
    await spend(0.3);
    expect(alerts.map((a) => a.level)).toEqual([80, 90, 100]);
    // A new day starts a new period: usage and alerts reset.
    await clock.advance(24 * 3600_000);
    expect((await m.status(scope))!.used.money).toBe(0);
    await spend(8.5);
    expect(alerts.map((a) => a.level)).toEqual([80, 90, 100, 80]);
  });

  it('publishes alerts on the bus once each', async () => {
    const bus = new MemoryBus({ clock });
    const topics: string[] = [];
    await bus.subscribe({
      pattern: 'budget.#',
      group: 'watch',
      handler: async (d) =>
        void topics.push(`${d.message.topic}:${String((d.message.payload as { level: number }).level)}`),
    });
    const m = new BudgetManager({ store, clock, ids: createIds(() => clock.now()), bus });
    const scope = budgetScope.agent('bus-alerts');
    await m.define(scope, { tokens: 100 });
    for (const n of [85, 10, 5])
      await m.settle((await m.reserve({ scopes: [scope], tokens: n, money: 0 })).id, { tokens: n, money: 0 });
    for (let i = 0; i < 10 && topics.length < 3; i++) await clock.advance(0);
    expect(topics).toEqual(['budget.alert:80', 'budget.alert:90', 'budget.exhausted:100']);
    await bus.close();
  });

  it('returns the reservations of a caller that died once they expire', async () => {
    const m = manager();
    const scope = budgetScope.run('r1');
    await m.define(scope, { tokens: 100, period: 'total' });
    await m.reserve({ scopes: [scope], tokens: 100, money: 0 });
    await expect(m.reserve({ scopes: [scope], tokens: 1, money: 0 })).rejects.toMatchObject({
      code: 'BUDGET_EXHAUSTED',
    });
    await clock.advance(5 * 60_000 + 1);
    expect(await m.expireStale()).toBe(1);
    expect((await m.status(scope))!.reserved.tokens).toBe(0);
  });

  it('refuses metered spending when the budgets kill switch is on', async () => {
    const m = new BudgetManager({
      store,
      clock,
      ids: createSequentialIds(),
      killSwitch: createKillSwitch({ disabled: ['budgets'] }),
    });
    await expect(m.reserve({ scopes: ['agent:x'], tokens: 1, money: 0 })).rejects.toMatchObject({
      code: 'DISABLED',
    });
  });

  it('validates limits and amounts', async () => {
    const m = manager();
    await expect(m.define('agent:v', { tokens: -1 })).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'tokens' },
    });
    await expect(m.reserve({ scopes: ['agent:v'], tokens: Number.NaN, money: 0 })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(m.settle('rsv_missing', { tokens: 0, money: 0 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('never overspends under concurrent reservations (property)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 200 }),
        fc.array(
          fc.record({
            tokens: fc.integer({ min: 0, max: 60 }),
            spentPercent: fc.integer({ min: 0, max: 100 }),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        async (limit, calls) => {
          const m = manager();
          const scope = budgetScope.agent(`prop-${backend.name}-${run++}`);
          await m.define(scope, { tokens: limit, period: 'total' });
          const results = await Promise.all(
            calls.map(async (c) => {
              try {
                const r = await m.reserve({ scopes: [scope], tokens: c.tokens, money: 0 });
                const snapshot = (await m.status(scope))!;
                expect(snapshot.used.tokens + snapshot.reserved.tokens).toBeLessThanOrEqual(limit);
                await m.settle(r.id, { tokens: Math.floor((c.tokens * c.spentPercent) / 100), money: 0 });
                return true;
              } catch (err) {
                expect(err).toMatchObject({ code: 'BUDGET_EXHAUSTED' });
                return false;
              }
            }),
          );
          const final = (await m.status(scope))!;
          expect(final.used.tokens).toBeLessThanOrEqual(limit);
          expect(final.reserved.tokens).toBe(0);
          // A call that fits on its own was refused only because others held the budget.
          if (results.some((ok) => !ok)) expect(calls.some((c) => c.tokens > 0)).toBe(true);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('never overspends a shared tenant budget and reserves all scopes or none under concurrency (property)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 150 }),
        fc.integer({ min: 1, max: 80 }),
        fc.array(
          fc.record({ agent: fc.integer({ min: 0, max: 3 }), tokens: fc.integer({ min: 0, max: 50 }) }),
          { minLength: 1, maxLength: 25 },
        ),
        async (tenantLimit, agentLimit, calls) => {
          const m = manager();
          const key = `multi-${backend.name}-${run++}`;
          const tenant = budgetScope.tenant(key);
          const agents = [0, 1, 2, 3].map((i) => budgetScope.agent(`${key}-${i}`));
          await m.define(tenant, { tokens: tenantLimit, period: 'total' });
          // Agent 3 has no budget: it is limited by the tenant's alone.
          for (const a of agents.slice(0, 3)) await m.define(a, { tokens: agentLimit, period: 'total' });
          const held = await Promise.all(
            calls.map(async (c) => {
              const scopes = [agents[c.agent]!, tenant, budgetScope.run(`${key}-none`)];
              try {
                const r = await m.reserve({ scopes, tokens: c.tokens, money: 0 });
                expect(r.scopes.sort()).toEqual(
                  scopes
                    .slice(0, c.agent === 3 ? 0 : 1)
                    .concat(tenant)
                    .sort(),
                );
                return { ...c, id: r.id };
              } catch (err) {
                expect(err).toMatchObject({ code: 'BUDGET_EXHAUSTED' });
                return undefined;
              }
            }),
          );
          const ok = held.filter((h) => h !== undefined);
          const sum = (list: typeof ok) => list.reduce((n, h) => n + h.tokens, 0);
          // Exactly what the accepted calls reserved is held, and within every limit.
          expect((await m.status(tenant))!.reserved.tokens).toBe(sum(ok));
          expect(sum(ok)).toBeLessThanOrEqual(tenantLimit);
          for (const i of [0, 1, 2]) {
            const mine = ok.filter((h) => h.agent === i);
            expect((await m.status(agents[i]!))!.reserved.tokens).toBe(sum(mine));
            expect(sum(mine)).toBeLessThanOrEqual(agentLimit);
          }
          await Promise.all(ok.map((h) => m.settle(h.id, { tokens: h.tokens, money: 0 })));
          const tenantAfter = (await m.status(tenant))!;
          expect(tenantAfter.used.tokens).toBe(sum(ok));
          expect(tenantAfter.reserved.tokens).toBe(0);
        },
      ),
      { numRuns: 15 },
    );
  });
});

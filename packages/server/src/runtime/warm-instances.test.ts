// The warm pool of instances' decision state on both stores: bounded, checked against the store so
// another process's decisions are seen, and dropped when the instance changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { storeTargets, type OpenedStore } from '../testing/backends.js';
import { createIds } from '../ids.js';
import { DecisionMemory } from './decision-memory.js';
import { assembleAgentRuntime } from './agent-runtime.js';

const outcome = { approved: true, reason: 'fine', confidence: 0.8, citations: [] };
const remembered = (decisionId: string, agentId: string, subject: string) => ({
  decisionId,
  agentId,
  tenantId: null,
  kind: 'review',
  subject,
  outcome,
});

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`warm decision state (${target.kind})`, () => {
    let opened: OpenedStore;
    const clock = new FakeClock();
    beforeAll(async () => {
      opened = await target.open!({ clock });
      await opened.store.migrate();
    });
    afterAll(() => opened.cleanup());

    it('reads the store once per warm agent, and on every search when the pool is off', async () => {
      const { store } = opened;
      await new DecisionMemory({ store, clock }).remember(remembered('w1', 'agent-w', 'refund order 1'));
      let lists = 0;
      const counting = new Proxy(store, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (prop !== 'decisionMemory') return value;
          const repo = value as typeof store.decisionMemory;
          return new Proxy(repo, {
            get(r, p, rr) {
              const v = Reflect.get(r, p, rr) as unknown;
              if (p !== 'list' || typeof v !== 'function') return v;
              return (...args: unknown[]) => {
                lists++;
                return (v as (...a: unknown[]) => unknown).apply(r, args);
              };
            },
          });
        },
      });
      const warm = new DecisionMemory({ store: counting, clock }, { warmAgents: 10 });
      for (let i = 0; i < 3; i++)
        expect((await warm.findSimilar('agent-w', 'review', 'refund order 1', 0.9))?.decisionId).toBe('w1');
      expect(lists).toBe(1);
      lists = 0;
      const cold = new DecisionMemory({ store: counting, clock }, { warmAgents: 0 });
      for (let i = 0; i < 3; i++)
        expect((await cold.findSimilar('agent-w', 'review', 'refund order 1', 0.9))?.decisionId).toBe('w1');
      expect(lists).toBe(3);
    });

    it("sees another process's decision once its warm entry is revalidated", async () => {
      const { store } = opened;
      const here = new DecisionMemory({ store, clock }, { revalidateAfterMs: 1000 });
      const there = new DecisionMemory({ store, clock });
      expect(await here.findSimilar('agent-x', 'review', 'late delivery to Pune', 0.9)).toBeUndefined();
      await there.remember(remembered('x1', 'agent-x', 'late delivery to Pune'));
      // Within the window the warm entry is used as it is.
      expect(await here.findSimilar('agent-x', 'review', 'late delivery to Pune', 0.9)).toBeUndefined();
      await clock.advance(1000);
      expect((await here.findSimilar('agent-x', 'review', 'late delivery to Pune', 0.9))?.decisionId).toBe(
        'x1',
      );
      // Its own decisions are indexed at once and do not make the next check reload.
      await here.remember(remembered('x2', 'agent-x', 'damaged parcel in Mumbai'));
      expect((await here.findSimilar('agent-x', 'review', 'damaged parcel in Mumbai', 0.9))?.decisionId).toBe(
        'x2',
      );
      const misses = here.warmStats.misses;
      await clock.advance(1000);
      await here.findSimilar('agent-x', 'review', 'anything', 0.9);
      expect(here.warmStats.misses).toBe(misses);
    });

    it('drops an instance from the pool when it is paused, so it is read again when resumed', async () => {
      const { store } = opened;
      const { runtime, components } = assembleAgentRuntime({
        store,
        clock,
        ids: createIds(),
        warmPool: { maxInstances: 5 },
      });
      runtime.register({
        specialisation: {
          agentType: 'warm-reviewer',
          role: 'Reviewer',
          domain: 'platform',
          expertise: 'reviews',
          version: '1.0.0',
          capabilities: ['review'],
        },
      });
      await runtime.start();
      try {
        const agent = await runtime.hire({ agentType: 'warm-reviewer' });
        const stats = components.memory.warmStats;
        await runtime.decide(agent.id, { kind: 'review', subject: 'case 1' });
        await runtime.decide(agent.id, { kind: 'review', subject: 'case 2' });
        expect({ misses: stats.misses, hits: stats.hits }).toEqual({ misses: 1, hits: 1 });
        await runtime.pause(agent.id);
        await runtime.resume(agent.id);
        await runtime.decide(agent.id, { kind: 'review', subject: 'case 3' });
        expect(stats.misses).toBe(2);
      } finally {
        await runtime.stop();
      }
    });
  });
}

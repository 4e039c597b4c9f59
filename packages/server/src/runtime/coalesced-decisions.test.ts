// Two instances of one tenant deciding the same case at once: one model call, two receipts, and the
// cost charged once (decision 0084); another tenant's identical case is never shared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { createIds } from '../ids.js';
import { CoalescingModelProvider } from '../models/coalescing-model-provider.js';
import type { ModelProvider, ModelRequest } from '../models/model-provider.js';
import { storeTargets, type OpenedStore } from '../testing/backends.js';
import { eventually } from '../testing/eventually.js';
import { assembleAgentRuntime } from './agent-runtime.js';

function slowModel(clock: FakeClock) {
  const seen: ModelRequest[] = [];
  const provider: ModelProvider = {
    name: 'slow',
    kind: 'openai',
    defaultModel: 'gpt-4o-mini',
    offline: false,
    async generate(request) {
      seen.push(request);
      await clock.sleep(100);
      return {
        text: JSON.stringify({ approved: true, reason: 'meets the policy', confidence: 0.9, citations: [] }),
        toolCalls: [],
        usage: { inputTokens: 100, outputTokens: 20, estimated: false },
        model: 'gpt-4o-mini',
        provider: 'slow',
        offline: false,
        finishReason: 'stop',
        latencyMs: 100,
        costMoney: 0.002,
        currency: 'USD',
        priceKnown: true,
      };
    },
    stream: () => {
      throw new Error('not used');
    },
  };
  return { provider, seen };
}

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`coalesced decisions (${target.kind})`, () => {
    let opened: OpenedStore;
    const clock = new FakeClock();
    beforeAll(async () => {
      opened = await target.open!({ clock });
      await opened.store.migrate();
    });
    afterAll(() => opened.cleanup());

    it('makes one model call for the same case decided at once by two instances of one tenant', async () => {
      const model = slowModel(clock);
      let joined = 0;
      const { runtime } = assembleAgentRuntime({
        store: opened.store,
        clock,
        ids: createIds(),
        models: new CoalescingModelProvider(model.provider, { onCoalesced: () => joined++ }),
      });
      runtime.register({
        specialisation: {
          agentType: 'refund-reviewer',
          role: 'Refund Reviewer',
          domain: 'support',
          expertise: 'refunds',
          version: '1.0.0',
          capabilities: ['review'],
        },
      });
      await runtime.start();
      try {
        const [a, b, other] = await Promise.all([
          runtime.hire({ agentType: 'refund-reviewer', tenantId: 't1' }),
          runtime.hire({ agentType: 'refund-reviewer', tenantId: 't1' }),
          runtime.hire({ agentType: 'refund-reviewer', tenantId: 't2' }),
        ]);
        const request = { kind: 'refund', subject: 'Order 42 arrived broken', facts: { amount: 900 } };
        const pending = [a!, b!, other!].map((i) => runtime.decide(i.id, request));
        // The stores take real time to reserve budgets: move the clock once both calls are waiting.
        await eventually(
          () => ({ calls: model.seen.length, joined }),
          (v) => v.calls === 2 && v.joined === 1,
          { what: 'two model calls and one joiner' },
        );
        await clock.advance(100);
        const [ra, rb, rother] = await Promise.all(pending);
        // One call for tenant t1, one for t2.
        expect(model.seen.map((r) => r.partition).sort()).toEqual(['tenant:t1', 'tenant:t2']);
        for (const r of [ra, rb, rother]) expect(r).toMatchObject({ method: 'model', approved: true });
        const costs = [ra!.cost, rb!.cost].sort();
        expect(costs).toEqual([0, 0.002]);
        expect(ra!.tokens.input + rb!.tokens.input).toBe(100);
        expect(rother!.cost).toBe(0.002);
      } finally {
        await runtime.stop();
      }
    });
  });
}

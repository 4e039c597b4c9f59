import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { testStoreBackends } from '../../components/testing/test-stores.js';
import type { SqlStore } from '../sql-store.js';
import type { DecisionRecord } from './runtime-decisions.js';

const backends = await testStoreBackends();

const record = (id: string, over: Partial<DecisionRecord> = {}): DecisionRecord => ({
  id,
  agentId: 'a1',
  tenantId: 't1',
  kind: 'review',
  requestHash: 'h',
  approved: true,
  reason: 'ok',
  confidence: 0.9,
  citations: ['c'],
  method: 'deterministic',
  costMicros: 0,
  inputTokens: 0,
  outputTokens: 0,
  latencyMs: 0.25,
  escalationId: null,
  extra: { source: 'rule' },
  createdAt: 1000,
  ...over,
});

describe.each(backends)('RuntimeDecisionsRepository on $name', (backend) => {
  let store: SqlStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await backend.open(new FakeClock()));
    const r = store.runtimeDecisions;
    await r.append(record('d1', { createdAt: 1000 }));
    await r.append(
      record('d2', {
        createdAt: 2000,
        method: 'model',
        approved: false,
        confidence: 0.7,
        costMicros: 1500,
        inputTokens: 100,
        outputTokens: 20,
        escalationId: 'e1',
      }),
    );
    await r.append(
      record('d3', { createdAt: 3000, method: 'model', costMicros: 500, inputTokens: 10, outputTokens: 5 }),
    );
    await r.append(record('d4', { createdAt: 3000, agentId: 'a2', tenantId: 't2' }));
  });
  afterAll(async () => cleanup());

  it('round-trips a receipt', async () => {
    expect(await store.runtimeDecisions.get('d2')).toEqual(
      record('d2', {
        createdAt: 2000,
        method: 'model',
        approved: false,
        confidence: 0.7,
        costMicros: 1500,
        inputTokens: 100,
        outputTokens: 20,
        escalationId: 'e1',
      }),
    );
    expect(await store.runtimeDecisions.get('missing')).toBeUndefined();
  });

  it("lists an agent's receipts newest first, with a limit and a time bound", async () => {
    expect((await store.runtimeDecisions.listByAgent('a1')).map((d) => d.id)).toEqual(['d3', 'd2', 'd1']);
    expect((await store.runtimeDecisions.listByAgent('a1', { limit: 1 })).map((d) => d.id)).toEqual(['d3']);
    expect((await store.runtimeDecisions.listByAgent('a1', { before: 3000 })).map((d) => d.id)).toEqual([
      'd2',
      'd1',
    ]);
  });

  it('totals by method over a time range, per agent or per tenant', async () => {
    expect(await store.runtimeDecisions.totalsByMethod({ agentId: 'a1', from: 0, to: 10_000 })).toEqual([
      {
        method: 'deterministic',
        count: 1,
        costMicros: 0,
        tokens: 0,
        inputTokens: 0,
        outputTokens: 0,
        approvals: 1,
        confidenceSum: 0.9,
        escalations: 0,
      },
      {
        method: 'model',
        count: 2,
        costMicros: 2000,
        tokens: 135,
        inputTokens: 110,
        outputTokens: 25,
        approvals: 1,
        confidenceSum: expect.closeTo(1.6, 9) as unknown as number,
        escalations: 1,
      },
    ]);
    expect(
      (await store.runtimeDecisions.totalsByMethod({ tenantId: 't2', from: 0, to: 10_000 })).map(
        (t) => t.count,
      ),
    ).toEqual([1]);
    expect(await store.runtimeDecisions.totalsByMethod({ from: 1500, to: 2500 })).toHaveLength(1);
  });

  it('refuses a receipt without an id or agent', async () => {
    await expect(store.runtimeDecisions.append(record(''))).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'id' },
    });
    await expect(store.runtimeDecisions.append(record('x', { agentId: '' }))).rejects.toMatchObject({
      details: { field: 'agentId' },
    });
  });
});

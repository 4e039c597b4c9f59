import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { createSqlStore, type SqlStore } from '../store/sql-store.js';
import { DecisionMemory } from './decision-memory.js';
import { textSimilarity } from './text-similarity.js';

describe('textSimilarity', () => {
  it('is 1 for the same words, symmetric, and low for different texts', () => {
    expect(textSimilarity('Add OAuth login!', 'add oauth LOGIN')).toBeCloseTo(1, 10);
    expect(textSimilarity('a b c', 'c b a')).toBeLessThan(1);
    expect(textSimilarity('update the billing page', 'fix the login page')).toBe(
      textSimilarity('fix the login page', 'update the billing page'),
    );
    expect(textSimilarity('case number 17', 'case number 18')).toBeLessThan(0.9);
    expect(textSimilarity('', 'anything')).toBe(0);
  });
});

describe('DecisionMemory', () => {
  let store: SqlStore;
  const clock = new FakeClock();
  beforeAll(async () => {
    store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' }, { clock });
    await store.migrate();
  });
  afterAll(async () => store.close());

  const outcome = { approved: true, reason: 'fine', confidence: 0.8, citations: [] };

  it('finds the most similar past decision of the same kind above the threshold', async () => {
    const m = new DecisionMemory({ store, clock });
    await m.remember({
      decisionId: 'd1',
      agentId: 'a',
      tenantId: null,
      kind: 'pr',
      subject: 'Add OAuth login to the admin console',
      outcome,
    });
    await m.remember({
      decisionId: 'd2',
      agentId: 'a',
      tenantId: null,
      kind: 'pr',
      subject: 'Remove the legacy billing exporter',
      outcome,
    });
    await m.remember({
      decisionId: 'd3',
      agentId: 'b',
      tenantId: null,
      kind: 'pr',
      subject: 'Add OAuth login to the admin console',
      outcome,
    });
    expect(await m.findSimilar('a', 'pr', 'add oauth login to the admin console.', 0.9)).toMatchObject({
      decisionId: 'd1',
      similarity: 1,
    });
    expect(await m.findSimilar('a', 'post', 'Add OAuth login to the admin console', 0.9)).toBeUndefined();
    expect(await m.findSimilar('a', 'pr', 'Add SAML login to the user console', 0.9)).toBeUndefined();
  });

  it('loads what earlier processes remembered from the store, keeping the newest within capacity', async () => {
    const fresh = new DecisionMemory({ store, clock }, { capacity: 1 });
    expect((await fresh.findSimilar('a', 'pr', 'Remove the legacy billing exporter', 0.9))?.decisionId).toBe(
      'd2',
    );
    expect(await fresh.findSimilar('a', 'pr', 'Add OAuth login to the admin console', 0.9)).toBeUndefined();
  });
});

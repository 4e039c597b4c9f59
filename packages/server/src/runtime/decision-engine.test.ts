import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { PlatformError } from '../errors.js';
import { OfflineScriptedProvider } from '../models/offline-scripted-provider.js';
import { ProviderChain } from '../models/provider-chain.js';
import { budgetScope } from '../components/budgets/budget-manager.js';
import { createKillSwitch } from '../components/kill-switch/kill-switch.js';
import { createSqlStore, type SqlStore } from '../store/sql-store.js';
import type { DecisionRule } from './decision.js';
import type { DecisionOptions, DecisionSubject } from './decision-engine.js';
import { FakeModelProvider, decisionJson } from './testing/fake-model-provider.js';
import { engineHarness } from './testing/runtime-harness.js';

let store: SqlStore;
const clock = new FakeClock(Date.UTC(2026, 0, 5, 10));
let agentSeq = 0;
beforeAll(async () => {
  store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' }, { clock });
  await store.migrate();
});
afterAll(async () => store.close());

/** A fresh agent id per test, so caches, memories and budgets never leak between tests. */
function subject(rules: DecisionRule[] = [], options: DecisionOptions = {}): DecisionSubject {
  agentSeq += 1;
  return {
    agentId: `agent-${agentSeq}`,
    agentType: 'reviewer',
    role: 'Code Reviewer',
    tenantId: 't1',
    rules,
    options,
  };
}

const sizeRule: DecisionRule = {
  name: 'pr-size',
  evaluate: (r) => {
    const lines = Number(r.facts?.lines ?? 0);
    if (lines > 1000)
      return {
        approved: false,
        reason: 'PR larger than 1000 lines',
        confidence: 1,
        citations: ['rule:pr-size'],
      };
    if (lines < 300)
      return { approved: true, reason: 'Small PR without violations', confidence: 0.5, citations: [] };
    return undefined;
  },
};

describe('DecisionEngine tiers', () => {
  it('accepts a rule at ≥ 0.95 without calling the model, and stores the receipt', async () => {
    const model = new FakeModelProvider({ answer: () => decisionJson(true) });
    const { engine } = engineHarness({ store, clock, models: model });
    const r = await engine.decide(subject([sizeRule]), {
      kind: 'pr-review',
      subject: 'Huge refactor',
      facts: { lines: 1200 },
    });
    expect(r).toMatchObject({
      method: 'deterministic',
      approved: false,
      confidence: 1,
      source: 'pr-size',
      cost: 0,
      citations: ['rule:pr-size'],
    });
    expect(model.calls).toBe(0);
    const stored = await store.runtimeDecisions.get(r.id);
    expect(stored).toMatchObject({
      method: 'deterministic',
      approved: false,
      reason: 'PR larger than 1000 lines',
      costMicros: 0,
    });
    expect(stored!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('falls through a rule below the threshold (and a throwing rule) to the model, telling it what the rule said', async () => {
    const prompts: string[] = [];
    const model = new FakeModelProvider({
      answer: (req) => {
        prompts.push(req.messages[0]!.content);
        return decisionJson(true, 0.85);
      },
    });
    const broken: DecisionRule = {
      name: 'broken',
      evaluate: () => {
        throw new Error('bug');
      },
    };
    const { engine, budgets } = engineHarness({ store, clock, models: model });
    const s = subject([broken, sizeRule]);
    const r = await engine.decide(s, { kind: 'pr-review', subject: 'Add a button', facts: { lines: 12 } });
    expect(r).toMatchObject({
      method: 'model',
      approved: true,
      confidence: 0.85,
      cost: 0.001,
      tokens: { input: 100, output: 50 },
      source: 'fake:fake-large',
      offline: false,
      escalationId: null,
    });
    expect(prompts[0]).toContain('Rule pr-size (not conclusive, confidence 0.5): approve');
    expect(await budgets.status(budgetScope.agent(s.agentId))).toBeUndefined();
  });

  it('serves a repeated request from the cache and a similar one from memory', async () => {
    const model = new FakeModelProvider({
      answer: () => decisionJson(false, 0.9, 'Touches billing without tests.'),
    });
    const { engine } = engineHarness({ store, clock, models: model });
    const s = subject();
    const first = await engine.decide(s, {
      kind: 'pr-review',
      subject: 'Change the billing rounding rule in invoices',
    });
    const again = await engine.decide(s, {
      kind: 'pr-review',
      subject: 'Change the billing rounding rule in invoices',
    });
    expect(again).toMatchObject({ method: 'cache', source: first.id, approved: false, cost: 0 });
    const similar = await engine.decide(s, {
      kind: 'pr-review',
      subject: 'change the billing rounding rule in invoices!',
    });
    expect(similar).toMatchObject({ method: 'memory', source: first.id, approved: false });
    expect(similar.citations).toContain(`memory:${first.id}`);
    const other = await engine.decide(s, { kind: 'pr-review', subject: 'Rename the README headline' });
    expect(other.method).toBe('model');
    const otherKind = await engine.decide(s, {
      kind: 'publish-post',
      subject: 'Change the billing rounding rule in invoices',
    });
    expect(otherKind.method).toBe('model');
    const fresh = await engine.decide(s, {
      kind: 'pr-review',
      subject: 'Change the billing rounding rule in invoices',
      fresh: true,
    });
    expect(fresh.method).toBe('model');
    expect(model.calls).toBe(4);
  });

  it('falls back conservatively and escalates when the model answer fails validation', async () => {
    const model = new FakeModelProvider({
      answer: () => JSON.stringify({ approved: true, reason: 'ok', confidence: 7 }),
    });
    const { engine, escalations, budgets } = engineHarness({ store, clock, models: model });
    const s = subject();
    await budgets.define(budgetScope.agent(s.agentId), { tokens: 10_000 });
    const r = await engine.decide(s, { kind: 'pr-review', subject: 'Risky change' });
    expect(r).toMatchObject({ method: 'conservative_fallback', approved: false, confidence: 0.9 });
    expect(r.reason).toMatch(/failed validation/);
    const esc = await escalations.get(r.escalationId!);
    expect(esc).toMatchObject({ agentId: s.agentId, urgency: 'medium', status: 'pending', decisionId: r.id });
    // The model did run, so its reservation is charged rather than returned.
    expect((await budgets.status(budgetScope.agent(s.agentId)))!.used.tokens).toBeGreaterThan(500);
    expect((await engine.decide(s, { kind: 'pr-review', subject: 'Risky change' })).method).toBe(
      'conservative_fallback',
    );
  });

  it('escalates a model answer below 0.6 confidence but keeps it', async () => {
    const { engine, escalations } = engineHarness({
      store,
      clock,
      models: new FakeModelProvider({ answer: () => decisionJson(true, 0.4) }),
    });
    const r = await engine.decide(subject(), { kind: 'k', subject: 'Unsure case' });
    expect(r).toMatchObject({ method: 'model', approved: true, confidence: 0.4 });
    expect((await escalations.get(r.escalationId!)).urgency).toBe('low');
  });

  it('records offline answers as offline and never reuses them', async () => {
    const offline = new OfflineScriptedProvider({ clock });
    const { engine } = engineHarness({ store, clock, models: offline });
    const s = subject();
    const a = await engine.decide(s, { kind: 'k', subject: 'Offline case' });
    const b = await engine.decide(s, { kind: 'k', subject: 'Offline case' });
    expect(a).toMatchObject({ method: 'model', offline: true, approved: false, cost: 0 });
    expect(b.method).toBe('model');
  });

  it('falls back without a model, and honours the memory, model and budgets kill switches', async () => {
    const noModel = engineHarness({ store, clock });
    expect((await noModel.engine.decide(subject(), { kind: 'k', subject: 'x' })).reason).toMatch(
      /no model is configured/,
    );

    const ks = createKillSwitch();
    const model = new FakeModelProvider({ answer: () => decisionJson(true) });
    const { engine } = engineHarness({ store, clock, models: model, killSwitch: ks });
    const s = subject();
    await engine.decide(s, { kind: 'k', subject: 'alpha beta gamma' });
    ks.set('memory', true);
    expect((await engine.decide(s, { kind: 'k', subject: 'Alpha beta gamma' })).method).toBe('model');
    ks.set('model', true);
    expect((await engine.decide(s, { kind: 'k', subject: 'delta' })).reason).toMatch(
      /model tier is switched off/,
    );
    ks.set('model', false);
    ks.set('budgets', true);
    const r = await engine.decide(s, { kind: 'k', subject: 'epsilon' });
    expect(r).toMatchObject({ method: 'conservative_fallback' });
    expect(r.reason).toMatch(/budgets are switched off/);
    expect(model.calls).toBe(2);
  });

  it('falls back without escalating when the agent hits its rate limit', async () => {
    const model = new FakeModelProvider({ answer: () => decisionJson(true) });
    const { engine, rateLimiter } = engineHarness({ store, clock, models: model });
    const s = subject();
    rateLimiter.setLimit(budgetScope.agent(s.agentId), 1);
    expect((await engine.decide(s, { kind: 'k', subject: 'one' })).method).toBe('model');
    const limited = await engine.decide(s, { kind: 'k', subject: 'two' });
    expect(limited).toMatchObject({ method: 'conservative_fallback', escalationId: null });
    expect(limited.reason).toMatch(/rate limit reached \(retry in 60000 ms\)/);
    await clock.advance(60_000);
    expect((await engine.decide(s, { kind: 'k', subject: 'three' })).method).toBe('model');
  });
});

describe('DecisionEngine when the budget is exhausted (degrade chain)', () => {
  it('uses the cheaper model first, then asks a human (once per day), each step recorded', async () => {
    const model = new FakeModelProvider({ answer: () => decisionJson(true), costMoney: 0.002 });
    const { engine, budgets, escalations } = engineHarness({ store, clock, models: model });
    const s = subject([], { model: 'fake-large', cheaperModel: 'fake-small' });
    // fake-large reserves ≈ 0.017, fake-small ≈ 0.0017 (512 output tokens at the test prices).
    await budgets.define(budgetScope.agent(s.agentId), { money: 0.005 });
    const cheap = await engine.decide(s, { kind: 'k', subject: 'first' });
    expect(cheap).toMatchObject({
      method: 'model',
      degrade: [{ step: 'cheaper-model', outcome: 'used', detail: 'fake-small' }],
    });
    expect(model.models).toEqual(['fake-small']);
    await engine.decide(s, { kind: 'k', subject: 'second' });
    const human = await engine.decide(s, { kind: 'k', subject: 'third' });
    expect(human.method).toBe('conservative_fallback');
    expect(human.degrade.map((d) => `${d.step}:${d.outcome}`)).toEqual([
      'cheaper-model:exhausted',
      'ask-human:escalated',
    ]);
    expect(await escalations.get(human.escalationId!)).toMatchObject({ urgency: 'high' });
    const again = await engine.decide(s, { kind: 'k', subject: 'fourth' });
    expect(again.escalationId).toBe(human.escalationId);
    const stored = await store.runtimeDecisions.get(human.id);
    expect(stored!.extra.degrade).toEqual(human.degrade);
    expect((await budgets.status(budgetScope.agent(s.agentId)))!.used.money).toBeLessThanOrEqual(0.005);
  });

  it('stops without asking anyone when the policy says stop', async () => {
    const model = new FakeModelProvider({ answer: () => decisionJson(true) });
    const { engine, budgets } = engineHarness({ store, clock, models: model });
    const s = subject([], { degrade: ['stop'] });
    await budgets.define(budgetScope.tenant('t1-stop'), { tokens: 10 });
    const r = await engine.decide({ ...s, tenantId: 't1-stop' }, { kind: 'k', subject: 'x' });
    expect(r).toMatchObject({
      method: 'conservative_fallback',
      escalationId: null,
      degrade: [{ step: 'stop', outcome: 'stopped' }],
    });
    expect(model.calls).toBe(0);
  });
});

describe('DecisionEngine with a workflow run budget', () => {
  it('charges the run budget too and stops once the run has spent it', async () => {
    const model = new FakeModelProvider({ answer: () => decisionJson(true) });
    const { engine, budgets } = engineHarness({ store, clock, models: model });
    const s = subject([], { degrade: ['stop'] });
    await budgets.define(budgetScope.run('run-1'), { tokens: 1000, period: 'total' });
    const receipts = [];
    for (let i = 0; i < 10; i++)
      receipts.push(await engine.decide(s, { kind: 'k', subject: `step ${i}`, runId: 'run-1' }));
    const used = (await budgets.status(budgetScope.run('run-1')))!.used.tokens;
    expect(used).toBe(receipts.filter((r) => r.method === 'model').length * 150);
    expect(used).toBeLessThanOrEqual(1000);
    const stopped = receipts.find((r) => r.method === 'conservative_fallback')!;
    expect(stopped.reason).toContain('budget run:run-1 is exhausted');
    expect(receipts.slice(receipts.indexOf(stopped)).every((r) => r.method === 'conservative_fallback')).toBe(
      true,
    );
  });
});

describe('DecisionEngine receipts and charges', () => {
  it('charges a model call in the same transaction as its receipt, and still charges it when the receipt cannot be stored', async () => {
    const own = await createSqlStore({ dialect: 'sqlite', path: ':memory:' }, { clock });
    await own.migrate();
    try {
      const model = new FakeModelProvider({ answer: () => decisionJson(true) });
      const { engine, budgets } = engineHarness({ store: own, clock, models: model });
      const s = subject();
      await budgets.define(budgetScope.agent(s.agentId), { tokens: 100_000 });
      const before = own.commitStats()!;
      const r = await engine.decide(s, { kind: 'k', subject: 'first', fresh: true });
      // Reservation, then charge + memory + receipt: two transactions for one model decision.
      expect(own.commitStats()!.units - before.units).toBe(2);
      expect((await own.runtimeDecisions.get(r.id))!.inputTokens).toBe(r.tokens.input);
      const charged = (await budgets.status(budgetScope.agent(s.agentId)))!;
      expect(charged.used.tokens).toBe(r.tokens.input + r.tokens.output);
      expect(charged.reserved.tokens).toBe(0);

      await sql`drop table runtime_decisions`.execute(own.db);
      await expect(engine.decide(s, { kind: 'k', subject: 'second', fresh: true })).rejects.toThrow();
      const after = (await budgets.status(budgetScope.agent(s.agentId)))!;
      expect(after.used.tokens).toBe(2 * charged.used.tokens);
      expect(after.reserved.tokens).toBe(0);
    } finally {
      await own.close();
    }
  });
});

describe('DecisionEngine chaos', () => {
  it('model timeout: the provider chain times out the slow provider, opens its breaker and uses the fallback provider', async () => {
    const slow = new FakeModelProvider({ name: 'slow', answer: () => 'hang' });
    const fast = new FakeModelProvider({ name: 'fast', answer: () => decisionJson(true, 0.9) });
    const chain = new ProviderChain([{ provider: slow, timeoutMs: 1000 }, fast], {
      clock,
      failureThreshold: 2,
      halfOpenAfterMs: 60_000,
    });
    const { engine } = engineHarness({ store, clock, models: chain });
    const s = subject();
    for (const text of ['one', 'two']) {
      const pending = engine.decide(s, { kind: 'k', subject: text });
      await clock.advance(1000);
      expect(await pending).toMatchObject({ method: 'model', source: 'fast:fake-large' });
    }
    expect(chain.health().find((h) => h.provider === 'slow')!.state).toBe('open');
    const third = await engine.decide(s, { kind: 'k', subject: 'three' });
    expect(third.source).toBe('fast:fake-large');
    expect(slow.calls).toBe(2);
    expect(fast.calls).toBe(3);
  });

  it('model down: the runtime breaker opens after 3 failures and later decisions fail fast to the fallback', async () => {
    const down = new FakeModelProvider({
      answer: () => new PlatformError('UNAVAILABLE', 'connection refused'),
    });
    const { engine, modelPolicy, budgets } = engineHarness({ store, clock, models: down });
    const s = subject();
    await budgets.define(budgetScope.agent(s.agentId), { tokens: 100_000 });
    for (const t of ['a', 'b', 'c'])
      expect((await engine.decide(s, { kind: 'k', subject: t })).reason).toMatch(/UNAVAILABLE/);
    expect(modelPolicy.breakerState).toBe('open');
    const r = await engine.decide(s, { kind: 'k', subject: 'd' });
    expect(r.reason).toMatch(/CIRCUIT_OPEN/);
    expect(down.calls).toBe(3);
    // Never-reached calls return their reservations.
    expect((await budgets.status(budgetScope.agent(s.agentId)))!.used.tokens).toBe(0);
    await clock.advance(60_000);
    expect(modelPolicy.breakerState).toBe('open');
    await engine.decide(s, { kind: 'k', subject: 'e' });
    expect(down.calls).toBe(4);
  });
});

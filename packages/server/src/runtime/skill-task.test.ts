import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FakeClock } from '../clock.js';
import { createIds } from '../ids.js';
import { createSqlStore, type SqlStore } from '../store/sql-store.js';
import { defineSkill, type AnySkill } from '../skills/skill.js';
import { createTestRuntime, type TestRuntime } from './testing/test-runtime.js';
import { skillTaskHandler } from './skill-task.js';
import { FakeModelProvider } from './testing/fake-model-provider.js';
import { testPrices } from './testing/runtime-harness.js';

const headline = defineSkill({
  id: 'content.headline',
  agentIds: ['content-writer'],
  title: 'Headline writer',
  description: 'Writes a headline; a model polishes it when available.',
  usesWriter: true,
  inputSchema: z.object({ topic: z.string().min(3) }),
  async run(input, ctx) {
    let text = `Five facts about ${input.topic}`;
    let method: 'offline' | 'model' = 'offline';
    if (ctx.writer) {
      try {
        const r = await ctx.writer.write(`Headline about ${input.topic}`);
        if (!r.offline) {
          text = r.text;
          method = 'model';
        }
      } catch {
        // Keep the deterministic headline.
      }
    }
    return {
      output: { headline: text },
      summary: text,
      markdown: `# ${text}\n`,
      checks: [{ name: 'length', passed: text.length < 80, detail: `${text.length} chars` }],
      method,
      confidence: 0.9,
    };
  },
}) as AnySkill;

let store: SqlStore;
let runtime: TestRuntime;
const clock = new FakeClock(Date.UTC(2026, 0, 5, 10));

beforeEach(async () => {
  store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' }, { clock });
  await store.migrate();
  runtime = createTestRuntime({
    store,
    clock,
    ids: createIds(() => clock.now()),
    prices: testPrices,
    models: new FakeModelProvider({ answer: () => 'Heart health, simply explained', costMoney: 0.004 }),
  });
  runtime.register({
    specialisation: {
      agentType: 'content-writer',
      role: 'Content Writer',
      domain: 'marketing',
      expertise: 'headlines',
      version: '1.0.0',
      capabilities: ['content.headline'],
    },
    tasks: { 'content.headline': skillTaskHandler(headline) },
  });
});
afterEach(async () => {
  await runtime.stop();
  await store.close();
});

describe('skillTaskHandler', () => {
  it('runs the skill with a metered writer and keeps the result as a model-made deliverable', async () => {
    const a = await runtime.hire({
      agentType: 'content-writer',
      tenantId: 't1',
      budget: { tokensPerDay: 10_000 },
    });
    const r = await runtime.executeAsServiceTask(a.id, {
      taskType: 'content.headline',
      variables: { topic: 'heart health' },
    });
    expect(r).toMatchObject({
      success: true,
      output: { skill: 'content.headline', summary: 'Heart health, simply explained' },
      metadata: { method: 'model', confidence: 0.9, cost: 0.004 },
    });
    const d = await runtime.artifacts.get(r.output.deliverableId as string);
    expect(d).toMatchObject({
      type: 'content-headline',
      producedBy: 'model',
      mimeType: 'text/markdown',
      content: '# Heart health, simply explained\n',
    });
    expect((await runtime.budgets.status(`agent:${a.id}`))!.used.tokens).toBe(150);
  });

  it('keeps the deterministic result when the budget refuses the model call', async () => {
    const a = await runtime.hire({
      agentType: 'content-writer',
      tenantId: 't1',
      budget: { tokensPerDay: 10 },
    });
    const r = await runtime.executeAsServiceTask(a.id, {
      taskType: 'content.headline',
      variables: { topic: 'sleep' },
    });
    expect(r).toMatchObject({
      success: true,
      output: { summary: 'Five facts about sleep' },
      metadata: { method: 'deterministic', cost: 0 },
    });
    expect((await runtime.artifacts.get(r.output.deliverableId as string)).producedBy).toBe('deterministic');
  });

  it('with deliver: false keeps nothing and hands the Markdown back for the caller to store once', async () => {
    runtime.register({
      specialisation: {
        agentType: 'content-desk',
        role: 'Content Desk',
        domain: 'marketing',
        expertise: 'headlines',
        version: '1.0.0',
        capabilities: ['content.headline'],
      },
      tasks: { 'content.headline': skillTaskHandler(headline, { deliver: false }) },
    });
    const a = await runtime.hire({ agentType: 'content-desk', tenantId: 't1', budget: { tokensPerDay: 10 } });
    const r = await runtime.executeAsServiceTask(a.id, {
      taskType: 'content.headline',
      variables: { topic: 'sleep' },
    });
    expect(r.output).toMatchObject({ deliverableId: null, markdown: '# Five facts about sleep\n' });
    expect((await runtime.artifacts.list({ agentId: a.id })).items).toEqual([]);
  });

  it('rejects bad input naming the field', async () => {
    const a = await runtime.hire({ agentType: 'content-writer' });
    const r = await runtime.executeAsServiceTask(a.id, {
      taskType: 'content.headline',
      variables: { topic: 'x' },
    });
    expect(r).toMatchObject({
      success: false,
      output: {
        error: { code: 'VALIDATION', message: expect.stringContaining("'topic'") as unknown as string },
      },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FakeClock } from '../clock.js';
import { generateObject } from './generate-object.js';
import type { ModelRequest, ModelStreamEvent } from './model-provider.js';
import { collectStream } from './model-response.js';
import { OFFLINE_MARKER, OfflineScriptedProvider } from './offline-scripted-provider.js';
import { PriceTable } from './pricing.js';

const ask = (content: string, extra: Partial<ModelRequest> = {}): ModelRequest => ({
  messages: [{ role: 'user', content }],
  ...extra,
});

const crmTool = { name: 'create_lead', description: 'Create a CRM lead', parameters: { type: 'object' } };

describe('OfflineScriptedProvider', () => {
  it('says it is offline, costs nothing, and answers with a marked template summary', async () => {
    const provider = new OfflineScriptedProvider({ clock: new FakeClock() });
    const res = await provider.generate(
      ask('Summarise the Q3 campaign results', { system: 'You are a marketing analyst.' }),
    );
    expect(res).toMatchObject({
      provider: 'offline',
      model: 'offline',
      offline: true,
      costMoney: 0,
      priceKnown: true,
      finishReason: 'stop',
      latencyMs: 0,
      toolCalls: [],
    });
    expect(res.text.startsWith(OFFLINE_MARKER)).toBe(true);
    expect(res.text).toContain('"Summarise the Q3 campaign results"');
    expect(res.text).toContain('You are a marketing analyst.');
    expect(res.usage.estimated).toBe(true);
    expect(res.usage.inputTokens).toBeGreaterThan(0);
  });

  it('is deterministic: the same request gives the same response, from fresh instances too', async () => {
    const request = ask('What should we post on Monday?', { tools: [crmTool] });
    const a = await new OfflineScriptedProvider({ clock: new FakeClock() }).generate(request);
    const b = await new OfflineScriptedProvider({ clock: new FakeClock() }).generate(request);
    const c = await new OfflineScriptedProvider({ clock: new FakeClock() }).generate(request);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a.text).toContain('Tools offered: create_lead (none called)');
  });

  it('answers from its script: first match wins, strings match case-insensitively, RegExps with /g stay stable', async () => {
    const provider = new OfflineScriptedProvider({
      script: [
        { match: /price of (\w+)/g, reply: 'Prices are on the marketplace page.' },
        { match: 'HELLO', reply: 'Hello! I am running offline.' },
        { match: 'hello', reply: 'never reached' },
      ],
    });
    expect((await provider.generate(ask('hello there'))).text).toBe(
      `${OFFLINE_MARKER} Hello! I am running offline.`,
    );
    for (let i = 0; i < 3; i++) {
      expect((await provider.generate(ask('what is the price of seo'))).text).toBe(
        `${OFFLINE_MARKER} Prices are on the marketplace page.`,
      );
    }
  });

  it('makes scripted tool calls only when the tool is offered, and never right after a tool result', async () => {
    const provider = new OfflineScriptedProvider({
      script: [
        { match: 'new lead', toolCall: { name: 'create_lead', arguments: { name: 'Asha', source: 'web' } } },
      ],
    });
    const called = await provider.generate(ask('new lead from the website', { tools: [crmTool] }));
    expect(called.toolCalls).toEqual([
      { id: 'offline_call_0', name: 'create_lead', arguments: { name: 'Asha', source: 'web' } },
    ]);
    expect(called.finishReason).toBe('tool-calls');

    const notOffered = await provider.generate(ask('new lead from the website'));
    expect(notOffered.toolCalls).toEqual([]);

    const afterTool = await provider.generate({
      messages: [
        { role: 'user', content: 'new lead from the website' },
        { role: 'assistant', content: '', toolCalls: called.toolCalls },
        { role: 'tool', toolCallId: 'offline_call_0', content: 'created lead new lead #42' },
      ],
      tools: [crmTool],
    });
    expect(afterTool.toolCalls).toEqual([]);
    expect(afterTool.text).toContain('Tool result received: "created lead new lead #42"');
  });

  it('streams the same reply as generate, word by word, ending with finish', async () => {
    const provider = new OfflineScriptedProvider({
      clock: new FakeClock(),
      script: [{ match: 'hi', reply: 'Hi there friend' }],
    });
    const events: ModelStreamEvent[] = [];
    for await (const e of provider.stream(ask('hi'))) events.push(e);
    expect(events.filter((e) => e.type === 'text-delta').map((e) => e.text)).toEqual([
      '[offline ',
      'model] ',
      'Hi ',
      'there ',
      'friend',
    ]);
    const streamed = events.at(-1);
    expect(streamed?.type).toBe('finish');
    expect(await collectStream(provider.stream(ask('hi')))).toEqual(await provider.generate(ask('hi')));
  });

  it('produces a conservative schema-valid object for generateObject', async () => {
    const schema = z.object({
      approved: z.boolean(),
      confidence: z.number().min(0).max(1),
      reason: z.string().min(10),
      severity: z.enum(['low', 'medium', 'high']),
      citations: z.array(z.string()),
      reviewer: z.string().email().nullable(),
      note: z.string().optional(),
    });
    const out = await generateObject(new OfflineScriptedProvider(), ask('Approve this post?'), schema);
    expect(out.object).toEqual({
      approved: false,
      confidence: 0,
      reason: expect.stringContaining(OFFLINE_MARKER) as unknown,
      severity: 'low',
      citations: [],
      reviewer: null,
    });
    expect(out.attempts).toBe(1);
    expect(out.costMoney).toBe(0);
    expect(out.response.offline).toBe(true);
  });

  it('returns a scripted object for JSON requests', async () => {
    const provider = new OfflineScriptedProvider({ script: [{ match: 'score', object: { score: 5 } }] });
    const out = await generateObject(provider, ask('score this lead'), z.object({ score: z.number() }));
    expect(out.object).toEqual({ score: 5 });
  });

  it('fails generateObject with VALIDATION when no conservative value fits the schema', async () => {
    const schema = z.object({ code: z.string().regex(/^[A-Z]{3}-\d{4}$/) });
    await expect(
      generateObject(new OfflineScriptedProvider(), ask('make a code'), schema),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { attempts: 2, provider: 'offline' },
    });
    const refined = z
      .object({ n: z.number() })
      .refine((v) => v.n > 100, { message: 'n must exceed 100', path: ['n'] });
    await expect(generateObject(new OfflineScriptedProvider(), ask('pick n'), refined)).rejects.toMatchObject(
      {
        code: 'VALIDATION',
        details: { issues: [{ path: 'n', message: 'n must exceed 100' }] },
      },
    );
  });

  it('reports the price table currency and refuses aborted requests', async () => {
    const provider = new OfflineScriptedProvider({ prices: new PriceTable({ currency: 'INR' }) });
    expect((await provider.generate(ask('x'))).currency).toBe('INR');
    const controller = new AbortController();
    controller.abort();
    await expect(provider.generate(ask('x', { signal: controller.signal }))).rejects.toMatchObject({
      code: 'TIMEOUT',
      retryable: false,
      details: { reason: 'aborted' },
    });
  });

  it('rejects malformed requests with VALIDATION naming the field', async () => {
    const provider = new OfflineScriptedProvider();
    await expect(provider.generate({ messages: [] })).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'messages' },
    });
    await expect(provider.generate(ask('x', { temperature: 7 }))).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'temperature' },
    });
    await expect(
      provider.generate(ask('x', { tools: [{ name: 'bad name!', description: '', parameters: {} }] })),
    ).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'tools[0].name' } });
  });
});

describe('OfflineScriptedProvider.embed', () => {
  it('gives equal texts equal unit vectors and closer vectors to texts sharing words, at no cost', async () => {
    const offline = new OfflineScriptedProvider();
    const r = await offline.embed({ input: ['refund the order', 'Refund the order!', 'weather in Pune'] });
    const [a, b, c] = r.embeddings as [number[], number[], number[]];
    const dot = (x: number[], y: number[]) => x.reduce((n, v, i) => n + v * y[i]!, 0);
    expect(a).toEqual(b);
    expect(dot(a, a)).toBeCloseTo(1, 10);
    expect(dot(a, c)).toBeLessThan(0.9);
    expect(r).toMatchObject({ offline: true, costMoney: 0, provider: 'offline', usage: { estimated: true } });
  });
});

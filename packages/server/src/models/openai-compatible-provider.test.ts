import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FakeClock, systemClock } from '../clock.js';
import { startFakeOpenAiServer } from '../testing/fake-openai-server.js';
import type { FakeOpenAiServer } from '../testing/fake-openai-server.js';
import { generateObject } from './generate-object.js';
import type { ModelStreamEvent } from './model-provider.js';
import { collectStream } from './model-response.js';
import { OpenAiCompatibleProvider } from './openai-compatible-provider.js';
import { PriceTable } from './pricing.js';

let server: FakeOpenAiServer;
let before = 0;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  before = server.requests.length;
  server.setDefault({ text: 'Hello from the fake server.' });
});

const lastRequest = () => server.requests[server.requests.length - 1]!;
const provider = (options: Partial<ConstructorParameters<typeof OpenAiCompatibleProvider>[0]> = {}) =>
  new OpenAiCompatibleProvider({
    name: 'local',
    baseUrl: server.baseUrl,
    apiKey: 'sk-test',
    model: 'gpt-4o-mini',
    ...options,
  });

const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('OpenAiCompatibleProvider', () => {
  it('sends a chat completion in the OpenAI wire format and maps the reply', async () => {
    server.enqueue({ text: 'Namaste!', usage: { prompt_tokens: 1_000_000, completion_tokens: 1_000_000 } });
    const res = await provider().generate({
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Say hello' }],
      maxTokens: 50,
      temperature: 0,
    });
    expect(res).toMatchObject({
      text: 'Namaste!',
      toolCalls: [],
      provider: 'local',
      model: 'gpt-4o-mini',
      offline: false,
      finishReason: 'stop',
      usage: { inputTokens: 1_000_000, outputTokens: 1_000_000, estimated: false },
      costMoney: 0.75,
      currency: 'USD',
      priceKnown: true,
    });
    const req = lastRequest();
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe('Bearer sk-test');
    expect(req.body).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello' },
      ],
      max_tokens: 50,
      temperature: 0,
    });
    expect((req.body as { stream?: boolean }).stream).toBeFalsy();
  });

  it('replays tool calls and tool results, and parses the tool calls it gets back', async () => {
    server.enqueue({ toolCalls: [{ id: 'call_9', name: 'get_weather', arguments: { city: 'Pune' } }] });
    const res = await provider().generate({
      messages: [
        { role: 'user', content: 'Weather in Delhi, then Pune?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Delhi' } }],
        },
        { role: 'tool', toolCallId: 'call_1', content: '31°C' },
      ],
      tools: [weatherTool],
    });
    expect(res.toolCalls).toEqual([{ id: 'call_9', name: 'get_weather', arguments: { city: 'Pune' } }]);
    expect(res.finishReason).toBe('tool-calls');
    expect(res.text).toBe('');
    const body = lastRequest().body as Record<string, unknown>;
    expect(body.tools).toEqual([{ type: 'function', function: weatherTool }]);
    expect(body.messages).toEqual([
      { role: 'user', content: 'Weather in Delhi, then Pune?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Delhi"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '31°C' },
    ]);
  });

  it('streams text deltas over SSE and finishes with the usage the server reported', async () => {
    server.enqueue({
      text: 'Streaming works fine.',
      chunkSize: 5,
      usage: { prompt_tokens: 7, completion_tokens: 4 },
    });
    const events: ModelStreamEvent[] = [];
    for await (const e of provider().stream({ messages: [{ role: 'user', content: 'stream please' }] }))
      events.push(e);
    const deltas = events.filter((e) => e.type === 'text-delta').map((e) => e.text);
    expect(deltas).toEqual(['Strea', 'ming ', 'works', ' fine', '.']);
    const finish = events[events.length - 1];
    expect(finish?.type).toBe('finish');
    if (finish?.type !== 'finish') throw new Error('no finish');
    expect(finish.response).toMatchObject({
      text: 'Streaming works fine.',
      usage: { inputTokens: 7, outputTokens: 4, estimated: false },
      finishReason: 'stop',
    });
    expect(lastRequest().body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('streams tool-call deltas and assembles the parsed call', async () => {
    server.enqueue({ toolCalls: [{ id: 'call_s', name: 'get_weather', arguments: { city: 'Chennai' } }] });
    const events: ModelStreamEvent[] = [];
    for await (const e of provider().stream({
      messages: [{ role: 'user', content: 'weather' }],
      tools: [weatherTool],
    })) {
      events.push(e);
    }
    const deltas = events.filter((e) => e.type === 'tool-call-delta');
    expect(deltas[0]).toMatchObject({ index: 0, id: 'call_s', name: 'get_weather', argumentsDelta: '' });
    expect(deltas.map((d) => d.argumentsDelta).join('')).toBe('{"city":"Chennai"}');
    const finish = events[events.length - 1];
    if (finish?.type !== 'finish') throw new Error('no finish');
    expect(finish.response.toolCalls).toEqual([
      { id: 'call_s', name: 'get_weather', arguments: { city: 'Chennai' } },
    ]);
    expect(finish.response.finishReason).toBe('tool-calls');
  });

  it('estimates usage when a local server reports none', async () => {
    server.enqueue({ text: 'four words right here', usage: null });
    const res = await provider({ model: 'llama3.2' }).generate({
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(res.usage.estimated).toBe(true);
    expect(res.usage.outputTokens).toBeGreaterThanOrEqual(4);
    expect(res.priceKnown).toBe(false);
    expect(res.costMoney).toBe(0);
  });

  it('asks for JSON mode and returns a zod-validated object', async () => {
    server.enqueue({ text: '{"approved": true, "confidence": 0.97, "reason": "matches the brand guide"}' });
    const schema = z.object({
      approved: z.boolean(),
      confidence: z.number().min(0).max(1),
      reason: z.string().min(5),
    });
    const out = await generateObject(
      provider(),
      { messages: [{ role: 'user', content: 'Review this post' }] },
      schema,
    );
    expect(out.object).toEqual({ approved: true, confidence: 0.97, reason: 'matches the brand guide' });
    expect(out.attempts).toBe(1);
    const body = lastRequest().body as {
      response_format: unknown;
      messages: Array<{ role: string; content: string }>;
    };
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.messages[0]?.role).toBe('system');
    expect(body.messages[0]?.content).toContain('JSON');
    expect(body.messages[0]?.content).toContain('"confidence"');
  });

  it('sends a json_schema response format when configured so', async () => {
    server.enqueue({ text: '{"ok":true}' });
    await generateObject(
      provider({ jsonMode: 'json_schema' }),
      { messages: [{ role: 'user', content: 'x' }] },
      z.object({ ok: z.boolean() }),
      {
        name: 'verdict',
      },
    );
    expect((lastRequest().body as { response_format: unknown }).response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'verdict', schema: { type: 'object', required: ['ok'] } },
    });
  });

  it('retries structured output once with the validation error, then fails with VALIDATION', async () => {
    server.enqueue({ text: '{"approved": "yes"}' }, { text: '{"approved": true}' });
    const schema = z.object({ approved: z.boolean() });
    const ok = await generateObject(provider(), { messages: [{ role: 'user', content: 'decide' }] }, schema);
    expect(ok.attempts).toBe(2);
    expect(ok.usage.inputTokens).toBe(20);
    const retry = lastRequest().body as { messages: Array<{ role: string; content: string }> };
    expect(retry.messages.at(-2)).toEqual({ role: 'assistant', content: '{"approved": "yes"}' });
    expect(retry.messages.at(-1)?.content).toMatch(/approved: .*boolean/i);

    server.enqueue({ text: 'not json at all' }, { text: '{"approved": 1}' });
    await expect(
      generateObject(provider(), { messages: [{ role: 'user', content: 'decide' }] }, schema),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { attempts: 2, provider: 'local', issues: [{ path: 'approved' }] },
    });
  });

  it.each([
    [401, 'UNAUTHENTICATED', false],
    [403, 'FORBIDDEN', false],
    [400, 'BAD_REQUEST', false],
    [429, 'RATE_LIMITED', true],
    [500, 'UNAVAILABLE', true],
    [503, 'UNAVAILABLE', true],
  ] as const)('maps HTTP %i to %s (retryable %s)', async (status, code, retryable) => {
    server.enqueue({ status, errorMessage: 'nope', headers: { 'retry-after': '2' } });
    const err = await provider()
      .generate({ messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'PlatformError',
      code,
      retryable,
      details: { provider: 'local', status },
    });
    if (status === 429) expect(err).toMatchObject({ details: { retryAfterMs: 2000 } });
    expect(server.requests.length - before).toBe(1);
  });

  it('maps a refused connection to UNAVAILABLE', async () => {
    const closed = await startFakeOpenAiServer();
    const url = closed.baseUrl;
    await closed.close();
    await expect(
      provider({ baseUrl: url }).generate({ messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
    });
  });

  it('times out on the injected clock, aborting the held request', async () => {
    const clock = new FakeClock();
    server.enqueue({ hang: true });
    const abandoned = server.abandoned;
    const call = provider({ clock, timeoutMs: 5_000 }).generate({
      messages: [{ role: 'user', content: 'slow' }],
    });
    const outcome = call.catch((e: unknown) => e);
    await server.waitForRequests(before + 1);
    await clock.advance(5_000);
    expect(await outcome).toMatchObject({
      code: 'TIMEOUT',
      retryable: true,
      details: { reason: 'timeout', timeoutMs: 5_000 },
    });
    await server.waitForAbandoned(abandoned + 1);
  });

  it('times out in real time with the system clock (100 ms budget)', async () => {
    server.enqueue({ hang: true });
    const err = await provider({ clock: systemClock })
      .generate({ messages: [{ role: 'user', content: 'slow' }], timeoutMs: 100 })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TIMEOUT', details: { reason: 'timeout' } });
  });

  it('times out a stream that stalls after its first chunks', async () => {
    const clock = new FakeClock();
    server.enqueue({ text: 'partial answer', stallAfterChunks: 2 });
    const seen: string[] = [];
    const run = (async () => {
      for await (const e of provider({ clock, timeoutMs: 1_000 }).stream({
        messages: [{ role: 'user', content: 'x' }],
      })) {
        if (e.type === 'text-delta') seen.push(e.text);
      }
    })().catch((e: unknown) => e);
    await server.waitForRequests(before + 1);
    // Let the first chunks arrive before time moves.
    while (seen.length === 0) await new Promise((r) => setImmediate(r));
    await clock.advance(1_000);
    expect(await run).toMatchObject({ code: 'TIMEOUT' });
    expect(seen).toEqual(['part']);
  });

  it('fails with a non-retryable TIMEOUT when the caller aborts', async () => {
    server.enqueue({ hang: true });
    const controller = new AbortController();
    const call = provider()
      .generate({ messages: [{ role: 'user', content: 'x' }], signal: controller.signal })
      .catch((e: unknown) => e);
    await server.waitForRequests(before + 1);
    controller.abort();
    expect(await call).toMatchObject({ code: 'TIMEOUT', retryable: false, details: { reason: 'aborted' } });
  });

  it('rejects a malformed request with VALIDATION naming the field, before any network call', async () => {
    await expect(
      provider().generate({ messages: [{ role: 'tool', content: 'orphan' }] }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'messages[0].toolCallId' },
    });
    expect(server.requests.length).toBe(before);
  });

  it('reports invalid tool-call JSON from the model as VALIDATION', async () => {
    server.enqueue({ toolCalls: [{ name: 'get_weather', arguments: '{"city": ' }] });
    await expect(
      provider().generate({ messages: [{ role: 'user', content: 'x' }], tools: [weatherTool] }),
    ).rejects.toMatchObject({ code: 'VALIDATION', details: { tool: 'get_weather' } });
  });

  it('prices calls from an injected table in its currency', async () => {
    server.enqueue({ usage: { prompt_tokens: 2_000_000, completion_tokens: 500_000 } });
    const prices = new PriceTable({
      currency: 'INR',
      includeDefaults: false,
      prices: { 'gpt-4o-mini': { inputPer1M: 12, outputPer1M: 48 } },
    });
    const res = await collectStream(
      provider({ prices }).stream({ messages: [{ role: 'user', content: 'x' }] }),
    );
    expect(res).toMatchObject({ costMoney: 48, currency: 'INR', priceKnown: true });
  });
});

describe('OpenAiCompatibleProvider.embed', () => {
  it('sends every text in one POST /v1/embeddings and returns the vectors in input order, priced', async () => {
    const res = await provider().embed({ input: ['first text', 'second'] });
    expect(lastRequest()).toMatchObject({
      path: '/v1/embeddings',
      body: { model: 'text-embedding-3-small', input: ['first text', 'second'], encoding_format: 'float' },
    });
    expect(res.embeddings).toHaveLength(2);
    expect(res.embeddings[0]?.[0]).toBe('first text'.length);
    expect(res).toMatchObject({
      provider: 'local',
      model: 'text-embedding-3-small',
      usage: { inputTokens: 3 + 2, estimated: false },
      offline: false,
      priceKnown: true,
    });
    expect(res.costMoney).toBeCloseTo((5 * 0.02) / 1_000_000, 12);
  });

  it('fails with UNAVAILABLE when the server cannot be reached, and VALIDATION for no input', async () => {
    const down = new OpenAiCompatibleProvider({ baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'k' });
    await expect(down.embed({ input: ['x'] })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(provider().embed({ input: [] })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

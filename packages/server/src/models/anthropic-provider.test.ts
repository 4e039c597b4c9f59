import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FakeClock } from '../clock.js';
import { startFakeAnthropicServer } from '../testing/fake-anthropic-server.js';
import type { FakeAnthropicServer } from '../testing/fake-anthropic-server.js';
import { AnthropicProvider } from './anthropic-provider.js';
import { generateObject } from './generate-object.js';
import type { ModelStreamEvent } from './model-provider.js';

let server: FakeAnthropicServer;
let before = 0;

beforeAll(async () => {
  server = await startFakeAnthropicServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  before = server.requests.length;
});

const lastRequest = () => server.requests[server.requests.length - 1]!;
const provider = (options: Partial<ConstructorParameters<typeof AnthropicProvider>[0]> = {}) =>
  new AnthropicProvider({
    baseUrl: server.baseUrl,
    apiKey: 'sk-ant-test',
    model: 'claude-sonnet-4-6',
    ...options,
  });

const lookupTool = {
  name: 'lookup_lead',
  description: 'Find a lead by email',
  parameters: { type: 'object', properties: { email: { type: 'string' } }, required: ['email'] },
};

describe('AnthropicProvider', () => {
  it('sends a Messages API request with the SDK auth and version headers and maps the reply', async () => {
    server.enqueue({
      text: 'Hello, I am Claude.',
      usage: { input_tokens: 1_000_000, output_tokens: 1_000_000 },
    });
    const res = await provider().generate({
      system: 'You are terse.',
      messages: [
        { role: 'system', content: 'Answer in English.' },
        { role: 'user', content: 'Who are you?' },
      ],
      temperature: 0,
    });
    expect(res).toMatchObject({
      text: 'Hello, I am Claude.',
      provider: 'anthropic',
      model: 'claude-sonnet-4-6',
      finishReason: 'stop',
      usage: { inputTokens: 1_000_000, outputTokens: 1_000_000, estimated: false },
      costMoney: 18,
      priceKnown: true,
    });
    const req = lastRequest();
    expect(req.path).toBe('/v1/messages');
    // This SDK generation sends the key as a bearer token and pins a dated API version.
    expect(req.headers.authorization).toBe('Bearer sk-ant-test');
    expect(req.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.body).toEqual({
      model: 'claude-sonnet-4-6',
      max_tokens: 1024,
      system: 'You are terse.\n\nAnswer in English.',
      messages: [{ role: 'user', content: 'Who are you?' }],
      temperature: 0,
      stream: false,
    });
  });

  it('sends tools, replays tool use and results in alternating turns, and maps tool_use replies', async () => {
    server.enqueue({
      text: 'Checking.',
      toolCalls: [{ id: 'toolu_2', name: 'lookup_lead', arguments: { email: 'b@x.in' } }],
    });
    const res = await provider().generate({
      messages: [
        { role: 'user', content: 'Find a@x.in and b@x.in' },
        {
          role: 'assistant',
          content: 'Looking up a.',
          toolCalls: [{ id: 'toolu_1', name: 'lookup_lead', arguments: { email: 'a@x.in' } }],
        },
        { role: 'tool', toolCallId: 'toolu_1', content: '{"found":true}' },
        { role: 'user', content: 'And the other one?' },
      ],
      tools: [lookupTool],
      maxTokens: 200,
    });
    expect(res).toMatchObject({
      text: 'Checking.',
      toolCalls: [{ id: 'toolu_2', name: 'lookup_lead', arguments: { email: 'b@x.in' } }],
      finishReason: 'tool-calls',
    });
    const body = lastRequest().body as Record<string, unknown>;
    expect(body.tools).toEqual([
      { name: 'lookup_lead', description: 'Find a lead by email', input_schema: lookupTool.parameters },
    ]);
    expect(body.max_tokens).toBe(200);
    expect(body.messages).toEqual([
      { role: 'user', content: 'Find a@x.in and b@x.in' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Looking up a.' },
          { type: 'tool_use', id: 'toolu_1', name: 'lookup_lead', input: { email: 'a@x.in' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '{"found":true}' },
          { type: 'text', text: 'And the other one?' },
        ],
      },
    ]);
  });

  it('streams text_delta events and takes usage from message_start and message_delta', async () => {
    server.enqueue({ text: 'Streamed reply.', chunkSize: 6, usage: { input_tokens: 21, output_tokens: 9 } });
    const events: ModelStreamEvent[] = [];
    for await (const e of provider().stream({ messages: [{ role: 'user', content: 'hi' }] })) events.push(e);
    expect(events.filter((e) => e.type === 'text-delta').map((e) => e.text)).toEqual([
      'Stream',
      'ed rep',
      'ly.',
    ]);
    const finish = events.at(-1);
    if (finish?.type !== 'finish') throw new Error('no finish');
    expect(finish.response).toMatchObject({
      text: 'Streamed reply.',
      usage: { inputTokens: 21, outputTokens: 9, estimated: false },
      finishReason: 'stop',
    });
    expect(lastRequest().body).toMatchObject({ stream: true });
  });

  it('streams input_json_delta into tool-call deltas numbered from 0 after a text block', async () => {
    server.enqueue({
      text: 'Let me look.',
      toolCalls: [{ id: 'toolu_s', name: 'lookup_lead', arguments: { email: 'c@x.in' } }],
    });
    const events: ModelStreamEvent[] = [];
    for await (const e of provider().stream({
      messages: [{ role: 'user', content: 'find c' }],
      tools: [lookupTool],
    })) {
      events.push(e);
    }
    const deltas = events.filter((e) => e.type === 'tool-call-delta');
    expect(deltas[0]).toMatchObject({ index: 0, id: 'toolu_s', name: 'lookup_lead' });
    expect(deltas.map((d) => d.argumentsDelta).join('')).toBe('{"email":"c@x.in"}');
    const finish = events.at(-1);
    if (finish?.type !== 'finish') throw new Error('no finish');
    expect(finish.response.toolCalls).toEqual([
      { id: 'toolu_s', name: 'lookup_lead', arguments: { email: 'c@x.in' } },
    ]);
    expect(finish.response.text).toBe('Let me look.');
    expect(finish.response.finishReason).toBe('tool-calls');
  });

  it('produces validated structured output by instructing JSON in the system prompt', async () => {
    server.enqueue({ text: '```json\n{"score": 4, "tags": ["warm"]}\n```' });
    const schema = z.object({ score: z.number().int().min(1).max(5), tags: z.array(z.string()) });
    const out = await generateObject(
      provider(),
      { messages: [{ role: 'user', content: 'Score this lead' }] },
      schema,
    );
    expect(out.object).toEqual({ score: 4, tags: ['warm'] });
    expect((lastRequest().body as { system: string }).system).toContain('JSON Schema');
  });

  it.each([
    [401, 'UNAUTHENTICATED', false],
    [429, 'RATE_LIMITED', true],
    [500, 'UNAVAILABLE', true],
    [529, 'UNAVAILABLE', true],
  ] as const)('maps HTTP %i to %s (retryable %s)', async (status, code, retryable) => {
    server.enqueue({ status, errorMessage: 'fake failure' });
    const err = await provider()
      .generate({ messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code, retryable, details: { provider: 'anthropic', status } });
    expect((err as { details: { requestId?: string } }).details.requestId).toMatch(/^req_fake_/);
    expect(server.requests.length - before).toBe(1);
  });

  it('maps an error status on a stream request before any event', async () => {
    server.enqueue({ status: 429 });
    const run = async () => {
      for await (const _ of provider().stream({ messages: [{ role: 'user', content: 'x' }] })) {
        // Nothing arrives.
      }
    };
    await expect(run()).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('times out on the injected clock and releases the connection', async () => {
    const clock = new FakeClock();
    server.enqueue({ hang: true });
    const abandoned = server.abandoned;
    const outcome = provider({ clock, timeoutMs: 2_000 })
      .generate({ messages: [{ role: 'user', content: 'slow' }] })
      .catch((e: unknown) => e);
    await server.waitForRequests(before + 1);
    await clock.advance(1_999);
    await clock.advance(1);
    expect(await outcome).toMatchObject({
      code: 'TIMEOUT',
      retryable: true,
      details: { provider: 'anthropic', timeoutMs: 2_000 },
    });
    await server.waitForAbandoned(abandoned + 1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { startFakeOpenAiServer } from '../testing/fake-openai-server.js';
import type { FakeOpenAiServer } from '../testing/fake-openai-server.js';
import { BatchingEmbedder } from './batching-embedder.js';
import type { EmbedRequest, EmbedResponse, EmbeddingProvider } from './embedding-provider.js';
import { OfflineScriptedProvider } from './offline-scripted-provider.js';
import { OpenAiCompatibleProvider } from './openai-compatible-provider.js';

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(() => server.close());

/** Records each call that reaches the wrapped provider. */
function recording(inner: EmbeddingProvider, maxBatchInputs = inner.maxBatchInputs) {
  const calls: EmbedRequest[] = [];
  const provider: EmbeddingProvider = {
    name: inner.name,
    defaultEmbeddingModel: inner.defaultEmbeddingModel,
    maxBatchInputs,
    embed: (r) => {
      calls.push(r);
      return inner.embed(r);
    },
  };
  return { provider, calls };
}

const one = (text: string, partition = 'tenant:t1'): EmbedRequest => ({ input: [text], partition });

describe('BatchingEmbedder', () => {
  it('sends concurrent texts of one tenant in one provider call and gives each caller its own vector', async () => {
    const clock = new FakeClock();
    const offline = new OfflineScriptedProvider({ clock });
    const { provider, calls } = recording(offline);
    const embedder = new BatchingEmbedder(provider, { clock, maxWaitMs: 5 });
    const texts = ['refund order 12', 'late delivery', 'invoice copy please'];
    const pending = texts.map((t) => embedder.embed(one(t)));
    await clock.advance(5);
    const answers = await Promise.all(pending);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.input).toEqual(texts);
    const alone = await offline.embed({ input: texts });
    expect(answers.map((a) => a.embeddings[0])).toEqual(alone.embeddings);
    expect(answers.every((a) => a.batchSize === 3)).toBe(true);
    expect(embedder.stats).toEqual({ batches: 1, items: 3 });
  });

  it('never mixes tenants or models in a call, and sends unpartitioned requests alone', async () => {
    const clock = new FakeClock();
    const { provider, calls } = recording(new OfflineScriptedProvider({ clock }));
    const embedder = new BatchingEmbedder(provider, { clock });
    const pending = [
      embedder.embed(one('a')),
      embedder.embed(one('b', 'tenant:t2')),
      embedder.embed({ ...one('c'), model: 'other' }),
      embedder.embed(one('d')),
      embedder.embed({ input: ['e'] }),
    ];
    await clock.advance(5);
    await Promise.all(pending);
    expect(calls.map((c) => [c.partition, c.model, c.input])).toEqual([
      [undefined, undefined, ['e']],
      ['tenant:t1', 'offline', ['a', 'd']],
      ['tenant:t2', 'offline', ['b']],
      ['tenant:t1', 'other', ['c']],
    ]);
  });

  it('goes at once when the batch is full, capped by what the provider accepts', async () => {
    const clock = new FakeClock();
    const { provider, calls } = recording(new OfflineScriptedProvider({ clock }), 2);
    const embedder = new BatchingEmbedder(provider, { clock, maxSize: 10 });
    const answers = await Promise.all([embedder.embed(one('a')), embedder.embed(one('b'))]);
    expect(answers).toHaveLength(2);
    expect(calls).toHaveLength(1);
  });

  it('passes calls straight through to a provider that takes one input per call', async () => {
    const clock = new FakeClock();
    const { provider, calls } = recording(new OfflineScriptedProvider({ clock }), 1);
    const embedder = new BatchingEmbedder(provider, { clock });
    await Promise.all([embedder.embed(one('a')), embedder.embed(one('b'))]);
    expect(calls).toHaveLength(2);
  });

  it('batches over real HTTP: one POST /v1/embeddings for many callers, usage split by text size', async () => {
    const clock = new FakeClock();
    const openai = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKey: 'sk-test', clock });
    const embedder = new BatchingEmbedder(openai, { clock, maxWaitMs: 10 });
    const before = server.requests.length;
    const texts = ['short', 'a somewhat longer text about an order', 'short', 'x'.repeat(40)];
    const pending = texts.map((t) => embedder.embed(one(t)));
    await clock.advance(10);
    const answers: EmbedResponse[] = await Promise.all(pending);
    const sent = server.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      path: '/v1/embeddings',
      body: { model: 'text-embedding-3-small', encoding_format: 'float' },
    });
    // The repeated text went once; its second caller pays nothing.
    expect((sent[0]?.body as { input: string[] }).input).toEqual([texts[0], texts[1], texts[3]]);
    expect(answers[0]?.embeddings[0]).toEqual(answers[2]?.embeddings[0]);
    expect(answers[2]).toMatchObject({ usage: { inputTokens: 0 }, costMoney: 0 });
    const whole = await openai.embed({ input: [texts[0]!, texts[1]!, texts[3]!] });
    const billed = answers.reduce((n, a) => n + a.usage.inputTokens, 0);
    expect(Math.abs(billed - whole.usage.inputTokens)).toBeLessThanOrEqual(2);
    expect(answers[1]!.usage.inputTokens).toBeGreaterThan(answers[0]!.usage.inputTokens);
    expect(answers.every((a) => a.provider === 'openai' && a.batchSize === 3 && !a.offline)).toBe(true);
  });

  it('fails an aborting caller at once; the batch still answers the others', async () => {
    const clock = new FakeClock();
    const embedder = new BatchingEmbedder(new OfflineScriptedProvider({ clock }), { clock });
    const quit = new AbortController();
    const leaving = embedder.embed({ ...one('a'), signal: quit.signal });
    const staying = embedder.embed(one('b'));
    quit.abort();
    await expect(leaving).rejects.toMatchObject({ code: 'TIMEOUT', details: { reason: 'aborted' } });
    await clock.advance(5);
    expect((await staying).embeddings).toHaveLength(1);
  });

  it('refuses an empty input list with VALIDATION', async () => {
    const embedder = new BatchingEmbedder(new OfflineScriptedProvider());
    await expect(embedder.embed({ input: [], partition: 'p' })).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'input' },
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { startFakeOpenAiServer } from '../testing/fake-openai-server.js';
import type { FakeOpenAiServer } from '../testing/fake-openai-server.js';
import { createEmbeddings, createModelProviders } from './create-model-providers.js';
import { OFFLINE_MARKER } from './offline-scripted-provider.js';

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer({ text: 'from ollama' });
});
afterAll(async () => {
  await server.close();
});

const ask = { messages: [{ role: 'user' as const, content: 'hello' }] };

describe('createModelProviders', () => {
  it('gives the offline provider alone by default (the embedded default)', async () => {
    const chain = createModelProviders(loadConfig({ env: {} }).models.providers);
    expect(chain.providers.map((p) => p.name)).toEqual(['offline']);
    expect(chain.offline).toBe(true);
    const res = await chain.generate(ask);
    expect(res.offline).toBe(true);
    expect(res.text.startsWith(OFFLINE_MARKER)).toBe(true);
  });

  it('builds providers from WAOOAW_MODEL_PROVIDERS in order and appends offline as the last resort', async () => {
    const config = loadConfig({
      env: {
        WAOOAW_MODEL_PROVIDERS: JSON.stringify([
          { kind: 'openai', name: 'ollama', baseUrl: server.baseUrl, model: 'llama3.2', timeoutMs: 5000 },
          { kind: 'anthropic', apiKey: 'sk-ant', timeoutMs: 20000 },
        ]),
      },
    });
    const chain = createModelProviders(config.models.providers, { clock: new FakeClock() });
    expect(chain.providers.map((p) => [p.name, p.kind, p.defaultModel])).toEqual([
      ['ollama', 'openai', 'llama3.2'],
      ['anthropic', 'anthropic', 'claude-sonnet-4-6'],
      ['offline', 'offline', 'offline'],
    ]);
    const res = await chain.generate(ask);
    expect(res).toMatchObject({ provider: 'ollama', text: 'from ollama', model: 'llama3.2' });
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer not-needed');
  });

  it('does not append a second offline provider and names duplicates of one kind apart', () => {
    const chain = createModelProviders([
      { kind: 'openai', baseUrl: 'http://127.0.0.1:1/v1' },
      { kind: 'openai', baseUrl: 'http://127.0.0.1:2/v1' },
      { kind: 'offline', name: 'fallback' },
    ]);
    expect(chain.providers.map((p) => p.name)).toEqual(['openai', 'openai-2', 'fallback']);
  });

  it('rejects configurations that cannot work with CONFIG_INVALID naming the key', () => {
    expect(() => createModelProviders([{ kind: 'anthropic' }])).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        details: { problems: [{ key: 'models.providers[0].apiKey', message: expect.any(String) }] },
      }) as unknown as Error,
    );
    expect(() => createModelProviders([{ kind: 'offline' }, { kind: 'openai' }])).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('models.providers[1].apiKey'),
      }) as unknown as Error,
    );
    expect(() =>
      createModelProviders([
        { kind: 'openai', name: 'x', baseUrl: 'http://127.0.0.1:1/v1' },
        { kind: 'offline', name: 'x' },
      ]),
    ).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('models.providers[1].name'),
      }) as unknown as Error,
    );
  });

  it('passes the offline script through', async () => {
    const chain = createModelProviders([], { offlineScript: [{ match: 'hello', reply: 'Scripted hello.' }] });
    expect((await chain.generate(ask)).text).toBe(`${OFFLINE_MARKER} Scripted hello.`);
  });
});

describe('createEmbeddings', () => {
  it('embeds with the first OpenAI-compatible provider, else offline, behind the micro-batcher', () => {
    expect(createEmbeddings([]).name).toBe('offline');
    const e = createEmbeddings(
      [
        { kind: 'anthropic', apiKey: 'k' },
        { kind: 'openai', name: 'local', baseUrl: 'http://127.0.0.1:11434/v1' },
      ],
      { batchWaitMs: 0, batchMaxSize: 8 },
    );
    expect({ name: e.name, model: e.defaultEmbeddingModel, max: e.maxBatchInputs }).toEqual({
      name: 'local',
      model: 'text-embedding-3-small',
      max: 2048,
    });
  });
});

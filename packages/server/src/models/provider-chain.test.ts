import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { PlatformError } from '../errors.js';
import { startFakeOpenAiServer } from '../testing/fake-openai-server.js';
import type { FakeOpenAiServer } from '../testing/fake-openai-server.js';
import type { ModelProvider, ModelRequest, ModelResponse, ModelStreamEvent } from './model-provider.js';
import { OfflineScriptedProvider } from './offline-scripted-provider.js';
import { OpenAiCompatibleProvider } from './openai-compatible-provider.js';
import { ProviderChain } from './provider-chain.js';
import type { ProviderChainEvent } from './provider-chain.js';

type Step = 'ok' | 'hang' | PlatformError | { streamThenFail: string };

/** A ModelProvider test double that follows a script of outcomes and records what it was asked. */
class StepProvider implements ModelProvider {
  readonly kind = 'openai' as const;
  readonly defaultModel = 'step-default';
  readonly offline = false;
  readonly seen: ModelRequest[] = [];
  constructor(
    readonly name: string,
    private readonly steps: Step[],
  ) {}

  private next(request: ModelRequest): Step {
    this.seen.push(request);
    return this.steps.shift() ?? 'ok';
  }

  private response(request: ModelRequest): ModelResponse {
    return {
      text: `answer from ${this.name}`,
      toolCalls: [],
      usage: { inputTokens: 1, outputTokens: 1, estimated: false },
      model: request.model ?? this.defaultModel,
      provider: this.name,
      offline: false,
      finishReason: 'stop',
      latencyMs: 0,
      costMoney: 0,
      currency: 'USD',
      priceKnown: true,
    };
  }

  generate(request: ModelRequest): Promise<ModelResponse> {
    const step = this.next(request);
    // 'hang' ignores the signal on purpose: the chain's own deadline must still end the attempt.
    if (step === 'hang') return new Promise(() => undefined);
    if (step instanceof PlatformError) return Promise.reject(step);
    return Promise.resolve(this.response(request));
  }

  async *stream(request: ModelRequest): AsyncGenerator<ModelStreamEvent> {
    const step = this.next(request);
    if (step instanceof PlatformError) throw step;
    if (step === 'hang') await new Promise(() => undefined);
    if (typeof step === 'object') {
      yield { type: 'text-delta', text: step.streamThenFail };
      throw new PlatformError('UNAVAILABLE', 'connection reset mid-stream');
    }
    yield { type: 'text-delta', text: `answer from ${this.name}` };
    yield { type: 'finish', response: this.response(request) };
  }
}

const ask: ModelRequest = { messages: [{ role: 'user', content: 'hello' }] };
const unavailable = () => new PlatformError('UNAVAILABLE', 'server down');

describe('ProviderChain', () => {
  describe('against a real adapter and the fake OpenAI server', () => {
    let server: FakeOpenAiServer;
    beforeAll(async () => {
      server = await startFakeOpenAiServer();
    });
    afterAll(async () => {
      await server.close();
    });
    beforeEach(() => {
      server.setDefault({ text: 'primary answer' });
    });

    it('falls back when the primary times out, opens its breaker, then half-opens and closes after the cool-down', async () => {
      const clock = new FakeClock();
      const events: ProviderChainEvent[] = [];
      const primary = new OpenAiCompatibleProvider({
        name: 'primary',
        baseUrl: server.baseUrl,
        apiKey: 'k',
        clock,
      });
      const chain = new ProviderChain(
        [{ provider: primary, timeoutMs: 1_000 }, new OfflineScriptedProvider({ clock })],
        { clock, failureThreshold: 2, halfOpenAfterMs: 10_000, onEvent: (e) => events.push(e) },
      );

      // Two timeouts in a row: each answered by the offline fallback.
      server.setDefault({ hang: true });
      for (let i = 1; i <= 2; i++) {
        const sent = server.requests.length;
        const call = chain.generate(ask);
        await server.waitForRequests(sent + 1);
        await clock.advance(1_000);
        const res = await call;
        expect(res).toMatchObject({
          provider: 'offline',
          offline: true,
          failovers: [{ provider: 'primary', code: 'TIMEOUT' }],
        });
      }
      const openedAt = clock.now();
      expect(chain.health()[0]).toMatchObject({
        provider: 'primary',
        state: 'open',
        consecutiveFailures: 2,
        failures: 2,
        lastError: { code: 'TIMEOUT' },
        openedAt,
        retryAt: openedAt + 10_000,
      });
      expect(events).toContainEqual({ type: 'breaker', provider: 'primary', state: 'open' });

      // Open: the primary is skipped without a request.
      server.setDefault({ text: 'primary answer' });
      const sent = server.requests.length;
      const skipped = await chain.generate(ask);
      expect(skipped).toMatchObject({
        provider: 'offline',
        failovers: [{ provider: 'primary', code: 'CIRCUIT_OPEN' }],
      });
      expect(server.requests.length).toBe(sent);

      // Still open one millisecond before the cool-down ends.
      await clock.advance(9_999);
      expect((await chain.generate(ask)).provider).toBe('offline');
      expect(server.requests.length).toBe(sent);

      // After the cool-down a trial call goes through; its success closes the breaker.
      await clock.advance(1);
      const trial = await chain.generate(ask);
      expect(trial).toMatchObject({ provider: 'primary', text: 'primary answer', offline: false });
      expect(trial.failovers).toBeUndefined();
      expect(server.requests.length).toBe(sent + 1);
      expect(chain.health()[0]).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
      expect(
        events.filter((e) => e.type === 'breaker').map((e) => (e.type === 'breaker' ? e.state : '')),
      ).toEqual(['open', 'half-open', 'closed']);
    });

    it('re-opens the breaker when the half-open trial fails', async () => {
      const clock = new FakeClock();
      const primary = new OpenAiCompatibleProvider({
        name: 'primary',
        baseUrl: server.baseUrl,
        apiKey: 'k',
        clock,
      });
      const chain = new ProviderChain([primary, new OfflineScriptedProvider({ clock })], {
        clock,
        failureThreshold: 1,
        halfOpenAfterMs: 5_000,
      });
      server.setDefault({ status: 503 });
      expect((await chain.generate(ask)).failovers).toEqual([
        { provider: 'primary', code: 'UNAVAILABLE', message: expect.any(String) as unknown },
      ]);
      expect(chain.health()[0]?.state).toBe('open');
      await clock.advance(5_000);
      const sent = server.requests.length;
      expect((await chain.generate(ask)).provider).toBe('offline');
      expect(server.requests.length).toBe(sent + 1);
      expect(chain.health()[0]).toMatchObject({
        state: 'open',
        openedAt: clock.now(),
        retryAt: clock.now() + 5_000,
      });
    });

    it('does not fall back on a non-retryable failure such as a bad API key', async () => {
      const primary = new OpenAiCompatibleProvider({
        name: 'primary',
        baseUrl: server.baseUrl,
        apiKey: 'wrong',
      });
      const chain = new ProviderChain([primary, new OfflineScriptedProvider()], { failureThreshold: 1 });
      server.enqueue({ status: 401 });
      await expect(chain.generate(ask)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(chain.health()[0]).toMatchObject({ state: 'closed', failures: 1 });
    });
  });

  it('ends an attempt on its own deadline even when a provider ignores the signal', async () => {
    const clock = new FakeClock();
    const stuck = new StepProvider('stuck', ['hang']);
    const chain = new ProviderChain([{ provider: stuck, timeoutMs: 250 }, new StepProvider('backup', [])], {
      clock,
    });
    const call = chain.generate(ask);
    await clock.advance(250);
    expect(await call).toMatchObject({
      provider: 'backup',
      failovers: [{ provider: 'stuck', code: 'TIMEOUT' }],
    });
    expect(stuck.seen[0]?.timeoutMs).toBe(250);
  });

  it('fails with UNAVAILABLE listing every provider when all of them fail', async () => {
    const chain = new ProviderChain([
      new StepProvider('a', [unavailable()]),
      new StepProvider('b', [new PlatformError('RATE_LIMITED', 'slow down')]),
    ]);
    const err = await chain.generate(ask).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
      details: {
        failures: [
          { provider: 'a', code: 'UNAVAILABLE' },
          { provider: 'b', code: 'RATE_LIMITED' },
        ],
      },
    });
  });

  it('stops at once when the caller aborts', async () => {
    const clock = new FakeClock();
    const backup = new StepProvider('backup', []);
    const chain = new ProviderChain([new StepProvider('slow', ['hang']), backup], { clock });
    const controller = new AbortController();
    const call = chain.generate({ ...ask, signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expect(await call).toMatchObject({ code: 'TIMEOUT', retryable: false, details: { reason: 'aborted' } });
    expect(backup.seen).toHaveLength(0);
  });

  it('sends the requested model to the first provider only; fallbacks use their default', async () => {
    const first = new StepProvider('first', [unavailable()]);
    const second = new StepProvider('second', []);
    const res = await new ProviderChain([first, second]).generate({ ...ask, model: 'gpt-4o' });
    expect(first.seen[0]?.model).toBe('gpt-4o');
    expect(second.seen[0]?.model).toBeUndefined();
    expect(res.model).toBe('step-default');
  });

  it('honours a custom fallback policy', async () => {
    const chain = new ProviderChain(
      [new StepProvider('a', [new PlatformError('UNAUTHENTICATED', 'bad key')]), new StepProvider('b', [])],
      {
        shouldFallback: (err) => err.retryable || err.code === 'UNAUTHENTICATED',
      },
    );
    expect((await chain.generate(ask)).provider).toBe('b');
  });

  it('streams from the next provider when the first fails before any output', async () => {
    const chain = new ProviderChain([new StepProvider('a', [unavailable()]), new StepProvider('b', [])]);
    const events: ModelStreamEvent[] = [];
    for await (const e of chain.stream(ask)) events.push(e);
    expect(events[0]).toEqual({ type: 'text-delta', text: 'answer from b' });
    const finish = events.at(-1);
    if (finish?.type !== 'finish') throw new Error('no finish');
    expect(finish.response).toMatchObject({
      provider: 'b',
      failovers: [{ provider: 'a', code: 'UNAVAILABLE' }],
    });
  });

  it('passes a mid-stream failure to the consumer instead of falling back', async () => {
    const backup = new StepProvider('b', []);
    const chain = new ProviderChain([new StepProvider('a', [{ streamThenFail: 'partial' }]), backup]);
    const seen: string[] = [];
    const run = async () => {
      for await (const e of chain.stream(ask)) if (e.type === 'text-delta') seen.push(e.text);
    };
    await expect(run()).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'connection reset mid-stream',
    });
    expect(seen).toEqual(['partial']);
    expect(backup.seen).toHaveLength(0);
  });

  it('reports itself offline only when every provider is offline, and rejects bad construction', () => {
    expect(new ProviderChain([new OfflineScriptedProvider()]).offline).toBe(true);
    expect(new ProviderChain([new StepProvider('a', []), new OfflineScriptedProvider()]).offline).toBe(false);
    expect(() => new ProviderChain([])).toThrow(
      expect.objectContaining({ code: 'VALIDATION' }) as unknown as Error,
    );
    expect(() => new ProviderChain([new StepProvider('a', []), new StepProvider('a', [])])).toThrow(
      expect.objectContaining({
        code: 'VALIDATION',
        details: { field: 'providers[1].name' },
      }) as unknown as Error,
    );
  });
});

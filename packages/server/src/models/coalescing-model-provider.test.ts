import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { PrivacyGuard } from '../components/privacy/privacy-guard.js';
import { CoalescingModelProvider } from './coalescing-model-provider.js';
import type { ModelProvider, ModelRequest, ModelResponse } from './model-provider.js';

/** A provider that answers after 200 ms of fake time and counts the calls that reached it. */
function countingProvider(clock: FakeClock) {
  const seen: ModelRequest[] = [];
  let fail = false;
  const provider: ModelProvider = {
    name: 'fake',
    kind: 'openai',
    defaultModel: 'm1',
    offline: false,
    async generate(request) {
      seen.push(request);
      const n = seen.length;
      await clock.sleep(200);
      if (request.signal?.aborted) throw new Error('aborted upstream');
      if (fail) throw new Error('upstream broke');
      const response: ModelResponse = {
        text: `answer ${n}`,
        toolCalls: [],
        usage: { inputTokens: 40, outputTokens: 10, estimated: false },
        model: request.model ?? 'm1',
        provider: 'fake',
        offline: false,
        finishReason: 'stop',
        latencyMs: 200,
        costMoney: 0.5,
        currency: 'INR',
        priceKnown: true,
      };
      return response;
    },
    stream: () => {
      throw new Error('not used');
    },
  };
  return { provider, seen, breakNext: () => (fail = true) };
}

const ask = (content: string, extra: Partial<ModelRequest> = {}): ModelRequest => ({
  messages: [{ role: 'user', content }],
  temperature: 0,
  partition: 'tenant:t1',
  ...extra,
});

describe('CoalescingModelProvider', () => {
  it('makes one call for identical concurrent requests; the first caller pays, the others cost 0', async () => {
    const clock = new FakeClock();
    const fake = countingProvider(clock);
    const joined: string[] = [];
    const models = new CoalescingModelProvider(fake.provider, { onCoalesced: (p) => joined.push(p) });
    const calls = Array.from({ length: 5 }, () => models.generate(ask('approve invoice 7?')));
    expect(models.inFlight).toBe(1);
    await clock.advance(200);
    const answers = await Promise.all(calls);
    expect(fake.seen).toHaveLength(1);
    expect(answers.map((a) => a.text)).toEqual(Array(5).fill('answer 1'));
    expect(answers[0]).toMatchObject({ costMoney: 0.5, usage: { inputTokens: 40, outputTokens: 10 } });
    expect(answers[0]?.coalesced).toBeUndefined();
    for (const a of answers.slice(1))
      expect(a).toMatchObject({
        costMoney: 0,
        usage: { inputTokens: 0, outputTokens: 0 },
        coalesced: true,
      });
    expect(joined).toEqual(['fake', 'fake', 'fake', 'fake']);
    expect(models.inFlight).toBe(0);
  });

  it('never shares a call across partitions, nor for a request without one', async () => {
    const clock = new FakeClock();
    const fake = countingProvider(clock);
    const models = new CoalescingModelProvider(fake.provider);
    const calls = [
      models.generate(ask('same text')),
      models.generate(ask('same text', { partition: 'tenant:t2' })),
      models.generate(ask('same text', { partition: undefined as never })),
      models.generate({ messages: [{ role: 'user', content: 'same text' }], temperature: 0 }),
    ];
    await clock.advance(200);
    const answers = await Promise.all(calls);
    expect(fake.seen).toHaveLength(4);
    expect(answers.every((a) => a.costMoney === 0.5)).toBe(true);
  });

  it('tells different prompts, models and parameters apart', async () => {
    const clock = new FakeClock();
    const fake = countingProvider(clock);
    const models = new CoalescingModelProvider(fake.provider);
    const calls = [
      models.generate(ask('a')),
      models.generate(ask('b')),
      models.generate(ask('a', { model: 'm2' })),
      models.generate(ask('a', { maxTokens: 9 })),
      models.generate(ask('a', { system: 'be brief' })),
      // The default model spelt out is the same call.
      models.generate(ask('a', { model: 'm1' })),
    ];
    await clock.advance(200);
    await Promise.all(calls);
    expect(fake.seen).toHaveLength(5);
  });

  it('coalesces sampled requests (temperature above 0) only in mode all', async () => {
    const clock = new FakeClock();
    const fake = countingProvider(clock);
    const deterministic = new CoalescingModelProvider(fake.provider);
    const all = new CoalescingModelProvider(fake.provider, { mode: 'all' });
    const off = new CoalescingModelProvider(fake.provider, { mode: 'off' });
    const calls = [
      deterministic.generate(ask('draft a post', { temperature: 0.7 })),
      deterministic.generate(ask('draft a post', { temperature: 0.7 })),
      all.generate(ask('draft a post', { temperature: 0.7 })),
      all.generate(ask('draft a post', { temperature: 0.7 })),
      off.generate(ask('draft a post')),
      off.generate(ask('draft a post')),
    ];
    await clock.advance(200);
    await Promise.all(calls);
    expect(fake.seen).toHaveLength(5);
  });

  it('starts a new call once the shared one has answered (answers are not cached)', async () => {
    const clock = new FakeClock();
    const fake = countingProvider(clock);
    const models = new CoalescingModelProvider(fake.provider);
    const first = models.generate(ask('x'));
    await clock.advance(200);
    await first;
    const second = models.generate(ask('x'));
    await clock.advance(200);
    expect((await second).text).toBe('answer 2');
    expect(fake.seen).toHaveLength(2);
  });

  it('gives every caller the shared failure', async () => {
    const clock = new FakeClock();
    const fake = countingProvider(clock);
    fake.breakNext();
    const models = new CoalescingModelProvider(fake.provider);
    const calls = [models.generate(ask('x')), models.generate(ask('x'))];
    const settled = Promise.allSettled(calls);
    await clock.advance(200);
    const results = await settled;
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(fake.seen).toHaveLength(1);
  });

  it('fails an aborting caller at once with TIMEOUT; the others still get the answer', async () => {
    const clock = new FakeClock();
    const fake = countingProvider(clock);
    const models = new CoalescingModelProvider(fake.provider);
    const quitter = new AbortController();
    const leader = models.generate(ask('x'));
    const follower = models.generate(ask('x', { signal: quitter.signal }));
    quitter.abort();
    await expect(follower).rejects.toMatchObject({
      code: 'TIMEOUT',
      retryable: false,
      details: { reason: 'aborted' },
    });
    await clock.advance(200);
    expect((await leader).text).toBe('answer 1');
    expect(fake.seen[0]?.signal?.aborted).toBe(false);
  });

  it('aborts the shared call when every caller has given up', async () => {
    const clock = new FakeClock();
    const fake = countingProvider(clock);
    const models = new CoalescingModelProvider(fake.provider);
    const a = new AbortController();
    const b = new AbortController();
    const calls = [
      models.generate(ask('x', { signal: a.signal })),
      models.generate(ask('x', { signal: b.signal })),
    ];
    const settled = Promise.allSettled(calls);
    a.abort();
    expect(fake.seen[0]?.signal?.aborted).toBe(false);
    b.abort();
    expect(fake.seen[0]?.signal?.aborted).toBe(true);
    await clock.advance(200);
    expect((await settled).every((r) => r.status === 'rejected')).toBe(true);
  });

  it('shares within a tenant through the privacy guard, never across tenants', async () => {
    const clock = new FakeClock();
    const fake = countingProvider(clock);
    const models = new CoalescingModelProvider(fake.provider);
    const guard = new PrivacyGuard();
    const request = { messages: [{ role: 'user' as const, content: 'approve?' }], temperature: 0 };
    const calls = [
      (await guard.guard(models, 't1')).generate(request),
      (await guard.guard(models, 't1')).generate(request),
      (await guard.guard(models, 't2')).generate(request),
      (await guard.guard(models, null)).generate(request),
    ];
    await clock.advance(200);
    await Promise.all(calls);
    expect(fake.seen.map((r) => r.partition)).toEqual(['tenant:t1', 'tenant:t2', 'platform']);
  });
});

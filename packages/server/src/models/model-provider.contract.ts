// Conformance suite for the ModelProvider port: every implementation runs it through a harness
// that scripts its next reply (and, where the backend can, hangs or fails a call). It checks what
// the port's doc comments promise: replies, tool calls, structured output, streaming, deadlines,
// aborts, error codes and the usage and cost every response reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FakeClock } from '../clock.js';
import { isPlatformError, type ErrorCode, type JsonValue, type PlatformError } from '../errors.js';
import { generateObject } from './generate-object.js';
import type { ModelProvider, ModelRequest, ModelResponse, ModelStreamEvent } from './model-provider.js';
import type { PriceTable } from './pricing.js';

/** What the next call answers; each harness scripts it its own way. */
export interface ScriptedReply {
  /** Reply text (the offline provider prefixes its marker, so the suite checks containment). */
  text?: string;
  /** A tool call, made when the request offers the tool. */
  toolCall?: { name: string; arguments: Record<string, JsonValue> };
  /** The reply to a JSON request. */
  object?: JsonValue;
}

/** A held call: `arrived` once the backend has it, `released` once the client gave it up. */
export interface HeldCall {
  arrived: Promise<void>;
  released: Promise<void>;
}

export interface ModelProviderHarness {
  /** The clock every provider of the harness runs on. */
  readonly clock: FakeClock;
  /** The price table the providers were given. */
  readonly prices: PriceTable;
  /** True when usage comes from the backend's report, false when it is estimated. */
  readonly reportsUsage: boolean;
  /** Provider name expected in responses; default the provider's own (a chain reports the answering one). */
  readonly answeredBy?: string;
  /**
   * True for a chain: a retryable failure of its (only) provider falls back, and with nobody left
   * the chain fails with UNAVAILABLE listing the failure.
   */
  readonly retryableFailuresExhaust?: boolean;
  /** A provider whose calls answer `reply` until the next `provider(...)`. */
  provider(reply?: ScriptedReply): ModelProvider;
  /** Holds the next call open (absent when calls never wait on a backend). */
  hangNext?(): HeldCall;
  /**
   * Makes the next stream send its first text delta and then stall, held open (absent when
   * streams never wait on a backend).
   */
  stallNextStream?(): HeldCall;
  /** Fails the next call with this HTTP status (absent when the backend cannot fail). */
  failNext?(status: number, headers?: Record<string, string>): void;
  /** Requests the backend has received (absent for in-process providers). */
  requestCount?(): number;
  close(): Promise<void>;
}

const ask: ModelRequest = { messages: [{ role: 'user', content: 'Summarise the quarter in one line.' }] };

const lookupTool = {
  name: 'lookup_lead',
  description: 'Find a lead by email',
  parameters: { type: 'object', properties: { email: { type: 'string' } }, required: ['email'] },
};

/** Drains a stream, keeping every event, and returns them with the error that ended it, if any. */
async function drain(stream: AsyncIterable<ModelStreamEvent>): Promise<{
  events: ModelStreamEvent[];
  error?: unknown;
}> {
  const events: ModelStreamEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
    return { events };
  } catch (error) {
    return { events, error };
  }
}

function finishOf(events: ModelStreamEvent[]): ModelResponse {
  const last = events.at(-1);
  if (last?.type !== 'finish') throw new Error(`the stream ended with ${JSON.stringify(last)}, not finish`);
  return last.response;
}

/**
 * Runs the ModelProvider conformance suite. `create` is called once; its harness builds a fresh
 * provider per test through `provider(reply)`.
 */
export function modelProviderContract(name: string, create: () => Promise<ModelProviderHarness>): void {
  describe(`ModelProvider contract: ${name}`, () => {
    let h: ModelProviderHarness;
    beforeAll(async () => {
      h = await create();
    });
    afterAll(async () => {
      await h?.close();
    });

    /** Checks the fields every response carries: who answered, usage, cost, latency. */
    function expectWellFormed(provider: ModelProvider, res: ModelResponse): void {
      expect(res.provider).toBe(h.answeredBy ?? provider.name);
      expect(res.offline).toBe(provider.offline);
      expect(res.model).toBe(provider.defaultModel);
      expect(res.failovers).toBeUndefined();
      for (const n of [res.usage.inputTokens, res.usage.outputTokens]) {
        expect(Number.isInteger(n)).toBe(true);
        expect(n).toBeGreaterThan(0);
      }
      expect(res.usage.estimated).toBe(!h.reportsUsage);
      expect(res.currency).toBe(h.prices.currency);
      expect(res.latencyMs).toBeGreaterThanOrEqual(0);
      if (provider.offline) {
        expect(res).toMatchObject({ costMoney: 0, priceKnown: true });
      } else {
        const cost = h.prices.cost(res.model, res.usage);
        expect(res.costMoney).toBeCloseTo(cost.amount, 12);
        expect(res.priceKnown).toBe(cost.known);
      }
    }

    /** The failure a backend failure becomes at this port (a chain wraps retryable ones). */
    function expectFailure(err: unknown, code: ErrorCode, retryable: boolean): void {
      expect(isPlatformError(err)).toBe(true);
      const e = err as PlatformError;
      if (retryable && h.retryableFailuresExhaust) {
        expect(e).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
        expect(e.details.failures).toEqual([expect.objectContaining({ code })]);
        return;
      }
      expect(e).toMatchObject({ code, retryable });
    }

    describe('generate', () => {
      it('answers with the reply text and reports who answered, usage, cost and latency', async () => {
        const provider = h.provider({ text: 'Revenue grew nine per cent.' });
        const res = await provider.generate(ask);
        expect(res.text).toContain('Revenue grew nine per cent.');
        expect(res).toMatchObject({ toolCalls: [], finishReason: 'stop' });
        expectWellFormed(provider, res);
      });

      it('prices a model missing from the price table at 0 and says the price is unknown', async () => {
        const provider = h.provider({ text: 'Priced?' });
        const res = await provider.generate({ ...ask, model: 'model-not-in-the-table' });
        if (provider.offline) {
          // The offline provider always reports its own model and costs nothing.
          expect(res).toMatchObject({ model: provider.defaultModel, costMoney: 0, priceKnown: true });
          return;
        }
        expect(res).toMatchObject({ model: 'model-not-in-the-table', costMoney: 0, priceKnown: false });
        expect(res.currency).toBe(h.prices.currency);
      });

      it('returns the tool calls the model asked for, arguments parsed', async () => {
        const provider = h.provider({
          toolCall: { name: 'lookup_lead', arguments: { email: 'asha@example.in' } },
        });
        const res = await provider.generate({ ...ask, tools: [lookupTool] });
        expect(res.finishReason).toBe('tool-calls');
        expect(res.toolCalls).toEqual([
          { id: expect.any(String), name: 'lookup_lead', arguments: { email: 'asha@example.in' } },
        ]);
        expect(res.toolCalls[0]!.id).not.toBe('');
        expectWellFormed(provider, res);
      });

      it('accepts a conversation that replays a tool call and its result', async () => {
        const provider = h.provider({ text: 'Asha is a warm lead.' });
        const res = await provider.generate({
          system: 'You qualify leads.',
          messages: [
            { role: 'user', content: 'Who is asha@example.in?' },
            {
              role: 'assistant',
              content: '',
              toolCalls: [{ id: 'call_1', name: 'lookup_lead', arguments: { email: 'asha@example.in' } }],
            },
            { role: 'tool', toolCallId: 'call_1', content: '{"score": 82}' },
          ],
          tools: [lookupTool],
        });
        expect(res.text).toContain('Asha is a warm lead.');
        expect(res.toolCalls).toEqual([]);
      });

      it('produces structured output that generateObject validates', async () => {
        const schema = z.object({ approved: z.boolean(), reasons: z.array(z.string()) });
        const provider = h.provider({ object: { approved: true, reasons: ['budget fits'] } });
        const result = await generateObject(provider, ask, schema);
        expect(result.object).toEqual({ approved: true, reasons: ['budget fits'] });
        expect(result.attempts).toBe(1);
        expect(result.costMoney).toBe(result.response.costMoney);
      });

      it('rejects a malformed request with VALIDATION naming the field, before the backend sees it', async () => {
        const provider = h.provider();
        const before = h.requestCount?.();
        const err = await provider
          .generate({ messages: [{ role: 'tool', content: 'orphan result' }] })
          .catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'VALIDATION', details: { field: 'messages[0].toolCallId' } });
        expect(h.requestCount?.()).toBe(before);
      });

      it('fails with a non-retryable TIMEOUT when the caller aborted before the call', async () => {
        const err = await h
          .provider()
          .generate({ ...ask, signal: AbortSignal.abort() })
          .catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'TIMEOUT', retryable: false, details: { reason: 'aborted' } });
      });
    });

    describe('stream', () => {
      it('streams text deltas that add up to the finish response, finish last and once', async () => {
        const provider = h.provider({ text: 'Pipeline is healthy and growing steadily.' });
        const { events, error } = await drain(provider.stream(ask));
        expect(error).toBeUndefined();
        const finish = finishOf(events);
        expect(events.filter((e) => e.type === 'finish')).toHaveLength(1);
        const text = events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('');
        expect(text).toBe(finish.text);
        expect(finish.text).toContain('Pipeline is healthy and growing steadily.');
        expect(finish.finishReason).toBe('stop');
        expectWellFormed(provider, finish);
      });

      it('streams tool-call deltas that assemble into the finish response’s calls', async () => {
        const provider = h.provider({
          toolCall: { name: 'lookup_lead', arguments: { email: 'ravi@example.in' } },
        });
        const { events, error } = await drain(provider.stream({ ...ask, tools: [lookupTool] }));
        expect(error).toBeUndefined();
        const finish = finishOf(events);
        const deltas = events.filter((e) => e.type === 'tool-call-delta');
        expect(deltas[0]).toMatchObject({ index: 0, name: 'lookup_lead' });
        expect(JSON.parse(deltas.map((d) => d.argumentsDelta).join(''))).toEqual({
          email: 'ravi@example.in',
        });
        expect(finish.toolCalls).toEqual([
          { id: expect.any(String), name: 'lookup_lead', arguments: { email: 'ravi@example.in' } },
        ]);
        expect(finish.finishReason).toBe('tool-calls');
      });

      it('sends nothing until iteration starts, and stopping early ends the call quietly', async () => {
        const provider = h.provider({ text: 'One two three four five six seven eight nine ten.' });
        const before = h.requestCount?.();
        const stream = provider.stream(ask);
        await new Promise((resolve) => setImmediate(resolve));
        expect(h.requestCount?.()).toBe(before);
        const seen: ModelStreamEvent[] = [];
        for await (const event of stream) {
          seen.push(event);
          break;
        }
        expect(seen).toHaveLength(1);
        expect(h.requestCount?.()).toBe(before === undefined ? undefined : before + 1);
        // The provider is still usable afterwards.
        expect((await provider.generate(ask)).text).toContain('One two three');
      });

      it('throws a malformed request’s VALIDATION from the iterator, not from stream()', async () => {
        const provider = h.provider();
        let stream: AsyncIterable<ModelStreamEvent> | undefined;
        expect(() => {
          stream = provider.stream({ messages: [] });
        }).not.toThrow();
        const { events, error } = await drain(stream!);
        expect(events).toEqual([]);
        expect(error).toMatchObject({ code: 'VALIDATION', details: { field: 'messages' } });
      });

      it('fails before any event when the caller aborted before the call', async () => {
        const { events, error } = await drain(h.provider().stream({ ...ask, signal: AbortSignal.abort() }));
        expect(events).toEqual([]);
        expect(error).toMatchObject({ code: 'TIMEOUT', retryable: false, details: { reason: 'aborted' } });
      });
    });

    describe('deadlines and aborts', () => {
      it('ends a held call with a retryable TIMEOUT when its deadline passes on the clock', async (ctx) => {
        if (!h.hangNext) return ctx.skip();
        const held = h.hangNext();
        const call = h
          .provider()
          .generate({ ...ask, timeoutMs: 2_000 })
          .catch((e: unknown) => e);
        await held.arrived;
        await h.clock.advance(1_999);
        await h.clock.advance(1);
        const err = await call;
        expectFailure(err, 'TIMEOUT', true);
        if (!h.retryableFailuresExhaust) expect(err).toMatchObject({ details: { reason: 'timeout' } });
        await held.released;
      });

      it('ends a held stream with TIMEOUT from the iterator', async (ctx) => {
        if (!h.hangNext) return ctx.skip();
        const held = h.hangNext();
        const run = drain(h.provider().stream({ ...ask, timeoutMs: 1_000 }));
        await held.arrived;
        await h.clock.advance(1_000);
        const { events, error } = await run;
        expect(events).toEqual([]);
        expectFailure(error, 'TIMEOUT', true);
        await held.released;
      });

      it('ends a held call with a non-retryable TIMEOUT when the caller aborts', async (ctx) => {
        if (!h.hangNext) return ctx.skip();
        const held = h.hangNext();
        const controller = new AbortController();
        const call = h
          .provider()
          .generate({ ...ask, signal: controller.signal })
          .catch((e: unknown) => e);
        await held.arrived;
        controller.abort();
        expect(await call).toMatchObject({
          code: 'TIMEOUT',
          retryable: false,
          details: { reason: 'aborted' },
        });
        await held.released;
      });
    });

    describe('stalled streams', () => {
      /** Iterates a stream in the background, keeping its events; `first` resolves on the first one. */
      function follow(stream: AsyncIterable<ModelStreamEvent>, stopAfterFirst: boolean) {
        const events: ModelStreamEvent[] = [];
        let firstSeen!: () => void;
        const first = new Promise<void>((resolve) => (firstSeen = resolve));
        const done = (async () => {
          for await (const event of stream) {
            events.push(event);
            firstSeen();
            if (stopAfterFirst) return;
          }
        })().then(
          () => undefined,
          (e: unknown) => e,
        );
        return { events, first, done };
      }

      it('releases the request when the consumer stops iterating early', async (ctx) => {
        if (!h.stallNextStream) return ctx.skip();
        const held = h.stallNextStream();
        const run = follow(h.provider().stream(ask), true);
        await run.first;
        expect(await run.done).toBeUndefined();
        expect(run.events[0]).toMatchObject({ type: 'text-delta' });
        await held.released;
      });

      it('ends a stream that stalls after its first delta with TIMEOUT when the deadline passes', async (ctx) => {
        if (!h.stallNextStream) return ctx.skip();
        const held = h.stallNextStream();
        const run = follow(h.provider().stream({ ...ask, timeoutMs: 1_000 }), false);
        await run.first;
        await h.clock.advance(1_000);
        // Output has started, so even a chain reports the timeout itself (it cannot fall back any more).
        expect(await run.done).toMatchObject({ code: 'TIMEOUT', retryable: true });
        expect(run.events.map((e) => e.type)).toEqual(['text-delta']);
        await held.released;
      });
    });

    describe('error classification', () => {
      const table: Array<[number, ErrorCode, boolean]> = [
        [400, 'BAD_REQUEST', false],
        [401, 'UNAUTHENTICATED', false],
        [403, 'FORBIDDEN', false],
        [429, 'RATE_LIMITED', true],
        [503, 'UNAVAILABLE', true],
      ];
      for (const [status, code, retryable] of table) {
        it(`turns HTTP ${status} into ${code} (retryable: ${retryable}), no SDK error crossing`, async (ctx) => {
          if (!h.failNext) return ctx.skip();
          h.failNext(status);
          const err = await h
            .provider()
            .generate(ask)
            .catch((e: unknown) => e);
          expectFailure(err, code, retryable);
        });
      }

      it('reports a rate limit’s retry-after in details', async (ctx) => {
        if (!h.failNext || h.retryableFailuresExhaust) return ctx.skip();
        h.failNext(429, { 'retry-after': '3' });
        const err = await h
          .provider()
          .generate(ask)
          .catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterMs: 3_000 } });
      });

      it('throws a stream’s failure from the iterator with the same classification', async (ctx) => {
        if (!h.failNext) return ctx.skip();
        h.failNext(401);
        const { events, error } = await drain(h.provider().stream(ask));
        expect(events).toEqual([]);
        expectFailure(error, 'UNAUTHENTICATED', false);
      });
    });
  });
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PriceTable, defaultModelPrices } from './pricing.js';
import {
  estimateOutputTokens,
  estimateRequestTokens,
  estimateTokens,
  resolveUsage,
  TOKENS_PER_MESSAGE,
  TOKENS_PER_REPLY,
} from './tokens.js';

describe('PriceTable', () => {
  it('prices 1M input + 1M output tokens of a Sonnet-class model at $3 + $15', () => {
    expect(
      new PriceTable().cost('claude-sonnet-4-6', { inputTokens: 1_000_000, outputTokens: 1_000_000 }),
    ).toEqual({
      amount: 18,
      currency: 'USD',
      known: true,
    });
  });

  it('matches the longest known prefix, so dated and mini variants get their own price', () => {
    const table = new PriceTable();
    expect(table.priceOf('gpt-4o-mini-2024-07-18')).toEqual(defaultModelPrices['gpt-4o-mini']);
    expect(table.priceOf('gpt-4o-2024-08-06')).toEqual(defaultModelPrices['gpt-4o']);
    expect(table.cost('gpt-4o-mini', { inputTokens: 1000, outputTokens: 2000 }).amount).toBeCloseTo(
      0.00135,
      12,
    );
  });

  it('costs an unknown model 0 and flags it', () => {
    expect(new PriceTable().cost('mystery-7b', { inputTokens: 5000, outputTokens: 5000 })).toEqual({
      amount: 0,
      currency: 'USD',
      known: false,
    });
  });

  it('takes configured prices over the defaults, in the configured currency', () => {
    const table = new PriceTable({
      currency: 'INR',
      includeDefaults: false,
      prices: { llama3: { inputPer1M: 10, outputPer1M: 20 } },
    });
    expect(table.cost('llama3.2', { inputTokens: 500_000, outputTokens: 250_000 })).toEqual({
      amount: 10,
      currency: 'INR',
      known: true,
    });
    expect(table.cost('gpt-4o', { inputTokens: 1, outputTokens: 1 }).known).toBe(false);
    table.set('gpt-4o', { inputPer1M: 200, outputPer1M: 800 });
    expect(table.cost('gpt-4o', { inputTokens: 1_000_000, outputTokens: 0 }).amount).toBe(200);
  });

  it('rejects negative prices and bad currencies with VALIDATION naming the field', () => {
    expect(() => new PriceTable({ prices: { x: { inputPer1M: -1, outputPer1M: 0 } } })).toThrow(
      expect.objectContaining({
        code: 'VALIDATION',
        details: { field: 'prices.x.inputPer1M' },
      }) as unknown as Error,
    );
    expect(() => new PriceTable({ currency: 'rupees' })).toThrow(
      expect.objectContaining({ details: { field: 'currency' } }) as unknown as Error,
    );
  });

  it('is linear in tokens and never negative (property)', () => {
    const table = new PriceTable();
    fc.assert(
      fc.property(
        fc.nat(10_000_000),
        fc.nat(10_000_000),
        fc.constantFrom(...Object.keys(defaultModelPrices)),
        (i, o, model) => {
          const one = table.cost(model, { inputTokens: i, outputTokens: o }).amount;
          const two = table.cost(model, { inputTokens: 2 * i, outputTokens: 2 * o }).amount;
          expect(one).toBeGreaterThanOrEqual(0);
          expect(two).toBeCloseTo(2 * one, 6);
        },
      ),
    );
  });
});

describe('token estimates', () => {
  it('counts about four characters per token, and at least one per word or mark', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('a')).toBe(1);
    expect(estimateTokens('x'.repeat(400))).toBe(100);
    expect(estimateTokens('a b c d e f g h')).toBe(8);
    expect(estimateTokens('Hello, world!')).toBe(4);
    expect(estimateTokens('The quick brown fox jumps over the lazy dog.')).toBe(11);
  });

  it('counts CJK characters one token each', () => {
    expect(estimateTokens('你好世界')).toBe(4);
  });

  it('counts a character outside the BMP once, other non-ASCII half a token each', () => {
    // 40 mathematical letters (one word, two UTF-16 units each): 20 by weight, not 40.
    expect(estimateTokens('𝐀'.repeat(40))).toBe(20);
    expect(estimateTokens('😀'.repeat(40))).toBe(40);
    expect(estimateTokens('日本語のテキスト café 👍🏽 naïve')).toBe(13);
    expect(estimateTokens(`${'Ünïcödé '.repeat(10)}한국어`)).toBe(33);
    expect(estimateTokens('x\ud800y')).toBe(3);
  });

  it('is deterministic and grows when text is appended (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(estimateTokens(a)).toBe(estimateTokens(a));
        expect(estimateTokens(a + ' ' + b)).toBeGreaterThanOrEqual(estimateTokens(a));
      }),
    );
  });

  it('adds per-message overhead, tools and schema to request estimates', () => {
    const base = { messages: [{ role: 'user' as const, content: 'hi' }] };
    expect(estimateRequestTokens(base)).toBe(TOKENS_PER_REPLY + TOKENS_PER_MESSAGE + 1);
    const withTool = estimateRequestTokens({
      ...base,
      tools: [{ name: 't', description: 'a tool', parameters: { type: 'object' } }],
    });
    expect(withTool).toBeGreaterThan(estimateRequestTokens(base));
    expect(estimateOutputTokens('', [{ id: '1', name: 'x', arguments: { a: 1 } }])).toBeGreaterThan(0);
  });

  it('lets reported usage override the estimate, count by count', () => {
    const request = { messages: [{ role: 'user' as const, content: 'hello there' }] };
    expect(resolveUsage({ inputTokens: 42, outputTokens: 7 }, request, 'some reply', [])).toEqual({
      inputTokens: 42,
      outputTokens: 7,
      estimated: false,
    });
    expect(resolveUsage({ inputTokens: 42 }, request, 'some reply', [])).toEqual({
      inputTokens: 42,
      outputTokens: estimateOutputTokens('some reply'),
      estimated: true,
    });
  });
});

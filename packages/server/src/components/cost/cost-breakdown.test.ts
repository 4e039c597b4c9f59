import { describe, expect, it } from 'vitest';
import { toCostBreakdown } from './cost-breakdown.js';

describe('toCostBreakdown', () => {
  it('splits count, cost and tokens by method with shares', () => {
    const b = toCostBreakdown(
      [
        {
          method: 'cache',
          count: 60,
          costMicros: 0,
          tokens: 0,
          inputTokens: 0,
          outputTokens: 0,
          approvals: 50,
          confidenceSum: 50,
          escalations: 0,
        },
        {
          method: 'deterministic',
          count: 30,
          costMicros: 0,
          tokens: 0,
          inputTokens: 0,
          outputTokens: 0,
          approvals: 20,
          confidenceSum: 29,
          escalations: 0,
        },
        {
          method: 'model',
          count: 10,
          costMicros: 1_500_000,
          tokens: 20_000,
          inputTokens: 15_000,
          outputTokens: 5_000,
          approvals: 5,
          confidenceSum: 8,
          escalations: 2,
        },
      ],
      0,
      86_400_000,
    );
    expect(b.byMethod.cache).toEqual({ count: 60, cost: 0, tokens: 0, share: 0.6 });
    expect(b.byMethod.model).toEqual({ count: 10, cost: 1.5, tokens: 20_000, share: 0.1 });
    expect(b.total).toEqual({ count: 100, cost: 1.5, tokens: 20_000 });
    expect(toCostBreakdown([], 0, 1)).toEqual({
      from: 0,
      to: 1,
      byMethod: {},
      total: { count: 0, cost: 0, tokens: 0 },
    });
  });
});

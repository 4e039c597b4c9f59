import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { costPriceTable } from './cost-price-table.js';

describe('costPriceTable', () => {
  it('converts the built-in USD list prices at usdRate and lets configured prices win', () => {
    const table = costPriceTable({
      currency: 'INR',
      usdRate: 80,
      prices: { 'gpt-4o': { inputPer1M: 100, outputPer1M: 400 }, local: { inputPer1M: 0, outputPer1M: 0 } },
    });
    expect(table.currency).toBe('INR');
    expect(table.priceOf('gpt-4o-mini-2024-07-18')).toEqual({ inputPer1M: 12, outputPer1M: 48 });
    expect(table.priceOf('gpt-4o')).toEqual({ inputPer1M: 100, outputPer1M: 400 });
    expect(table.cost('local-llama', { inputTokens: 1000, outputTokens: 1000 })).toMatchObject({
      amount: 0,
      known: true,
    });
  });

  it('defaults to the USD list prices, configurable from the environment', () => {
    const defaults = loadConfig({ env: {} }).costs;
    expect(defaults).toMatchObject({ currency: 'USD', usdRate: 1, prices: {}, projectionWindowDays: 30 });
    expect(costPriceTable(defaults).priceOf('gpt-4o')).toEqual({ inputPer1M: 2.5, outputPer1M: 10 });
    const fromEnv = loadConfig({
      env: { WAOOAW_COST_CURRENCY: 'EUR', WAOOAW_COST_USD_RATE: '0.9', WAOOAW_TENANT_MONTHLY_BUDGET: '250' },
    }).costs;
    expect(fromEnv).toMatchObject({ currency: 'EUR', usdRate: 0.9, tenantMonthlyBudget: 250 });
    expect(() => loadConfig({ env: { WAOOAW_COST_CURRENCY: 'euro' } })).toThrow(/WAOOAW_COST_CURRENCY/);
  });
});

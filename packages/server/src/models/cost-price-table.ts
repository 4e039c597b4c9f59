// The platform's price table from configuration (decision 0068): the built-in USD list prices
// converted at `usdRate` into the cost currency, then the configured prices on top.
import type { Config } from '../config.js';
import { defaultModelPrices, PriceTable, type ModelPrice } from './pricing.js';

export function costPriceTable(costs: Pick<Config['costs'], 'currency' | 'usdRate' | 'prices'>): PriceTable {
  const converted: Record<string, ModelPrice> = {};
  for (const [model, p] of Object.entries(defaultModelPrices)) {
    converted[model] = {
      inputPer1M: p.inputPer1M * costs.usdRate,
      outputPer1M: p.outputPer1M * costs.usdRate,
    };
  }
  return new PriceTable({
    currency: costs.currency,
    includeDefaults: false,
    prices: { ...converted, ...costs.prices },
  });
}

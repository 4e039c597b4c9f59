// Price per model (per 1M input and output tokens), so every model call carries its cost.
// Model ids match exactly or by the longest known prefix (`gpt-4o-mini-2024-07-18` → `gpt-4o-mini`).
import { PlatformError } from '../errors.js';

export interface ModelPrice {
  /** Price of 1,000,000 input (prompt) tokens, in the table's currency. */
  inputPer1M: number;
  /** Price of 1,000,000 output (completion) tokens, in the table's currency. */
  outputPer1M: number;
}

/** List prices in USD of a few well-known models; local and offline models cost nothing. */
export const defaultModelPrices: Readonly<Record<string, ModelPrice>> = Object.freeze({
  'gpt-4o': { inputPer1M: 2.5, outputPer1M: 10 },
  'gpt-4o-mini': { inputPer1M: 0.15, outputPer1M: 0.6 },
  'gpt-4.1': { inputPer1M: 2, outputPer1M: 8 },
  'gpt-4.1-mini': { inputPer1M: 0.4, outputPer1M: 1.6 },
  'gpt-4.1-nano': { inputPer1M: 0.1, outputPer1M: 0.4 },
  'claude-sonnet-4': { inputPer1M: 3, outputPer1M: 15 },
  'claude-3-5-sonnet': { inputPer1M: 3, outputPer1M: 15 },
  'claude-3-7-sonnet': { inputPer1M: 3, outputPer1M: 15 },
  'claude-opus-4': { inputPer1M: 15, outputPer1M: 75 },
  'claude-3-5-haiku': { inputPer1M: 0.8, outputPer1M: 4 },
  'claude-haiku-4': { inputPer1M: 1, outputPer1M: 5 },
  'text-embedding-3-small': { inputPer1M: 0.02, outputPer1M: 0 },
  'text-embedding-3-large': { inputPer1M: 0.13, outputPer1M: 0 },
  offline: { inputPer1M: 0, outputPer1M: 0 },
});

export interface PriceTableOptions {
  /** ISO 4217 code of every price in the table; default `USD` (the currency of `defaultModelPrices`). */
  currency?: string;
  /** Prices per model id or id prefix; they win over the defaults. */
  prices?: Record<string, ModelPrice>;
  /** Start from `defaultModelPrices`; default true. Turn off when `prices` are in another currency. */
  includeDefaults?: boolean;
}

export interface ModelCost {
  amount: number;
  currency: string;
  /** False when no price matched the model: `amount` is then 0 and should be treated as unknown. */
  known: boolean;
}

function checkPrice(model: string, price: ModelPrice): void {
  for (const key of ['inputPer1M', 'outputPer1M'] as const) {
    const v = price[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new PlatformError('VALIDATION', `Price of ${model}: ${key} must be a finite number ≥ 0`, {
        details: { field: `prices.${model}.${key}` },
      });
    }
  }
}

/** A configurable table of model prices. */
export class PriceTable {
  readonly currency: string;
  private readonly prices = new Map<string, ModelPrice>();

  constructor(options: PriceTableOptions = {}) {
    const currency = options.currency ?? 'USD';
    if (!/^[A-Z]{3}$/.test(currency)) {
      throw new PlatformError('VALIDATION', 'currency must be a 3-letter ISO code such as USD', {
        details: { field: 'currency' },
      });
    }
    this.currency = currency;
    const base = options.includeDefaults === false ? {} : defaultModelPrices;
    for (const [model, price] of Object.entries({ ...base, ...options.prices })) this.set(model, price);
  }

  /** Adds or replaces the price of a model id (or id prefix). */
  set(model: string, price: ModelPrice): void {
    checkPrice(model, price);
    this.prices.set(model, { inputPer1M: price.inputPer1M, outputPer1M: price.outputPer1M });
  }

  /** The price of a model: exact id first, then the longest matching prefix; undefined when unknown. */
  priceOf(model: string): ModelPrice | undefined {
    const exact = this.prices.get(model);
    if (exact) return exact;
    let best: string | undefined;
    for (const key of this.prices.keys()) {
      if (model.startsWith(key) && (best === undefined || key.length > best.length)) best = key;
    }
    return best === undefined ? undefined : this.prices.get(best);
  }

  /** Cost of a call; an unknown model costs 0 with `known: false`. Rounded to 1e-9 to drop float noise. */
  cost(model: string, usage: { inputTokens: number; outputTokens: number }): ModelCost {
    const price = this.priceOf(model);
    if (!price) return { amount: 0, currency: this.currency, known: false };
    const raw = (usage.inputTokens * price.inputPer1M + usage.outputTokens * price.outputPer1M) / 1_000_000;
    return { amount: Math.round(raw * 1e9) / 1e9, currency: this.currency, known: true };
  }
}

/** The table used when none is injected: the default prices in USD. */
export const defaultPriceTable = new PriceTable();

// Batches concurrent embedding calls of one tenant and model into one provider call (the provider
// declares how many inputs it takes), sends a text repeated in a batch once, and splits the call's
// tokens and cost among the callers by the size of their texts (decision 0084).
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import { PlatformError } from '../errors.js';
import type { EmbedRequest, EmbedResponse, EmbeddingProvider } from './embedding-provider.js';
import { validateEmbedRequest } from './embed-request.js';
import { MicroBatcher } from './micro-batcher.js';
import { callerAborted, raceAbort } from './race-abort.js';
import { estimateTokens } from './tokens.js';

export interface BatchingEmbedderOptions {
  clock?: Clock;
  /** Longest a text waits for company (default 5 ms); 0 batches what arrives in one event-loop turn. */
  maxWaitMs?: number;
  /** Most texts per provider call (default 64, capped by the provider's `maxBatchInputs`). */
  maxSize?: number;
}

interface Item {
  text: string;
  timeoutMs: number | undefined;
}

/** One text's share of a batch's answer. */
interface Share {
  embedding: number[];
  tokens: number;
  cost: number;
  batch: EmbedResponse;
  size: number;
}

export class BatchingEmbedder implements EmbeddingProvider {
  private readonly batcher: MicroBatcher<Item, Share> | undefined;

  constructor(
    private readonly inner: EmbeddingProvider,
    options: BatchingEmbedderOptions = {},
  ) {
    const maxSize = Math.min(options.maxSize ?? 64, inner.maxBatchInputs);
    // A provider that takes one input per call has nothing to batch.
    if (maxSize > 1)
      this.batcher = new MicroBatcher<Item, Share>({
        clock: options.clock ?? systemClock,
        maxWaitMs: options.maxWaitMs ?? 5,
        maxSize,
        run: (group, items) => this.run(group, items),
      });
  }

  get name(): string {
    return this.inner.name;
  }
  get defaultEmbeddingModel(): string {
    return this.inner.defaultEmbeddingModel;
  }
  get maxBatchInputs(): number {
    return this.inner.maxBatchInputs;
  }
  /** Provider calls made and texts sent through the batcher. */
  get stats(): { batches: number; items: number } {
    return this.batcher?.stats ?? { batches: 0, items: 0 };
  }

  /**
   * Each text joins the open batch of its partition and model; requests without a partition go
   * straight to the provider (a batch never mixes tenants).
   */
  async embed(request: EmbedRequest): Promise<EmbedResponse> {
    validateEmbedRequest(request, this.inner.maxBatchInputs);
    const batcher = this.batcher;
    if (!batcher || request.partition === undefined) return this.inner.embed(request);
    const model = request.model ?? this.inner.defaultEmbeddingModel;
    const group = JSON.stringify([request.partition, model]);
    const pending = Promise.all(
      request.input.map((text) => batcher.add(group, { text, timeoutMs: request.timeoutMs })),
    );
    const shares = await raceAbort(pending, request.signal, () =>
      callerAborted(this.inner.name, 'embeddings'),
    );
    const first = shares[0]!.batch;
    return {
      embeddings: shares.map((s) => s.embedding),
      usage: { inputTokens: shares.reduce((n, s) => n + s.tokens, 0), estimated: first.usage.estimated },
      model: first.model,
      provider: first.provider,
      offline: first.offline,
      latencyMs: first.latencyMs,
      costMoney: Math.round(shares.reduce((n, s) => n + s.cost, 0) * 1e9) / 1e9,
      currency: first.currency,
      priceKnown: first.priceKnown,
      batchSize: Math.max(...shares.map((s) => s.size)),
    };
  }

  private async run(group: string, items: Item[]): Promise<Share[]> {
    const [partition, model] = JSON.parse(group) as [string, string];
    const unique = [...new Set(items.map((i) => i.text))];
    const timeouts = items.flatMap((i) => (i.timeoutMs === undefined ? [] : [i.timeoutMs]));
    const batch = await this.inner.embed({
      model,
      partition,
      input: unique,
      ...(timeouts.length ? { timeoutMs: Math.max(...timeouts) } : {}),
    });
    const weights = unique.map((t) => Math.max(1, estimateTokens(t)));
    const total = weights.reduce((a, b) => a + b, 0);
    const index = new Map(unique.map((t, i) => [t, i]));
    const paid = new Set<number>();
    return items.map((item) => {
      const i = index.get(item.text)!;
      const embedding = batch.embeddings[i];
      if (!embedding)
        throw new PlatformError('INTERNAL', `${this.inner.name} returned no embedding for input ${i}`);
      // A text repeated in the batch was sent once: its first caller pays, the others get it free.
      const pays = !paid.has(i);
      paid.add(i);
      const share = weights[i]! / total;
      return {
        embedding: [...embedding],
        tokens: pays ? Math.round(batch.usage.inputTokens * share) : 0,
        cost: pays ? batch.costMoney * share : 0,
        batch,
        size: unique.length,
      };
    });
  }
}

// The EmbeddingProvider port: text in, vectors out, many inputs per call. A provider declares how
// many inputs one call may carry (`maxBatchInputs`), which is what lets concurrent callers be batched.

export interface EmbedRequest {
  /** Model id; the provider's `defaultEmbeddingModel` when absent. */
  model?: string;
  /** The texts, at least one; one vector comes back per text, in the same order. */
  input: string[];
  /** Whose call this is (the tenant): the micro-batcher never puts two partitions in one call. */
  partition?: string;
  /** Aborting fails the call with TIMEOUT (`retryable: false`, `details.reason: 'aborted'`). */
  signal?: AbortSignal;
  /** Deadline for the call; the provider's default when absent. */
  timeoutMs?: number;
}

export interface EmbedResponse {
  /** One vector per input, in input order. */
  embeddings: number[][];
  /** Input tokens, from the provider's report when it gives one, estimated otherwise. */
  usage: { inputTokens: number; estimated: boolean };
  model: string;
  provider: string;
  offline: boolean;
  /** Wall time of the call on the provider's clock. */
  latencyMs: number;
  costMoney: number;
  currency: string;
  priceKnown: boolean;
  /** Inputs in the provider call that answered this one (set by the micro-batcher; 1 alone). */
  batchSize?: number;
}

/**
 * Embeddings behind one interface. Failures are PlatformErrors as for ModelProvider: VALIDATION for
 * an empty or oversized input list, the provider's mapped errors otherwise; no SDK error crosses it.
 */
export interface EmbeddingProvider {
  readonly name: string;
  readonly defaultEmbeddingModel: string;
  /** Most inputs one call may carry: above 1 declares batch support (OpenAI accepts 2,048). */
  readonly maxBatchInputs: number;
  embed(request: EmbedRequest): Promise<EmbedResponse>;
}

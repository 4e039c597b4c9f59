// A ModelProvider for runtime tests: answers from a function (text, an error, or never), counts
// calls and charges a fixed usage, so tests can check caching, budgets, breakers and fallbacks.
import { PlatformError } from '../../errors.js';
import type {
  ModelProvider,
  ModelRequest,
  ModelResponse,
  ModelStreamEvent,
} from '../../models/model-provider.js';

export type FakeAnswer = string | PlatformError | 'hang';

export interface FakeModelProviderOptions {
  name?: string;
  model?: string;
  /** Called per request; returns the reply text, an error to throw, or `hang` (never answers until aborted). */
  answer: (request: ModelRequest) => FakeAnswer;
  inputTokens?: number;
  outputTokens?: number;
  costMoney?: number;
}

export class FakeModelProvider implements ModelProvider {
  readonly name: string;
  readonly kind = 'openai' as const;
  readonly defaultModel: string;
  readonly offline = false;
  calls = 0;
  readonly models: string[] = [];

  constructor(private readonly options: FakeModelProviderOptions) {
    this.name = options.name ?? 'fake';
    this.defaultModel = options.model ?? 'fake-large';
  }

  async generate(request: ModelRequest): Promise<ModelResponse> {
    this.calls += 1;
    this.models.push(request.model ?? this.defaultModel);
    const answer = this.options.answer(request);
    if (answer instanceof PlatformError) throw answer;
    if (answer === 'hang') {
      return new Promise((_, reject) => {
        request.signal?.addEventListener('abort', () =>
          reject(new PlatformError('TIMEOUT', `${this.name}: aborted`, { retryable: false })),
        );
      });
    }
    return {
      text: answer,
      toolCalls: [],
      usage: {
        inputTokens: this.options.inputTokens ?? 100,
        outputTokens: this.options.outputTokens ?? 50,
        estimated: false,
      },
      model: request.model ?? this.defaultModel,
      provider: this.name,
      offline: false,
      finishReason: 'stop',
      latencyMs: 1,
      costMoney: this.options.costMoney ?? 0.001,
      currency: 'USD',
      priceKnown: true,
    };
  }

  async *stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    yield { type: 'finish', response: await this.generate(request) };
  }
}

/** A valid decision answer as a model would send it. */
export const decisionJson = (
  approved: boolean,
  confidence = 0.8,
  reason = 'Reviewed against the stated facts.',
) => JSON.stringify({ approved, reason, confidence, citations: ['fact:1'] });

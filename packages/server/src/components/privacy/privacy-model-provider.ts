// A ModelProvider wrapper for one call (or one decision's attempts): personal data in the request is
// masked by the vault before the inner provider sees it, the answer is restored, and tool calls the
// request did not offer are dropped — a model obeying an injected "call tool X" gets nothing run.
import type {
  ModelProvider,
  ModelRequest,
  ModelResponse,
  ModelStreamEvent,
  ModelToolCall,
} from '../../models/model-provider.js';
import type { MaskedCounts, PrivacyVault } from './privacy-vault.js';

/** What a receipt records about privacy: masked values per kind and tool calls refused. */
export interface PrivacyReport {
  masked: MaskedCounts;
  /** Tool calls naming a tool the request did not offer (dropped, never returned to the caller). */
  blockedToolCalls: number;
}

/** Longest token (`[ADDRESS_9999]`): a stream holds back at most this much to restore a split token. */
const MAX_TOKEN = 14;

export class PrivacyModelProvider implements ModelProvider {
  readonly kind: ModelProvider['kind'];
  private blocked = 0;

  constructor(
    private readonly inner: ModelProvider,
    private readonly vault: PrivacyVault,
    /** Set on every request passed on, so identical calls are coalesced only within one tenant. */
    private readonly partition?: string,
  ) {
    this.kind = inner.kind;
  }

  get name(): string {
    return this.inner.name;
  }
  get defaultModel(): string {
    return this.inner.defaultModel;
  }
  get offline(): boolean {
    return this.inner.offline;
  }

  report(): PrivacyReport {
    return { masked: this.vault.counts(), blockedToolCalls: this.blocked };
  }

  async generate(request: ModelRequest): Promise<ModelResponse> {
    return this.restore(request, await this.inner.generate(this.mask(request)));
  }

  async *stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    const offered = offeredTools(request);
    const blockedIndexes = new Set<number>();
    let pending = '';
    for await (const event of this.inner.stream(this.mask(request))) {
      if (event.type === 'text-delta') {
        // Hold back a tail that may be the start of a token split across deltas.
        pending += event.text;
        const open = pending.lastIndexOf('[');
        const cut =
          open >= 0 && pending.length - open < MAX_TOKEN && !pending.includes(']', open)
            ? open
            : pending.length;
        const ready = this.vault.unmask(pending.slice(0, cut));
        pending = pending.slice(cut);
        if (ready) yield { type: 'text-delta', text: ready };
      } else if (event.type === 'tool-call-delta') {
        if (event.name !== undefined && !offered.has(event.name)) blockedIndexes.add(event.index);
        if (!blockedIndexes.has(event.index))
          yield { ...event, argumentsDelta: this.vault.unmask(event.argumentsDelta) };
      } else {
        if (pending) yield { type: 'text-delta', text: this.vault.unmask(pending) };
        pending = '';
        yield { type: 'finish', response: this.restore(request, event.response) };
      }
    }
  }

  private mask(request: ModelRequest): ModelRequest {
    const v = this.vault;
    return {
      ...request,
      ...(this.partition === undefined ? {} : { partition: this.partition }),
      ...(request.system === undefined ? {} : { system: v.mask(request.system) }),
      messages: request.messages.map((m) => ({
        ...m,
        content: v.mask(m.content),
        ...(m.toolCalls
          ? { toolCalls: m.toolCalls.map((c) => ({ ...c, arguments: v.maskValue(c.arguments) })) }
          : {}),
      })),
    };
  }

  private restore(request: ModelRequest, response: ModelResponse): ModelResponse {
    const offered = offeredTools(request);
    const toolCalls: ModelToolCall[] = [];
    for (const c of response.toolCalls) {
      if (!offered.has(c.name)) {
        this.blocked++;
        continue;
      }
      toolCalls.push({ ...c, arguments: this.vault.unmaskValue(c.arguments) });
    }
    return { ...response, text: this.vault.unmask(response.text), toolCalls };
  }
}

function offeredTools(request: ModelRequest): Set<string> {
  return new Set((request.tools ?? []).map((t) => t.name));
}

// Deterministic token estimates for budgeting before a call and for providers that report no usage.
// Real counts from a provider's response always replace these.
import type { ModelRequest, ModelToolCall, ModelUsage } from './model-provider.js';

/** Tokens a chat format spends per message on role and separators (OpenAI documents 3–4). */
export const TOKENS_PER_MESSAGE = 4;
/** Tokens spent priming the reply. */
export const TOKENS_PER_REPLY = 3;

const wordOrMark = /[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;
const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Estimates the tokens of a text. Two lower-bound style heuristics, the larger wins: about four
 * characters per token (CJK characters count one each, other non-ASCII half each, since tokenizers
 * split them finer), and at least one token per word or punctuation mark.
 */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  if (text.length < MEMO_MIN_LENGTH) return countTokens(text);
  let n = memo.get(text);
  if (n === undefined) {
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
    memo.set(text, (n = countTokens(text)));
  }
  return n;
}

/**
 * Long texts repeat on every call (an agent's system prompt, a response schema): their estimates are
 * remembered, oldest forgotten first. Short texts (a case, a reply) are counted each time.
 */
const MEMO_MIN_LENGTH = 256;
const MEMO_SIZE = 512;
const memo = new Map<string, number>();
/** Response schemas are the same objects call after call: their JSON text is kept with them. */
const schemaTexts = new WeakMap<object, string>();

function countTokens(text: string): number {
  let weighted = 0;
  // By UTF-16 unit, so ASCII (most prompts) costs no string per character; a pair counts once.
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 128) {
      weighted += 0.25;
      continue;
    }
    const code = text.codePointAt(i)!;
    if (code > 0xffff) i++;
    weighted += cjk.test(String.fromCodePoint(code)) ? 1 : 0.5;
  }
  const pieces = text.match(wordOrMark)?.length ?? 0;
  return Math.max(Math.ceil(weighted), pieces);
}

function toolCallsText(calls: readonly ModelToolCall[] | undefined): string {
  return calls && calls.length > 0
    ? JSON.stringify(calls.map((c) => ({ name: c.name, arguments: c.arguments })))
    : '';
}

/** Estimated input tokens of a whole request: system prompt, messages, tools and response schema. */
export function estimateRequestTokens(
  request: Pick<ModelRequest, 'system' | 'messages' | 'tools' | 'responseFormat'>,
): number {
  let total = TOKENS_PER_REPLY;
  if (request.system) total += TOKENS_PER_MESSAGE + estimateTokens(request.system);
  for (const m of request.messages) {
    total += TOKENS_PER_MESSAGE + estimateTokens(m.content) + estimateTokens(toolCallsText(m.toolCalls));
  }
  if (request.tools && request.tools.length > 0) total += estimateTokens(JSON.stringify(request.tools));
  const schema = request.responseFormat?.schema;
  if (schema) {
    let text = schemaTexts.get(schema);
    if (text === undefined) schemaTexts.set(schema, (text = JSON.stringify(schema)));
    total += estimateTokens(text);
  }
  return total;
}

/** Estimated output tokens of a reply. */
export function estimateOutputTokens(text: string, toolCalls: readonly ModelToolCall[] = []): number {
  return estimateTokens(text) + estimateTokens(toolCallsText(toolCalls));
}

/**
 * Usage for a reply: the provider's counts where it reported them, estimates for the rest
 * (`estimated` says whether any count was estimated).
 */
export function resolveUsage(
  reported: { inputTokens?: number | undefined; outputTokens?: number | undefined },
  request: Pick<ModelRequest, 'system' | 'messages' | 'tools' | 'responseFormat'>,
  text: string,
  toolCalls: readonly ModelToolCall[],
): ModelUsage {
  const input = reported.inputTokens;
  const output = reported.outputTokens;
  return {
    inputTokens: input ?? estimateRequestTokens(request),
    outputTokens: output ?? estimateOutputTokens(text, toolCalls),
    estimated: input === undefined || output === undefined,
  };
}

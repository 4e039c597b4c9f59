// Structured output on any ModelProvider: ask for JSON that matches a zod schema, parse and validate
// it, and retry once with the validation problems fed back before failing with VALIDATION.
import { z } from 'zod';
import { PlatformError } from '../errors.js';
import type { JsonSchema, ModelProvider, ModelRequest, ModelResponse, ModelUsage } from './model-provider.js';

export interface GenerateObjectOptions {
  /** Calls in total, the first included; default 2 (one retry with the problems fed back). */
  maxAttempts?: number;
  /** Schema name sent to providers that want one; default `response`. */
  name?: string;
}

export interface GenerateObjectResult<T> {
  object: T;
  /** The response that produced `object`. */
  response: ModelResponse;
  attempts: number;
  /** Summed over every attempt, failed ones included. */
  usage: ModelUsage;
  /** Summed over every attempt, failed ones included. */
  costMoney: number;
}

interface Issue {
  path: string;
  message: string;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

// Converting a schema costs far more than the rest of a decision's bookkeeping, and schemas are
// immutable: convert each once (frozen, since every request shares it).
const jsonSchemas = new WeakMap<z.ZodType, JsonSchema | null>();

function jsonSchemaOf(schema: z.ZodType): JsonSchema | undefined {
  let cached = jsonSchemas.get(schema);
  if (cached === undefined) {
    try {
      const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
      cached = deepFreeze(rest as JsonSchema);
    } catch {
      // Schemas zod cannot express (e.g. cycles through transforms) are still validated after the call.
      cached = null;
    }
    jsonSchemas.set(schema, cached);
  }
  return cached ?? undefined;
}

/** The JSON inside a reply: the text itself, a fenced block, or the outermost object or array. */
export function extractJson(text: string): unknown {
  const trimmed = text.trim();
  // Most replies are the JSON itself: parse that before looking for a fence or brackets.
  for (const candidate of jsonCandidates(trimmed)) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // Try the next candidate.
    }
  }
  throw new SyntaxError('no JSON value found in the reply');
}

function* jsonCandidates(trimmed: string): Generator<string> {
  yield trimmed;
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(trimmed);
  if (fenced?.[1]) yield fenced[1].trim();
  for (const [open, close] of [
    ['{', '}'],
    ['[', ']'],
  ] as const) {
    const start = trimmed.indexOf(open);
    const end = trimmed.lastIndexOf(close);
    if (start >= 0 && end > start) yield trimmed.slice(start, end + 1);
  }
}

function check<S extends z.ZodType>(
  schema: S,
  text: string,
): { ok: true; value: z.output<S> } | { ok: false; issues: Issue[] } {
  let json: unknown;
  try {
    json = extractJson(text);
  } catch {
    return { ok: false, issues: [{ path: '', message: 'the reply is not valid JSON' }] };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  };
}

function describe(issues: Issue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
}

/**
 * Asks `provider` for a JSON object matching `schema` and returns it parsed and validated.
 * Fails with VALIDATION (details: `issues`, `attempts`, `provider`, `text`) when no attempt validates;
 * provider failures propagate unchanged.
 */
export async function generateObject<S extends z.ZodType>(
  provider: ModelProvider,
  request: ModelRequest,
  schema: S,
  options: GenerateObjectOptions = {},
): Promise<GenerateObjectResult<z.output<S>>> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 2);
  const jsonSchema = jsonSchemaOf(schema);
  let messages = request.messages;
  const usage: ModelUsage = { inputTokens: 0, outputTokens: 0, estimated: false };
  let costMoney = 0;
  let last: { response: ModelResponse; issues: Issue[] } | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const response = await provider.generate({
      ...request,
      messages,
      responseFormat: {
        type: 'json',
        name: options.name ?? 'response',
        ...(jsonSchema ? { schema: jsonSchema } : {}),
      },
    });
    usage.inputTokens += response.usage.inputTokens;
    usage.outputTokens += response.usage.outputTokens;
    usage.estimated ||= response.usage.estimated;
    costMoney += response.costMoney;
    const result = check(schema, response.text);
    if (result.ok) return { object: result.value, response, attempts: attempt, usage, costMoney };
    last = { response, issues: result.issues };
    messages = [
      ...messages,
      { role: 'assistant', content: response.text },
      {
        role: 'user',
        content: `Your reply was not valid: ${describe(result.issues)}. Reply again with only the corrected JSON.`,
      },
    ];
  }
  throw new PlatformError('VALIDATION', `Model output failed schema validation: ${describe(last!.issues)}`, {
    details: {
      provider: last!.response.provider,
      attempts: maxAttempts,
      issues: last!.issues.map((i) => ({ path: i.path, message: i.message })),
      text: last!.response.text.slice(0, 2000),
    },
  });
}

// Checks a ModelRequest before any provider sees it, so bad input fails the same way everywhere:
// VALIDATION naming the field (e.g. `messages[2].toolCallId`).
import { z } from 'zod';
import { PlatformError } from '../errors.js';
import type { ModelRequest } from './model-provider.js';

const toolCallSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.unknown(),
});

const messageSchema = z
  .object({
    role: z.enum(['system', 'user', 'assistant', 'tool']),
    content: z.string(),
    toolCallId: z.string().min(1).optional(),
    toolCalls: z.array(toolCallSchema).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.role === 'tool' && m.toolCallId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['toolCallId'], message: 'is required on tool messages' });
    }
    if (m.toolCalls !== undefined && m.role !== 'assistant') {
      ctx.addIssue({ code: 'custom', path: ['toolCalls'], message: 'is allowed on assistant messages only' });
    }
  });

const requestSchema = z.object({
  model: z.string().min(1).optional(),
  system: z.string().optional(),
  messages: z.array(messageSchema).min(1, 'needs at least one message'),
  tools: z
    .array(
      z.object({
        name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or -'),
        description: z.string(),
        parameters: z.record(z.string(), z.unknown()),
      }),
    )
    .optional(),
  responseFormat: z
    .object({
      type: z.literal('json'),
      schema: z.record(z.string(), z.unknown()).optional(),
      name: z
        .string()
        .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or -')
        .optional(),
    })
    .optional(),
  maxTokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  signal: z.instanceof(AbortSignal).optional(),
  timeoutMs: z.number().positive().optional(),
  partition: z.string().min(1).optional(),
});

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === 'number') return `${acc}[${part}]`;
    return acc ? `${acc}.${String(part)}` : String(part);
  }, '');
}

/** Throws VALIDATION naming the first bad field (all problems are listed in `details.issues`). */
export function validateModelRequest(request: ModelRequest): void {
  const parsed = requestSchema.safeParse(request);
  if (parsed.success) return;
  const issues = parsed.error.issues.map((i) => ({
    field: fieldPath(i.path) || 'request',
    message: i.message,
  }));
  const first = issues[0]!;
  throw new PlatformError('VALIDATION', `Invalid model request: ${first.field} ${first.message}`, {
    details: { field: first.field, issues },
  });
}

/**
 * The system prompt to send: the request's own, plus a JSON instruction when a JSON reply is asked
 * for (OpenAI's JSON mode requires the word "JSON" in the prompt; other providers have no JSON mode).
 */
export function systemPrompt(request: Pick<ModelRequest, 'system' | 'responseFormat'>): string | undefined {
  const format = request.responseFormat;
  if (!format) return request.system;
  const instruction = format.schema
    ? `Reply with a single JSON value only, no prose and no code fences, that matches this JSON Schema:\n${JSON.stringify(format.schema)}`
    : 'Reply with a single JSON value only, no prose and no code fences.';
  return request.system ? `${request.system}\n\n${instruction}` : instruction;
}

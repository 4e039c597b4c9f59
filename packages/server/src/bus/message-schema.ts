// Message validation on publish (zod) and on receive: both adapters build messages here, so the
// limits, the error codes (VALIDATION naming the field, PAYLOAD_TOO_LARGE) and the signature are identical.
import { z } from 'zod';
import { PlatformError } from '../errors.js';
import type { BusMessage, Priority, PublishInput } from './bus.js';
import { DEFAULT_PRIORITY, MAX_BATCH } from './bus.js';
import { signMessage } from './message-signature.js';
import { GROUP_REGEX, MAX_TOPIC_LENGTH, TOPIC_REGEX } from './topic-pattern.js';

const topic = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_TOPIC_LENGTH, `must be at most ${MAX_TOPIC_LENGTH} characters`)
  .regex(TOPIC_REGEX, 'must be dot-separated segments of letters, digits, _ or -');
const group = z
  .string()
  .max(MAX_TOPIC_LENGTH)
  .regex(GROUP_REGEX, 'must be a consumer-group name (letters, digits, _, -, .)');
const shortText = (max: number) =>
  z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const priority = z.int('must be an integer 1–5').min(1, 'must be 1–5').max(5, 'must be 1–5');
const payload = z.json({ error: 'must be a JSON value (no undefined, functions, NaN or bigint)' });
const headers = z
  .record(z.string().min(1).max(100), z.string('must be a string').max(4096))
  .refine((h) => Object.keys(h).length <= 64, 'at most 64 headers');
const traceparent = z
  .string()
  .regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/, 'must be a W3C traceparent');

export const publishInputSchema = z.strictObject({
  topic,
  payload,
  priority: priority.optional(),
  from: shortText(200).optional(),
  to: group.optional(),
  replyTo: topic.optional(),
  correlationId: shortText(200).optional(),
  idempotencyKey: shortText(500).optional(),
  headers: headers.optional(),
  traceparent: traceparent.optional(),
});

/** The publish input with the payload left to `jsonCopy` (the fast path of `buildMessage`). */
const publishEnvelopeSchema = publishInputSchema.extend({ payload: z.unknown() });

const NOT_JSON = Symbol('not JSON');
const MAX_FAST_DEPTH = 64;

/**
 * A deep copy of a JSON value in one pass, or NOT_JSON for anything `z.json()` might refuse (and for
 * what this pass does not try: deep nesting, `__proto__` keys): the caller then asks zod, which
 * names the field. `-0` becomes `0`, as a JSON round trip would make it.
 */
function jsonCopy(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value + 0 : NOT_JSON;
    case 'object': {
      if (value === null) return null;
      if (depth > MAX_FAST_DEPTH) return NOT_JSON;
      if (Array.isArray(value)) {
        const out: unknown[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const v = jsonCopy(value[i], depth + 1);
          if (v === NOT_JSON) return NOT_JSON;
          out[i] = v;
        }
        return out;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return NOT_JSON;
      if (Object.getOwnPropertySymbols(value).length) return NOT_JSON;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        if (key === '__proto__') return NOT_JSON;
        const v = jsonCopy((value as Record<string, unknown>)[key], depth + 1);
        if (v === NOT_JSON) return NOT_JSON;
        out[key] = v;
      }
      return out;
    }
    default:
      return NOT_JSON;
  }
}

/**
 * `publishInputSchema.safeParse`, faster for the common case: the envelope through zod, the payload
 * through `jsonCopy` (zod's recursive JSON check was most of a publish's validation time). Anything
 * the fast path does not accept goes through the full schema, so errors are zod's own.
 */
function parsePublishInput(input: unknown): ReturnType<typeof publishInputSchema.safeParse> {
  const envelope = publishEnvelopeSchema.safeParse(input);
  if (envelope.success) {
    const payload = jsonCopy(envelope.data.payload, 0);
    if (payload !== NOT_JSON)
      return { success: true, data: { ...envelope.data, payload: payload as z.core.util.JSONType } };
  }
  return publishInputSchema.safeParse(input);
}

/** Freezes a message and everything in it (a payload is a tree: JSON has no shared references). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

/** A message as stored and delivered; checked again on receive because another process wrote it. */
export const busMessageSchema = publishInputSchema.extend({
  id: shortText(100),
  priority,
  headers,
  publishedAt: z.number().int().nonnegative(),
  signature: z.string().optional(),
});

function validationError(error: z.ZodError, what: string): PlatformError {
  const issues = error.issues.map((issue) => {
    const keys = (issue as { keys?: string[] }).keys;
    const field = issue.path.length
      ? issue.path.map(String).join('.')
      : keys?.length
        ? keys.join(',')
        : '(message)';
    return { field, message: issue.message };
  });
  const first = issues[0] ?? { field: '(message)', message: 'invalid' };
  return new PlatformError('VALIDATION', `Invalid ${what}: ${first.field} ${first.message}`, {
    details: { field: first.field, issues },
  });
}

const cyclicPayload = (cause: unknown) =>
  new PlatformError('VALIDATION', 'Invalid bus message: payload must be a finite JSON value', {
    details: { field: 'payload' },
    cause,
  });

export interface BuildMessageOptions {
  id: string;
  now: number;
  maxMessageBytes: number;
  signingSecret?: string | undefined;
  /** Used when the input carries no traceparent of its own. */
  traceparent?: string | undefined;
}

/**
 * Validates `input`, fills defaults, signs when a secret is given and checks the serialized size.
 * Returns the message and its JSON (what the Redis adapter stores and the size was measured on).
 */
export function buildMessage(
  input: PublishInput,
  options: BuildMessageOptions,
): { message: BusMessage; json: string } {
  let parsed: ReturnType<typeof publishInputSchema.safeParse>;
  try {
    parsed = parsePublishInput(input);
  } catch (cause) {
    // A very deep payload may overflow the recursive JSON check.
    throw cyclicPayload(cause);
  }
  if (!parsed.success) throw validationError(parsed.error, 'bus message');
  const p = parsed.data;
  const message: BusMessage = {
    id: options.id,
    topic: p.topic,
    payload: p.payload as BusMessage['payload'],
    priority: (p.priority ?? DEFAULT_PRIORITY) as Priority,
    headers: p.headers ?? {},
    publishedAt: options.now,
  };
  if (p.from !== undefined) message.from = p.from;
  if (p.to !== undefined) message.to = p.to;
  if (p.replyTo !== undefined) message.replyTo = p.replyTo;
  if (p.correlationId !== undefined) message.correlationId = p.correlationId;
  if (p.idempotencyKey !== undefined) message.idempotencyKey = p.idempotencyKey;
  const tp = p.traceparent ?? options.traceparent;
  if (tp !== undefined) message.traceparent = tp;
  if (options.signingSecret) message.signature = signMessage(message, options.signingSecret);
  let json: string;
  try {
    json = JSON.stringify(message);
  } catch (cause) {
    // A cycle: zod's JSON check walks it without overflowing, JSON.stringify refuses it.
    throw cyclicPayload(cause);
  }
  const bytes = Buffer.byteLength(json);
  if (bytes > options.maxMessageBytes) {
    throw new PlatformError(
      'PAYLOAD_TOO_LARGE',
      `Bus message is ${bytes} bytes; the limit is ${options.maxMessageBytes}`,
      {
        details: { field: 'payload', bytes, limit: options.maxMessageBytes },
      },
    );
  }
  return { message, json };
}

/**
 * `buildMessage` for every input of a batch, all before anything is stored: the first bad input
 * rejects the batch with its error, the message prefixed and `details.index` naming it.
 */
export function buildMessages(
  inputs: readonly PublishInput[],
  options: (index: number) => BuildMessageOptions,
): Array<{ message: BusMessage; json: string }> {
  if (!Array.isArray(inputs))
    throw new PlatformError('VALIDATION', 'Invalid bus batch: must be an array of messages', {
      details: { field: '(batch)' },
    });
  if (inputs.length > MAX_BATCH)
    throw new PlatformError(
      'VALIDATION',
      `Invalid bus batch: ${inputs.length} messages; at most ${MAX_BATCH} per batch`,
      { details: { field: '(batch)', limit: MAX_BATCH } },
    );
  return inputs.map((input, index) => {
    try {
      return buildMessage(input, options(index));
    } catch (err) {
      if (!(err instanceof PlatformError)) throw err;
      throw new PlatformError(err.code, `Message ${index} of the batch: ${err.message}`, {
        details: { ...err.details, index },
        cause: err,
      });
    }
  });
}

/** Parses a stored message; undefined when it is not JSON or not a well-formed message. */
export function parseMessage(json: string): BusMessage | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return undefined;
  }
  const parsed = busMessageSchema.safeParse(raw);
  return parsed.success ? (raw as BusMessage) : undefined;
}

/** Validates a subscription pattern or group name argument, naming the field on failure. */
export function assertValid<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error, what);
  return parsed.data;
}

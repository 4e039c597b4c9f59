// Options shared by both bus adapters, their defaults, and the validation of subscribe() arguments.
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { Ids } from '../ids.js';
import { createIds } from '../ids.js';
import type { Logger } from '../components/observability/logger.js';
import { silentLogger } from '../components/observability/logger.js';
import type { Metrics } from '../components/observability/metrics.js';
import type { BusHandler, SubscribeOptions } from './bus.js';
import { assertValid } from './message-schema.js';
import { GROUP_REGEX, PATTERN_REGEX } from './topic-pattern.js';

export interface BusOptions {
  /** Deliveries before a failing message is dead-lettered (default 3). */
  maxDeliveries?: number;
  /** A delivery not acked within this time is redelivered (default 30 000 ms). */
  visibilityTimeoutMs?: number;
  /** Limit on the serialized message (default 256 KiB). */
  maxMessageBytes?: number;
  /** When set, publishes are signed and unsigned or badly signed deliveries are dead-lettered. */
  signingSecret?: string | undefined;
  /** How long `isDuplicate` remembers a key (default 24 h). */
  dedupeTtlMs?: number;
  clock?: Clock;
  ids?: Ids;
  metrics?: Metrics | undefined;
  logger?: Logger | undefined;
}

export interface ResolvedBusOptions {
  maxDeliveries: number;
  visibilityTimeoutMs: number;
  maxMessageBytes: number;
  signingSecret: string | undefined;
  dedupeTtlMs: number;
  clock: Clock;
  ids: Ids;
  metrics: Metrics | undefined;
  logger: Logger;
}

const optionsSchema = z.object({
  maxDeliveries: z.int().min(1).max(1000).default(3),
  visibilityTimeoutMs: z.int().min(1).default(30_000),
  maxMessageBytes: z
    .int()
    .min(64)
    .default(256 * 1024),
  signingSecret: z.string().min(16, 'must be at least 16 characters').optional(),
  dedupeTtlMs: z
    .int()
    .min(1)
    .default(24 * 3600_000),
});

export function resolveBusOptions(options: BusOptions = {}): ResolvedBusOptions {
  const { clock = systemClock, ids, metrics, logger, ...rest } = options;
  const v = assertValid(optionsSchema, rest, 'bus options');
  return {
    maxDeliveries: v.maxDeliveries,
    visibilityTimeoutMs: v.visibilityTimeoutMs,
    maxMessageBytes: v.maxMessageBytes,
    signingSecret: v.signingSecret,
    dedupeTtlMs: v.dedupeTtlMs,
    clock,
    ids: ids ?? createIds(() => clock.now()),
    metrics,
    logger: logger ?? silentLogger,
  };
}

export interface NormalizedSubscription {
  pattern: string;
  group: string;
  consumer: string;
  concurrency: number;
  handler: BusHandler;
}

const subscribeSchema = z.object({
  pattern: z.string().max(200).regex(PATTERN_REGEX, 'must be a topic or pattern (a.b, a.*, a.#, *, #)'),
  group: z.string().max(200).regex(GROUP_REGEX, 'must be letters, digits, _, - and dots').optional(),
  consumer: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^\s]+$/, 'must not contain spaces')
    .optional(),
  concurrency: z.int().min(1).max(10_000).optional(),
  handler: z.custom<BusHandler>((h) => typeof h === 'function', 'must be a function'),
});

/** Validates subscribe() arguments (VALIDATION naming the field) and fills defaults. */
export function normalizeSubscribe(
  options: SubscribeOptions,
  defaultConsumer: string,
): NormalizedSubscription {
  const v = assertValid(subscribeSchema, options, 'subscription');
  // A pattern is not a valid group name when it holds wildcards; derive one that is.
  const group = v.group ?? v.pattern.replace(/\*/g, 'star').replace(/#/g, 'hash');
  return {
    pattern: v.pattern,
    group,
    consumer: v.consumer ?? defaultConsumer,
    concurrency: v.concurrency ?? 1,
    handler: v.handler,
  };
}

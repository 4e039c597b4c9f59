// The Redis side of the Streams bus: key names, connection options that fail fast instead of
// queueing, typed script calls, and driver errors translated to PlatformError at the edge.
import { Redis, type RedisOptions } from 'ioredis';
import { PlatformError, isPlatformError } from '../errors.js';
import { type BusScriptName, busScripts } from './redis-scripts.js';

export class BusKeys {
  readonly prefix: string;
  readonly registry: string;
  readonly stats: string;
  readonly dlq: string;
  readonly audit: string;
  /** Consumer heartbeats: member `<group> <consumer>`, score = when it lapses (Redis time, ms). */
  readonly consumers: string;
  /** The Redis client id of the connection each consumer's heartbeat comes from. */
  readonly consumerClients: string;

  constructor(prefix: string) {
    this.prefix = prefix.endsWith(':') ? prefix : `${prefix}:`;
    this.registry = `${this.prefix}groups`;
    this.stats = `${this.prefix}stats`;
    this.dlq = `${this.prefix}dlq`;
    this.audit = `${this.prefix}dlq:audit`;
    this.consumers = `${this.prefix}consumers`;
    this.consumerClients = `${this.prefix}consumers:client`;
  }

  /** The group's streams, priority 5 first. */
  streams(group: string): string[] {
    return [5, 4, 3, 2, 1].map((p) => `${this.prefix}g:${group}:p${p}`);
  }

  mark(group: string, key: string): string {
    return `${this.prefix}idem:${group}:${key}`;
  }
}

export interface RedisConnectionOptions {
  connectTimeoutMs: number;
  /** Per-command limit; blocking reads add their block time. */
  commandTimeoutMs: number;
}

/**
 * A connection that rejects at once while Redis is away (no offline queue, no per-request retry)
 * and reconnects in the background forever, backing off up to 1 s.
 */
export function createRedisConnection(
  url: string,
  options: RedisConnectionOptions,
  extra: Partial<RedisOptions> = {},
): Redis {
  return new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: options.connectTimeoutMs,
    commandTimeout: options.commandTimeoutMs,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 5), 1000),
    scripts: busScripts,
    ...extra,
  });
}

/** Runs a bus script by name (defined on every connection through the `scripts` option). */
export function runScript(
  redis: Redis,
  name: BusScriptName,
  keys: string[],
  args: Array<string | number>,
): Promise<unknown> {
  const fn = (redis as unknown as Record<BusScriptName, (...a: Array<string | number>) => Promise<unknown>>)[
    name
  ];
  return fn.call(redis, ...keys, ...args);
}

/** Redis reply errors (the server answered) vs everything else (it did not: UNAVAILABLE). */
export function toBusError(err: unknown, what: string): PlatformError {
  if (isPlatformError(err)) return err as PlatformError;
  const e = err as { name?: string; message?: string };
  const message = e?.message ?? String(err);
  if (e?.name === 'ReplyError')
    return new PlatformError('INTERNAL', `Redis refused ${what}: ${message}`, { cause: err });
  return new PlatformError('UNAVAILABLE', `Redis is unavailable (${what}): ${message}`, {
    cause: err,
    details: { backend: 'redis' },
  });
}

export function isNoGroupError(err: unknown): boolean {
  return /NOGROUP/.test((err as { message?: string })?.message ?? '');
}

/** Waits until the connection is ready or `timeoutMs` passed; never rejects. */
export async function waitReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return true;
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on('ready', onReady);
  });
}

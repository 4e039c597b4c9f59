// The dead-letter queue of the Redis Streams bus: the `<prefix>dlq` stream (ids are stream entry
// ids), with retry and discard as Lua scripts and operator actions kept in `<prefix>dlq:audit`.
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import { PlatformError } from '../errors.js';
import type { Logger } from '../components/observability/logger.js';
import type { BusMessage, DeadLetter, DeadLetterQueue } from './bus.js';
import type { ListOptions } from './dead-letter-filter.js';
import { matchesDeadLetter, pageLimit } from './dead-letter-filter.js';
import type { BusKeys } from './redis-client.js';
import { runScript, toBusError } from './redis-client.js';

const STREAM_ID = /^\d{1,20}-\d{1,20}$/;
type RawEntry = [string, string[]];

function toDeadLetter([id, flat]: RawEntry): DeadLetter {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
  let message: BusMessage;
  try {
    message = JSON.parse(f.m ?? '') as BusMessage;
  } catch {
    // An unparseable message was dead-lettered as `invalid-message`; keep its raw text visible.
    message = { id: '', topic: '', payload: f.m ?? '', priority: 3, headers: {}, publishedAt: 0 };
  }
  let errors: DeadLetter['errors'] = [];
  try {
    errors = JSON.parse(f.e ?? '[]') as DeadLetter['errors'];
  } catch {
    errors = [];
  }
  return {
    id,
    message,
    group: f.g ?? '',
    reason: f.r ?? '',
    deliveries: Number(f.d ?? 0),
    errors,
    deadAt: Number(f.t ?? 0),
  };
}

export class RedisDeadLetterQueue implements DeadLetterQueue {
  constructor(
    private readonly redis: Redis,
    private readonly keys: BusKeys,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async list(options: ListOptions = {}): Promise<{ items: DeadLetter[]; nextCursor?: string }> {
    const limit = pageLimit(options.limit);
    if (options.cursor !== undefined && !STREAM_ID.test(options.cursor)) {
      throw new PlatformError('BAD_REQUEST', 'Malformed dead-letter cursor', {
        details: { field: 'cursor' },
      });
    }
    const items: DeadLetter[] = [];
    let start = options.cursor === undefined ? '-' : `(${options.cursor}`;
    // Scan in id order until one more match than the page holds is found (that proves a next page).
    for (;;) {
      const batch = (await this.call('list', () =>
        this.redis.xrange(this.keys.dlq, start, '+', 'COUNT', 500),
      )) as RawEntry[];
      for (const raw of batch) {
        const d = toDeadLetter(raw);
        if (
          (options.group === undefined || d.group === options.group) &&
          (options.reason === undefined || d.reason === options.reason)
        )
          items.push(d);
        if (items.length > limit) break;
      }
      if (items.length > limit || batch.length < 500) break;
      start = `(${batch[batch.length - 1]![0]}`;
    }
    if (items.length > limit) {
      const page = items.slice(0, limit);
      return { items: page, nextCursor: page[page.length - 1]!.id };
    }
    return { items };
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    if (!STREAM_ID.test(id)) return undefined;
    const r = (await this.call('get', () => this.redis.xrange(this.keys.dlq, id, id))) as RawEntry[];
    return r[0] ? toDeadLetter(r[0]) : undefined;
  }

  async retry(id: string): Promise<void> {
    const done =
      STREAM_ID.test(id) &&
      (await this.call('retry', () =>
        runScript(
          this.redis,
          'busDlqRetry',
          [this.keys.dlq, this.keys.audit],
          [this.keys.prefix, id, this.clock.now()],
        ),
      )) === 1;
    if (!done) throw new PlatformError('NOT_FOUND', `Dead letter ${id} not found`, { details: { id } });
  }

  async retryMatching(pattern: RegExp | string): Promise<number> {
    const matches = matchesDeadLetter(pattern);
    let retried = 0;
    let start = '-';
    for (;;) {
      const batch = (await this.call('retry', () =>
        this.redis.xrange(this.keys.dlq, start, '+', 'COUNT', 500),
      )) as RawEntry[];
      for (const raw of batch) {
        if (!matches(toDeadLetter(raw))) continue;
        const ok = await this.call('retry', () =>
          runScript(
            this.redis,
            'busDlqRetry',
            [this.keys.dlq, this.keys.audit],
            [this.keys.prefix, raw[0], this.clock.now()],
          ),
        );
        if (ok === 1) retried++;
      }
      if (batch.length < 500) return retried;
      start = `(${batch[batch.length - 1]![0]}`;
    }
  }

  async discard(id: string, reason: string): Promise<void> {
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new PlatformError('VALIDATION', 'A discard needs a reason', { details: { field: 'reason' } });
    }
    const done =
      STREAM_ID.test(id) &&
      (await this.call('discard', () =>
        runScript(
          this.redis,
          'busDlqDiscard',
          [this.keys.dlq, this.keys.audit],
          [id, reason, this.clock.now()],
        ),
      )) === 1;
    if (!done) throw new PlatformError('NOT_FOUND', `Dead letter ${id} not found`, { details: { id } });
    this.logger.info({ id, reason }, 'bus dead letter discarded');
  }

  async count(): Promise<number> {
    return (await this.call('count', () => this.redis.xlen(this.keys.dlq))) as number;
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (this.redis.status !== 'ready')
      throw new PlatformError('UNAVAILABLE', `Redis is unavailable (dlq ${what})`, {
        details: { backend: 'redis' },
      });
    try {
      return await fn();
    } catch (err) {
      throw toBusError(err, `dlq ${what}`);
    }
  }
}

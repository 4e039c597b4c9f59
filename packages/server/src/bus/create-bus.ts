// Builds the configured bus: Redis Streams when `bus.redisUrl` is set, else the in-process bus,
// durable through the store's outbox when `bus.durable` is on and a store is given.
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Ids } from '../ids.js';
import type { Logger } from '../components/observability/logger.js';
import type { Metrics } from '../components/observability/metrics.js';
import type { Store } from '../store/store.js';
import type { Bus } from './bus.js';
import type { BusOptions } from './bus-options.js';
import { MemoryBus } from './memory-bus.js';
import { RedisStreamsBus } from './redis-streams-bus.js';

export interface CreateBusDeps {
  store?: Store | undefined;
  clock?: Clock | undefined;
  ids?: Ids | undefined;
  metrics?: Metrics | undefined;
  logger?: Logger | undefined;
}

/**
 * The bus `config` selects. A Redis bus is returned even when Redis is down (publishes then fail
 * with UNAVAILABLE and consumers wait for it); the durable in-process bus re-queues what the
 * previous run left pending before it returns.
 */
export async function createBus(config: Pick<Config, 'bus'>, deps: CreateBusDeps = {}): Promise<Bus> {
  const b = config.bus;
  const options: BusOptions = {
    maxDeliveries: b.maxDeliveries,
    visibilityTimeoutMs: b.visibilityTimeoutMs,
    maxMessageBytes: b.maxMessageBytes,
    signingSecret: b.signingSecret,
    metrics: deps.metrics,
    logger: deps.logger,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.ids ? { ids: deps.ids } : {}),
  };
  if (b.redisUrl)
    return RedisStreamsBus.connect({
      ...options,
      url: b.redisUrl,
      prefix: b.streamPrefix,
      heartbeatMs: b.heartbeatMs,
      heartbeatTimeoutMs: b.heartbeatTimeoutMs,
    });
  if (b.durable && deps.store) return MemoryBus.open({ ...options, outbox: deps.store.busOutbox });
  return new MemoryBus(options);
}

// createPlatform(config): the one composition root. It builds every adapter from validated config
// (SQLite or PostgreSQL store, in-process or Redis bus), wires the features and serves HTTP.
// Roles: `all` (embedded, one process), `api` (HTTP only), `worker` (consumers, engine, agents).
import { createApp, type PlatformApp } from './api/app.js';
import { registerHealthRoutes, type HealthCheck } from './api/routes/health.js';
import { registerMetricsRoute } from './api/routes/metrics.js';
import { registerStaticWeb } from './api/static-web.js';
import { createBus } from './bus/create-bus.js';
import type { Bus } from './bus/bus.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { createIds, type Ids } from './ids.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { createStoreFromConfig } from './store/create-store.js';
import type { Store } from './store/store.js';

export const PLATFORM_VERSION = '0.1.0';

export interface PlatformDeps {
  clock?: Clock;
  ids?: Ids;
  logger?: Logger;
  metrics?: Metrics;
  /** Directory of the built web UI; defaults to packages/web/dist. */
  webRoot?: string;
}

export interface Platform {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly store: Store;
  readonly bus: Bus;
  readonly app: PlatformApp;
  /** Starts background work for the role and, unless role is `worker`, listens on HTTP. */
  start(): Promise<{ url?: string }>;
  /** Stops HTTP, background work, bus and store, in that order. */
  stop(): Promise<void>;
}

/** Hooks that features register to take part in start/stop. */
export interface Lifecycle {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function createPlatform(config: Config, deps: PlatformDeps = {}): Promise<Platform> {
  const startedAt = Date.now();
  const logger = deps.logger ?? createLogger({ level: config.log.level });
  const metrics = deps.metrics ?? createMetrics({ defaultMetrics: true });
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? createIds(() => clock.now());

  const store = await createStoreFromConfig(config);
  const workers: Lifecycle[] = [];
  let bus: Bus | undefined;
  try {
    await store.migrate();
    bus = await createBus(config, { store, clock, metrics, logger });
    const app = await createApp({
      logger,
      metrics,
      bodyLimitBytes: config.http.bodyLimitBytes,
      corsOrigins: config.http.corsOrigins,
      version: PLATFORM_VERSION,
    });
    const b = bus;
    const checks: HealthCheck[] = [
      { name: 'store', ping: () => store.ping() },
      { name: 'bus', ping: () => b.ping() },
    ];
    registerHealthRoutes(app, checks, { role: config.role, version: PLATFORM_VERSION, startedAt });
    registerMetricsRoute(app, metrics, async () => {
      const stats = await b.stats();
      for (const g of stats.groups) {
        metrics.busQueueDepth.set({ group: g.group }, g.depth);
        metrics.busConsumerLag.set({ group: g.group }, g.lagMs / 1000);
      }
    });

    if (config.role !== 'worker') await registerStaticWeb(app, deps.webRoot);

    let listening = false;
    return {
      config,
      logger,
      metrics,
      clock,
      ids,
      store,
      bus: b,
      app,
      async start() {
        if (config.role !== 'api') for (const w of workers) await w.start();
        if (config.role === 'worker') {
          await app.ready();
          return {};
        }
        const address = await app.listen({ host: config.http.host, port: config.http.port });
        listening = true;
        return { url: config.http.publicUrl ?? address };
      },
      async stop() {
        if (listening) await app.close();
        else await app.close().catch(() => undefined);
        for (const w of [...workers].reverse()) await w.stop().catch((err: unknown) => logger.error({ err }, 'worker stop failed'));
        await b.close();
        await store.close();
      },
    };
  } catch (err) {
    await bus?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw err;
  }
}

// createPlatform(config): the one composition root. It builds every adapter from validated config
// (SQLite or PostgreSQL store, in-process or Redis bus), wires the features and serves HTTP.
// Roles: `all` (embedded, one process), `api` (HTTP only), `worker` (consumers, engine, agents).
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { loadAgentSpecs } from './assets/agent-spec-files.js';
import { readReferenceWorkflows } from './assets/reference-workflow-files.js';
import { createTokenService } from './components/security/token-service.js';
import { createSmtpTransport } from './mail/smtp-transport.js';
import { wowVisionRepoFromConfig } from './repo-hosts/wowvision-repo-from-config.js';
import { defaultCatalogue } from './marketplace/catalogue/default-catalogue.js';
import { createOutboxMailer, createSmtpMailer } from './marketplace/mail/store-mailer.js';
import { createApp, type PlatformApp } from './api/app.js';
import { registerHealthRoutes, type HealthCheck } from './api/routes/health.js';
import { registerMetricsRoute } from './api/routes/metrics.js';
import { registerOpsRoutes } from './api/routes/ops.js';
import { registerWorkflowRoutes } from './api/routes/workflows.js';
import { registerStaticWeb } from './api/static-web.js';
import { registerInputRoutes } from './api/routes/inputs.js';
import { createGuardedUrlFetcher } from './inputs/guarded-url-fetcher.js';
import type { UrlFetcher } from './inputs/url-fetcher.js';
import { createAgentProtocol, type AgentProtocol } from './agents/protocol/agent-protocol.js';
import { createAgentRuntime, type AgentRuntime } from './runtime/agent-runtime.js';
import { createSkillServiceTask, SKILL_TASK_TYPE } from './workflows/skill-service-task.js';
import { createWorkforceFromConfig } from './agents/workforce/create-workforce-from-config.js';
import type { Workforce } from './agents/workforce/workforce.js';
import { registerGithubWebhook } from './api/webhooks/github-webhook-route.js';
import { createWowVisionService, type WowVisionService } from './agents/wowvision/wowvision-service.js';
import { createBus } from './bus/create-bus.js';
import type { Bus } from './bus/bus.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { Engine } from './engine/engine.js';
import type { JsonValue } from './errors.js';
import { createIds, type Ids } from './ids.js';
import { createLogger, type Logger } from './components/observability/logger.js';
import { createModelProviders } from './models/create-model-providers.js';
import type { ModelProvider } from './models/model-provider.js';
import { createMetrics, type Metrics } from './components/observability/metrics.js';
import { createKillSwitch } from './components/kill-switch/kill-switch.js';
import { registerReferenceWorkflows } from './workflows/register-reference-workflows.js';
import { createMarketplace, type Marketplace } from './marketplace/create-marketplace.js';
import { registerMarketplaceRoutes } from './api/routes/marketplace-routes.js';
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
  /** Fetches web pages for forms; defaults to public addresses only (tests allow their loopback server). */
  urlFetcher?: UrlFetcher;
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
  readonly marketplace: Marketplace;
  readonly protocol: AgentProtocol;
  readonly models: ModelProvider;
  readonly engine: Engine;
  readonly runtime: AgentRuntime;
  readonly workforce: Workforce;
  readonly wowvision: WowVisionService;
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

    const specs = loadAgentSpecs();
    const marketplace = await createMarketplace({
      store,
      bus: b,
      clock,
      ids,
      config,
      logger,
      catalogue: defaultCatalogue({ currency: config.currency, specs }),
      tokens: createTokenService({
        // Without a configured secret, tokens are signed with a per-process key and die with the process.
        secret: config.auth.jwtSecret ?? randomBytes(32).toString('hex'),
        clock,
        issuer: 'waooaw',
        audience: 'waooaw-api',
        ttlSeconds: config.auth.accessTokenTtlSeconds,
      }),
      mailer: config.mail.smtpUrl
        ? createSmtpMailer(store, ids, {
            transport: createSmtpTransport(config.mail.smtpUrl),
            from: config.mail.from,
          })
        : createOutboxMailer(store, ids),
    });
    const requestAuth = await registerMarketplaceRoutes(app, marketplace.services, { clock });
    await registerInputRoutes(app, { fetcher: deps.urlFetcher ?? createGuardedUrlFetcher() });
    workers.push(marketplace);

    const models = createModelProviders(config.models.providers, { clock });
    const runtime = createAgentRuntime({
      store,
      bus: b,
      clock,
      ids,
      models,
      metrics,
      logger,
      killSwitch: createKillSwitch(config),
      ...(config.bus.redisUrl ? { redisUrl: config.bus.redisUrl } : {}),
    });
    // The workforce registers the 19 agents' definitions, so it is built before the runtime starts.
    const { workforce } = createWorkforceFromConfig({
      runtime,
      store,
      bus: b,
      clock,
      ids,
      logger,
      marketplace: marketplace.services,
      specs,
    });
    workers.push(runtime);
    workers.push(workforce);

    const protocol = createAgentProtocol({
      store,
      bus: b,
      clock,
      ids,
      logger,
      audit: async (e) => {
        await runtime.audit.append({
          actor: e.actor,
          action: e.action,
          resource: e.target,
          result: 'success',
          details: e.details as Record<string, JsonValue>,
        });
      },
    });
    workers.push({ start: () => protocol.start(), stop: () => protocol.stop() });

    const wowvision = createWowVisionService({
      repo: wowVisionRepoFromConfig(config),
      store,
      bus: b,
      clock,
      ids,
      logger,
    });
    if (config.github.webhookSecret)
      registerGithubWebhook(app, { secret: config.github.webhookSecret, bus: b, store });
    workers.push(wowvision);

    // Workers run workflow steps and timers; API processes deploy, start and inspect.
    const engine = new Engine({
      store: store.engine,
      bus: b,
      clock,
      ids,
      leaseMs: config.engine.leaseMs,
      pollIntervalMs: config.engine.pollIntervalMs,
      ...(config.engine.workerId ? { workerId: config.engine.workerId } : {}),
      onError: (err, context) => logger.error({ err, context }, 'workflow engine error'),
    });
    engine.registerHandler(
      SKILL_TASK_TYPE,
      createSkillServiceTask({ store, clock, workerId: engine.workerId }),
    );
    // Deploys the reference workflows (idempotent) and their handlers; before workers start, because the
    // marketplace hands open trials to the trial workflow when it starts.
    const referenceWorkflows = await registerReferenceWorkflows({
      engine,
      definitions: await readReferenceWorkflows(),
      marketplace,
      wowvision,
      runtime,
      workforce,
      store,
      bus: b,
      clock,
      ids,
      logger,
    });
    workers.push({ start: () => engine.open(), stop: () => engine.close() });
    workers.push({ start: () => referenceWorkflows.start(), stop: () => referenceWorkflows.stop() });

    const requireOperator = async (request: FastifyRequest) => {
      await requestAuth.resolve(request);
      return requestAuth.role(request, ['operator', 'admin']);
    };
    registerOpsRoutes(app, { bus: b, protocol, wowvision, requireOperator });
    registerWorkflowRoutes(app, { engine, requireOperator });

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
      marketplace,
      protocol,
      models,
      engine,
      runtime,
      workforce,
      wowvision,
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
        for (const w of [...workers].reverse())
          await w.stop().catch((err: unknown) => logger.error({ err }, 'worker stop failed'));
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

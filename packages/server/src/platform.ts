// createPlatform(config): the one composition root. It builds every adapter from validated config
// (SQLite or PostgreSQL store, in-process or Redis bus), wires the features, serves HTTP and stops
// gracefully (drain). Roles: `all` (embedded, one process), `api` (HTTP only), `worker` (consumers,
// engine, agents).
import type { FastifyRequest } from 'fastify';
import { loadAgentSpecs } from './assets/agent-spec-files.js';
import { readReferenceWorkflows } from './assets/reference-workflow-files.js';
import { createApiKeyService } from './components/security/api-keys.js';
import { createInstanceTenants } from './marketplace/jobs/instance-tenants.js';
import { createTokenService } from './components/security/token-service.js';
import { createSigningKeyRing } from './components/security/secrets-signing-keys.js';
import { registerJwksRoutes } from './api/routes/jwks.js';
import { createMailerFromConfig } from './mail/mailer-from-config.js';
import { wowVisionRepoFromConfig } from './repo-hosts/wowvision-repo-from-config.js';
import { defaultCatalogue } from './marketplace/catalogue/default-catalogue.js';
import { createApp, type PlatformApp } from './api/app.js';
import { registerHealthRoutes, type HealthCheck } from './api/routes/health.js';
import { registerMetricsRoute } from './api/routes/metrics.js';
import { listenMetrics, type ProbeServer } from './api/probe-server.js';
import { registerOpsRoutes } from './api/routes/ops.js';
import { registerOpsOverviewRoute } from './api/routes/ops-overview.js';
import { registerWorkflowRoutes } from './api/routes/workflows.js';
import { connectSharedCounters } from './api/rate-limits.js';
import { RequestAuth } from './api/request-auth.js';
import { registerStaticWeb } from './api/static-web.js';
import { registerInputRoutes } from './api/routes/inputs.js';
import { createGuardedUrlFetcher } from './inputs/guarded-url-fetcher.js';
import type { UrlFetcher } from './inputs/url-fetcher.js';
import { createAgentProtocol, type AgentProtocol } from './agents/protocol/agent-protocol.js';
import {
  PROTOCOL_ESCALATION_SOURCE,
  openPendingProtocolEscalations,
  protocolEscalationItem,
  protocolEscalationSource,
} from './agents/protocol/protocol-inbox-source.js';
import { createInboxWorker } from './marketplace/inbox/inbox-worker.js';
import { runtimeEscalationItem } from './marketplace/inbox/sources/runtime-escalation-source.js';
import { createAgentRuntime, type AgentRuntime } from './runtime/agent-runtime.js';
import { createSkillServiceTask, SKILL_TASK_TYPE } from './workflows/skill-service-task.js';
import { SkillRunner } from './runtime/skill-runner.js';
import { BudgetManager } from './components/budgets/budget-manager.js';
import { createWorkforceFromConfig } from './agents/workforce/create-workforce-from-config.js';
import type { Workforce } from './agents/workforce/workforce.js';
import {
  watchWorkOrderTasks,
  workforceAgentSkills,
  workforceTaskRunner,
} from './agents/workforce/work-order-bridge.js';
import { createWorkOrders, type WorkOrders } from './marketplace/work/create-work-orders.js';
import { TASK_BUDGET_SOURCE } from './marketplace/work/budget-policy.js';
import { taskBudgetSource } from './marketplace/inbox/sources/task-budget-source.js';
import { registerWorkRoutes } from './api/routes/work-routes.js';
import { parseUpload } from './inputs/uploaded-file.js';
import { skillRegistry } from './skills/registry.js';
import { registerGithubWebhook } from './api/webhooks/github-webhook-route.js';
import { createWowVisionService, type WowVisionService } from './agents/wowvision/wowvision-service.js';
import { createBus } from './bus/create-bus.js';
import type { Bus } from './bus/bus.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { Engine } from './engine/engine.js';
import { createTrialTimeline } from './workflows/trial/trial-timeline.js';
import { createHireTimeline } from './workflows/hire/hire-workflow.js';
import type { JsonValue } from './errors.js';
import { createIds, type Ids } from './ids.js';
import { createLogger, type Logger } from './components/observability/logger.js';
import { createEmbeddings, createModelProviders } from './models/create-model-providers.js';
import type { EmbeddingProvider } from './models/embedding-provider.js';
import type { ModelProvider } from './models/model-provider.js';
import { createMetrics, recordBreakerState, type Metrics } from './components/observability/metrics.js';
import { startTracing, type Tracing } from './components/observability/tracing-sdk.js';
import { instrumentModelProvider } from './models/instrumented-model-provider.js';
import { CoalescingModelProvider } from './models/coalescing-model-provider.js';
import type { InstanceStatus } from './engine/instance-state.js';
import { createKillSwitch } from './components/kill-switch/kill-switch.js';
import { RedisCacheLevel, connectCacheRedisClient } from './components/cache/redis-cache-level.js';
import { StoreCacheLevel } from './components/cache/store-cache-level.js';
import type { AuditLog } from './components/security/audit-log.js';
import { resolveSecretReferences } from './components/security/secret-references.js';
import type { Secrets } from './components/security/secrets.js';
import {
  createSecurityFromConfig,
  pendingMasterKeyFile,
} from './components/security/security-from-config.js';
import { HttpAudit } from './api/http-audit.js';
import { registerSecurityRoutes } from './api/routes/security-routes.js';
import { registerOperationsRoutes } from './api/routes/operations-routes.js';
import { costPriceTable } from './models/cost-price-table.js';
import { registerCostRoutes } from './api/routes/cost-routes.js';
import { createCosts } from './marketplace/costs/create-costs.js';
import { bootstrapAdmin } from './marketplace/accounts/bootstrap-admin.js';
import { registerReferenceWorkflows } from './workflows/register-reference-workflows.js';
import { createMarketplace, type Marketplace } from './marketplace/create-marketplace.js';
import { registerMarketplaceRoutes } from './api/routes/marketplace-routes.js';
import { registerJobRoutes } from './api/routes/jobs.js';
import { createJobPeers } from './agents/jobs/job-peers.js';
import { createRequestRouter } from './agents/jobs/request-router.js';
import { directoryInstances, finishedJobTask, storedJobTasks } from './marketplace/jobs/work-order-ports.js';
import { createJobService, type JobService } from './marketplace/jobs/job-service.js';
import { createStoreFromConfig, migrateFromConfig } from './store/create-store.js';
import { parseJsonBody } from './api/json-body.js';
import { registerWorkTriggerRoutes } from './api/routes/work-triggers.js';
import { createWorkTriggers } from './marketplace/work/triggers/create-work-triggers.js';
import type { InstanceLookup, TaskCreator } from './marketplace/work/work-ports.js';
import type { Store } from './store/store.js';

export const PLATFORM_VERSION = '0.1.0';

/** Every workflow instance state, so each has a series (0 included) on /metrics. */
const WORKFLOW_STATES = Object.keys({
  active: 0,
  waiting: 0,
  suspended: 0,
  completed: 0,
  failed: 0,
  cancelled: 0,
  compensated: 0,
} satisfies Record<InstanceStatus, 0>);

export interface PlatformDeps {
  clock?: Clock;
  ids?: Ids;
  logger?: Logger;
  metrics?: Metrics;
  /** Directory of the built web UI; defaults to packages/web/dist. */
  webRoot?: string;
  /** Fetches web pages for forms; defaults to public addresses only (tests allow their loopback server). */
  urlFetcher?: UrlFetcher;
  /**
   * The ports of work orders (decision 0047) that schedules and inbound webhooks create tasks and find
   * instances through; the platform's own instance directory and task service by default.
   */
  work?: { instances: InstanceLookup; tasks: TaskCreator };
  /** The model provider instead of the configured chain (tests that need priced model calls). */
  models?: ModelProvider;
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
  /** Embeddings, micro-batched per tenant and model (`models.batchWaitMs`, `models.batchMaxSize`). */
  readonly embeddings: EmbeddingProvider;
  readonly engine: Engine;
  /** Multi-agent jobs (campaigns, routed requests): the inbox answers their approvals through it. */
  readonly jobs: JobService;
  readonly runtime: AgentRuntime;
  readonly workforce: Workforce;
  /** Work orders: instances, tasks and files (issue 13). */
  readonly workOrders: WorkOrders;
  readonly wowvision: WowVisionService;
  /** The signed, hash-chained audit trail. */
  readonly audit: AuditLog;
  /** Tenant and platform secrets, encrypted at rest. */
  readonly secrets: Secrets;
  /** True from the start of `stop()`: readiness answers 503 (status `draining`). */
  readonly draining: boolean;
  /**
   * Starts background work for the role and, unless role is `worker`, listens on HTTP; with
   * `metrics.port` set, /metrics listens there (`metricsUrl`) instead of on the HTTP port.
   */
  start(): Promise<{ url?: string; metricsUrl?: string }>;
  /**
   * Graceful stop (drain), then closing. Readiness turns false; HTTP takes no new connections and
   * finishes the requests in flight; bus consumers and the workflow engine take no more work; what
   * runs gets `drainTimeoutMs` (default `config.drainTimeoutMs`) to finish. What still runs then is
   * handed back: its bus messages go to other consumers at once, its workforce claims are released
   * and its workflow leases given back, so other processes resume it without waiting for a timeout.
   * Then background work, bus and store close. A second call returns the first one's promise.
   */
  stop(options?: { drainTimeoutMs?: number }): Promise<void>;
}

/** Hooks that features register to take part in start/stop. */
export interface Lifecycle {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function createPlatform(loaded: Config, deps: PlatformDeps = {}): Promise<Platform> {
  const startedAt = Date.now();
  const logger = deps.logger ?? createLogger({ level: loaded.log.level });
  const metrics = deps.metrics ?? createMetrics({ defaultMetrics: true });
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? createIds(() => clock.now());
  // Registered before anything creates spans; without an endpoint the API stays a no-op.
  const tracing: Tracing | undefined = loaded.telemetry.otlpEndpoint
    ? startTracing({
        endpoint: loaded.telemetry.otlpEndpoint,
        serviceName: loaded.telemetry.serviceName,
        serviceVersion: PLATFORM_VERSION,
        exportTimeoutMs: loaded.telemetry.exportTimeoutMs,
        attributes: { 'waooaw.role': loaded.role },
        logger,
      })
    : undefined;

  const store = await createStoreFromConfig(loaded).catch(async (err: unknown) => {
    await tracing?.shutdown();
    throw err;
  });
  const workers: Lifecycle[] = [];
  let bus: Bus | undefined;
  let closeCache: (() => void) | undefined;
  let counters: Awaited<ReturnType<typeof connectSharedCounters>> | undefined;
  try {
    await migrateFromConfig(loaded, store);
    // Keys outside the database: the audit trail's signing key and anchor, the secrets' master key.
    const security = createSecurityFromConfig(loaded, { store, clock, logger });
    await security.secrets.checkMasterKey().catch((err: unknown) => {
      const pending = pendingMasterKeyFile(security.masterKey);
      if (pending) logger.error(`an interrupted master-key rotation left the new key in ${pending}`);
      throw err;
    });
    await security.audit.importLegacy();
    const audit = security.audit;
    // Settings given as `secret:<name>` are read from the secrets store (each read audited).
    const config = await resolveSecretReferences(loaded, security.secrets);
    bus = await createBus(config, { store, clock, metrics, logger });
    const b = bus;
    let draining = false;
    const specs = loadAgentSpecs();
    // Kept in the secrets store: every process on this database, and every restart, shares them.
    const signingKeys = createSigningKeyRing(config, security.secrets, clock);
    if (config.auth.jwtSecret)
      logger.warn(
        'WAOOAW_JWT_SECRET is no longer used: access tokens are signed with keys kept in the secrets store',
      );
    // One identity for this process's workflow leases and workforce claims (shows the split across workers).
    const workerId = config.engine.workerId ?? ids.next('worker');
    // Workers run workflow steps and timers; API processes deploy, start and inspect.
    const engine = new Engine({
      store: store.engine,
      bus: b,
      clock,
      ids,
      leaseMs: config.engine.leaseMs,
      pollIntervalMs: config.engine.pollIntervalMs,
      metrics,
      workerId,
      onError: (err, context) => logger.error({ err, context }, 'workflow engine error'),
    });
    // Trials' and hires' deadlines are the engine's durable timers, handed to their services at construction.
    const trialTimeline = createTrialTimeline({ engine, store });
    const mailer = createMailerFromConfig(config, store, ids, logger);
    // The one skill runner (decision 0076): trials' and workflows' skill runs go through the runtime,
    // charged to the agent instance, the tenant and the workflow run, with a receipt. The runtime is
    // built after the marketplace (its escalations open inbox items), so the runner reaches it through
    // this closure, first called when a skill runs — after construction.
    const skills = new SkillRunner({
      runtime: { runSkill: (request) => runtime.runSkill(request) },
      budgets: new BudgetManager({ store, clock, ids, bus: b }),
      runDefault: config.costs.runBudget,
    });
    const marketplace = await createMarketplace({
      skills,
      timelines: { trials: trialTimeline, hires: createHireTimeline({ engine }) },
      store,
      bus: b,
      clock,
      ids,
      config,
      logger,
      catalogue: defaultCatalogue({ currency: config.currency, specs }),
      tokens: createTokenService({
        keys: signingKeys,
        clock,
        issuer: 'waooaw',
        audience: 'waooaw-api',
        ttlSeconds: config.auth.accessTokenTtlSeconds,
      }),
      mailer,
    });
    // The HTTP edge: callers resolved from their token before the rate limiter keys on them.
    const requestAuth = new RequestAuth(marketplace.services.accounts);
    // Job workers' API keys (decision 0032): resolved at the edge, so they have a rate-limit bucket of their own.
    const apiKeys = createApiKeyService({ documents: store.documents, clock });
    requestAuth.acceptApiKeys(apiKeys);
    const httpAudit = new HttpAudit(audit, requestAuth, logger);
    // On Redis, every API process counts against the same rate limits.
    counters =
      config.bus.redisUrl && config.role !== 'worker'
        ? await connectSharedCounters(config.bus.redisUrl, config.bus.streamPrefix)
        : undefined;
    const shared = counters;
    if (shared) workers.push({ start: async () => undefined, stop: () => shared.close() });
    const app = await createApp({
      logger,
      metrics,
      bodyLimitBytes: config.http.bodyLimitBytes,
      corsOrigins: config.http.corsOrigins,
      version: PLATFORM_VERSION,
      trustedProxies: config.http.trustedProxies,
      jsonMaxDepth: config.http.jsonMaxDepth,
      auth: requestAuth,
      rateLimits: { ratePerMinute: marketplace.services.limits.ratePerMinute, ...config.http.rateLimit },
      ...(shared ? { sharedCounters: shared } : {}),
    });
    // Before any route registers, so every route family's staff writes and refusals are recorded.
    httpAudit.register(app);
    const checks: HealthCheck[] = [
      { name: 'store', ping: () => store.ping() },
      { name: 'bus', ping: () => b.ping() },
    ];
    const healthInfo = {
      role: config.role,
      version: PLATFORM_VERSION,
      startedAt,
      isDraining: () => draining,
    };
    registerHealthRoutes(app, checks, healthInfo);
    const metricsRoute = {
      token: config.metrics.token,
      // Gauges read from the shared store and bus, so any API process reports the whole platform.
      beforeScrape: async () => {
        const stats = await b.stats();
        for (const g of stats.groups) {
          metrics.busQueueDepth.set({ group: g.group }, g.depth);
          metrics.busConsumerLag.set({ group: g.group }, g.lagMs / 1000);
        }
        const counts = await store.engine.instances.countByState();
        for (const state of WORKFLOW_STATES) metrics.workflowInstances.set({ state }, counts[state] ?? 0);
      },
    };
    if (config.metrics.port === undefined) registerMetricsRoute(app, metrics, metricsRoute);
    if (config.env === 'production' && !config.metrics.token && config.metrics.port === undefined)
      logger.warn('/metrics is open on the HTTP port: set WAOOAW_METRICS_TOKEN or WAOOAW_METRICS_PORT');
    await registerMarketplaceRoutes(app, marketplace.services, {
      clock,
      auth: requestAuth,
      audit: httpAudit,
    });
    await registerSecurityRoutes(app, {
      auth: requestAuth,
      audit: httpAudit,
      secrets: security.secrets,
      signingKeys,
      apiKeys,
      tenantExists: async (id) => (await store.tenants.get(id)) !== undefined,
    });
    registerJwksRoutes(app, signingKeys);
    await registerOperationsRoutes(app, {
      auth: requestAuth,
      audit: httpAudit,
      staff: marketplace.services.staff,
      dataRights: marketplace.services.dataRights,
      admin: marketplace.services.admin,
    });
    await bootstrapAdmin(config, { staff: marketplace.services.staff, audit, logger });
    await registerInputRoutes(app, { fetcher: deps.urlFetcher ?? createGuardedUrlFetcher() });
    workers.push(marketplace);

    // One price table (decision 0068): providers price calls and the runtime reserves budgets with it.
    const prices = costPriceTable(config.costs);
    const chain = createModelProviders(config.models.providers, {
      clock,
      prices,
      chain: {
        onEvent: (e) => {
          if (e.type === 'breaker') recordBreakerState(metrics, `provider:${e.provider}`, e.state);
        },
      },
    });
    for (const p of chain.health()) recordBreakerState(metrics, `provider:${p.provider}`, p.state);
    // Coalescing sits above the instrumentation, so metrics count the calls that reached a provider.
    const models = new CoalescingModelProvider(instrumentModelProvider(deps.models ?? chain, metrics), {
      mode: config.models.coalesce,
      onCoalesced: (provider) => metrics.modelCoalesced.inc({ provider }),
    });
    const embeddings = createEmbeddings(config.models.providers, {
      clock,
      prices,
      batchWaitMs: config.models.batchWaitMs,
      batchMaxSize: config.models.batchMaxSize,
    });
    // The runtime's shared cache level lives on the bus's Redis (keys under the bus prefix); the
    // client is closed after the runtime stopped and flushed its cache writes.
    const cacheRedis = config.bus.redisUrl ? await connectCacheRedisClient(config.bus.redisUrl) : undefined;
    const cachePrefix = `${config.bus.streamPrefix.replace(/:$/, '')}:cache:`;
    closeCache = () => cacheRedis?.disconnect();
    workers.push({ start: async () => undefined, stop: async () => closeCache?.() });
    const inbox = marketplace.services.inbox;
    // Money budgets, spend and alerts (decision 0068): the runtime meters with the same price table.
    const costs = createCosts({ store, bus: b, clock, ids, logger, inbox, mailer, prices, config });
    await registerCostRoutes(app, { auth: requestAuth, audit: httpAudit, costs: costs.service });
    workers.push(costs.worker);
    const runtime = createAgentRuntime({
      onEscalation: async (e) => void (await inbox.open(runtimeEscalationItem(e))),
      store,
      bus: b,
      clock,
      ids,
      models,
      metrics,
      logger,
      audit,
      killSwitch: createKillSwitch(config),
      prices,
      warmPool: {
        maxInstances: config.runtime.warmInstances,
        revalidateAfterMs: config.runtime.warmRevalidateMs,
      },
      ...(config.costs.tenantMonthlyBudget === undefined
        ? {}
        : { tenantBudget: { money: config.costs.tenantMonthlyBudget, period: 'month' as const } }),
      cacheLevels: {
        ...(cacheRedis ? { l2: new RedisCacheLevel(cacheRedis, cachePrefix) } : {}),
        l3: new StoreCacheLevel(store, 'runtime'),
      },
    });
    // The workforce registers the 19 agents' definitions, so it is built before the runtime starts.
    const { workforce, coordinators } = createWorkforceFromConfig({
      runtime,
      store,
      bus: b,
      clock,
      ids,
      logger,
      marketplace: marketplace.services,
      specs,
      options: { workerId, costCurrency: config.costs.currency },
    });
    workers.push(runtime);
    workers.push(workforce);
    // Work orders (issue 13): the tenant's instances, tasks on its own input and files, over the workforce.
    const workOrders = createWorkOrders({
      store,
      clock,
      ids,
      logger,
      skills: workforceAgentSkills(workforce, skillRegistry),
      runner: workforceTaskRunner(workforce),
      agentName: (id) => marketplace.services.catalogue.find(id)?.name ?? id,
      graceMs: marketplace.services.limits.graceHours * 3_600_000,
      parseFile: parseUpload,
      inbox,
    });
    await registerWorkRoutes(app, { auth: requestAuth, ...workOrders });
    workers.push(workOrders);
    {
      // Schedules and inbound webhooks create tasks through the work-order ports (tests may pass others).
      const work = deps.work ?? { instances: workOrders.instances, tasks: workOrders.tasks };
      const triggers = createWorkTriggers({
        ...work,
        store,
        secrets: security.secrets,
        clock,
        ids,
        logger,
        metrics,
        parseJson: parseJsonBody,
        jsonMaxDepth: config.http.jsonMaxDepth,
        ...(config.http.publicUrl === undefined ? {} : { publicUrl: config.http.publicUrl }),
      });
      await registerWorkTriggerRoutes(app, { auth: requestAuth, ...triggers });
      workers.push(triggers.worker);
    }

    const protocol = createAgentProtocol({
      onEscalation: async (i) => void (await inbox.open(protocolEscalationItem(i))),
      store,
      bus: b,
      clock,
      ids,
      logger,
      audit: async (e) => {
        await audit.append({
          actor: e.actor,
          action: e.action,
          resource: e.target,
          result: 'success',
          details: e.details as Record<string, JsonValue>,
        });
      },
    });
    workers.push({ start: () => protocol.start(), stop: () => protocol.stop() });
    const jobPeers = createJobPeers({ store, protocol, clock });

    const wowvision = createWowVisionService({
      repo: wowVisionRepoFromConfig(config),
      store,
      bus: b,
      clock,
      ids,
      logger,
    });
    if (config.github.webhookSecret)
      registerGithubWebhook(app, {
        secret: config.github.webhookSecret,
        bus: b,
        store,
        jsonMaxDepth: config.http.jsonMaxDepth,
      });
    workers.push(wowvision);

    engine.registerHandler(
      SKILL_TASK_TYPE,
      createSkillServiceTask({ store, clock, workerId: engine.workerId, skills }),
    );
    // Deploys the reference workflows (idempotent) and their handlers; before workers start, because the
    // marketplace hands open trials to the trial workflow when it starts.
    const referenceWorkflows = await registerReferenceWorkflows({
      engine,
      definitions: await readReferenceWorkflows(),
      marketplace,
      trialTimeline,
      wowvision,
      runtime,
      workforce,
      store,
      bus: b,
      clock,
      ids,
      logger,
      campaignPeers: jobPeers,
      skills,
    });
    workers.push({ start: () => engine.open(), stop: () => engine.close() });
    const jobs = createJobService({
      store,
      engine,
      instances: directoryInstances(store, workOrders.instances),
      tasks: workOrders.tasks,
      taskReader: storedJobTasks(store),
      router: createRequestRouter(coordinators),
      leadHandoffs: jobPeers,
      clock,
      ids,
    });
    await registerJobRoutes(app, { jobs, auth: requestAuth });
    // Task rows follow their runs; a job hears when one of its tasks has run.
    watchWorkOrderTasks(workforce, {
      starting: (tenantId, taskId) => workOrders.tasks.starting(tenantId, taskId),
      settled: async (tenantId, taskId) => {
        await workOrders.tasks.settled(tenantId, taskId);
        // A deliverable waiting for approval: its inbox item learns the task, so MODIFY revises it.
        const task = await store.workTasks.get(taskId, { tenantId });
        if (task?.data.status === 'awaiting-approval' && task.data.inboxItemId)
          await inbox.attachTask(task.data.inboxItemId, { taskId, ...task.data });
        const finished = await finishedJobTask(store, tenantId, taskId, task?.data);
        if (finished) await jobs.taskFinished(finished);
      },
    });
    workers.push({ start: () => referenceWorkflows.start(), stop: () => referenceWorkflows.stop() });
    // The one inbox: user tasks, runtime and protocol escalations join the approvals as its sources.
    inbox.registerSource(PROTOCOL_ESCALATION_SOURCE, protocolEscalationSource(protocol));
    // MODIFY sends a task's work back as a revision task.
    inbox.useRevisions(workOrders.tasks);
    // A task the spent budget stopped: approve runs it again, reject leaves it stopped.
    inbox.registerSource(TASK_BUDGET_SOURCE, taskBudgetSource(workOrders.tasks));
    const { escalations } = runtime;
    const catchUp = [() => openPendingProtocolEscalations(protocol, inbox)];
    const stopAgent = (agentId: string, by: string) => runtime.pause(agentId, by);
    workers.push(
      createInboxWorker({ inbox, store, bus: b, clock, logger, engine, escalations, stopAgent, catchUp }),
    );

    const requireOperator = async (request: FastifyRequest) =>
      requestAuth.role(request, ['operator', 'admin']);
    registerOpsRoutes(app, { bus: b, inbox, wowvision, requireOperator, audit: httpAudit });
    registerOpsOverviewRoute(app, {
      checks,
      info: healthInfo,
      bus: b,
      metrics,
      instances: store.engine.instances,
      requireOperator,
    });
    const instanceTenants = createInstanceTenants({
      store,
      instance: (id) => store.engine.instances.get(id),
    });
    registerWorkflowRoutes(app, {
      engine,
      requireOperator,
      apiKeys: {
        principal: (request) => requestAuth.apiKey(request),
        failure: (request) => requestAuth.apiKeyFailure(request),
        mayWork: (tenantId, instanceId) => instanceTenants.mayWork(tenantId, instanceId),
      },
    });

    if (config.role !== 'worker') await registerStaticWeb(app, deps.webRoot);

    let listening = false;
    let metricsServer: ProbeServer | undefined;
    let stopping: Promise<void> | undefined;
    const drainAndStop = async (graceMs: number): Promise<void> => {
      draining = true;
      const began = Date.now();
      logger.info({ graceMs }, 'draining: readiness is false, no new work is taken');
      // Just before the bus hands back what still runs, the workforce stops recording those runs.
      const abandon = setTimeout(
        () => void workforce.abandonRunning().catch(() => 0),
        Math.max(0, graceMs - Math.min(50, graceMs / 10)),
      );
      await Promise.all([
        closeHttp(app, listening, graceMs),
        b.drain({ graceMs }),
        engine.close({ graceMs }),
      ]);
      clearTimeout(abandon);
      const released = await workforce.abandonRunning().catch(() => 0);
      logger.info({ ms: Date.now() - began, releasedClaims: released }, 'drained');
      for (const w of [...workers].reverse())
        await w.stop().catch((err: unknown) => logger.error({ err }, 'worker stop failed'));
      // The trail's head, signed and anchored outside the database, as the last word of this process.
      await audit.checkpoint().catch((err: unknown) => logger.error({ err }, 'audit checkpoint failed'));
      await b.close();
      await store.close();
      await metricsServer?.close();
      await tracing?.shutdown().catch((err: unknown) => logger.warn({ err }, 'trace export on stop failed'));
    };
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
      embeddings,
      engine,
      jobs,
      runtime,
      workforce,
      workOrders,
      wowvision,
      audit,
      secrets: security.secrets,
      get draining() {
        return draining;
      },
      async start() {
        if (config.metrics.port !== undefined)
          metricsServer = await listenMetrics({
            host: config.metrics.host ?? config.http.host,
            port: config.metrics.port,
            logger,
            metrics,
            route: metricsRoute,
          });
        const served = metricsServer ? { metricsUrl: `${metricsServer.url}/metrics` } : {};
        if (config.role !== 'api') for (const w of workers) await w.start();
        if (config.role === 'worker') {
          await app.ready();
          return served;
        }
        const address = await app.listen({ host: config.http.host, port: config.http.port });
        listening = true;
        return { url: config.http.publicUrl ?? address, ...served };
      },
      stop(options = {}) {
        stopping ??= drainAndStop(options.drainTimeoutMs ?? config.drainTimeoutMs);
        return stopping;
      },
    };
  } catch (err) {
    closeCache?.();
    await counters?.close();
    await bus?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    await tracing?.shutdown().catch(() => undefined);
    throw err;
  }
}

/** Stops taking connections and finishes the requests in flight; connections still open after `graceMs` are cut. */
async function closeHttp(app: PlatformApp, listening: boolean, graceMs: number): Promise<void> {
  if (!listening) {
    await app.close().catch(() => undefined);
    return;
  }
  const cut = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(cut);
  }
}

// The agent runtime: one facade that wires the decision tiers, budgets, cache, resilience, state,
// escalations, deliverables and wake machinery, so the workforce registers agent types and hires
// instances, and the platform starts and stops it. Agents wake on events (bus or `dispatch`),
// cron, thresholds, handoffs and on demand; they also run as workflow service tasks.
import type { Bus, BusMessage, Subscription } from '../bus/bus.js';
import type { Clock, TimerHandle } from '../clock.js';
import { PlatformError, toPlatformError, type JsonValue } from '../errors.js';
import type { Ids } from '../ids.js';
import type { ModelProvider } from '../models/model-provider.js';
import { defaultPriceTable, type PriceTable } from '../models/pricing.js';
import { silentLogger, type Logger } from '../components/observability/logger.js';
import type { Metrics } from '../components/observability/metrics.js';
import { BudgetManager, budgetScope } from '../components/budgets/budget-manager.js';
import { FairShareQueue } from '../components/budgets/fair-share-queue.js';
import { SlidingWindowRateLimiter } from '../components/budgets/rate-limiter.js';
import { CacheHierarchy } from '../components/cache/cache-hierarchy.js';
import { RedisCacheLevel, createCacheRedisClient } from '../components/cache/redis-cache-level.js';
import { StoreCacheLevel } from '../components/cache/store-cache-level.js';
import { costBreakdown, type CostBreakdown } from '../components/cost/cost-breakdown.js';
import { createKillSwitch, type KillSwitch } from '../components/kill-switch/kill-switch.js';
import { createStoreDeadLetterSink } from '../components/resilience/dead-letter-sink.js';
import {
  createResiliencePolicy,
  type BreakerOptions,
  type ResiliencePolicy,
} from '../components/resilience/resilience-policy.js';
import { AuditLog } from '../components/security/audit-log.js';
import { StateManager } from '../components/state/state-manager.js';
import type { Store } from '../store/store.js';
import type { AgentBudget, AgentDefinition, AgentInstance, WakeInfo } from './agent-definition.js';
import { buildDailyReport, type DailyReport } from './daily-report.js';
import type { DecisionReceipt, DecisionRequest } from './decision.js';
import { DecisionEngine } from './decision-engine.js';
import { DecisionMemory } from './decision-memory.js';
import { DeliverableService, type DeliverableSummary } from './deliverables.js';
import { EscalationService } from './escalations.js';
import { HealthTracker, type HealthReport } from './health.js';
import { isWakeable, transition, type LifecycleAction } from './lifecycle.js';
import {
  createPersonality,
  displayName,
  isWithinWorkingHours,
  type PersonalityInput,
} from './personality.js';
import { INSTANCES, type InstanceRuntime, type RegisteredAgent, type RuntimeCore } from './runtime-core.js';
import { executeServiceTask, type ServiceTaskInput, type ServiceTaskResult } from './service-task.js';
import { defineSpecialisation, type Specialisation } from './specialisation.js';
import { runWakeCycle, type WakeReport } from './wake-cycle.js';
import { WakePolicy, triggerName, type AgentEvent, type WakeDecision } from './wake-policy.js';
import { WakeScheduler, type ScheduledWake } from './wake-scheduler.js';
import { WorkQueue, type AgentHandoff, type AgentTask } from './work-queue.js';

export interface AgentRuntimeOptions {
  store: Store;
  clock: Clock;
  ids: Ids;
  /** Events in (subscriptions on `start`) and notifications out (escalations, budget alerts). */
  bus?: Bus;
  /** The decision model (usually a ProviderChain ending in the offline provider). */
  models?: ModelProvider;
  metrics?: Metrics;
  logger?: Logger;
  /** Enables the Redis cache level (L2); the runtime owns and closes that client. */
  redisUrl?: string;
  killSwitch?: KillSwitch;
  /** Prices for budget reservations; defaults to the built-in table. */
  prices?: PriceTable;
  /** L1 capacity (default 10 000 entries). */
  cacheEntries?: number;
  /** Model calls in flight at once, shared by priority under contention (default 8). */
  modelConcurrency?: number;
  /**
   * Bus events handled at once per subscription (default 32). Wakes of one instance still run one
   * after another; this lets different instances wake side by side.
   */
  eventConcurrency?: number;
  /**
   * Deadline per model call, passed to the provider as the request's `timeoutMs` (every provider
   * enforces it on its own clock); the provider's default (30 s for the HTTP adapters) when absent.
   */
  modelTimeoutMs?: number;
  /** Breaker around the model tier (default: open after 5 consecutive failures for 60 s). */
  modelBreaker?: BreakerOptions;
  /** Unsettled reservations are returned after this long (default 5 minutes). */
  reservationTtlMs?: number;
}

export interface HireInput {
  agentType: string;
  tenantId?: string | null;
  personality?: PersonalityInput;
  /** A chosen id (e.g. `wowvision-prime`); generated when absent. CONFLICT when taken. */
  instanceId?: string;
  /** Overrides the type's default budget for this instance. */
  budget?: AgentBudget;
  /** Who hired it, for the audit trail (default `system`). */
  by?: string;
}

export interface DispatchResult {
  instanceId: string;
  decision: WakeDecision;
  report?: WakeReport;
  error?: { code: string; message: string };
}

export interface AgentRuntime {
  /** Adds an agent type. CONFLICT when the type is already registered. */
  register(definition: AgentDefinition): Specialisation;
  /** Types registered so far. */
  agentTypes(): string[];
  /** Hires an instance: stored, created → active, budget and rate limit applied, schedules armed. */
  hire(input: HireInput): Promise<AgentInstance>;
  /** NOT_FOUND when unknown. */
  get(instanceId: string): AgentInstance;
  list(filter?: { agentType?: string; tenantId?: string | null }): AgentInstance[];
  pause(instanceId: string, by?: string): Promise<AgentInstance>;
  resume(instanceId: string, by?: string): Promise<AgentInstance>;
  retire(instanceId: string, by?: string): Promise<AgentInstance>;
  health(instanceId: string): Promise<HealthReport>;
  /** Offers an event to every instance of the event's tenant; those whose triggers say so wake. */
  dispatch(event: AgentEvent): Promise<DispatchResult[]>;
  /** Wakes an instance now (on demand). CONFLICT when it is paused, retired or not started. */
  wake(instanceId: string, reason?: string): Promise<WakeReport>;
  decide(instanceId: string, request: DecisionRequest): Promise<DecisionReceipt>;
  executeAsServiceTask(instanceId: string, input: ServiceTaskInput): Promise<ServiceTaskResult>;
  enqueueTask(instanceId: string, type: string, input?: JsonValue, key?: string): Promise<AgentTask>;
  handoff(
    fromInstanceId: string,
    toInstanceId: string,
    payload: JsonValue,
    kind?: AgentHandoff['kind'],
  ): Promise<AgentHandoff>;
  dailyReport(instanceId: string, date: string): Promise<DailyReport>;
  /** Builds the report and stores it as a `daily-report` deliverable (Markdown). */
  publishDailyReport(
    instanceId: string,
    date: string,
  ): Promise<{ report: DailyReport; deliverable: DeliverableSummary }>;
  costBreakdown(options: {
    agentId?: string;
    tenantId?: string;
    from: number;
    to: number;
  }): Promise<CostBreakdown>;
  readonly escalations: EscalationService;
  readonly deliverables: DeliverableService;
  readonly budgets: BudgetManager;
  readonly rateLimiter: SlidingWindowRateLimiter;
  readonly cache: CacheHierarchy;
  readonly states: StateManager;
  readonly audit: AuditLog;
  readonly killSwitch: KillSwitch;
  readonly modelPolicy: ResiliencePolicy;
  /** Loads stored instances, arms schedules, subscribes to the bus, starts the reservation sweeper. */
  start(): Promise<void>;
  /** Cancels timers and subscriptions, waits for running wake cycles, closes the Redis client. */
  stop(): Promise<void>;
}

/** Bus message → agent event: tenant from the `tenant-id` header or `payload.tenantId`. */
export function eventFromMessage(message: BusMessage): AgentEvent {
  const payload = message.payload;
  const fromPayload =
    payload && typeof payload === 'object' && !Array.isArray(payload) && typeof payload.tenantId === 'string'
      ? payload.tenantId
      : undefined;
  const target = message.headers['target-instance'];
  return {
    type: message.topic,
    payload,
    tenantId: message.headers['tenant-id'] ?? fromPayload ?? null,
    id: message.id,
    at: message.publishedAt,
    ...(target ? { targetInstanceId: target } : {}),
  };
}

export function createAgentRuntime(options: AgentRuntimeOptions): AgentRuntime {
  const { store, clock, ids, bus, models } = options;
  const logger = options.logger ?? silentLogger;
  const killSwitch = options.killSwitch ?? createKillSwitch();
  const prices = options.prices ?? defaultPriceTable;
  const redis = options.redisUrl ? createCacheRedisClient(options.redisUrl) : undefined;

  const cache = new CacheHierarchy({
    clock,
    l1MaxEntries: options.cacheEntries ?? 10_000,
    ...(redis ? { l2: new RedisCacheLevel(redis, 'waooaw:cache:') } : {}),
    l3: new StoreCacheLevel(store, 'runtime'),
    killSwitch,
    onLevelError: (level, err) =>
      logger.warn({ err, level }, 'cache level unavailable; skipping it for a while'),
  });
  const budgets = new BudgetManager({
    store,
    clock,
    ids,
    killSwitch,
    ...(bus ? { bus } : {}),
    ...(options.reservationTtlMs === undefined ? {} : { reservationTtlMs: options.reservationTtlMs }),
  });
  const rateLimiter = new SlidingWindowRateLimiter({ clock, killSwitch });
  const fairShare = new FairShareQueue({ capacity: options.modelConcurrency ?? 8 });
  const modelPolicy = createResiliencePolicy({
    name: 'model',
    retry: false,
    breaker: options.modelBreaker ?? { kind: 'consecutive', threshold: 5, halfOpenAfterMs: 60_000 },
    clock,
    killSwitch,
    deadLetters: createStoreDeadLetterSink({ store, clock, ids }),
  });
  const states = new StateManager({ store, clock });
  const audit = new AuditLog({ store, clock });
  const work = new WorkQueue({ store, clock, ids });
  const deliverables = new DeliverableService({ store, clock, ids });
  const memory = new DecisionMemory({ store, clock });

  const agents = new Map<string, RegisteredAgent>();
  const instances = new Map<string, AgentInstance>();
  const runtimes = new Map<string, InstanceRuntime>();
  const subscriptions: Subscription[] = [];
  let started = false;
  let sweeper: TimerHandle | undefined;

  const escalations = new EscalationService({
    store,
    clock,
    ids,
    ...(bus ? { bus } : {}),
    onCreated: async (e) => {
      const inst = instances.get(e.agentId);
      if (inst?.lifecycle === 'sleeping') await changeLifecycle(inst, 'escalate', e.agentId);
    },
    onAnswered: async (e) => {
      const inst = instances.get(e.agentId);
      if (inst?.lifecycle === 'escalated' && (await escalations.countPending(inst.id)) === 0)
        await changeLifecycle(inst, 'resolve', e.answer?.by ?? 'human');
      await audit.append({
        actor: e.answer?.by ?? 'human',
        action: `escalation.${e.status}`,
        resource: `escalation:${e.id}`,
        result: 'success',
        tenantId: e.tenantId,
      });
    },
  });

  const engine = new DecisionEngine({
    store,
    clock,
    ids,
    ...(models ? { models } : {}),
    prices,
    cache,
    memory,
    budgets,
    rateLimiter,
    fairShare,
    modelPolicy,
    ...(options.modelTimeoutMs === undefined ? {} : { modelTimeoutMs: options.modelTimeoutMs }),
    escalate: (input) => escalations.create(input),
    killSwitch,
    ...(bus ? { bus } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    logger,
  });

  const scheduler = new WakeScheduler({
    clock,
    onWake: (w) => onScheduledWake(w),
    onError: (err, w) => logger.warn({ err, wake: w }, 'scheduled wake failed'),
  });

  const core: RuntimeCore = {
    store,
    clock,
    ids,
    logger,
    ...(bus ? { bus } : {}),
    ...(models ? { models } : {}),
    engine,
    budgets,
    states,
    escalations,
    deliverables,
    work,
    scheduleWake(instanceId, info) {
      if (!instances.has(instanceId)) return;
      void enqueueWake(instanceId, info).catch((err: unknown) =>
        logger.warn({ err, instanceId }, 'wake after handoff failed'),
      );
    },
  };

  function agentOf(instance: AgentInstance): RegisteredAgent {
    const agent = agents.get(instance.agentType);
    if (!agent)
      throw new PlatformError('NOT_FOUND', `Agent type ${instance.agentType} is not registered`, {
        details: { agentType: instance.agentType },
      });
    return agent;
  }

  function get(instanceId: string): AgentInstance {
    const inst = instances.get(instanceId);
    if (!inst)
      throw new PlatformError('NOT_FOUND', `Agent instance ${instanceId} does not exist`, {
        details: { instanceId },
      });
    return inst;
  }

  function runtimeOf(instance: AgentInstance): InstanceRuntime {
    let rt = runtimes.get(instance.id);
    if (!rt) {
      rt = {
        policy: new WakePolicy(agentOf(instance).definition.triggers ?? []),
        health: new HealthTracker(),
        queue: Promise.resolve(),
      };
      runtimes.set(instance.id, rt);
    }
    return rt;
  }

  async function persist(instance: AgentInstance): Promise<void> {
    instance.updatedAt = clock.now();
    await store.documents.update(INSTANCES, instance.id, instance);
  }

  async function changeLifecycle(
    instance: AgentInstance,
    action: LifecycleAction,
    by: string,
  ): Promise<AgentInstance> {
    const from = instance.lifecycle;
    instance.lifecycle = transition(instance.lifecycle, action);
    await persist(instance);
    await audit.append({
      actor: by,
      action: `agent.${action}`,
      resource: `agent:${instance.id}`,
      result: 'success',
      tenantId: instance.tenantId,
      details: { from, to: instance.lifecycle },
    });
    if (!isWakeable(instance.lifecycle)) scheduler.cancel(instance.id);
    else if (from === 'paused' || from === 'created') armSchedules(instance);
    return instance;
  }

  function armSchedules(instance: AgentInstance): void {
    if (!started || !isWakeable(instance.lifecycle)) return;
    const triggers = agentOf(instance).definition.triggers ?? [];
    triggers.forEach((t, i) => {
      if (t.kind === 'cron')
        scheduler.scheduleCron(instance.id, triggerName(t, i), {
          schedule: t.schedule,
          ...(t.timezone === undefined ? {} : { timezone: t.timezone }),
        });
    });
  }

  function applyLimits(
    instance: AgentInstance,
    budget: AgentBudget | undefined,
  ): Promise<unknown> | undefined {
    if (budget?.requestsPerMinute !== undefined)
      rateLimiter.setLimit(budgetScope.agent(instance.id), budget.requestsPerMinute);
    if (budget?.tokensPerDay === undefined && budget?.moneyPerDay === undefined) return undefined;
    return budgets.define(budgetScope.agent(instance.id), {
      tokens: budget.tokensPerDay ?? null,
      money: budget.moneyPerDay ?? null,
      period: 'day',
      tenantId: instance.tenantId,
    });
  }

  /** Runs a wake cycle after any cycle already running for the instance. */
  function enqueueWake(instanceId: string, info: WakeInfo): Promise<WakeReport> {
    const instance = get(instanceId);
    const rt = runtimeOf(instance);
    const run = rt.queue.then(async () => {
      if (!started)
        throw new PlatformError('CONFLICT', 'The agent runtime is not started', { details: { instanceId } });
      if (!isWakeable(instance.lifecycle)) {
        throw new PlatformError(
          'CONFLICT',
          `Agent ${instanceId} is ${instance.lifecycle} and does not wake`,
          { details: { instanceId, state: instance.lifecycle } },
        );
      }
      return runWakeCycle(core, agentOf(instance), instance, rt, info);
    });
    rt.queue = run.catch(() => undefined);
    return run;
  }

  async function onScheduledWake(w: ScheduledWake): Promise<void> {
    const instance = instances.get(w.instanceId);
    if (!instance || !isWakeable(instance.lifecycle)) return;
    const agent = agentOf(instance);
    if (
      agent.definition.respectWorkingHours !== false &&
      !isWithinWorkingHours(instance.personality, clock.now())
    ) {
      logger.debug(
        { instanceId: instance.id, trigger: w.trigger },
        'scheduled wake outside working hours skipped',
      );
      return;
    }
    if (w.kind === 'threshold') {
      const due = runtimeOf(instance).policy.dueThresholds(clock.now());
      if (due.length === 0) return;
      await enqueueWake(instance.id, {
        kind: 'threshold',
        trigger: due[0]!,
        reason: `threshold:${due[0]}:age`,
      });
      return;
    }
    await enqueueWake(instance.id, { kind: 'cron', trigger: w.trigger, reason: `cron:${w.trigger}` });
  }

  async function dispatchTo(candidates: AgentInstance[], event: AgentEvent): Promise<DispatchResult[]> {
    const now = clock.now();
    const tenant = event.tenantId ?? null;
    const work: Array<Promise<DispatchResult>> = [];
    for (const instance of candidates) {
      if (instance.tenantId !== tenant) continue;
      if (event.targetInstanceId !== undefined && event.targetInstanceId !== instance.id) continue;
      if (!isWakeable(instance.lifecycle)) continue;
      const rt = runtimeOf(instance);
      const decision = rt.policy.shouldWake(event, now);
      if (!decision.wake) {
        const due = rt.policy.nextThresholdDue();
        if (due !== undefined && started) scheduler.scheduleThreshold(instance.id, due);
        work.push(Promise.resolve({ instanceId: instance.id, decision }));
        continue;
      }
      const kind = decision.reason.startsWith('threshold:') ? 'threshold' : 'event';
      work.push(
        enqueueWake(instance.id, {
          kind,
          trigger: decision.trigger ?? decision.reason,
          reason: decision.reason,
          event,
        }).then(
          (report) => ({ instanceId: instance.id, decision, report }),
          (err: unknown) => {
            const e = toPlatformError(err);
            return { instanceId: instance.id, decision, error: { code: e.code, message: e.message } };
          },
        ),
      );
    }
    return Promise.all(work);
  }

  async function subscribe(agent: RegisteredAgent): Promise<void> {
    if (!bus) return;
    const patterns = new WakePolicy(agent.definition.triggers ?? []).patterns();
    for (const [i, pattern] of patterns.entries()) {
      subscriptions.push(
        await bus.subscribe({
          pattern,
          group: `runtime.${agent.specialisation.agentType}.p${i}`,
          concurrency: options.eventConcurrency ?? 32,
          handler: async (delivery, ctx) => {
            if (await ctx.isDuplicate()) return;
            const candidates = [...instances.values()].filter(
              (inst) => inst.agentType === agent.specialisation.agentType,
            );
            await dispatchTo(candidates, eventFromMessage(delivery.message));
          },
        }),
      );
    }
  }

  function scheduleSweeper(): void {
    sweeper = clock.setTimeout(() => {
      void budgets
        .expireStale()
        .catch((err: unknown) => logger.warn({ err }, 'expiring stale budget reservations failed'))
        .finally(() => {
          if (started) scheduleSweeper();
        });
    }, 60_000);
  }

  const runtime: AgentRuntime = {
    register(definition) {
      const specialisation =
        'canDo' in definition.specialisation
          ? (definition.specialisation as Specialisation)
          : defineSpecialisation(definition.specialisation);
      if (agents.has(specialisation.agentType)) {
        throw new PlatformError('CONFLICT', `Agent type ${specialisation.agentType} is already registered`, {
          details: { agentType: specialisation.agentType },
        });
      }
      new WakePolicy(definition.triggers ?? []);
      const agent = { definition, specialisation };
      agents.set(specialisation.agentType, agent);
      if (started)
        void subscribe(agent).catch((err: unknown) =>
          logger.error({ err, agentType: specialisation.agentType }, 'bus subscription failed'),
        );
      return specialisation;
    },

    agentTypes: () => [...agents.keys()].sort(),

    async hire(input) {
      const agent = agents.get(input.agentType);
      if (!agent)
        throw new PlatformError('NOT_FOUND', `Agent type ${input.agentType} is not registered`, {
          details: { agentType: input.agentType },
        });
      const personality = createPersonality({ ...agent.definition.personality, ...input.personality });
      const now = clock.now();
      const instance: AgentInstance = {
        id: input.instanceId ?? ids.next('agt'),
        agentType: input.agentType,
        tenantId: input.tenantId ?? null,
        personality,
        lifecycle: 'created',
        wakeCount: 0,
        createdAt: now,
        updatedAt: now,
        lastWakeAt: null,
      };
      if (instances.has(instance.id))
        throw new PlatformError('CONFLICT', `Agent instance ${instance.id} already exists`, {
          details: { instanceId: instance.id },
        });
      // Another process (a second worker) may already have stored this instance: adopt it as `start()`
      // would, so every worker can wake it, instead of failing the hire.
      const stored = input.instanceId
        ? await store.documents.get<AgentInstance>(INSTANCES, instance.id)
        : undefined;
      if (stored) {
        if (stored.data.agentType !== instance.agentType || stored.data.tenantId !== instance.tenantId) {
          throw new PlatformError(
            'CONFLICT',
            `Agent instance ${instance.id} already exists for another agent type or tenant`,
            {
              details: { instanceId: instance.id },
            },
          );
        }
        const adopted: AgentInstance = {
          ...stored.data,
          personality: createPersonality(stored.data.personality),
        };
        instances.set(adopted.id, adopted);
        if (agent.definition.budget?.requestsPerMinute !== undefined)
          rateLimiter.setLimit(budgetScope.agent(adopted.id), agent.definition.budget.requestsPerMinute);
        if (started) armSchedules(adopted);
        return adopted;
      }
      await store.documents.insert({
        collection: INSTANCES,
        id: instance.id,
        tenantId: instance.tenantId,
        data: instance,
      });
      instances.set(instance.id, instance);
      await applyLimits(instance, input.budget ?? agent.definition.budget);
      await audit.append({
        actor: input.by ?? 'system',
        action: 'agent.hire',
        resource: `agent:${instance.id}`,
        result: 'success',
        tenantId: instance.tenantId,
        details: { agentType: instance.agentType },
      });
      return changeLifecycle(instance, 'activate', input.by ?? 'system');
    },

    get,

    list(filter = {}) {
      return [...instances.values()].filter(
        (i) =>
          (filter.agentType === undefined || i.agentType === filter.agentType) &&
          (filter.tenantId === undefined || i.tenantId === filter.tenantId),
      );
    },

    pause: async (id, by = 'system') => changeLifecycle(get(id), 'pause', by),
    resume: async (id, by = 'system') => changeLifecycle(get(id), 'resume', by),
    retire: async (id, by = 'system') => changeLifecycle(get(id), 'retire', by),

    async health(instanceId) {
      const instance = get(instanceId);
      const budget = await budgets.status(budgetScope.agent(instance.id));
      return runtimeOf(instance).health.report({
        lifecycle: instance.lifecycle,
        breaker: modelPolicy.breakerState,
        ...(budget ? { budgetUtilisation: budget.utilisation } : {}),
      });
    },

    async dispatch(event) {
      return dispatchTo([...instances.values()], event);
    },

    async wake(instanceId, reason = 'on demand') {
      return enqueueWake(instanceId, { kind: 'on-demand', trigger: 'on-demand', reason });
    },

    async decide(instanceId, request) {
      const instance = get(instanceId);
      const agent = agentOf(instance);
      return engine.decide(
        {
          agentId: instance.id,
          agentType: instance.agentType,
          role: agent.specialisation.role,
          tenantId: instance.tenantId,
          rules: agent.definition.rules ?? [],
          options: agent.definition.decision ?? {},
        },
        request,
      );
    },

    async executeAsServiceTask(instanceId, input) {
      const instance = get(instanceId);
      return executeServiceTask(core, agentOf(instance), instance, runtimeOf(instance), input);
    },

    async enqueueTask(instanceId, type, input = null, key) {
      const instance = get(instanceId);
      return work.enqueueTask({
        instanceId,
        tenantId: instance.tenantId,
        type,
        input,
        ...(key === undefined ? {} : { key }),
      });
    },

    async handoff(fromInstanceId, toInstanceId, payload, kind = 'task') {
      const from = get(fromInstanceId);
      const to = get(toInstanceId);
      if (from.tenantId !== to.tenantId)
        throw new PlatformError('FORBIDDEN', 'Handoffs cannot cross tenants', {
          details: { fromInstanceId, toInstanceId },
        });
      const h = await work.createHandoff({
        fromInstanceId,
        toInstanceId,
        tenantId: to.tenantId,
        kind,
        payload,
      });
      core.scheduleWake(toInstanceId, {
        kind: 'handoff',
        trigger: 'handoff',
        reason: `handoff ${h.id} from ${fromInstanceId}`,
      });
      return h;
    },

    async dailyReport(instanceId, date) {
      const instance = get(instanceId);
      return buildDailyReport(store, {
        agentId: instance.id,
        displayName: displayName(instance.personality, agentOf(instance).specialisation),
        date,
        currency: prices.currency,
      });
    },

    async publishDailyReport(instanceId, date) {
      const report = await runtime.dailyReport(instanceId, date);
      const instance = get(instanceId);
      const deliverable = await deliverables.create({
        agentId: instance.id,
        tenantId: instance.tenantId,
        type: 'daily-report',
        title: report.title,
        mimeType: 'text/markdown',
        content: report.markdown,
        producedBy: 'deterministic',
        metadata: { date },
      });
      return { report, deliverable };
    },

    costBreakdown: (opts) => costBreakdown(store, opts),

    escalations,
    deliverables,
    budgets,
    rateLimiter,
    cache,
    states,
    audit,
    killSwitch,
    modelPolicy,

    async start() {
      if (started) return;
      started = true;
      let cursor: string | undefined;
      do {
        const page = await store.documents.list<AgentInstance>(INSTANCES, {
          limit: 500,
          ...(cursor === undefined ? {} : { cursor }),
        });
        for (const { data } of page.items) {
          const agent = agents.get(data.agentType);
          if (!agent) {
            logger.warn(
              { instanceId: data.id, agentType: data.agentType },
              'stored instance of an unregistered agent type; not loaded',
            );
            continue;
          }
          if (data.lifecycle === 'retired') continue;
          const instance = instances.get(data.id) ?? {
            ...data,
            personality: createPersonality(data.personality),
          };
          instances.set(instance.id, instance);
          if (agent.definition.budget?.requestsPerMinute !== undefined)
            rateLimiter.setLimit(budgetScope.agent(instance.id), agent.definition.budget.requestsPerMinute);
        }
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      for (const instance of instances.values()) armSchedules(instance);
      for (const agent of agents.values()) await subscribe(agent);
      scheduleSweeper();
    },

    async stop() {
      if (!started) return;
      started = false;
      sweeper?.cancel();
      scheduler.stop();
      await Promise.all(subscriptions.splice(0).map((s) => s.close()));
      await Promise.all([...runtimes.values()].map((rt) => rt.queue));
      await cache.flush();
      redis?.disconnect();
    },
  };
  return runtime;
}

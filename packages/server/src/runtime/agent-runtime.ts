// The agent runtime: a small facade over its pieces — the instance registry (`agent-instances`),
// dispatch of wakes, decisions and tasks (`agent-dispatch`), reports, and the components it owns
// (`runtime-components`). The workforce registers types and hires; the platform starts and stops it.
import type { TimerHandle } from '../clock.js';
import type { AgentDefinition, AgentInstance } from './agent-definition.js';
import { AgentDispatch } from './agent-dispatch.js';
import { AgentInstances, type HireInput } from './agent-instances.js';
import type { DailyReport } from './daily-report.js';
import type { DecisionReceipt, DecisionRequest } from './decision.js';
import { DecisionEngine } from './decision-engine.js';
import { PrivacyGuard } from '../components/privacy/privacy-guard.js';
import { tenantNames } from '../components/privacy/tenant-names.js';
import type { ArtifactStore, ArtifactSummary } from './artifact-store.js';
import { EscalationService } from './escalations.js';
import { InstanceReports } from './instance-reports.js';
import type { RuntimeCore } from './runtime-core.js';
import {
  createRuntimeComponents,
  type AgentRuntimeOptions,
  type RuntimeComponents,
} from './runtime-components.js';
import type { ServiceTaskInput, ServiceTaskResult } from './service-task.js';
import { runSkillInRuntime, type SkillRunOutcome, type SkillRunRequest } from './skill-run.js';
import type { Specialisation } from './specialisation.js';

export type { AgentRuntimeOptions } from './runtime-components.js';
export type { HireInput } from './agent-instances.js';

/** What the platform, the workforce, the workflows and the bench use of the runtime. */
export interface AgentRuntime {
  /** Adds an agent type. CONFLICT when the type is already registered. */
  register(definition: AgentDefinition): Specialisation;
  /** Hires an instance: stored, created → active, budget and rate limit applied, schedules armed. */
  hire(input: HireInput): Promise<AgentInstance>;
  list(filter?: { agentType?: string; tenantId?: string | null }): AgentInstance[];
  pause(instanceId: string, by?: string): Promise<AgentInstance>;
  resume(instanceId: string, by?: string): Promise<AgentInstance>;
  decide(instanceId: string, request: DecisionRequest): Promise<DecisionReceipt>;
  executeAsServiceTask(instanceId: string, input: ServiceTaskInput): Promise<ServiceTaskResult>;
  /** Runs a skill for an agent instance: metered on its agent, tenant and run budgets, with a receipt. */
  runSkill(request: SkillRunRequest): Promise<SkillRunOutcome>;
  /** Builds the day's report and stores it as a `daily-report` deliverable (Markdown). */
  publishDailyReport(
    instanceId: string,
    date: string,
  ): Promise<{ report: DailyReport; deliverable: ArtifactSummary }>;
  readonly artifacts: ArtifactStore;
  /** Escalations to a human, answered through the inbox (answering lets the escalated agent resume). */
  readonly escalations: EscalationService;
  /** Loads stored instances, arms schedules, subscribes to the bus, starts the reservation sweeper. */
  start(): Promise<void>;
  /** Cancels timers and subscriptions, waits for running wake cycles, flushes cache writes. */
  stop(): Promise<void>;
}

/** The runtime and its pieces, for tests and tools that need more than the facade. */
export interface AgentRuntimeParts {
  runtime: AgentRuntime;
  instances: AgentInstances;
  dispatch: AgentDispatch;
  reports: InstanceReports;
  components: RuntimeComponents & { escalations: EscalationService; engine: DecisionEngine };
}

/** Unsettled budget reservations are returned every minute while the runtime runs. */
const SWEEP_EVERY_MS = 60_000;

export function assembleAgentRuntime(options: AgentRuntimeOptions): AgentRuntimeParts {
  const { store, clock, ids, bus, models } = options;
  const c = createRuntimeComponents(options);
  const escalations: EscalationService = new EscalationService({
    store,
    clock,
    ids,
    ...(bus ? { bus } : {}),
    onCreated: async (e) => {
      await instances.escalationRaised(e);
      // The inbox item may be opened later (platform start re-opens pending ones): never fail the decision.
      await options
        .onEscalation?.(e)
        .catch((err: unknown) =>
          c.logger.warn({ err, escalationId: e.id }, 'escalation stored but not posted to the inbox'),
        );
    },
    onAnswered: (e) => instances.escalationAnswered(e, (agentId) => escalations.countPending(agentId)),
  });
  const engine = new DecisionEngine({
    store,
    clock,
    ids,
    ...(models ? { models } : {}),
    prices: c.prices,
    cache: c.cache,
    memory: c.memory,
    budgets: c.budgets,
    rateLimiter: c.rateLimiter,
    fairShare: c.fairShare,
    modelPolicy: c.modelPolicy,
    ...(options.modelTimeoutMs === undefined ? {} : { modelTimeoutMs: options.modelTimeoutMs }),
    escalate: (input) => escalations.create(input),
    killSwitch: c.killSwitch,
    privacy: options.privacy ?? new PrivacyGuard({ names: tenantNames(store) }),
    ...(bus ? { bus } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    logger: c.logger,
  });
  const core: RuntimeCore = {
    store,
    clock,
    ids,
    logger: c.logger,
    ...(bus ? { bus } : {}),
    ...(models ? { models } : {}),
    engine,
    budgets: c.budgets,
    states: c.states,
    escalations,
    artifacts: c.artifacts,
    work: c.work,
    scheduleWake: (instanceId, info) => dispatch.scheduleWake(instanceId, info),
  };
  // The registry tells the dispatcher about registrations and lifecycle moves (schedules, subscriptions).
  const instances: AgentInstances = new AgentInstances({
    store,
    clock,
    ids,
    logger: c.logger,
    audit: c.audit,
    budgets: c.budgets,
    rateLimiter: c.rateLimiter,
    modelPolicy: c.modelPolicy,
    listener: {
      registered: (agent) => dispatch.registered(agent),
      adopted: (instance) => dispatch.adopted(instance),
      changed: (instance, from) => {
        // A paused or retired instance's warm state is dropped; a resumed one starts from the store.
        c.memory.forget(instance.id);
        dispatch.changed(instance, from);
      },
    },
  });
  const dispatch: AgentDispatch = new AgentDispatch({
    core,
    instances,
    eventConcurrency: options.eventConcurrency ?? 32,
  });
  const reports = new InstanceReports({
    store,
    instances,
    artifacts: c.artifacts,
    currency: c.prices.currency,
  });

  let started = false;
  let sweeper: TimerHandle | undefined;
  const sweep = (): void => {
    sweeper = clock.setTimeout(() => {
      void c.budgets
        .expireStale()
        .catch((err: unknown) => c.logger.warn({ err }, 'expiring stale budget reservations failed'))
        .finally(() => {
          if (started) sweep();
        });
    }, SWEEP_EVERY_MS);
  };

  const runtime: AgentRuntime = {
    register: (definition) => instances.register(definition),
    hire: (input) => instances.hire(input),
    list: (filter) => instances.list(filter),
    pause: (instanceId, by) => instances.pause(instanceId, by),
    resume: (instanceId, by) => instances.resume(instanceId, by),
    decide: (instanceId, request) => dispatch.decide(instanceId, request),
    executeAsServiceTask: (instanceId, input) => dispatch.executeAsServiceTask(instanceId, input),
    runSkill: (request) => runSkillInRuntime(core, request),
    publishDailyReport: (instanceId, date) => reports.publishDaily(instanceId, date),
    artifacts: c.artifacts,
    escalations,
    async start() {
      if (started) return;
      started = true;
      await instances.load();
      await dispatch.start();
      sweep();
    },
    async stop() {
      if (!started) return;
      started = false;
      sweeper?.cancel();
      await dispatch.stop();
      await c.cache.flush();
    },
  };
  return { runtime, instances, dispatch, reports, components: { ...c, escalations, engine } };
}

export function createAgentRuntime(options: AgentRuntimeOptions): AgentRuntime {
  return assembleAgentRuntime(options).runtime;
}

// The workforce: the marketplace agents running on the agent runtime. One AgentDefinition per spec;
// every working trial or hire is a runtime instance that wakes on the spec's events and schedules
// and produces checked deliverables into its tenant's dashboard (or approvals inbox); tasks requested
// on the bus are shared by every worker process and run once per task id.
import type { Bus, Subscription } from '../../bus/bus.js';
import type { Clock, TimerHandle } from '../../clock.js';
import { PlatformError, type JsonValue } from '../../errors.js';
import type { Ids } from '../../ids.js';
import { silentLogger, type Logger } from '../../components/observability/logger.js';
import type { Store } from '../../store/store.js';
import type { Coordinators } from '../coordinators/coordinators.js';
import type { ReputationService } from '../reputation/reputation-service.js';
import type { AgentContext, WakeInfo } from '../../runtime/agent-definition.js';
import type { AgentRuntime } from '../../runtime/agent-runtime.js';
import type { AnySkill } from '../../skills/skill.js';
import { topicMatches } from '../../bus/topic-pattern.js';
import type { AgentSpec } from '../specs/agent-spec.js';
import type { AgentPlan } from './agent-plan.js';
import { planFromSpec } from './spec-plan.js';
import { payloadFields } from '../../skills/work-input.js';
import { AssignmentBridge } from './assignment-bridge.js';
import { InstanceRoster, type RosterSyncReport } from './instance-roster.js';
import { definitionFromPlan, workForWake } from './plan-definition.js';
import {
  consumeTasks,
  publishTaskRequest,
  taskWorkKey,
  type ParsedTaskRequest,
  type TaskCompletion,
  type TaskRequest,
} from './task-queue.js';
import { WorkLedger, type WorkRecord } from './work-ledger.js';
import { WorkRunner, type WorkOutcome, type WorkUnit } from './work-runner.js';
import type { WorkforceDeliverableSink, WorkforceInstanceSource } from './workforce-ports.js';

/** A bus topic whose messages hint that the set of working instances changed (a trial started…). */
export interface RosterHint {
  pattern: string;
  /** Deterministic filter on the payload; absent means every message. */
  when?: (payload: JsonValue) => boolean;
}

export interface WorkforceOptions {
  runtime: AgentRuntime;
  /** The agent specs (`loadAgentSpecs()`): one agent type each. */
  specs: readonly AgentSpec[];
  /** The price table's currency: specs budgeting money in it get a daily money budget per instance. */
  costCurrency?: string;
  /** Hand-made plans, added to those of `specs` (tests, experiments). */
  plans?: readonly AgentPlan[];
  /** Skills by id (the skill registry). */
  skills: ReadonlyMap<string, AnySkill>;
  bus: Bus;
  store: Store;
  clock: Clock;
  ids: Ids;
  logger?: Logger;
  /** Which trials and hires are working now. */
  instances: WorkforceInstanceSource;
  /** Where customer-visible deliverables go (the marketplace's dashboard and approvals inbox). */
  deliverableSink: WorkforceDeliverableSink;
  /** Routes cross-domain reactions; their assignments become workforce tasks. Started and stopped with the workforce. */
  coordinators?: Coordinators;
  /** Records every task's outcome (coordinator-routed tasks are recorded by their coordinator). */
  reputation?: ReputationService;
  /** Re-reads the working instances this often (default 60 s; 0 turns it off). */
  syncIntervalMs?: number;
  /** Messages that trigger a re-read at once. */
  rosterHints?: readonly RosterHint[];
  /** Tasks one process runs at once (default 4). */
  taskConcurrency?: number;
  /** A `running` claim older than this is taken over (default 10 min). */
  leaseMs?: number;
  /** This worker process's identity, recorded on the claims it makes. */
  workerId?: string;
}

export interface Workforce {
  /** The registered agent types (spec ids), sorted. */
  readonly agentTypes: readonly string[];
  readonly plans: ReadonlyMap<string, AgentPlan>;
  /**
   * Publishes `workforce.task.requested` (VALIDATION naming the field on bad input). A worker of the
   * `workforce` group runs it once per `taskId` and publishes `workforce.task.completed`.
   */
  requestTask(request: TaskRequest): Promise<{ taskId: string; messageId: string }>;
  /** Runs one unit of work now in this process (idempotent per `workKey`). */
  perform(unit: WorkUnit): Promise<WorkOutcome>;
  /** The ledger record of a tenant's task, once a worker has claimed it. */
  task(tenantId: string, taskId: string): Promise<WorkRecord | undefined>;
  /**
   * Marks a tenant's task as never to run (it was cancelled): a request delivered later, or again,
   * finds it skipped. False when a worker already ran it or runs it now.
   */
  cancelTask(task: CancelledTask): Promise<boolean>;
  /** Re-reads the working instances and hires, resumes or pauses runtime instances to match. */
  sync(): Promise<RosterSyncReport>;
  /** Syncs, joins the task group, bridges coordinator assignments, starts the coordinators. */
  start(): Promise<void>;
  /** Leaves the groups and stops the timers (running work finishes). */
  stop(): Promise<void>;
  /** Tells `listener` as requested tasks start and settle (the work-order task rows follow them). */
  watchTasks(listener: WorkforceTaskListener): void;
  /**
   * Gives back the ledger claims of work still running in this process (a drain's deadline passed):
   * another worker may run it at once and these runs record nothing more. Returns how many.
   */
  abandonRunning(): Promise<number>;
}

/** A cancelled task as the ledger records it. */
export interface CancelledTask {
  tenantId: string;
  taskId: string;
  /** The runtime instance it was requested for. */
  instanceId: string;
  agentId: string;
  skillId: string;
  reason: string;
}

/** Told as requested tasks move; `starting` false skips the task. */
export interface WorkforceTaskListener {
  starting(tenantId: string, taskId: string): Promise<boolean>;
  settled(tenantId: string, taskId: string): Promise<void>;
}

const MEMORY_LIMIT = 16 * 1024;
const memoryKey = (skillId: string) => `lastInput:${skillId}`;

/** Keeps an event's data (when small) for the scheduled runs of the same skill. */
function remember(ctx: AgentContext, skillId: string, data: unknown): void {
  const fields = payloadFields(data);
  if (!fields || Object.keys(fields).length === 0) return;
  const json = JSON.stringify(fields);
  if (json.length <= MEMORY_LIMIT) ctx.memory[memoryKey(skillId)] = JSON.parse(json) as JsonValue;
}

export function createWorkforce(options: WorkforceOptions): Workforce {
  const { runtime, bus, store, clock, ids } = options;
  const logger = options.logger ?? silentLogger;
  const plans = new Map<string, AgentPlan>();
  for (const plan of [
    ...options.specs.map((spec) => planFromSpec(spec, options.costCurrency)),
    ...(options.plans ?? []),
  ]) {
    if (plans.has(plan.agentType))
      throw new PlatformError('CONFIG_INVALID', `agent ${plan.agentType} has two specs`, {
        details: { agentType: plan.agentType },
      });
    plans.set(plan.agentType, plan);
  }
  const skill = (skillId: string): AnySkill => {
    const s = options.skills.get(skillId);
    if (!s) throw new PlatformError('CONFIG_INVALID', `unknown skill "${skillId}"`, { details: { skillId } });
    return s;
  };
  const ledger = new WorkLedger({
    store,
    clock,
    ids,
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    ...(options.workerId === undefined ? {} : { worker: options.workerId }),
  });
  const roster = new InstanceRoster({
    runtime,
    source: options.instances,
    agentTypes: new Set(plans.keys()),
    logger,
  });
  const runner = new WorkRunner({
    runtime,
    source: options.instances,
    sink: options.deliverableSink,
    roster,
    ledger,
    plans,
    skill,
    skills: options.skills,
    clock,
    logger,
  });
  const bridge = options.coordinators
    ? new AssignmentBridge({ bus, coordinators: options.coordinators, roster, logger })
    : undefined;

  async function recordReputation(outcome: WorkOutcome): Promise<void> {
    if (
      !options.reputation ||
      (outcome.status !== 'done' && outcome.status !== 'failed') ||
      outcome.duplicate ||
      !outcome.record
    )
      return;
    const r = outcome.record;
    try {
      await options.reputation.record(r.agentId, {
        kind: 'task',
        success: outcome.status === 'done',
        responseMs: Math.max(0, (r.finishedAt ?? clock.now()) - r.claimedAt),
        key: `workforce:${r.workKey}`,
        at: r.finishedAt ?? clock.now(),
      });
    } catch (err) {
      // The work is done and stored; a missed reputation point is logged, not retried.
      logger.warn({ err, workKey: r.workKey }, 'reputation not recorded');
    }
  }

  async function perform(unit: WorkUnit, coordinated = false): Promise<WorkOutcome> {
    const outcome = await runner.perform(unit);
    if (!coordinated) await recordReputation(outcome);
    return outcome;
  }

  /** Whether a coordinator reaction routes this event to this agent type (it then does the work, once). */
  function routedElsewhere(eventType: string, agentType: string): boolean {
    return (options.coordinators?.reactions ?? []).some(
      (r) => topicMatches(r.event, eventType) && r.targets.some((t) => t.agentId === agentType),
    );
  }

  async function onWake(ctx: AgentContext, wake: WakeInfo): Promise<void> {
    const plan = plans.get(ctx.instance.agentType);
    if (!plan) return;
    for (const unit of workForWake(plan, ctx.instance.id, wake, clock.now(), { routedElsewhere })) {
      // A scheduled run works on the data the last event brought for the skill (e.g. the page to re-audit).
      const remembered = wake.kind === 'cron' ? ctx.memory[memoryKey(unit.skillId)] : undefined;
      const outcome = await perform(remembered === undefined ? unit : { ...unit, data: remembered });
      // The wake cycle records this item as failed, with the error.
      if (outcome.status === 'failed') throw outcome.error;
      if (outcome.status === 'done' && !outcome.duplicate && wake.kind !== 'cron')
        remember(ctx, outcome.record.skillId, unit.data);
    }
  }

  for (const plan of plans.values()) runtime.register(definitionFromPlan(plan, { skill, onWake }));

  const subscriptions: Subscription[] = [];
  let timer: TimerHandle | undefined;
  let started = false;

  function scheduleSync(): void {
    const every = options.syncIntervalMs ?? 60_000;
    if (every <= 0 || !started) return;
    timer = clock.setTimeout(() => {
      void roster
        .sync()
        .catch((err: unknown) => logger.warn({ err }, 'workforce roster sync failed'))
        .finally(scheduleSync);
    }, every);
  }

  const taskListeners: WorkforceTaskListener[] = [];

  async function onTaskCompleted(req: ParsedTaskRequest, completion: TaskCompletion): Promise<void> {
    await bridge?.onCompleted(req, completion);
    for (const l of taskListeners) await l.settled(req.tenantId, req.taskId);
  }

  async function onTaskStarting(req: ParsedTaskRequest): Promise<boolean> {
    for (const l of taskListeners) if (!(await l.starting(req.tenantId, req.taskId))) return false;
    return true;
  }

  return {
    agentTypes: [...plans.keys()].sort(),
    plans,

    async requestTask(request) {
      const message = await publishTaskRequest(bus, request);
      return { taskId: request.taskId, messageId: message.id };
    },

    perform: (unit) => perform(unit),

    task: (tenantId, taskId) => ledger.get(taskWorkKey(tenantId, taskId)),

    cancelTask: (t) =>
      ledger.cancel(
        {
          workKey: taskWorkKey(t.tenantId, t.taskId),
          instanceId: t.instanceId,
          tenantId: t.tenantId,
          agentId: t.agentId,
          skillId: t.skillId,
          source: 'task',
        },
        t.reason,
      ),

    sync: () => roster.sync(),

    async start() {
      if (started) return;
      started = true;
      await roster.sync();
      subscriptions.push(
        await consumeTasks({
          bus,
          perform: (unit) => perform(unit, unit.source.startsWith('coordinator:')),
          logger,
          ...(options.taskConcurrency === undefined ? {} : { concurrency: options.taskConcurrency }),
          onCompleted: onTaskCompleted,
          onStarting: onTaskStarting,
        }),
      );
      for (const [i, hint] of (options.rosterHints ?? []).entries()) {
        subscriptions.push(
          await bus.subscribe({
            pattern: hint.pattern,
            group: `workforce.roster.h${i}`,
            handler: async ({ message }) => {
              if (hint.when && !hint.when(message.payload)) return;
              await roster.sync();
            },
          }),
        );
      }
      if (bridge && options.coordinators) {
        const domains = [...new Set([...plans.values()].map((p) => p.domain))].filter((d) => {
          try {
            options.coordinators!.get(d);
            return true;
          } catch {
            return false;
          }
        });
        subscriptions.push(...(await bridge.start(domains)));
        await options.coordinators.start();
      }
      scheduleSync();
    },

    abandonRunning: () => runner.abandonRunning(),

    watchTasks: (listener) => void taskListeners.push(listener),

    async stop() {
      if (!started) return;
      started = false;
      timer?.cancel();
      await options.coordinators?.stop();
      await Promise.all(subscriptions.splice(0).map((s) => s.close()));
    },
  };
}

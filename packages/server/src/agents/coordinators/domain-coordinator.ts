// A domain coordinator: routes tasks to the agents of one domain by skill, free capacity, reputation
// and id (never a model), queues them when every matching agent is busy, and keeps that state in the
// store so a restart resumes where it stopped. Completing a task frees its slot, records the agent's
// reputation in the same transaction, and places whatever was waiting.
import { z } from 'zod';
import type { Bus, Priority } from '../../bus/bus.js';
import { DEFAULT_PRIORITY } from '../../bus/bus.js';
import type { Clock } from '../../clock.js';
import { isPlatformError, PlatformError, type JsonValue } from '../../errors.js';
import type { Ids } from '../../ids.js';
import { silentLogger, type Logger } from '../../components/observability/logger.js';
import { parseOrThrow } from '../../components/validation/validator.js';
import type { Store } from '../../store/store.js';
import { createKeyLock } from '../reputation/key-lock.js';
import { createReputationService, type ReputationService } from '../reputation/reputation-service.js';
import type { ReputationScore } from '../reputation/reputation-score.js';
import type { CoordinatedAgentSpec } from './coordinated-agent.js';
import {
  cancelTask,
  drainQueue,
  emptyCoordinatorState,
  finishTask,
  loadByInstance,
  locateTask,
  submitTask,
  type Assignment,
  type CoordinatorCounters,
  type CoordinatorStateData,
  type QueuedTask,
  type TaskLocation,
} from './coordinator-state.js';
import { canServe, type RosterInstance } from './routing-rules.js';

export interface DomainCoordinatorOptions {
  domain: string;
  /** Agent specs; the coordinator keeps those of its domain. */
  specs: readonly CoordinatedAgentSpec[];
  store: Store;
  clock: Clock;
  ids: Ids;
  /** Shared reputation service; one over `store` is created when absent. */
  reputation?: ReputationService;
  /** When present, every assignment is announced on `<domain>.task.assigned`. */
  bus?: Pick<Bus, 'publish'>;
  logger?: Logger;
  /** Tasks one instance holds at once: one number for all, or per agent id (default 3). */
  maxConcurrentTasks?: number | Readonly<Record<string, number>>;
  /** Instances per agent id (default 1); instance ids are `<agent>` or `<agent>#<n>`. */
  instances?: Readonly<Record<string, number>>;
  /** When set, the domain must hold exactly this many agents (CONFIG_INVALID otherwise). */
  expectedAgents?: number;
  /** Attempts when another process changed the state meanwhile (default 8). */
  attempts?: number;
}

export const routeTaskSchema = z.object({
  skill: z.string().min(1).max(100),
  /** Idempotency: routing the same id again returns where that task is instead of routing it twice. */
  taskId: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9._:@#/-]+$/, 'letters, digits and . _ : @ # / - only')
    .optional(),
  tenantId: z.string().min(1).max(100).optional(),
  /** 1 (lowest) … 5 (critical), default 3: queued tasks are placed highest priority first. */
  priority: z.int().min(1).max(5).optional(),
  /** Route only to this agent (still subject to skill and capacity). */
  agentId: z.string().min(1).max(100).optional(),
  input: z.json().optional(),
  source: z.string().min(1).max(200).optional(),
});
export type RouteTaskInput = z.input<typeof routeTaskSchema>;

export const taskOutcomeSchema = z.object({
  success: z.boolean(),
  /** Defaults to the time since assignment. */
  responseMs: z.number().min(0).optional(),
  /** A 1–5 star rating of this task's deliverable, recorded with the reputation. */
  rating: z.number().min(1).max(5).optional(),
  ratedBy: z.enum(['customer', 'peer']).optional(),
});
export type TaskOutcomeInput = z.input<typeof taskOutcomeSchema>;

export type RouteResult =
  | { status: 'assigned'; assignment: Assignment; duplicate: boolean }
  | { status: 'queued'; task: QueuedTask; position: number; duplicate: boolean }
  | { status: 'finished'; taskId: string; duplicate: true };

export interface CompleteResult {
  completed: Assignment;
  reputation: ReputationScore;
  /** Queued tasks placed on the freed capacity. */
  started: Assignment[];
}

export interface InstanceCapacity {
  instanceId: string;
  agentId: string;
  max: number;
  inFlight: number;
  free: number;
  routed: number;
  succeeded: number;
  failed: number;
}

export interface CoordinatorSnapshot {
  coordinator: string;
  domain: string;
  /** Store version of the state row (0 before the first write). */
  version: number;
  inFlight: Assignment[];
  queue: QueuedTask[];
  lastRouted: CoordinatorStateData['lastRouted'];
  counters: CoordinatorCounters;
  capacity: InstanceCapacity[];
  /** In-flight tasks over total slots, 0..1 (may exceed 1 after capacity was lowered). */
  utilisation: number;
}

/** Thrown inside a transaction when a version check failed, so the whole step is redone. */
class StaleState extends Error {
  constructor(readonly original: unknown) {
    super('stale coordinator state');
  }
}

async function guardStale<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (error) {
    throw isPlatformError(error, 'CONFLICT') ? new StaleState(error) : error;
  }
}

interface Step<R> {
  state: CoordinatorStateData;
  value: R;
  assigned: Assignment[];
  /** False when the step only read the state: nothing is written. */
  changed?: boolean;
}

const DEFAULT_MAX_CONCURRENT = 3;

function positiveInt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 10_000) {
    throw new PlatformError('CONFIG_INVALID', `${field} must be an integer between 1 and 10000`, {
      details: { field },
    });
  }
  return value;
}

export class DomainCoordinator {
  readonly id: string;
  readonly domain: string;
  /** The domain's agents, in spec order. */
  readonly agents: readonly CoordinatedAgentSpec[];
  readonly roster: readonly RosterInstance[];
  readonly reputation: ReputationService;
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly ids: Ids;
  private readonly bus: Pick<Bus, 'publish'> | undefined;
  private readonly log: Logger;
  private readonly attempts: number;
  private readonly lock = createKeyLock();

  constructor(options: DomainCoordinatorOptions) {
    const { domain } = options;
    if (typeof domain !== 'string' || !/^[a-z][a-z0-9-]{0,59}$/.test(domain)) {
      throw new PlatformError('CONFIG_INVALID', 'domain must be lower-case letters, digits or "-"', {
        details: { field: 'domain' },
      });
    }
    this.domain = domain;
    this.id = `${domain}-coordinator`;
    this.store = options.store;
    this.clock = options.clock;
    this.ids = options.ids;
    this.bus = options.bus;
    this.log = options.logger ?? silentLogger;
    this.attempts = options.attempts ?? 8;
    this.reputation =
      options.reputation ??
      createReputationService({ store: options.store, clock: options.clock, ids: options.ids });
    this.agents = options.specs.filter((s) => s.domain === domain);
    const seen = new Set<string>();
    for (const a of this.agents) {
      if (seen.has(a.id))
        throw new PlatformError('CONFIG_INVALID', `agent ${a.id} appears twice in the ${domain} specs`, {
          details: { agentId: a.id, domain },
        });
      seen.add(a.id);
    }
    if (options.expectedAgents !== undefined && this.agents.length !== options.expectedAgents) {
      throw new PlatformError(
        'CONFIG_INVALID',
        `the ${domain} coordinator needs ${options.expectedAgents} agents, the specs hold ${this.agents.length}`,
        {
          details: { domain, expected: options.expectedAgents, found: this.agents.map((a) => a.id) },
        },
      );
    }
    this.roster = this.buildRoster(options);
  }

  private buildRoster(options: DomainCoordinatorOptions): RosterInstance[] {
    const roster: RosterInstance[] = [];
    const max = options.maxConcurrentTasks;
    for (const agent of this.agents) {
      const perAgent = typeof max === 'number' ? max : (max?.[agent.id] ?? DEFAULT_MAX_CONCURRENT);
      const maxConcurrent = positiveInt(perAgent, `maxConcurrentTasks.${agent.id}`);
      const count = positiveInt(options.instances?.[agent.id] ?? 1, `instances.${agent.id}`);
      const skills = new Set(agent.skills.map((s) => s.id));
      for (let n = 1; n <= count; n++)
        roster.push({
          instanceId: count === 1 ? agent.id : `${agent.id}#${n}`,
          agentId: agent.id,
          skills,
          maxConcurrent,
        });
    }
    return roster;
  }

  /** Every skill some agent of the domain offers, sorted. */
  skills(): string[] {
    return [...new Set(this.roster.flatMap((i) => [...i.skills]))].sort();
  }

  /** Whether some agent of the domain offers `skill` (and is `agentId`, when given). */
  offers(skill: string, agentId?: string): boolean {
    return this.roster.some((i) => canServe(i, { skill, agentId: agentId ?? null }));
  }

  /**
   * Routes a task: assigned to the best instance now, or queued when every instance that offers the
   * skill is at capacity. Routing the same `taskId` again returns where it is (`duplicate: true`).
   * VALIDATION naming the skill when no agent of the domain offers it (or the pinned agent is not
   * one of the domain's).
   */
  async route(raw: RouteTaskInput): Promise<RouteResult> {
    const input = parseOrThrow(routeTaskSchema, raw, 'task');
    if (input.agentId !== undefined && !this.agents.some((a) => a.id === input.agentId)) {
      throw new PlatformError('VALIDATION', `agentId "${input.agentId}" is not a ${this.domain} agent`, {
        details: { field: 'agentId', agentId: input.agentId, domain: this.domain },
      });
    }
    if (!this.offers(input.skill, input.agentId)) {
      const who = input.agentId === undefined ? `any ${this.domain} agent` : `agent ${input.agentId}`;
      throw new PlatformError('VALIDATION', `skill "${input.skill}" is not offered by ${who}`, {
        details: {
          field: 'skill',
          skill: input.skill,
          domain: this.domain,
          ...(input.agentId === undefined ? {} : { agentId: input.agentId }),
        },
      });
    }
    const taskId = input.taskId ?? this.ids.next('task');
    return this.mutate<RouteResult>(async (state, trust) => {
      const existing = locateTask(state, taskId);
      if (existing) return { state, value: this.toRouteResult(existing, true), assigned: [], changed: false };
      const now = this.clock.now();
      const { location, assigned } = submitTask(
        state,
        {
          taskId,
          skill: input.skill,
          agentId: input.agentId ?? null,
          tenantId: input.tenantId ?? null,
          priority: (input.priority ?? DEFAULT_PRIORITY) as Priority,
          input: (input.input ?? null) as JsonValue,
          source: input.source ?? 'api',
          submittedAt: now,
        },
        this.roster,
        await trust(),
        now,
      );
      return { state, value: this.toRouteResult(location, false), assigned };
    });
  }

  /**
   * Completes an in-flight task: frees its slot, records the outcome in the agent's reputation (in the
   * same transaction, keyed by the task so it counts once) and places queued tasks on the freed slot.
   * NOT_FOUND for an unknown task; CONFLICT when it is still queued or already finished.
   */
  async complete(taskId: string, raw: TaskOutcomeInput): Promise<CompleteResult> {
    if (typeof taskId !== 'string' || taskId === '')
      throw new PlatformError('VALIDATION', 'taskId must be a non-empty string', {
        details: { field: 'taskId' },
      });
    const outcome = parseOrThrow(taskOutcomeSchema, raw, 'task outcome');
    return this.mutate<CompleteResult>(async (state, trust, tx) => {
      const now = this.clock.now();
      const done = finishTask(state, taskId, outcome.success, now);
      const responseMs = outcome.responseMs ?? Math.max(0, now - done.assignedAt);
      const key = `${this.id}:${taskId}`;
      let { score } = await guardStale(
        this.reputation.record(
          done.agentId,
          { kind: 'task', success: outcome.success, responseMs, key: `task:${key}`, at: now },
          { store: tx },
        ),
      );
      if (outcome.rating !== undefined) {
        ({ score } = await guardStale(
          this.reputation.record(
            done.agentId,
            {
              kind: 'rating',
              stars: outcome.rating,
              source: outcome.ratedBy ?? 'customer',
              key: `rating:${key}`,
              at: now,
            },
            { store: tx },
          ),
        ));
      }
      const started = drainQueue(state, this.roster, await trust(), now);
      return { state, value: { completed: done, reputation: score, started }, assigned: started };
    });
  }

  /** Withdraws a queued or in-flight task without touching reputation; frees its slot for the queue. */
  async cancel(taskId: string): Promise<{ cancelled: TaskLocation; started: Assignment[] }> {
    if (typeof taskId !== 'string' || taskId === '')
      throw new PlatformError('VALIDATION', 'taskId must be a non-empty string', {
        details: { field: 'taskId' },
      });
    return this.mutate(async (state, trust) => {
      const now = this.clock.now();
      const cancelled = cancelTask(state, taskId, now);
      const started = drainQueue(state, this.roster, await trust(), now);
      return { state, value: { cancelled, started }, assigned: started };
    });
  }

  /** Where a task is now; undefined when this coordinator does not know it (or has forgotten it). */
  async task(taskId: string): Promise<TaskLocation | undefined> {
    const row = await this.store.coordinators.get<CoordinatorStateData>(this.id);
    return row ? locateTask(row.data, taskId) : undefined;
  }

  /** The durable state with capacity use per instance. */
  async snapshot(): Promise<CoordinatorSnapshot> {
    const row = await this.store.coordinators.get<CoordinatorStateData>(this.id);
    const state = row?.data ?? emptyCoordinatorState(this.id, this.domain);
    const load = loadByInstance(state);
    const capacity = this.roster.map((i) => {
      const inFlight = load.get(i.instanceId) ?? 0;
      const c = state.perInstance[i.instanceId] ?? { routed: 0, succeeded: 0, failed: 0 };
      return {
        instanceId: i.instanceId,
        agentId: i.agentId,
        max: i.maxConcurrent,
        inFlight,
        free: Math.max(0, i.maxConcurrent - inFlight),
        ...c,
      };
    });
    const slots = capacity.reduce((n, c) => n + c.max, 0);
    return {
      coordinator: this.id,
      domain: this.domain,
      version: row?.version ?? 0,
      inFlight: state.inFlight,
      queue: state.queue,
      lastRouted: state.lastRouted,
      counters: state.counters,
      capacity,
      utilisation: slots === 0 ? 0 : state.inFlight.length / slots,
    };
  }

  private toRouteResult(location: TaskLocation, duplicate: boolean): RouteResult {
    if (location.status === 'assigned')
      return { status: 'assigned', assignment: location.assignment, duplicate };
    if (location.status === 'queued')
      return { status: 'queued', task: location.task, position: location.position, duplicate };
    return { status: 'finished', taskId: location.finished.taskId, duplicate: true };
  }

  /**
   * Runs one state transition: read the row, apply `fn`, write it back with a version check, all in
   * one transaction; serialised per coordinator in this process and redone when another process won.
   * New assignments are announced after the commit.
   */
  private mutate<R>(
    fn: (
      state: CoordinatorStateData,
      trust: () => Promise<Map<string, number>>,
      tx: Store,
    ) => Promise<Step<R>>,
  ): Promise<R> {
    return this.lock.run(this.id, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          const step = await this.store.transaction(async (tx) => {
            const row = await tx.coordinators.get<CoordinatorStateData>(this.id);
            const state = structuredClone(row?.data ?? emptyCoordinatorState(this.id, this.domain));
            const trust = async (): Promise<Map<string, number>> => {
              const scores = await this.reputation.scores(
                this.agents.map((a) => a.id),
                { store: tx },
              );
              return new Map([...scores].map(([id, s]) => [id, s.score]));
            };
            const out = await fn(state, trust, tx);
            if (out.changed !== false)
              await guardStale(tx.coordinators.save(this.id, out.state, row?.version ?? 0));
            return out;
          });
          await this.announce(step.assigned);
          return step.value;
        } catch (error) {
          if (!(error instanceof StaleState)) throw error;
          if (attempt >= this.attempts) throw error.original;
        }
      }
    });
  }

  /** Publishes assignments; a bus failure is logged, not thrown: the assignment is already durable and visible in `snapshot()`. */
  private async announce(assigned: readonly Assignment[]): Promise<void> {
    if (!this.bus) return;
    for (const a of assigned) {
      try {
        await this.bus.publish({
          topic: `${this.domain}.task.assigned`,
          payload: a as unknown as JsonValue,
          priority: a.priority,
          from: this.id,
          idempotencyKey: `${this.id}:assigned:${a.taskId}`,
        });
      } catch (error) {
        this.log.warn(
          { err: error, taskId: a.taskId, coordinator: this.id },
          'could not announce an assignment on the bus',
        );
      }
    }
  }
}

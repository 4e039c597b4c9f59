// The durable workflow engine: deploys definitions, runs instances with the pure interpreter, executes
// activities through registered handlers and writes every step durably (group commit) before acting
// on it. Work created elsewhere (timers, messages, tasks completed on another node, crashed workers'
// instances) is claimed from the store, so several engines can share one database.
import { systemClock, type Clock, type TimerHandle } from '../clock.js';
import { PlatformError, toPlatformError, type JsonValue } from '../errors.js';
import { createIds, type Ids } from '../ids.js';
import { activityFailure } from './bpmn-error.js';
import { toBpmnXml } from './bpmn/bpmn-export.js';
import { parseDefinition, type DefinitionSource } from './definitions/parse-definition.js';
import type {
  ClaimedJob,
  DefinitionInfo,
  DefinitionRecord,
  EngineRepositories,
  InstanceFilter,
  InstanceRecord,
  InstanceWrite,
  Job,
  SharedScope,
  SharedVariable,
  UserTaskRecord,
  UserTaskStatus,
  VariableChange,
} from './engine-store.js';
import type {
  ControlResult,
  CorrelateOptions,
  CorrelateResult,
  DeployResult,
  EngineFaults,
  EngineOptions,
  InstanceView,
  StartOptions,
  TaskContext,
  TaskHandler,
  VariableChangeView,
} from './engine-types.js';
import { GroupCommitter } from './group-committer.js';
import type { HistoryEvent } from './history-events.js';
import { InstanceState, replay, type UserTaskState } from './instance-state.js';
import { decide, type Input, type InterpreterContext } from './interpreter.js';
import { compileDefinition, type CompiledDefinition } from './model/compile.js';
import { parseDuration } from './model/duration.js';
import type { Value } from './model/expression.js';
import { nextDueTime } from './model/timer.js';
import { checkVariables, inferType, isJsonObject } from './model/variables.js';
import { busEvents, stepWrite, summaryKey, summaryOf } from './step-effects.js';
import { stableHash } from './stable-hash.js';

interface QueueItem {
  input: Input;
  jobId?: string;
  /** Jobs written with this step (a start timer's next occurrence). */
  extraJobs?: Job[];
  resolve?: (events: HistoryEvent[]) => void;
  reject?: (err: unknown) => void;
}

interface Live {
  id: string;
  state: InstanceState;
  queue: QueueItem[];
  draining: boolean;
  leased: boolean;
  dropped: boolean;
  running: Map<string, AbortController>;
  summary: string | undefined;
  create?: NonNullable<InstanceWrite['create']>;
}

/** Thrown through the engine when a fault hook fires: the process "dies" here. */
class Crash extends Error {}

const CACHE_LIMIT = 1000;
const TERMINAL_EVENTS = new Set([
  'instance.completed',
  'instance.failed',
  'instance.cancelled',
  'instance.compensated',
]);

function cloneJson<T extends JsonValue>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/**
 * One engine per process (or several, in tests). `open()` starts working: it resumes every unfinished
 * instance it can claim and polls for due work; `close()` stops and hands leases back.
 */
export class Engine {
  readonly workerId: string;
  private readonly repos: EngineRepositories;
  private readonly clock: Clock;
  private readonly ids: Ids;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly claimBatch: number;
  private readonly defaultTimeoutMs: number;
  private readonly messageTtlMs: number;
  private readonly publishTaskEvents: boolean;
  private readonly sharedTtlMs: number;
  private readonly faults: EngineFaults;
  private readonly onError: (err: unknown, context: string) => void;
  private readonly bus: EngineOptions['bus'];
  private readonly committer: GroupCommitter;

  private readonly handlers = new Map<string, TaskHandler>();
  private readonly definitions = new Map<string, CompiledDefinition>();
  private readonly latest = new Map<string, { version: number; at: number }>();
  private readonly shared = new Map<string, { at: number; vars: Map<string, JsonValue> }>();
  private readonly sharedLoads = new Map<string, Promise<Map<string, JsonValue>>>();
  private readonly definitionLoads = new Map<string, Promise<CompiledDefinition>>();
  private readonly live = new Map<string, Live>();
  private readonly loading = new Map<string, Promise<Live>>();
  private readonly cache = new Map<string, InstanceState>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly handlerRuns = new Set<Promise<unknown>>();
  private readonly waiters = new Map<string, Array<(view: InstanceView) => void>>();

  private opened = false;
  private halted: PlatformError | undefined;
  private polling = false;
  private pollAgain = false;
  private firstPoll = true;
  private pollTimer: { handle: TimerHandle; at: number } | undefined;
  private heartbeat: TimerHandle | undefined;
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(options: EngineOptions) {
    this.repos = options.store;
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? createIds(() => this.clock.now());
    this.workerId = options.workerId ?? this.ids.next('worker');
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.claimBatch = options.claimBatch ?? 100;
    this.defaultTimeoutMs = parseDuration(options.defaultTaskTimeout ?? 'PT5M').approximateMs;
    this.messageTtlMs = options.messageTtlMs ?? 3_600_000;
    this.publishTaskEvents = options.publishTaskEvents ?? true;
    this.sharedTtlMs = options.sharedVariablesTtlMs ?? 1000;
    this.faults = options.faults ?? {};
    this.onError = options.onError ?? (() => undefined);
    this.bus = options.bus;
    this.committer = new GroupCommitter({
      repos: this.repos,
      worker: this.workerId,
      now: () => this.clock.now(),
      leaseMs: this.leaseMs,
      concurrency: this.repos.commitConcurrency,
      ...(options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch }),
      beforeCommit: (writes) => this.fault(() => this.faults.beforeCommit?.(writes)),
      onMatched: (jobs) => {
        for (const job of jobs) this.track(this.applyJob({ ...job, instanceSeq: null }));
      },
      onError: (err) => this.onError(err, 'commit'),
    });
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /** Starts working: resumes unfinished instances (including this worker's own after a restart) and polls for due work. */
  async open(): Promise<void> {
    this.assertRunning();
    if (this.opened) return;
    this.opened = true;
    await this.pollNow();
  }

  /** Stops polling, waits for in-flight work and gives leases back. The store stays open. */
  async close(): Promise<void> {
    if (!this.opened) return;
    this.opened = false;
    this.pollTimer?.handle.cancel();
    this.pollTimer = undefined;
    this.heartbeat?.cancel();
    this.heartbeat = undefined;
    // Running handlers are not awaited (an agent call may take minutes): they are aborted, and their
    // activities run again, with the same idempotency key, wherever the instance resumes.
    await this.idle({ includeHandlers: false });
    const ids = [...this.live.keys()];
    for (const l of this.live.values()) {
      l.dropped = true;
      for (const c of l.running.values()) c.abort();
    }
    this.live.clear();
    if (!this.halted) await this.repos.work.release(this.workerId, ids);
  }

  /**
   * Simulates a crash: stops at once without writing anything more (pending commits are dropped,
   * running handlers' results ignored, leases kept until they expire). For tests and chaos runs.
   */
  halt(reason = 'halted'): void {
    if (this.halted) return;
    this.halted = new PlatformError(
      'UNAVAILABLE',
      `Workflow engine ${this.workerId} is stopped (${reason})`,
      { retryable: true },
    );
    this.opened = false;
    this.pollTimer?.handle.cancel();
    this.pollTimer = undefined;
    this.heartbeat?.cancel();
    this.heartbeat = undefined;
    this.committer.stop(this.halted);
    for (const l of this.live.values()) {
      l.dropped = true;
      for (const c of l.running.values()) c.abort();
      for (const item of l.queue) item.reject?.(this.halted);
      l.queue = [];
    }
    this.live.clear();
  }

  get isHalted(): boolean {
    return this.halted !== undefined;
  }

  /** When the engine will next look for due work on its own (for tests driving a fake clock). */
  get nextWakeAt(): number | undefined {
    return this.pollTimer?.at;
  }

  /** Commit statistics (transactions and instance writes) since start. */
  get commitStats(): { transactions: number; writes: number } {
    return { ...this.committer.stats };
  }

  /**
   * Resolves when no step, commit, poll or publish is in progress and, unless
   * `includeHandlers` is false, no handler is running.
   */
  async idle(options: { includeHandlers?: boolean } = {}): Promise<void> {
    const handlers = options.includeHandlers ?? true;
    for (let quiet = 0; quiet < 2;) {
      const pending = [...this.inflight, ...(handlers ? this.handlerRuns : [])];
      const busy =
        pending.length > 0 ||
        this.committer.busy ||
        this.polling ||
        [...this.live.values()].some((l) => l.draining || l.queue.length > 0);
      if (busy) {
        quiet = 0;
        if (pending.length) await Promise.allSettled(pending);
        else await new Promise<void>((resolve) => setImmediate(resolve));
      } else {
        quiet++;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }

  /** Registers the handler for a service-task type (an agent skill, an integration). Replaces a previous one. */
  registerHandler(taskType: string, handler: TaskHandler): void {
    if (!taskType)
      throw new PlatformError('VALIDATION', 'taskType is required', { details: { field: 'taskType' } });
    this.handlers.set(taskType, handler);
  }

  // ---- definitions -----------------------------------------------------------------------------

  /**
   * Validates and deploys a definition (builder model, YAML, BPMN XML or JSON). A new version is
   * created unless the content equals the latest version. VALIDATION lists every problem by element.
   */
  async deploy(input: DefinitionSource, options: { createdBy?: string } = {}): Promise<DeployResult> {
    this.assertRunning();
    const { model, source } = await parseDefinition(input);
    compileDefinition(model, 1);
    const hash = stableHash(model);
    const now = this.clock.now();
    const refs: Array<{ messageName: string; definitionId: string; elementId: string; isStart: boolean }> =
      [];
    const walk = (elements: typeof model.elements, top: boolean): void => {
      for (const el of elements) {
        if ('message' in el && el.message)
          refs.push({
            messageName: el.message.name,
            definitionId: model.id,
            elementId: el.id,
            isStart: top && el.type === 'startEvent',
          });
        if (el.type === 'subProcess') walk(el.elements, false);
      }
    };
    walk(model.elements, true);
    const { record, created } = await this.repos.definitions.deploy(
      {
        definitionId: model.id,
        name: model.name ?? null,
        versionTag: model.versionTag ?? null,
        format: 'model' in input ? 'json' : input.format,
        source,
        model,
        hash,
        createdAt: now,
        createdBy: options.createdBy ?? 'api',
      },
      refs,
      (version) =>
        model.elements.flatMap((el): Job[] => {
          if (el.type !== 'startEvent' || !el.timer) return [];
          const dueAt = nextDueTime(el.timer, { now });
          return dueAt === undefined
            ? []
            : [
                {
                  jobId: `start:${model.id}:${el.id}`,
                  instanceId: null,
                  kind: 'start-timer',
                  dueAt,
                  payload: { definitionId: model.id, version, elementId: el.id, iteration: 0 },
                },
              ];
        }),
    );
    this.latest.set(record.definitionId, { version: record.version, at: now });
    if (created && model.elements.some((e) => e.type === 'startEvent' && e.timer)) this.kick();
    return {
      definitionId: record.definitionId,
      version: record.version,
      created,
      name: record.name,
      versionTag: record.versionTag,
    };
  }

  listDefinitions(): Promise<DefinitionInfo[]> {
    return this.repos.definitions.list();
  }

  definitionVersions(definitionId: string): Promise<DefinitionInfo[]> {
    return this.repos.definitions.versions(definitionId);
  }

  /** The stored definition (latest unless `version`); NOT_FOUND when absent. */
  async getDefinition(definitionId: string, version?: number): Promise<DefinitionRecord> {
    const rec = await this.repos.definitions.get(definitionId, version);
    if (!rec)
      throw new PlatformError(
        'NOT_FOUND',
        `Workflow definition ${definitionId}${version ? ` v${version}` : ''} is not deployed`,
        { details: { definitionId } },
      );
    return rec;
  }

  /** BPMN 2.0 XML (with diagram) of a deployed definition. */
  async exportBpmn(definitionId: string, version?: number): Promise<string> {
    const rec = await this.getDefinition(definitionId, version);
    return rec.format === 'bpmn' ? rec.source : toBpmnXml(rec.model);
  }

  /** Loads (once, even when many steps ask at the same time) and compiles a definition version. */
  private definition(definitionId: string, version?: number): Promise<CompiledDefinition> {
    if (version !== undefined) {
      const hit = this.definitions.get(`${definitionId}@${version}`);
      if (hit) return Promise.resolve(hit);
    }
    const key = `${definitionId}@${version ?? 'latest'}`;
    let p = this.definitionLoads.get(key);
    if (!p) {
      p = this.loadDefinition(definitionId, version).finally(() => this.definitionLoads.delete(key));
      this.definitionLoads.set(key, p);
    }
    return p;
  }

  private async loadDefinition(definitionId: string, version?: number): Promise<CompiledDefinition> {
    let v = version;
    if (v === undefined) {
      const cached = this.latest.get(definitionId);
      if (cached && this.clock.now() - cached.at < 5000) v = cached.version;
    }
    if (v !== undefined) {
      const hit = this.definitions.get(`${definitionId}@${v}`);
      if (hit) return hit;
    }
    const rec = await this.repos.definitions.get(definitionId, v);
    if (!rec) {
      throw new PlatformError(
        'NOT_FOUND',
        `Workflow definition ${definitionId}${v === undefined ? '' : ` v${v}`} is not deployed`,
        { details: { definitionId, ...(v === undefined ? {} : { version: v }) } },
      );
    }
    if (version === undefined) this.latest.set(definitionId, { version: rec.version, at: this.clock.now() });
    const key = `${definitionId}@${rec.version}`;
    let def = this.definitions.get(key);
    if (!def) {
      def = compileDefinition(rec.model, rec.version);
      this.definitions.set(key, def);
    }
    return def;
  }

  // ---- shared (workflow / global) variables ----------------------------------------------------

  private refreshShared(owner: string, scope: SharedScope): Promise<Map<string, JsonValue>> {
    const key = `${scope}:${owner}`;
    const hit = this.shared.get(key);
    if (hit && this.clock.now() - hit.at < this.sharedTtlMs) return Promise.resolve(hit.vars);
    let p = this.sharedLoads.get(key);
    if (!p) {
      p = this.repos.variables
        .list(scope, owner)
        .then((list) => {
          const vars = new Map(list.map((v) => [v.name, v.value]));
          this.shared.set(key, { at: this.clock.now(), vars });
          return vars;
        })
        .finally(() => this.sharedLoads.delete(key));
      this.sharedLoads.set(key, p);
    }
    return p;
  }

  private cachedSharedLookup(definitionId: string): ((name: string) => Value) | undefined {
    const now = this.clock.now();
    const wf = this.shared.get(`workflow:${definitionId}`);
    const global = this.shared.get('global:');
    if (!wf || !global || now - wf.at >= this.sharedTtlMs || now - global.at >= this.sharedTtlMs)
      return undefined;
    return (name) => (wf.vars.has(name) ? wf.vars.get(name) : global.vars.get(name));
  }

  private async sharedLookup(definitionId: string): Promise<(name: string) => Value> {
    const [wf, global] = await Promise.all([
      this.refreshShared(definitionId, 'workflow'),
      this.refreshShared('', 'global'),
    ]);
    return (name) => (wf.has(name) ? wf.get(name) : global.get(name));
  }

  /** Sets a workflow-scope (per definition id) or global variable; every change is kept with actor and time. */
  async setSharedVariable(
    scope: SharedScope,
    owner: string,
    name: string,
    value: JsonValue,
    actor = 'api',
  ): Promise<SharedVariable> {
    if (scope !== 'workflow' && scope !== 'global')
      throw new PlatformError('VALIDATION', "scope must be 'workflow' or 'global'", {
        details: { field: 'scope' },
      });
    if (!name) throw new PlatformError('VALIDATION', 'name is required', { details: { field: 'name' } });
    const o = scope === 'global' ? '' : owner;
    const v = await this.repos.variables.set(
      scope,
      o,
      name,
      value,
      inferType(value),
      actor,
      this.clock.now(),
    );
    this.shared.delete(`${scope}:${o}`);
    return v;
  }

  sharedVariables(scope: SharedScope, owner = ''): Promise<SharedVariable[]> {
    return this.repos.variables.list(scope, scope === 'global' ? '' : owner);
  }

  sharedVariableHistory(scope: SharedScope, owner: string, name: string): Promise<VariableChange[]> {
    return this.repos.variables.history(scope, scope === 'global' ? '' : owner, name);
  }

  // ---- instances -------------------------------------------------------------------------------

  /** Starts an instance; resolves once its first steps are durable. VALIDATION for bad variables. */
  async startInstance(definitionId: string, options: StartOptions = {}): Promise<InstanceView> {
    return this.startWith(definitionId, options);
  }

  private async startWith(
    definitionId: string,
    options: StartOptions & {
      startElementId?: string;
      parent?: { instanceId: string; tokenId: string; elementId: string };
    },
  ): Promise<InstanceView> {
    this.assertRunning();
    const def = await this.definition(definitionId, options.version);
    const instanceId = options.instanceId ?? this.ids.next('wfi');
    if (this.live.has(instanceId))
      throw new PlatformError('CONFLICT', `Workflow instance ${instanceId} already exists`, {
        details: { instanceId },
      });
    const live = this.newLive(instanceId, {
      definitionId: def.id,
      version: def.version,
      businessKey: options.businessKey ?? null,
      parentInstanceId: options.parent?.instanceId ?? null,
      createdAt: this.clock.now(),
    });
    const input: Input = {
      kind: 'start',
      definitionId: def.id,
      version: def.version,
      businessKey: options.businessKey ?? null,
      variables: options.variables ?? {},
      actor: options.actor ?? 'api',
      ...(options.startElementId ? { startElementId: options.startElementId } : {}),
      ...(options.parent ? { parent: options.parent } : {}),
    };
    this.live.set(instanceId, live);
    try {
      await this.submit(live, input);
    } catch (err) {
      if (this.live.get(instanceId) === live && live.state.seq === 0) this.live.delete(instanceId);
      throw err;
    }
    return this.view(live.state, null);
  }

  private newLive(instanceId: string, create?: Live['create']): Live {
    return {
      id: instanceId,
      state: new InstanceState(instanceId),
      queue: [],
      draining: false,
      leased: true,
      dropped: false,
      running: new Map(),
      summary: undefined,
      ...(create ? { create } : {}),
    };
  }

  /**
   * Delivers a message by name and correlation key: to the instance waiting for it, else it starts
   * the definition with a message start event of that name, else it is buffered for `ttlMs`.
   * NOT_FOUND when no deployed definition uses the message name.
   */
  async correlate(name: string, options: CorrelateOptions = {}): Promise<CorrelateResult> {
    this.assertRunning();
    if (!name)
      throw new PlatformError('VALIDATION', 'message name is required', { details: { field: 'name' } });
    const refs = await this.repos.definitions.messageRefs(name);
    if (refs.length === 0) {
      throw new PlatformError('NOT_FOUND', `Message '${name}' is not used by any deployed workflow`, {
        details: { message: name },
      });
    }
    const key = options.correlationKey ?? options.businessKey ?? null;
    const messageId = options.messageId ?? this.ids.next('msg');
    const now = this.clock.now();
    const starts = refs.filter((r) => r.isStart);
    const payload = options.payload ?? {};
    const outcome = await this.repos.messages.correlate(
      {
        messageId,
        name,
        correlationKey: key,
        payload,
        createdAt: now,
        expiresAt: now + (options.ttlMs ?? this.messageTtlMs),
      },
      { buffer: starts.length === 0 },
    );
    if (outcome && 'delivered' in outcome) {
      await this.pollNow();
      return { status: 'delivered', instanceId: outcome.delivered.instanceId, messageId };
    }
    if (outcome && 'buffered' in outcome)
      return { status: 'buffered', messageId, expiresAt: outcome.buffered.expiresAt };
    const start = starts[0]!;
    const view = await this.startWith(start.definitionId, {
      version: start.version,
      ...(key === null ? {} : { businessKey: key }),
      variables: isJsonObject(payload) ? payload : { payload },
      actor: `message:${name}`,
      startElementId: start.elementId,
    });
    return { status: 'started', instanceId: view.instanceId, messageId };
  }

  /** Completes an open user task with the submitted form data (validated against the form). */
  async completeUserTask(
    taskId: string,
    data: Record<string, JsonValue>,
    actor: string,
  ): Promise<ControlResult> {
    this.assertRunning();
    const task = await this.repos.userTasks.get(taskId);
    if (!task)
      throw new PlatformError('NOT_FOUND', `User task ${taskId} does not exist`, { details: { taskId } });
    if (task.status !== 'open')
      throw new PlatformError('CONFLICT', `User task ${taskId} is ${task.status}`, {
        details: { taskId, status: task.status },
      });
    if (!actor) throw new PlatformError('VALIDATION', 'actor is required', { details: { field: 'actor' } });
    checkForm(task, data);
    return this.control(task.instanceId, { kind: 'userTaskCompleted', taskId, data, actor }, (state) => {
      if (!state.userTasks.has(taskId))
        throw new PlatformError('CONFLICT', `User task ${taskId} is no longer open`, { details: { taskId } });
    });
  }

  cancel(
    instanceId: string,
    options: { actor?: string; reason?: string; compensate?: boolean } = {},
  ): Promise<ControlResult> {
    return this.control(instanceId, {
      kind: 'cancel',
      actor: options.actor ?? 'api',
      ...(options.reason ? { reason: options.reason } : {}),
      ...(options.compensate ? { compensate: true } : {}),
    });
  }

  suspend(instanceId: string, actor = 'api'): Promise<ControlResult> {
    return this.control(instanceId, { kind: 'suspend', actor });
  }

  resume(instanceId: string, actor = 'api'): Promise<ControlResult> {
    return this.control(instanceId, { kind: 'resume', actor });
  }

  /** Retries the open incident(s) of an instance: a failed task runs again with the same idempotency key. */
  retryIncident(
    instanceId: string,
    options: { incidentId?: string; actor?: string } = {},
  ): Promise<ControlResult> {
    return this.control(instanceId, {
      kind: 'retryIncident',
      actor: options.actor ?? 'api',
      ...(options.incidentId ? { incidentId: options.incidentId } : {}),
    });
  }

  /** Sets instance variables (checked against the definition's declarations). */
  setVariables(
    instanceId: string,
    variables: Record<string, JsonValue>,
    actor = 'api',
  ): Promise<ControlResult> {
    return this.control(instanceId, { kind: 'setVariables', variables, actor });
  }

  /** Moves an instance to another version of its definition; `mapping` renames elements (old id → new id). */
  async migrate(
    instanceId: string,
    toVersion: number,
    mapping: Record<string, string> = {},
    actor = 'api',
  ): Promise<ControlResult> {
    const rec = await this.repos.instances.get(instanceId);
    if (!rec)
      throw new PlatformError('NOT_FOUND', `Workflow instance ${instanceId} does not exist`, {
        details: { instanceId },
      });
    await this.definition(rec.definitionId, toVersion);
    return this.control(instanceId, { kind: 'migrate', toVersion, mapping, actor });
  }

  /**
   * Applies an operator command: directly when this worker holds (or can take) the instance, else as a
   * queued job for the worker that holds it.
   */
  private async control(
    instanceId: string,
    input: Input,
    precheck?: (state: InstanceState) => void,
  ): Promise<ControlResult> {
    this.assertRunning();
    let live = this.live.get(instanceId);
    if (!live) {
      const now = this.clock.now();
      const acquired = await this.repos.work.acquire(instanceId, {
        worker: this.workerId,
        now,
        leaseUntil: now + this.leaseMs,
      });
      if (!acquired) {
        await this.repos.work.enqueue([
          {
            jobId: this.ids.next(`ctl:${instanceId}:`),
            instanceId,
            kind: 'control',
            dueAt: now,
            payload: input as unknown as JsonValue,
          },
        ]);
        return { queued: true };
      }
      live = this.live.get(instanceId) ?? (await this.load(instanceId, acquired.seq));
    }
    precheck?.(live.state);
    await this.submit(live, input);
    return { queued: false, instance: this.view(live.state, null) };
  }

  // ---- reading ----------------------------------------------------------------------------------

  async getInstance(instanceId: string): Promise<InstanceView> {
    const rec = await this.repos.instances.get(instanceId);
    if (!rec)
      throw new PlatformError('NOT_FOUND', `Workflow instance ${instanceId} does not exist`, {
        details: { instanceId },
      });
    const live = this.live.get(instanceId);
    const state =
      live && live.state.seq >= rec.seq
        ? live.state
        : replay(instanceId, await this.repos.instances.history(instanceId));
    return this.view(state, rec);
  }

  /**
   * Resolves with the instance once it has ended (completed, failed, cancelled or compensated) — on
   * this worker or another (checked every poll interval). TIMEOUT after `timeoutMs` (clock time) if given.
   */
  async waitForEnd(instanceId: string, options: { timeoutMs?: number } = {}): Promise<InstanceView> {
    const live = this.live.get(instanceId);
    if (!live || live.state.isTerminal) {
      const rec = await this.repos.instances.get(instanceId);
      if (!rec)
        throw new PlatformError('NOT_FOUND', `Workflow instance ${instanceId} does not exist`, {
          details: { instanceId },
        });
      if (rec.endedAt !== null) return this.getInstance(instanceId);
    }
    return new Promise<InstanceView>((resolve, reject) => {
      const timers: TimerHandle[] = [];
      let settled = false;
      const finish = (view: InstanceView | undefined, err?: unknown): void => {
        if (settled) return;
        settled = true;
        for (const t of timers) t.cancel();
        const list = this.waiters.get(instanceId)?.filter((w) => w !== onEnd);
        if (list?.length) this.waiters.set(instanceId, list);
        else this.waiters.delete(instanceId);
        if (view) resolve(view);
        else reject(err);
      };
      const onEnd = (view: InstanceView): void => finish(view);
      this.waiters.set(instanceId, [...(this.waiters.get(instanceId) ?? []), onEnd]);
      const check = (): void => {
        if (settled) return;
        this.repos.instances
          .get(instanceId)
          .then(async (r) => {
            if (r?.endedAt !== null && r !== undefined) finish(await this.getInstance(instanceId));
            else timers.push(this.clock.setTimeout(check, this.pollIntervalMs));
          })
          .catch((err: unknown) => finish(undefined, err));
      };
      timers.push(this.clock.setTimeout(check, this.pollIntervalMs));
      if (options.timeoutMs !== undefined) {
        timers.push(
          this.clock.setTimeout(
            () =>
              finish(
                undefined,
                new PlatformError(
                  'TIMEOUT',
                  `Instance ${instanceId} did not end within ${options.timeoutMs} ms`,
                  { details: { instanceId } },
                ),
              ),
            options.timeoutMs,
          ),
        );
      }
    });
  }

  listInstances(filter: InstanceFilter = {}): Promise<{ items: InstanceRecord[]; nextCursor?: string }> {
    return this.repos.instances.list(filter);
  }

  async history(instanceId: string): Promise<HistoryEvent[]> {
    const rec = await this.repos.instances.get(instanceId);
    if (!rec)
      throw new PlatformError('NOT_FOUND', `Workflow instance ${instanceId} does not exist`, {
        details: { instanceId },
      });
    return this.repos.instances.history(instanceId);
  }

  /** Every change of the instance's variables (or of one), in order, with version, actor and time. */
  async variableHistory(instanceId: string, name?: string): Promise<VariableChangeView[]> {
    const out: VariableChangeView[] = [];
    const versions = new Map<string, number>();
    for (const e of await this.history(instanceId)) {
      const changes =
        e.type === 'instance.started' ? e.variables : e.type === 'variables.set' ? e.changes : undefined;
      if (!changes) continue;
      const actor = e.type === 'instance.started' ? e.actor : e.type === 'variables.set' ? e.actor : 'system';
      for (const [k, value] of Object.entries(changes)) {
        const version = (versions.get(k) ?? 0) + 1;
        versions.set(k, version);
        if (name !== undefined && k !== name) continue;
        out.push({
          name: k,
          value,
          version,
          actor,
          at: e.at,
          ...(e.type === 'variables.set' && e.elementId ? { elementId: e.elementId } : {}),
        });
      }
    }
    return out;
  }

  listUserTasks(
    filter: {
      status?: UserTaskStatus;
      assignee?: string;
      role?: string;
      instanceId?: string;
      limit?: number;
    } = {},
  ): Promise<UserTaskRecord[]> {
    return this.repos.userTasks.list(filter);
  }

  getUserTask(taskId: string): Promise<UserTaskRecord | undefined> {
    return this.repos.userTasks.get(taskId);
  }

  private view(state: InstanceState, rec: InstanceRecord | null): InstanceView {
    const summary = summaryOf(state);
    return {
      instanceId: state.instanceId,
      definitionId: state.definitionId,
      version: state.version,
      businessKey: state.businessKey,
      status: state.status,
      compensating: state.compensation !== undefined && !state.isTerminal,
      parentInstanceId: state.parent?.instanceId ?? rec?.parentInstanceId ?? null,
      startedAt: state.startedAt,
      startedBy: state.startedBy,
      endedAt: state.endedAt ?? null,
      error: summary.error,
      variables: cloneJson(state.variables),
      activeElements: state.activeElements(),
      incidents: [...state.incidents.values()].map((i) => ({
        incidentId: i.incidentId,
        elementId: i.elementId,
        error: i.error,
        at: i.at,
        ...(i.activityId ? { activityId: i.activityId } : {}),
      })),
      activities: [...state.activities.values()].map((a) => ({
        activityId: a.activityId,
        elementId: a.elementId,
        taskType: a.taskType,
        attempt: a.attempt,
        status: a.status,
        ...(a.lastError ? { lastError: a.lastError } : {}),
      })),
      userTasks: [...state.userTasks.values()].map((u) => ({
        taskId: u.taskId,
        elementId: u.elementId,
        title: u.title,
        escalated: u.escalated,
        ...(u.assignee ? { assignee: u.assignee } : {}),
        ...(u.role ? { role: u.role } : {}),
        ...(u.dueAt === undefined ? {} : { dueAt: u.dueAt }),
      })),
      timers: [...state.timers.values()].map((t) => ({
        timerId: t.timerId,
        elementId: t.elementId,
        purpose: t.purpose,
        dueAt: t.dueAt,
      })),
      subscriptions: [...state.subscriptions.values()].map((s) => ({
        subscriptionId: s.subscriptionId,
        name: s.name,
        correlationKey: s.correlationKey,
        elementId: s.elementId,
      })),
      children: [...state.children.keys()],
      historyLength: state.seq,
    };
  }

  // ---- running instances ---------------------------------------------------------------------

  /** Queues an input for an instance and resolves with the events it produced, once durable. */
  private submit(live: Live, input: Input): Promise<HistoryEvent[]> {
    return new Promise<HistoryEvent[]>((resolve, reject) => {
      live.queue.push({ input, resolve, reject });
      this.drain(live);
    });
  }

  /** A client engine gives the instance's lease back once its command is durable, so a worker takes over at once. */
  private handOff(live: Live): void {
    if (this.live.get(live.id) !== live || live.running.size > 0) return;
    this.live.delete(live.id);
    this.cache.delete(live.id);
    if (!live.leased) return;
    live.leased = false;
    this.track(
      this.repos.work
        .release(this.workerId, [live.id])
        .catch((err: unknown) => this.onError(err, `release ${live.id}`)),
    );
  }

  private enqueue(live: Live, item: QueueItem): void {
    live.queue.push(item);
    this.drain(live);
  }

  private drain(live: Live): void {
    if (live.draining || live.dropped) return;
    live.draining = true;
    this.track(
      this.drainLoop(live).finally(() => {
        live.draining = false;
        if (live.queue.length && !live.dropped && !this.halted) this.drain(live);
        else if (!this.opened && !this.halted) this.handOff(live);
      }),
    );
  }

  private async drainLoop(live: Live): Promise<void> {
    while (live.queue.length && !live.dropped && !this.halted) {
      const item = live.queue.shift()!;
      try {
        if (!live.leased) {
          const now = this.clock.now();
          const got = await this.repos.work.acquire(live.id, {
            worker: this.workerId,
            now,
            leaseUntil: now + this.leaseMs,
          });
          if (!got || got.seq !== live.state.seq) {
            // Another worker took the instance meanwhile: it owns the work (queued jobs stay in the store).
            this.drop(
              live,
              new PlatformError(
                'CONFLICT',
                `Workflow instance ${live.id} is being run by another worker; retry`,
                { retryable: true, details: { instanceId: live.id } },
              ),
            );
            item.reject?.(
              new PlatformError(
                'CONFLICT',
                `Workflow instance ${live.id} is being run by another worker; retry`,
                { retryable: true },
              ),
            );
            return;
          }
          live.leased = true;
        }
        const events = await this.step(live, item);
        item.resolve?.(events);
      } catch (err) {
        if (err instanceof Crash || this.halted) {
          item.reject?.(this.halted ?? err);
          return;
        }
        item.reject?.(err);
        if (!item.reject) this.onError(err, `instance ${live.id}`);
      }
    }
  }

  /** One input: decide, write durably, then act (execute activities, notify, publish). */
  private async step(live: Live, item: QueueItem): Promise<HistoryEvent[]> {
    const { state } = live;
    const definitionId = state.definitionId || (item.input.kind === 'start' ? item.input.definitionId : '');
    const version = item.input.kind === 'start' ? item.input.version : state.version;
    // Hot path: no await when the definition and the shared variables are cached.
    if (!this.definitions.has(`${definitionId}@${version}`)) await this.definition(definitionId, version);
    if (item.input.kind === 'migrate') await this.definition(definitionId, item.input.toVersion);
    const lookupShared = this.cachedSharedLookup(definitionId) ?? (await this.sharedLookup(definitionId));
    const ctx: InterpreterContext = {
      now: this.clock.now(),
      definition: (v) => {
        const d = this.definitions.get(`${definitionId}@${v}`);
        if (!d)
          throw new PlatformError('NOT_FOUND', `Definition ${definitionId} v${v} is not loaded`, {
            details: { definitionId, version: v },
          });
        return d;
      },
      lookupShared,
    };
    const tasksBefore: ReadonlyMap<string, UserTaskState> = state.userTasks.size
      ? new Map(state.userTasks)
      : new Map();
    const seqBefore = state.seq;
    let events: HistoryEvent[];
    try {
      events = decide(state, item.input, ctx);
    } catch (err) {
      if (state.seq !== seqBefore) {
        // A decision failed half-way (a bug): forget the in-memory state; the store still has the truth.
        this.drop(live, toPlatformError(err));
      }
      if (item.jobId) {
        this.onError(err, `job ${item.jobId} of ${live.id} was dropped`);
        await this.commitWrites(live, [this.emptyWrite(live, [item.jobId])]);
      }
      throw err;
    }
    const write = stepWrite(state, events, {
      now: ctx.now,
      tasksBefore,
      appliedJobs: item.jobId ? [item.jobId] : [],
    });
    if (item.extraJobs) write.addJobs.push(...item.extraJobs);
    const summary = summaryOf(state);
    const key = summaryKey(summary);
    if (live.create || key !== live.summary) write.summary = summary;
    if (live.create) write.create = live.create;
    const release =
      state.isTerminal || (!summary.runnable && live.queue.length === 0 && live.running.size === 0);
    if (release) write.release = true;
    const writes: InstanceWrite[] = [write];
    const children = await this.childWrites(live, events);
    writes.push(...children.map((c) => c.write));
    if (write.events.length === 0 && !write.summary && !write.release && write.deleteJobs.length === 0)
      return events;
    await this.commitWrites(
      live,
      writes,
      children.map((c) => c.live),
    );
    live.summary = key;
    delete live.create;
    if (release) live.leased = false;
    this.afterCommit(live, events);
    for (const c of children) this.afterCommit(c.live, c.events);
    if (release && live.queue.length === 0) this.unload(live);
    return events;
  }

  private emptyWrite(live: Live, jobs: string[]): InstanceWrite {
    return {
      instanceId: live.id,
      events: [],
      seq: live.state.seq,
      addJobs: [],
      deleteJobs: jobs,
      addSubscriptions: [],
      deleteSubscriptions: [],
      userTasks: [],
    };
  }

  private async commitWrites(live: Live, writes: InstanceWrite[], children: Live[] = []): Promise<void> {
    try {
      await this.committer.submit(writes);
    } catch (err) {
      const e = toPlatformError(err);
      if (!this.halted) {
        // The store refused or failed: our in-memory state may be ahead of it. Start over from the store.
        this.drop(live, e);
        for (const c of children) this.drop(c, e);
        if (e.code !== 'CONFLICT') this.kickLater();
      }
      throw e;
    }
  }

  /** Creates call-activity children in the same batch as the parent's step. */
  private async childWrites(
    parent: Live,
    events: HistoryEvent[],
  ): Promise<Array<{ live: Live; write: InstanceWrite; events: HistoryEvent[] }>> {
    const out: Array<{ live: Live; write: InstanceWrite; events: HistoryEvent[] }> = [];
    for (const e of events) {
      if (e.type !== 'child.started') continue;
      try {
        const def = await this.definition(e.definitionId, e.version);
        const live = this.newLive(e.childInstanceId, {
          definitionId: def.id,
          version: def.version,
          businessKey: parent.state.businessKey,
          parentInstanceId: parent.id,
          createdAt: e.at,
        });
        const lookupShared = await this.sharedLookup(def.id);
        const childEvents = decide(
          live.state,
          {
            kind: 'start',
            definitionId: def.id,
            version: def.version,
            businessKey: parent.state.businessKey,
            variables: e.variables,
            actor: `parent:${parent.id}`,
            parent: { instanceId: parent.id, tokenId: e.tokenId, elementId: e.elementId },
          },
          { now: e.at, definition: (v) => this.definitions.get(`${def.id}@${v}`)!, lookupShared },
        );
        const write = stepWrite(live.state, childEvents, {
          now: e.at,
          tasksBefore: new Map(),
          appliedJobs: [],
        });
        const summary = summaryOf(live.state);
        write.summary = summary;
        write.create = live.create!;
        const release = live.state.isTerminal || !summary.runnable;
        if (release) write.release = true;
        live.summary = summaryKey(summary);
        delete live.create;
        live.leased = !release;
        if (!release) this.live.set(live.id, live);
        out.push({ live, write, events: childEvents });
      } catch (err) {
        // The child cannot start (definition missing, bad variables): the parent sees a failed child.
        const error = toPlatformError(err).toJSON();
        queueMicrotask(() =>
          this.enqueue(parent, { input: { kind: 'childFailed', childInstanceId: e.childInstanceId, error } }),
        );
      }
    }
    return out;
  }

  private afterCommit(live: Live, events: HistoryEvent[]): void {
    const { state } = live;
    for (const e of events) {
      switch (e.type) {
        case 'activity.scheduled':
          this.execute(live, e.activityId);
          break;
        case 'instance.resumed':
          for (const a of state.activities.values())
            if (a.status === 'scheduled') this.execute(live, a.activityId);
          // Timers and messages that fell due while suspended were left in the store: collect them now.
          this.kick();
          break;
        case 'activity.cancelled':
          live.running.get(e.activityId)?.abort();
          break;
        case 'child.cancelled':
          this.track(
            this.control(e.childInstanceId, { kind: 'cancel', actor: `parent:${live.id}` }).catch(
              (err: unknown) => this.onError(err, `cancel child ${e.childInstanceId}`),
            ),
          );
          break;
        case 'timer.scheduled':
          this.wakeAt(e.dueAt);
          break;
        default:
          break;
      }
    }
    if (state.isTerminal && state.parent) this.kick();
    if (state.isTerminal && events.some((e) => TERMINAL_EVENTS.has(e.type))) {
      const waiting = this.waiters.get(live.id);
      if (waiting) {
        const view = this.view(state, null);
        for (const w of waiting) w(view);
      }
    }
    if (this.bus) {
      for (const p of busEvents(state, events, this.publishTaskEvents)) {
        const bus = this.bus;
        this.track(bus.publish(p).catch((err: unknown) => this.onError(err, `publish ${p.topic}`)));
      }
    }
    this.ensureHeartbeat();
  }

  private execute(live: Live, activityId: string): void {
    // An engine that is not open is a client (the CLI, an API process): it records work durably and
    // leaves running handlers to the workers, which claim the instance once it lets go (handOff).
    if (!this.opened) return;
    const a = live.state.activities.get(activityId);
    if (
      !a ||
      a.status !== 'scheduled' ||
      live.state.suspended ||
      live.running.has(activityId) ||
      live.dropped
    )
      return;
    const controller = new AbortController();
    live.running.set(activityId, controller);
    const run = this.runHandler(live, activityId, controller).then((input) => {
      if (live.running.get(activityId) === controller) live.running.delete(activityId);
      if (!input || controller.signal.aborted || live.dropped || this.halted) return;
      this.enqueue(live, { input });
    });
    this.handlerRuns.add(run);
    void run.finally(() => this.handlerRuns.delete(run));
  }

  private async runHandler(
    live: Live,
    activityId: string,
    controller: AbortController,
  ): Promise<Input | undefined> {
    const { state } = live;
    const a = state.activities.get(activityId)!;
    const def = this.definitions.get(`${state.definitionId}@${state.version}`)!;
    const el = def.hasElement(a.elementId) ? def.element(a.elementId).element : undefined;
    const handler = this.handlers.get(a.taskType);
    let input: Input;
    if (!handler) {
      input = {
        kind: 'activityFailed',
        activityId,
        error: new PlatformError(
          'NOT_FOUND',
          `No handler is registered for task type '${a.taskType}' (element ${a.elementId})`,
          { retryable: false, details: { taskType: a.taskType, elementId: a.elementId } },
        ).toJSON(),
      };
    } else {
      const timeoutMs =
        el?.type === 'serviceTask' && el.timeout
          ? parseDuration(el.timeout).approximateMs
          : this.defaultTimeoutMs;
      const variables = state.variables;
      const ctx: TaskContext = {
        instanceId: state.instanceId,
        definitionId: state.definitionId,
        version: state.version,
        elementId: a.elementId,
        activityId,
        taskType: a.taskType,
        idempotencyKey: `${state.instanceId}:${activityId}`,
        attempt: a.attempt,
        input: a.input ?? { ...variables },
        variables,
        businessKey: state.businessKey,
        config: el?.type === 'serviceTask' ? (el.config ?? {}) : {},
        signal: controller.signal,
        ...(a.compensationOf ? { compensationOf: a.compensationOf } : {}),
      };
      let timer: TimerHandle | undefined;
      try {
        const timeout = new Promise<never>((_resolve, reject) => {
          timer = this.clock.setTimeout(() => {
            controller.abort();
            reject(
              new PlatformError(
                'TIMEOUT',
                `Task ${a.elementId} (${a.taskType}) exceeded its timeout of ${timeoutMs} ms`,
                { retryable: true, details: { elementId: a.elementId } },
              ),
            );
          }, timeoutMs);
        });
        const result = await Promise.race([Promise.resolve().then(() => handler(ctx)), timeout]);
        input = {
          kind: 'activityCompleted',
          activityId,
          result: result === undefined ? null : jsonResult(result, a.elementId),
        };
      } catch (err) {
        input = { kind: 'activityFailed', activityId, error: activityFailure(err) };
      } finally {
        timer?.cancel();
      }
    }
    try {
      this.fault(() =>
        this.faults.afterEffect?.({
          instanceId: state.instanceId,
          activityId,
          elementId: a.elementId,
          taskType: a.taskType,
        }),
      );
    } catch {
      return undefined;
    }
    return input;
  }

  // ---- loading, leases, polling ---------------------------------------------------------------

  private async load(instanceId: string, seq: number | null): Promise<Live> {
    const existing = this.live.get(instanceId);
    if (existing) return existing;
    const pending = this.loading.get(instanceId);
    if (pending) return pending;
    const p = (async () => {
      const cached = this.cache.get(instanceId);
      this.cache.delete(instanceId);
      let state: InstanceState;
      if (cached && seq !== null && cached.seq === seq) state = cached;
      else {
        const history = await this.repos.instances.history(instanceId);
        if (history.length === 0)
          throw new PlatformError('NOT_FOUND', `Workflow instance ${instanceId} has no history`, {
            details: { instanceId },
          });
        state = replay(instanceId, history);
      }
      await this.definition(state.definitionId, state.version);
      const live = this.newLive(instanceId);
      live.state = state;
      live.summary = summaryKey(summaryOf(state));
      this.live.set(instanceId, live);
      await this.reconcileChildren(live);
      return live;
    })();
    this.loading.set(instanceId, p);
    try {
      return await p;
    } finally {
      this.loading.delete(instanceId);
    }
  }

  /** A crash between a parent's `child.started` and the child's creation leaves no child: start it now. */
  private async reconcileChildren(live: Live): Promise<void> {
    for (const c of live.state.children.values()) {
      if (await this.repos.instances.get(c.childInstanceId)) continue;
      const started: HistoryEvent = {
        type: 'child.started',
        seq: live.state.seq,
        at: this.clock.now(),
        childInstanceId: c.childInstanceId,
        tokenId: c.tokenId,
        elementId: c.elementId,
        definitionId: c.definitionId,
        variables: c.variables,
        ...(c.version === undefined ? {} : { version: c.version }),
      };
      const children = await this.childWrites(live, [started]);
      if (children.length === 0) continue;
      await this.committer.submit(children.map((x) => x.write));
      for (const x of children) this.afterCommit(x.live, x.events);
    }
  }

  /** Re-executes activities that were scheduled but not finished (after a crash or a move to this worker). */
  private resumeActivities(live: Live): void {
    for (const a of live.state.activities.values())
      if (a.status === 'scheduled') this.execute(live, a.activityId);
  }

  private unload(live: Live): void {
    if (this.live.get(live.id) !== live) return;
    this.live.delete(live.id);
    if (live.state.isTerminal) return;
    this.cache.set(live.id, live.state);
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
  }

  private drop(live: Live, reason: PlatformError): void {
    live.dropped = true;
    for (const c of live.running.values()) c.abort();
    for (const item of live.queue) item.reject?.(reason);
    live.queue = [];
    if (this.live.get(live.id) === live) this.live.delete(live.id);
    this.cache.delete(live.id);
  }

  private async applyJob(job: ClaimedJob): Promise<void> {
    try {
      this.fault(() => this.faults.afterClaim?.(job));
    } catch {
      return;
    }
    if (job.kind === 'start-timer') {
      await this.fireStartTimer(job);
      return;
    }
    const live = await this.load(job.instanceId!, job.instanceSeq);
    live.leased = true;
    const payload = job.payload as Record<string, JsonValue>;
    const input: Input =
      job.kind === 'timer'
        ? { kind: 'timerFired', timerId: String(payload.timerId) }
        : (payload as unknown as Input);
    this.enqueue(live, { input, jobId: job.jobId });
  }

  /** Starts the occurrence of a timer start event; the next occurrence is armed in the same transaction. */
  private async fireStartTimer(job: ClaimedJob): Promise<void> {
    const p = job.payload as { definitionId: string; version: number; elementId: string; iteration: number };
    const def = await this.definition(p.definitionId, p.version);
    const el = def.element(p.elementId).element;
    // One instance per occurrence, whoever fires it: the id is derived from the due time.
    const instanceId = `${p.definitionId}:${p.elementId}:${job.dueAt}`;
    const next =
      el.type === 'startEvent' && el.timer?.kind === 'cycle'
        ? nextDueTime(el.timer, { now: job.dueAt, iteration: p.iteration + 1, previous: job.dueAt })
        : undefined;
    const live = this.newLive(instanceId, {
      definitionId: def.id,
      version: def.version,
      businessKey: null,
      parentInstanceId: null,
      createdAt: this.clock.now(),
    });
    this.live.set(instanceId, live);
    this.enqueue(live, {
      input: {
        kind: 'start',
        definitionId: def.id,
        version: def.version,
        businessKey: null,
        variables: {},
        actor: `timer:${p.elementId}`,
        startElementId: p.elementId,
      },
      jobId: job.jobId,
      extraJobs:
        next === undefined
          ? []
          : [
              {
                jobId: job.jobId,
                instanceId: null,
                kind: 'start-timer',
                dueAt: next,
                payload: { ...p, iteration: p.iteration + 1 },
              },
            ],
    });
  }

  private async pollNow(): Promise<void> {
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.track(this.poll());
    await this.idle({ includeHandlers: false });
  }

  private kick(): void {
    if (!this.opened || this.halted) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.track(this.poll());
  }

  private kickLater(): void {
    this.wakeAt(this.clock.now() + Math.min(this.pollIntervalMs, 1000));
  }

  private async poll(): Promise<void> {
    if (this.polling || !this.opened || this.halted) return;
    this.polling = true;
    try {
      do {
        this.pollAgain = false;
        const now = this.clock.now();
        const leaseUntil = now + this.leaseMs;
        const recovered = await this.repos.work.recover({
          worker: this.workerId,
          now,
          leaseUntil,
          limit: this.claimBatch,
          includeOwn: this.firstPoll,
        });
        this.firstPoll = false;
        for (const r of recovered) {
          if (this.live.has(r.instanceId)) continue;
          this.track(
            this.load(r.instanceId, r.seq)
              .then((live) => {
                live.leased = true;
                this.resumeActivities(live);
              })
              .catch((err: unknown) => this.onError(err, `resume ${r.instanceId}`)),
          );
        }
        const jobs = await this.repos.work.claim({
          worker: this.workerId,
          now,
          leaseUntil,
          limit: this.claimBatch,
        });
        for (const job of jobs)
          this.track(this.applyJob(job).catch((err: unknown) => this.onError(err, `job ${job.jobId}`)));
        if (jobs.length >= this.claimBatch || recovered.length >= this.claimBatch) this.pollAgain = true;
        if (now - this.lastSweep >= this.pollIntervalMs) {
          this.lastSweep = now;
          if ((await this.repos.messages.sweep(now, 100)) > 0) this.pollAgain = true;
        }
      } while (this.pollAgain && this.opened && !this.halted);
      const next = await this.repos.work.nextDueAt(this.workerId);
      const now = this.clock.now();
      this.schedulePoll(
        next !== undefined && next > now
          ? Math.min(next, now + this.pollIntervalMs)
          : now + this.pollIntervalMs,
      );
    } catch (err) {
      if (!this.halted) {
        this.onError(err, 'poll');
        this.schedulePoll(this.clock.now() + this.pollIntervalMs);
      }
    } finally {
      this.polling = false;
    }
  }

  private schedulePoll(at: number): void {
    if (!this.opened || this.halted) return;
    if (this.pollTimer && this.pollTimer.at <= at && this.pollTimer.at > this.clock.now()) return;
    this.pollTimer?.handle.cancel();
    const handle = this.clock.setTimeout(
      () => {
        this.pollTimer = undefined;
        this.kick();
      },
      Math.max(0, at - this.clock.now()),
    );
    this.pollTimer = { handle, at };
  }

  private wakeAt(at: number): void {
    if (!this.opened) return;
    if (at <= this.clock.now()) this.kick();
    else this.schedulePoll(at);
  }

  private ensureHeartbeat(): void {
    if (this.heartbeat || this.halted || this.live.size === 0) return;
    this.heartbeat = this.clock.setTimeout(
      () => {
        this.heartbeat = undefined;
        this.track(this.renewLeases());
      },
      Math.max(1, Math.floor(this.leaseMs / 3)),
    );
  }

  private async renewLeases(): Promise<void> {
    const held = [...this.live.values()].filter((l) => l.leased && !l.create);
    if (held.length === 0 || this.halted) return;
    try {
      const kept = new Set(
        await this.repos.work.renew(
          this.workerId,
          held.map((l) => l.id),
          this.clock.now() + this.leaseMs,
        ),
      );
      for (const l of held) {
        if (!kept.has(l.id) && !l.draining)
          this.drop(
            l,
            new PlatformError('CONFLICT', `Lease on ${l.id} was lost`, { details: { instanceId: l.id } }),
          );
      }
    } catch (err) {
      this.onError(err, 'lease renewal');
    }
    this.ensureHeartbeat();
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  private fault(hook: () => void): void {
    if (this.halted) throw new Crash('halted');
    try {
      hook();
    } catch (err) {
      this.halt(`fault injected: ${(err as Error).message}`);
      throw new Crash((err as Error).message);
    }
  }

  private track<T>(p: Promise<T>): void {
    const q = p.catch((err: unknown) => {
      if (!(err instanceof Crash) && !this.halted) this.onError(err, 'engine');
    });
    this.inflight.add(q);
    void q.finally(() => this.inflight.delete(q));
  }

  private assertRunning(): void {
    if (this.halted) throw this.halted;
  }
}

function jsonResult(result: unknown, elementId: string): JsonValue {
  if (
    result === null ||
    typeof result === 'string' ||
    typeof result === 'boolean' ||
    (typeof result === 'number' && Number.isFinite(result))
  )
    return result as JsonValue;
  try {
    return JSON.parse(JSON.stringify(result)) as JsonValue;
  } catch (err) {
    throw new PlatformError(
      'VALIDATION',
      `Task ${elementId} returned a value that is not JSON: ${(err as Error).message}`,
      { retryable: false, details: { elementId } },
    );
  }
}

function checkForm(task: UserTaskRecord, data: Record<string, JsonValue>): void {
  if (!isJsonObject(data))
    throw new PlatformError('VALIDATION', 'data must be an object', { details: { field: 'data' } });
  const form = task.form as {
    fields?: Array<{ name: string; type: string; required?: boolean; options?: JsonValue[] }>;
  } | null;
  const fields = form?.fields ?? [];
  const decls = Object.fromEntries(
    fields.map((f) => [
      f.name,
      { type: (f.type === 'any' ? 'any' : f.type) as 'string', ...(f.required ? { required: true } : {}) },
    ]),
  );
  checkVariables(decls, data, { complete: true, context: `Task ${task.taskId}` });
  for (const f of fields) {
    const v = data[f.name];
    if (f.options && v !== undefined && !f.options.some((o) => JSON.stringify(o) === JSON.stringify(v))) {
      throw new PlatformError(
        'VALIDATION',
        `Task ${task.taskId}: field '${f.name}' must be one of ${JSON.stringify(f.options)}`,
        { details: { field: f.name } },
      );
    }
  }
}

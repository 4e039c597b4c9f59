// The durable workflow engine's front door. It composes the parts and delegates to them:
// definitions (deploy, versions, export), instance commands (start, messages, user tasks, operator
// commands), the runner (steps through the pure interpreter, written with group commit), the
// scheduler (polls, timers, leases), queries (views, history, inbox) and shared variables. Work created
// elsewhere (timers, messages, other nodes' commands, crashed workers' instances) is claimed from the
// store, so several engines can share one database.
import type { JsonValue } from '../errors.js';
import { ActivityExecutor } from './activity-executor.js';
import { DefinitionRegistry } from './definition-registry.js';
import type { DefinitionSource } from './definitions/parse-definition.js';
import { EngineCore } from './engine-core.js';
import type {
  DefinitionInfo,
  DefinitionRecord,
  InstanceFilter,
  InstanceRecord,
  SharedScope,
  SharedVariable,
  UserTaskRecord,
  VariableChange,
} from './engine-store.js';
import type {
  ControlResult,
  CorrelateOptions,
  CorrelateResult,
  DeployResult,
  EngineOptions,
  InstanceView,
  StartOptions,
  TaskHandler,
  VariableChangeView,
} from './engine-types.js';
import type { HistoryEvent } from './history-events.js';
import { InstanceCommands } from './instance-commands.js';
import { InstanceQueries, type UserTaskFilter } from './instance-queries.js';
import { JobWorkers } from './job-workers.js';
import { LiveInstances } from './live-instances.js';
import { Runner } from './runner.js';
import { Scheduler, type Wake } from './scheduler.js';
import { SharedVariables } from './shared-variables.js';

/**
 * One engine per process (or several, in tests). `open()` starts working: it resumes every unfinished
 * instance it can claim and polls for due work; `close()` stops and hands leases back. An engine that
 * is not open is a client: it records commands durably and leaves running handlers to the workers.
 */
export class Engine {
  readonly workerId: string;
  /** Jobs for external workers (service tasks no registered handler runs): activate, complete, fail… */
  readonly jobs: JobWorkers;
  private readonly core: EngineCore;
  private readonly definitions: DefinitionRegistry;
  private readonly shared: SharedVariables;
  private readonly instances: LiveInstances;
  private readonly executor: ActivityExecutor;
  private readonly runner: Runner;
  private readonly scheduler: Scheduler;
  private readonly commands: InstanceCommands;
  private readonly queries: InstanceQueries;

  constructor(options: EngineOptions) {
    const core = new EngineCore(options);
    this.core = core;
    this.workerId = core.workerId;
    // The runner and the scheduler call each other (a step arms a timer; a poll finds work to run).
    const wake: Wake = {
      kick: () => this.scheduler.kick(),
      wakeAt: (at) => this.scheduler.wakeAt(at),
      retrySoon: () => this.scheduler.retrySoon(),
      ensureHeartbeat: () => this.scheduler.ensureHeartbeat(),
    };
    this.definitions = new DefinitionRegistry(core, wake);
    this.shared = new SharedVariables(core);
    this.instances = new LiveInstances(core, this.definitions);
    this.executor = new ActivityExecutor(core, this.definitions);
    this.queries = new InstanceQueries(core, this.instances);
    this.jobs = new JobWorkers(core, wake);
    this.runner = new Runner(core, {
      definitions: this.definitions,
      shared: this.shared,
      instances: this.instances,
      executor: this.executor,
      wake,
      onEnded: (state) => this.queries.ended(state),
      onExternalJobs: (types) => this.jobs.notify(types),
    });
    this.scheduler = new Scheduler(core, this.runner);
    this.commands = new InstanceCommands(core, {
      definitions: this.definitions,
      instances: this.instances,
      runner: this.runner,
      scheduler: this.scheduler,
    });
    core.onHalt((reason) => {
      this.scheduler.stop();
      this.runner.halt(reason);
    });
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /** Starts working: resumes unfinished instances (including this worker's own after a restart) and polls for due work. */
  async open(): Promise<void> {
    this.core.assertRunning();
    if (this.core.opened) return;
    this.core.opened = true;
    await this.scheduler.pollNow();
  }

  /**
   * Stops polling and gives leases back; the store stays open. With `graceMs`, handlers already
   * running get that long (wall clock) to finish: their results are recorded and their instances
   * handed off without starting the next step.
   */
  async close(options: { graceMs?: number } = {}): Promise<void> {
    if (!this.core.opened) return;
    this.core.opened = false;
    this.scheduler.stop();
    if (options.graceMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        this.core.idle({ includeHandlers: true }),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, options.graceMs))),
      ]);
      clearTimeout(timer);
    }
    // Handlers still running are not awaited (an agent call may take minutes): they are aborted, and
    // their activities run again, with the same idempotency key, wherever the instance resumes.
    await this.core.idle({ includeHandlers: false });
    const ids = this.instances.abandonAll();
    if (!this.core.halted) await this.core.repos.work.release(this.workerId, ids);
  }

  /**
   * Simulates a crash: stops at once without writing anything more (pending commits are dropped,
   * running handlers' results ignored, leases kept until they expire). For tests and chaos runs.
   */
  halt(reason = 'halted'): void {
    this.core.halt(reason);
  }

  get isHalted(): boolean {
    return this.core.halted !== undefined;
  }

  /** When the engine will next look for due work on its own (for tests driving a fake clock). */
  get nextWakeAt(): number | undefined {
    return this.scheduler.nextWakeAt;
  }

  /** Commit statistics (transactions and instance writes) since start. */
  get commitStats(): { transactions: number; writes: number } {
    return this.runner.commitStats;
  }

  /**
   * Resolves when no step, commit, poll or publish is in progress and, unless
   * `includeHandlers` is false, no handler is running.
   */
  idle(options: { includeHandlers?: boolean } = {}): Promise<void> {
    return this.core.idle(options);
  }

  /** Registers the handler for a service-task type (an agent skill, an integration). Replaces a previous one. */
  registerHandler(taskType: string, handler: TaskHandler): void {
    this.executor.register(taskType, handler);
  }

  // ---- definitions -----------------------------------------------------------------------------

  /**
   * Validates and deploys a definition (builder model, YAML, BPMN XML or JSON). A new version is
   * created unless the content equals the latest version. VALIDATION lists every problem by element.
   */
  deploy(input: DefinitionSource, options: { createdBy?: string } = {}): Promise<DeployResult> {
    return this.definitions.deploy(input, options);
  }

  listDefinitions(): Promise<DefinitionInfo[]> {
    return this.definitions.list();
  }

  definitionVersions(definitionId: string): Promise<DefinitionInfo[]> {
    return this.definitions.versions(definitionId);
  }

  /** The stored definition (latest unless `version`); NOT_FOUND when absent. */
  getDefinition(definitionId: string, version?: number): Promise<DefinitionRecord> {
    return this.definitions.get(definitionId, version);
  }

  /** BPMN 2.0 XML (with diagram) of a deployed definition. */
  exportBpmn(definitionId: string, version?: number): Promise<string> {
    return this.definitions.exportBpmn(definitionId, version);
  }

  // ---- shared (workflow / global) variables ----------------------------------------------------

  /** Sets a workflow-scope (per definition id) or global variable; every change is kept with actor and time. */
  setSharedVariable(
    scope: SharedScope,
    owner: string,
    name: string,
    value: JsonValue,
    actor = 'api',
  ): Promise<SharedVariable> {
    return this.shared.set(scope, owner, name, value, actor);
  }

  sharedVariableHistory(scope: SharedScope, owner: string, name: string): Promise<VariableChange[]> {
    return this.shared.history(scope, owner, name);
  }

  // ---- instances -------------------------------------------------------------------------------

  /** Starts an instance; resolves once its first steps are durable. VALIDATION for bad variables. */
  startInstance(definitionId: string, options: StartOptions = {}): Promise<InstanceView> {
    return this.commands.start(definitionId, options);
  }

  /**
   * Delivers a message by name and correlation key: to the instance waiting for it, else it starts
   * the definition with a message start event of that name, else it is buffered for `ttlMs`.
   * NOT_FOUND when no deployed definition uses the message name.
   */
  correlate(name: string, options: CorrelateOptions = {}): Promise<CorrelateResult> {
    return this.commands.correlate(name, options);
  }

  /** Broadcasts a signal to every waiting instance and signal start (`signalId` deduplicates retries). */
  broadcastSignal(
    name: string,
    options: { payload?: JsonValue; signalId?: string } = {},
  ): Promise<{ signalId: string; delivered: number; started: number }> {
    return this.commands.broadcastSignal(name, options);
  }

  /** Completes an open user task with the submitted form data (validated against the form). */
  completeUserTask(taskId: string, data: Record<string, JsonValue>, actor: string): Promise<ControlResult> {
    return this.commands.completeUserTask(taskId, data, actor);
  }

  cancel(
    instanceId: string,
    options: { actor?: string; reason?: string; compensate?: boolean } = {},
  ): Promise<ControlResult> {
    return this.commands.cancel(instanceId, options);
  }

  suspend(instanceId: string, actor = 'api'): Promise<ControlResult> {
    return this.commands.suspend(instanceId, actor);
  }

  resume(instanceId: string, actor = 'api'): Promise<ControlResult> {
    return this.commands.resume(instanceId, actor);
  }

  /** Retries the open incident(s) of an instance: a failed task runs again with the same idempotency key. */
  retryIncident(
    instanceId: string,
    options: { incidentId?: string; actor?: string } = {},
  ): Promise<ControlResult> {
    return this.commands.retryIncident(instanceId, options);
  }

  /** Sets instance variables (checked against the definition's declarations). */
  setVariables(
    instanceId: string,
    variables: Record<string, JsonValue>,
    actor = 'api',
  ): Promise<ControlResult> {
    return this.commands.setVariables(instanceId, variables, actor);
  }

  /** Moves an instance to another version of its definition; `mapping` renames elements (old id → new id). */
  migrate(
    instanceId: string,
    toVersion: number,
    mapping: Record<string, string> = {},
    actor = 'api',
  ): Promise<ControlResult> {
    return this.commands.migrate(instanceId, toVersion, mapping, actor);
  }

  // ---- reading ----------------------------------------------------------------------------------

  getInstance(instanceId: string): Promise<InstanceView> {
    return this.queries.getInstance(instanceId);
  }

  /**
   * Resolves with the instance once it has ended (completed, failed, cancelled or compensated) — on
   * this worker or another (checked every poll interval). TIMEOUT after `timeoutMs` (clock time) if given.
   */
  waitForEnd(instanceId: string, options: { timeoutMs?: number } = {}): Promise<InstanceView> {
    return this.queries.waitForEnd(instanceId, options);
  }

  listInstances(filter: InstanceFilter = {}): Promise<{ items: InstanceRecord[]; nextCursor?: string }> {
    return this.queries.listInstances(filter);
  }

  history(instanceId: string): Promise<HistoryEvent[]> {
    return this.queries.history(instanceId);
  }

  /** Every change of the instance's variables (or of one), in order, with version, actor and time. */
  variableHistory(instanceId: string, name?: string): Promise<VariableChangeView[]> {
    return this.queries.variableHistory(instanceId, name);
  }

  listUserTasks(filter: UserTaskFilter = {}): Promise<UserTaskRecord[]> {
    return this.queries.listUserTasks(filter);
  }

  getUserTask(taskId: string): Promise<UserTaskRecord | undefined> {
    return this.queries.getUserTask(taskId);
  }
}

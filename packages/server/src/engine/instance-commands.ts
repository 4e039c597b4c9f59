// What callers ask of instances: start one, deliver a message (to a waiting instance, a message start,
// or the buffer), complete a user task (its form checked), and operator commands (cancel, suspend,
// resume, retry incidents, set variables, migrate). Each becomes an interpreter input run by the runner.
import { PlatformError, type JsonValue } from '../errors.js';
import type { DefinitionRegistry } from './definition-registry.js';
import type { EngineCore } from './engine-core.js';
import type { UserTaskRecord } from './engine-store.js';
import type {
  ControlResult,
  CorrelateOptions,
  CorrelateResult,
  InstanceView,
  StartOptions,
} from './engine-types.js';
import { SIGNAL_PREFIX } from './history-events.js';
import type { InstanceState } from './instance-state.js';
import { instanceView } from './instance-view.js';
import type { Input } from './interpreter.js';
import type { LiveInstances } from './live-instances.js';
import { checkVariables, isJsonObject } from './model/variables.js';
import type { Runner } from './runner.js';
import type { Scheduler } from './scheduler.js';

export interface InstanceCommandParts {
  definitions: DefinitionRegistry;
  instances: LiveInstances;
  runner: Runner;
  scheduler: Pick<Scheduler, 'pollNow'>;
}

export class InstanceCommands {
  constructor(
    private readonly core: EngineCore,
    private readonly parts: InstanceCommandParts,
  ) {}

  /** Starts an instance; resolves once its first steps are durable. VALIDATION for bad variables. */
  async start(
    definitionId: string,
    options: StartOptions & { startElementId?: string } = {},
  ): Promise<InstanceView> {
    this.core.assertRunning();
    const { definitions, instances, runner } = this.parts;
    const def = await definitions.compile(definitionId, options.version);
    const instanceId = options.instanceId ?? this.core.ids.next('wfi');
    if (instances.has(instanceId))
      throw new PlatformError('CONFLICT', `Workflow instance ${instanceId} already exists`, {
        details: { instanceId },
      });
    const live = instances.create(instanceId, {
      definitionId: def.id,
      version: def.version,
      businessKey: options.businessKey ?? null,
      parentInstanceId: null,
      createdAt: this.core.clock.now(),
    });
    await runner.startNew(live, {
      kind: 'start',
      definitionId: def.id,
      version: def.version,
      businessKey: options.businessKey ?? null,
      variables: options.variables ?? {},
      actor: options.actor ?? 'api',
      ...(options.startElementId ? { startElementId: options.startElementId } : {}),
    });
    return instanceView(live.state, null);
  }

  /**
   * Delivers a message by name and correlation key: to the instance waiting for it, else it starts
   * the definition with a message start event of that name, else it is buffered for `ttlMs`.
   * NOT_FOUND when no deployed definition uses the message name.
   */
  async correlate(name: string, options: CorrelateOptions = {}): Promise<CorrelateResult> {
    const { core } = this;
    core.assertRunning();
    if (!name)
      throw new PlatformError('VALIDATION', 'message name is required', { details: { field: 'name' } });
    if (name.startsWith(SIGNAL_PREFIX))
      throw new PlatformError(
        'VALIDATION',
        `Message names must not start with '${SIGNAL_PREFIX}'; broadcast signals instead`,
        {
          details: { field: 'name' },
        },
      );
    const refs = await core.repos.definitions.messageRefs(name);
    if (refs.length === 0) {
      throw new PlatformError('NOT_FOUND', `Message '${name}' is not used by any deployed workflow`, {
        details: { message: name },
      });
    }
    const key = options.correlationKey ?? options.businessKey ?? null;
    const messageId = options.messageId ?? core.ids.next('msg');
    const now = core.clock.now();
    const starts = refs.filter((r) => r.isStart);
    const payload = options.payload ?? {};
    const outcome = await core.repos.messages.correlate(
      {
        messageId,
        name,
        correlationKey: key,
        payload,
        createdAt: now,
        expiresAt: now + (options.ttlMs ?? core.messageTtlMs),
      },
      { buffer: starts.length === 0 },
    );
    if (outcome && 'delivered' in outcome) {
      await this.parts.scheduler.pollNow();
      return { status: 'delivered', instanceId: outcome.delivered.instanceId, messageId };
    }
    if (outcome && 'buffered' in outcome)
      return { status: 'buffered', messageId, expiresAt: outcome.buffered.expiresAt };
    const start = starts[0]!;
    const view = await this.start(start.definitionId, {
      version: start.version,
      ...(key === null ? {} : { businessKey: key }),
      variables: isJsonObject(payload) ? payload : { payload },
      actor: `message:${name}`,
      startElementId: start.elementId,
    });
    return { status: 'started', instanceId: view.instanceId, messageId };
  }

  /**
   * Broadcasts a signal: every instance waiting for it receives it, and every definition with a signal
   * start of that name starts an instance. `signalId` makes a retried broadcast deliver once.
   */
  async broadcastSignal(
    name: string,
    options: { payload?: JsonValue; signalId?: string } = {},
  ): Promise<{ signalId: string; delivered: number; started: number }> {
    const { core } = this;
    core.assertRunning();
    if (!name)
      throw new PlatformError('VALIDATION', 'signal name is required', { details: { field: 'name' } });
    const signalId = options.signalId ?? core.ids.next('sig');
    const r = await core.repos.messages.broadcast(
      { signalId, name, payload: options.payload ?? {} },
      core.clock.now(),
    );
    if (r.delivered + r.started > 0) await this.parts.scheduler.pollNow();
    return { signalId, ...r };
  }

  /** Completes an open user task with the submitted form data (validated against the form). */
  async completeUserTask(
    taskId: string,
    data: Record<string, JsonValue>,
    actor: string,
  ): Promise<ControlResult> {
    this.core.assertRunning();
    const task = await this.core.repos.userTasks.get(taskId);
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
    const rec = await this.core.repos.instances.get(instanceId);
    if (!rec)
      throw new PlatformError('NOT_FOUND', `Workflow instance ${instanceId} does not exist`, {
        details: { instanceId },
      });
    await this.parts.definitions.compile(rec.definitionId, toVersion);
    return this.control(instanceId, { kind: 'migrate', toVersion, mapping, actor });
  }

  private async control(
    instanceId: string,
    input: Input,
    precheck?: (state: InstanceState) => void,
  ): Promise<ControlResult> {
    const state = await this.parts.runner.control(instanceId, input, precheck);
    return state ? { queued: false, instance: instanceView(state, null) } : { queued: true };
  }
}

/** Checks user-task form data: declared types, required fields and allowed options. */
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

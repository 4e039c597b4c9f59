// An in-memory, synchronous driver of the pure interpreter: runs handlers inline, fires timers when
// told, starts call-activity children. No durability — it exists to test definitions and the
// interpreter quickly (unit, property and golden-history tests) and to dry-run a model.
import { PlatformError, type JsonValue } from '../errors.js';
import { activityFailure } from './bpmn-error.js';
import { SIGNAL_PREFIX, type HistoryEvent } from './history-events.js';
import { decide, type Input } from './interpreter.js';
import { InstanceState, type UserTaskState } from './instance-state.js';
import { compileDefinition, type CompiledDefinition } from './model/compile.js';
import type { Value } from './expressions/expression-language.js';
import type { ProcessDefinition } from './model/types.js';

export interface SimulatedActivity {
  instanceId: string;
  activityId: string;
  elementId: string;
  taskType: string;
  attempt: number;
  idempotencyKey: string;
  input: Record<string, JsonValue>;
}

/** Returned by a simulated handler to leave the activity running (the test completes it later). */
export const PENDING: unique symbol = Symbol('pending');

/** A synchronous handler: returns the result or throws (a PlatformError's `retryable` decides retries). */
export type SimulatedHandler = (
  input: Record<string, JsonValue>,
  activity: SimulatedActivity,
) => JsonValue | void | typeof PENDING;

export interface SimulatorOptions {
  now?: number;
  handlers?: Record<string, SimulatedHandler>;
  /** Workflow/global variables visible to expressions. */
  shared?: Record<string, JsonValue>;
}

export interface SimulatedInstance {
  state: InstanceState;
  history: HistoryEvent[];
}

export class Simulator {
  now: number;
  readonly instances = new Map<string, SimulatedInstance>();
  /** Every handler call, in order (activity ids repeat on retries). */
  readonly calls: SimulatedActivity[] = [];
  /** Every input given to the interpreter, in order, with its time (what a golden history replays). */
  readonly steps: Array<{ instanceId: string; now: number; input: Input }> = [];
  private readonly defs = new Map<string, CompiledDefinition[]>();
  private readonly order: CompiledDefinition[] = [];
  private readonly handlers: Record<string, SimulatedHandler>;
  private readonly shared: Record<string, JsonValue>;
  private readonly queue: Array<{ instanceId: string; input: Input }> = [];
  private draining = false;
  private counter = 0;

  constructor(options: SimulatorOptions = {}) {
    this.now = options.now ?? Date.UTC(2026, 0, 1);
    this.handlers = { ...options.handlers };
    this.shared = { ...options.shared };
  }

  handle(taskType: string, handler: SimulatedHandler): this {
    this.handlers[taskType] = handler;
    return this;
  }

  deploy(model: ProcessDefinition): CompiledDefinition {
    const versions = this.defs.get(model.id) ?? [];
    const def = compileDefinition(structuredClone(model), versions.length + 1);
    versions.push(def);
    this.order.push(def);
    this.defs.set(model.id, versions);
    return def;
  }

  /** Every deployed model, in deploy order. */
  deployed(): ProcessDefinition[] {
    return this.order.map((d) => structuredClone(d.model));
  }

  definition(id: string, version?: number): CompiledDefinition {
    const versions = this.defs.get(id);
    const def = versions && (version === undefined ? versions[versions.length - 1] : versions[version - 1]);
    if (!def)
      throw new PlatformError(
        'NOT_FOUND',
        `Definition ${id}${version ? ` v${version}` : ''} is not deployed`,
        { details: { definitionId: id } },
      );
    return def;
  }

  start(
    definitionId: string,
    variables: Record<string, JsonValue> = {},
    options: { businessKey?: string; version?: number; instanceId?: string } = {},
  ): string {
    const def = this.definition(definitionId, options.version);
    const instanceId = options.instanceId ?? `sim-${++this.counter}`;
    this.instances.set(instanceId, { state: new InstanceState(instanceId), history: [] });
    this.send(instanceId, {
      kind: 'start',
      definitionId,
      version: def.version,
      businessKey: options.businessKey ?? null,
      variables,
      actor: 'test',
    });
    return instanceId;
  }

  instance(instanceId: string): SimulatedInstance {
    const i = this.instances.get(instanceId);
    if (!i) throw new PlatformError('NOT_FOUND', `No instance ${instanceId}`);
    return i;
  }

  /** Delivers an input and runs everything that follows (handlers, children, parents) to quiescence. */
  send(instanceId: string, input: Input): void {
    this.queue.push({ instanceId, input });
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length) {
        const next = this.queue.shift()!;
        this.process(next.instanceId, next.input);
      }
    } finally {
      this.draining = false;
      this.queue.length = 0;
    }
  }

  private process(instanceId: string, input: Input): void {
    const inst = this.instance(instanceId);
    this.steps.push({ instanceId, now: this.now, input: structuredClone(input) });
    const events = decide(inst.state, input, {
      now: this.now,
      definition: (v) =>
        this.definition(inst.state.definitionId || (input.kind === 'start' ? input.definitionId : ''), v),
      lookupShared: (name): Value => (Object.hasOwn(this.shared, name) ? this.shared[name] : undefined),
    });
    inst.history.push(...events);
    for (const e of events) this.follow(inst, e);
  }

  private follow(inst: SimulatedInstance, e: HistoryEvent): void {
    const { state } = inst;
    switch (e.type) {
      case 'activity.scheduled':
        if (!state.suspended) this.execute(state, e.activityId);
        return;
      case 'instance.resumed':
        for (const a of state.activities.values())
          if (a.status === 'scheduled') this.execute(state, a.activityId);
        return;
      case 'child.started': {
        const def = this.definition(e.definitionId, e.version);
        this.instances.set(e.childInstanceId, { state: new InstanceState(e.childInstanceId), history: [] });
        this.queue.push({
          instanceId: e.childInstanceId,
          input: {
            kind: 'start',
            definitionId: def.id,
            version: def.version,
            businessKey: state.businessKey,
            variables: e.variables,
            actor: `parent:${state.instanceId}`,
            parent: { instanceId: state.instanceId, tokenId: e.tokenId, elementId: e.elementId },
          },
        });
        return;
      }
      case 'child.cancelled':
        if (!this.instances.get(e.childInstanceId)?.state.isTerminal)
          this.queue.push({ instanceId: e.childInstanceId, input: { kind: 'cancel', actor: 'parent' } });
        return;
      case 'instance.completed':
        if (state.parent)
          this.queue.push({
            instanceId: state.parent.instanceId,
            input: { kind: 'childCompleted', childInstanceId: state.instanceId, variables: state.variables },
          });
        return;
      case 'instance.failed':
        if (state.parent)
          this.queue.push({
            instanceId: state.parent.instanceId,
            input: { kind: 'childFailed', childInstanceId: state.instanceId, error: e.error },
          });
        return;
      case 'instance.compensated':
        if (state.parent) {
          this.queue.push({
            instanceId: state.parent.instanceId,
            input: {
              kind: 'childFailed',
              childInstanceId: state.instanceId,
              error:
                state.compensation?.reason ?? new PlatformError('INCIDENT', 'child compensated').toJSON(),
            },
          });
        }
        return;
      case 'signal.thrown':
        this.broadcast(e.name, e.payload, e.signalId);
        return;
      case 'incident.raised':
        return;
      default:
        return;
    }
  }

  private execute(state: InstanceState, activityId: string): void {
    const a = state.activities.get(activityId);
    // Decided and cancelled within the same step (e.g. a parallel branch hit a terminate end).
    if (!a || a.status !== 'scheduled') return;
    const activity: SimulatedActivity = {
      instanceId: state.instanceId,
      activityId,
      elementId: a.elementId,
      taskType: a.taskType,
      attempt: a.attempt,
      idempotencyKey: `${state.instanceId}:${activityId}`,
      input: a.input ?? { ...state.variables },
    };
    this.calls.push(activity);
    const handler = this.handlers[a.taskType];
    let input: Input;
    try {
      if (!handler)
        throw new PlatformError('NOT_FOUND', `No handler registered for task type '${a.taskType}'`, {
          retryable: false,
        });
      const result = handler(activity.input, activity);
      if (result === PENDING) return;
      input = { kind: 'activityCompleted', activityId, result: result === undefined ? null : result };
    } catch (err) {
      input = { kind: 'activityFailed', activityId, error: activityFailure(err) };
    }
    this.queue.push({ instanceId: state.instanceId, input });
  }

  /** Moves time forward, firing every due timer of every instance in time order. */
  advance(ms: number): void {
    const target = this.now + ms;
    for (;;) {
      let best: { instanceId: string; timerId: string; dueAt: number } | undefined;
      for (const [instanceId, inst] of this.instances) {
        if (inst.state.isTerminal || inst.state.suspended) continue;
        for (const t of inst.state.timers.values()) {
          if (t.dueAt <= target && (!best || t.dueAt < best.dueAt))
            best = { instanceId, timerId: t.timerId, dueAt: t.dueAt };
        }
      }
      if (!best) break;
      this.now = Math.max(this.now, best.dueAt);
      this.send(best.instanceId, { kind: 'timerFired', timerId: best.timerId });
    }
    this.now = target;
  }

  /** Delivers a message to the first instance waiting for it (by name and key); returns whether one was. */
  correlate(name: string, key: string | null, payload: JsonValue = {}): boolean {
    for (const [instanceId, inst] of this.instances) {
      for (const s of inst.state.subscriptions.values()) {
        if (s.name === name && s.correlationKey === key) {
          this.send(instanceId, {
            kind: 'messageReceived',
            subscriptionId: s.subscriptionId,
            name,
            payload,
            messageId: `msg-${++this.counter}`,
          });
          return true;
        }
      }
    }
    return false;
  }

  /** Broadcasts a signal to every instance subscribed to it; returns how many received it. */
  signal(name: string, payload: JsonValue = {}): number {
    return this.broadcast(name, payload, `sig-${++this.counter}`);
  }

  private broadcast(name: string, payload: JsonValue, signalId: string): number {
    let delivered = 0;
    for (const [instanceId, inst] of this.instances) {
      for (const s of [...inst.state.subscriptions.values()]) {
        if (s.name !== `${SIGNAL_PREFIX}${name}`) continue;
        delivered++;
        this.queue.push({
          instanceId,
          input: {
            kind: 'messageReceived',
            subscriptionId: s.subscriptionId,
            name: s.name,
            payload,
            messageId: signalId,
          },
        });
      }
    }
    if (!this.draining && this.queue.length) {
      const next = this.queue.shift()!;
      this.send(next.instanceId, next.input);
    }
    return delivered;
  }

  /** Activities left running by handlers that returned PENDING. */
  pending(instanceId: string): string[] {
    return [...this.instance(instanceId).state.activities.values()]
      .filter((a) => a.status === 'scheduled')
      .map((a) => a.activityId);
  }

  openTasks(): UserTaskState[] {
    return [...this.instances.values()].flatMap((i) => [...i.state.userTasks.values()]);
  }

  completeTask(taskId: string, data: Record<string, JsonValue>, actor = 'reviewer'): void {
    const instanceId = taskId.slice(0, taskId.lastIndexOf(':'));
    this.send(instanceId, { kind: 'userTaskCompleted', taskId, data, actor });
  }
}

// The core of one interpreter step: the events it emits (each applied to the state at once), ids derived
// from history positions, the expression scope, token movement, and scope completion and cancellation.
// What an element does when a token enters it, which flows leave it and what an incident does are
// element semantics, handed in as `Semantics` (wired in ../interpreter.ts): concept modules (gateways,
// events, tasks…) build on this core and the core never imports them.
import { PlatformError, toPlatformError, type JsonValue, type SerializedError } from '../../errors.js';
import type { HistoryEvent, HistoryEventBody } from '../history-events.js';
import { ROOT_SCOPE, applyEvent, type InstanceState, type Token } from '../instance-state.js';
import type { CompiledDefinition, CompiledElement } from '../model/compile.js';
import type { EvalScope } from '../expressions/expression-language.js';
import { nextDueTime } from '../model/timer.js';
import type { Mapping, SequenceFlow, TimerSpec } from '../model/types.js';
import type { InterpreterContext } from './input.js';

/** Entering elements without reaching a wait state more often than this in one step is a loop: incident. */
const MAX_ENTRIES_PER_STEP = 10_000;

/** A token arriving at an element. */
export interface Arrival {
  readonly tokenId: string;
  readonly element: CompiledElement;
  /** The scope the token is in (root or a sub-process instance). */
  readonly scopeId: string;
  /** The sequence flow it came by (undefined when placed directly, e.g. at a start event). */
  readonly flowId: string | undefined;
}

/** Element semantics the core delegates to. */
export interface Semantics {
  /** A token arrives at an element. */
  enter(step: Step, arrival: Arrival): void;
  /** The flows a token takes when it leaves `element`; undefined when none can be taken (an incident was raised). */
  outgoing(step: Step, tokenId: string, element: CompiledElement): readonly SequenceFlow[] | undefined;
  /**
   * Called whenever every token rests (the agenda is empty): fires what waits on the state as a whole
   * (conditions after a variable change, inclusive joins no other token can reach any more). Returns
   * whether it moved a token, in which case the step runs on.
   */
  settle(step: Step): boolean;
  /** Something went wrong at an element: an incident, or compensation when the definition says so. */
  incident(
    step: Step,
    elementId: string,
    tokenId: string | undefined,
    error: SerializedError,
    activityId?: string,
  ): void;
}

export function errorOf(err: unknown): SerializedError {
  return toPlatformError(err).toJSON();
}

export function conflict(message: string, details: Record<string, JsonValue> = {}): PlatformError {
  return new PlatformError('CONFLICT', message, { details });
}

export class Step {
  readonly events: HistoryEvent[] = [];
  private readonly agenda: Array<{ tokenId: string; elementId: string; flowId?: string }> = [];
  private entries = 0;
  /** Variables changed or a condition started waiting since conditions were last evaluated. */
  conditionsDirty = false;

  constructor(
    readonly state: InstanceState,
    readonly ctx: InterpreterContext,
    private readonly semantics: Semantics,
  ) {}

  get def(): CompiledDefinition {
    return this.ctx.definition(this.state.version);
  }

  emit(body: HistoryEventBody): HistoryEvent {
    const e = { ...body, seq: this.state.seq + 1, at: this.ctx.now } as HistoryEvent;
    applyEvent(this.state, e);
    if (e.type === 'variables.set' || e.type === 'condition.waiting' || e.type === 'instance.started')
      this.conditionsDirty = true;
    this.events.push(e);
    return e;
  }

  /** Id of the entity created by the next emitted event (history positions are unique per instance). */
  nextId(prefix: string): string {
    return `${prefix}${this.state.seq + 1}`;
  }

  // ---- expressions --------------------------------------------------------------------------------

  scope(extra?: Record<string, JsonValue>): EvalScope {
    const vars = this.state.variables;
    const special: Record<string, JsonValue> = {
      $instanceId: this.state.instanceId,
      $businessKey: this.state.businessKey,
      $definitionId: this.state.definitionId,
      $version: this.state.version,
    };
    return {
      now: this.ctx.now,
      lookup: (name) => {
        if (extra && Object.hasOwn(extra, name)) return extra[name];
        if (Object.hasOwn(vars, name)) return vars[name];
        if (Object.hasOwn(special, name)) return special[name];
        return this.ctx.lookupShared?.(name);
      },
    };
  }

  evalMapping(mapping: Mapping, extra?: Record<string, JsonValue>): Record<string, JsonValue> {
    const out: Record<string, JsonValue> = {};
    const scope = this.scope(extra);
    for (const [target, source] of Object.entries(mapping))
      out[target] = this.def.expr(source).evaluate(scope) ?? null;
    return out;
  }

  template(text: string): string {
    const scope = this.scope();
    return text.replace(/\{\{([^}]+)\}\}/g, (_m, src: string) => {
      const v = this.def.expr(src.trim()).evaluate(scope);
      return typeof v === 'string' ? v : JSON.stringify(v ?? null);
    });
  }

  dueAt(spec: TimerSpec, iteration = 0, previous?: number): number | undefined {
    return nextDueTime(spec, {
      now: this.ctx.now,
      scope: this.scope(),
      compile: (source) => this.def.expr(source),
      iteration,
      ...(previous === undefined ? {} : { previous }),
    });
  }

  correlationKey(expr: string | undefined): string | null {
    if (!expr) return this.state.businessKey;
    const v = this.def.expr(expr).evaluate(this.scope());
    return v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);
  }

  setVariables(changes: Record<string, JsonValue>, actor: string, elementId?: string): void {
    if (Object.keys(changes).length === 0) return;
    this.emit({ type: 'variables.set', changes, actor, ...(elementId === undefined ? {} : { elementId }) });
  }

  // ---- token movement -------------------------------------------------------------------------

  arrive(tokenId: string, elementId: string, flowId?: string): void {
    this.agenda.push({ tokenId, elementId, ...(flowId === undefined ? {} : { flowId }) });
  }

  /** Processes queued arrivals until every token rests in a wait state and nothing settles any more. */
  run(): void {
    for (;;) {
      const next = this.agenda.shift();
      if (next === undefined) {
        if (this.state.isTerminal || !this.semantics.settle(this)) return;
        if (this.tooManyEntries(undefined)) return;
        continue;
      }
      if (!this.state.tokens.has(next.tokenId) || this.state.isTerminal) continue;
      if (this.tooManyEntries(next)) return;
      this.semantics.enter(this, {
        tokenId: next.tokenId,
        element: this.def.element(next.elementId),
        scopeId: this.state.tokens.get(next.tokenId)!.scopeId,
        flowId: next.flowId,
      });
    }
  }

  /** A loop without a wait state: an incident, and the step stops. */
  private tooManyEntries(next: { tokenId: string; elementId: string } | undefined): boolean {
    if (++this.entries <= MAX_ENTRIES_PER_STEP) return false;
    const tokenId = next?.tokenId ?? this.state.tokens.keys().next().value;
    this.incident(
      next?.elementId ?? (tokenId ? this.state.tokens.get(tokenId)!.elementId : this.state.definitionId),
      tokenId,
      new PlatformError(
        'INCIDENT',
        `More than ${MAX_ENTRIES_PER_STEP} elements entered without a wait state: the process loops without a task, timer or message`,
      ).toJSON(),
    );
    this.agenda.length = 0;
    return true;
  }

  leave(tokenId: string, elementId: string): void {
    const outs = this.semantics.outgoing(this, tokenId, this.def.element(elementId));
    if (outs === undefined) return;
    if (outs.length === 0) {
      this.emit({ type: 'token.ended', tokenId, elementId });
      this.checkScope(this.tokenScope(tokenId, elementId));
      return;
    }
    // Create every branch token before moving any, so a branch that ends at once cannot complete the scope early.
    const scopeId = this.state.tokens.get(tokenId)?.scopeId ?? ROOT_SCOPE;
    const branches: Array<{ tokenId: string; flow: SequenceFlow }> = [{ tokenId, flow: outs[0]! }];
    for (const flow of outs.slice(1)) {
      const id = this.nextId('t');
      this.emit({ type: 'token.created', tokenId: id, scopeId, elementId });
      branches.push({ tokenId: id, flow });
    }
    for (const b of branches) this.arrive(b.tokenId, b.flow.target, b.flow.id);
  }

  private tokenScope(tokenId: string, elementId: string): string {
    const t = this.state.tokens.get(tokenId);
    if (t) return t.scopeId;
    const scope = this.def.element(elementId).scope;
    if (scope === null) return ROOT_SCOPE;
    for (const s of this.state.scopes.values()) if (s.elementId === scope) return s.id;
    return ROOT_SCOPE;
  }

  incident(
    elementId: string,
    tokenId: string | undefined,
    error: SerializedError,
    activityId?: string,
  ): void {
    this.semantics.incident(this, elementId, tokenId, error, activityId);
  }

  // ---- scopes, cancellation and completion -------------------------------------------------------

  checkScope(scopeId: string): void {
    if (this.state.isTerminal) return;
    for (const t of this.state.tokens.values()) if (t.scopeId === scopeId) return;
    for (const a of this.agenda) if (this.state.tokens.get(a.tokenId)?.scopeId === scopeId) return;
    this.completeScope(scopeId);
  }

  completeScope(scopeId: string): void {
    this.disarmEventSubs(scopeId);
    if (scopeId === ROOT_SCOPE) {
      if (!this.state.isTerminal) this.emit({ type: 'instance.completed' });
      return;
    }
    const scope = this.state.scopes.get(scopeId);
    if (!scope) return;
    this.emit({ type: 'scope.completed', scopeId });
    this.detachBoundaries(scope.hostTokenId);
    this.leave(scope.hostTokenId, scope.elementId);
  }

  cancelScopeTokens(scopeId: string): void {
    this.disarmEventSubs(scopeId);
    for (const t of [...this.state.tokens.values()]) if (t.scopeId === scopeId) this.cancelToken(t);
  }

  /** Cancels the armed starts (timers, subscriptions, conditions) of a scope's event sub-processes. */
  private disarmEventSubs(scopeId: string): void {
    for (const t of [...this.state.timers.values()])
      if (t.purpose === 'eventSub' && t.tokenId === scopeId)
        this.emit({ type: 'timer.cancelled', timerId: t.timerId });
    for (const s of [...this.state.subscriptions.values()])
      if (s.purpose === 'eventSub' && s.tokenId === scopeId)
        this.emit({ type: 'message.unsubscribed', subscriptionId: s.subscriptionId });
    for (const c of [...this.state.conditions.values()])
      if (c.purpose === 'eventSub' && c.tokenId === scopeId)
        this.emit({ type: 'condition.cancelled', conditionId: c.conditionId });
  }

  /** Cancels whatever a token waits on (recursively for sub-processes) and removes it. */
  cancelToken(token: Token, keep = false): void {
    for (const s of [...this.state.scopes.values()]) {
      if (s.hostTokenId === token.id) {
        this.cancelScopeTokens(s.id);
        this.emit({ type: 'scope.cancelled', scopeId: s.id });
      }
    }
    for (const a of [...this.state.activities.values()])
      if (a.tokenId === token.id) this.emit({ type: 'activity.cancelled', activityId: a.activityId });
    for (const t of [...this.state.timers.values()])
      if (t.tokenId === token.id) this.emit({ type: 'timer.cancelled', timerId: t.timerId });
    for (const s of [...this.state.subscriptions.values()])
      if (s.tokenId === token.id)
        this.emit({ type: 'message.unsubscribed', subscriptionId: s.subscriptionId });
    for (const u of [...this.state.userTasks.values()])
      if (u.tokenId === token.id) this.emit({ type: 'usertask.cancelled', taskId: u.taskId });
    for (const c of [...this.state.children.values()])
      if (c.tokenId === token.id) this.emit({ type: 'child.cancelled', childInstanceId: c.childInstanceId });
    for (const c of [...this.state.conditions.values()])
      if (c.tokenId === token.id) this.emit({ type: 'condition.cancelled', conditionId: c.conditionId });
    for (const i of [...this.state.incidents.values()])
      if (i.tokenId === token.id)
        this.emit({ type: 'incident.resolved', incidentId: i.incidentId, actor: 'system' });
    if (!keep) this.emit({ type: 'token.cancelled', tokenId: token.id });
  }

  /** Interrupts a host activity (its token survives to leave through a boundary event). */
  interruptHost(hostToken: Token): void {
    this.cancelToken(hostToken, true);
  }

  /** Cancels the boundary timers and subscriptions (and SLA timers) hanging on a host token. */
  detachBoundaries(tokenId: string): void {
    for (const t of [...this.state.timers.values()]) {
      if (t.tokenId === tokenId && (t.purpose === 'boundary' || t.purpose === 'sla'))
        this.emit({ type: 'timer.cancelled', timerId: t.timerId });
    }
    for (const s of [...this.state.subscriptions.values()]) {
      if (s.tokenId === tokenId && s.purpose === 'boundary')
        this.emit({ type: 'message.unsubscribed', subscriptionId: s.subscriptionId });
    }
    for (const c of [...this.state.conditions.values()]) {
      if (c.tokenId === tokenId && c.purpose === 'boundary')
        this.emit({ type: 'condition.cancelled', conditionId: c.conditionId });
    }
  }
}

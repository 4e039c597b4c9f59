// The pure workflow interpreter: (definition, state rebuilt from history, one input, now) → new history
// events. No I/O, no clock, no randomness: ids derive from history positions and time is injected, so
// the same history and input always give the same events. Side effects are requested through events
// (`activity.scheduled`, `timer.scheduled`, …) that the runner turns into commands after committing.
import { PlatformError, toPlatformError, type JsonValue, type SerializedError } from '../errors.js';
import { bpmnErrorCode, matchCode } from './bpmn-error.js';
import type { HistoryEvent, HistoryEventBody, ParentLink } from './history-events.js';
import { ROOT_SCOPE, applyEvent, type InstanceState, type Token } from './instance-state.js';
import type { CompiledDefinition } from './model/compile.js';
import { addDuration, parseDuration } from './model/duration.js';
import { isTruthy, type EvalScope, type Value } from './model/expression.js';
import { nextDueTime } from './model/timer.js';
import type {
  BoundaryEventElement,
  FlowElement,
  Mapping,
  RetryPolicy,
  SequenceFlow,
  TimerSpec,
} from './model/types.js';
import { checkVariables, isJsonObject } from './model/variables.js';

/** Everything the interpreter may consult besides the state: definitions, time and shared variables. */
export interface InterpreterContext {
  /** Epoch ms of this step. */
  now: number;
  /** The compiled definition of a version of the instance's process. */
  definition(version: number): CompiledDefinition;
  /** Workflow- and global-scope variables, looked up after instance variables. */
  lookupShared?: (name: string) => Value;
}

export type Input =
  | {
      kind: 'start';
      definitionId: string;
      version: number;
      businessKey: string | null;
      variables: Record<string, JsonValue>;
      actor: string;
      parent?: ParentLink;
      /** A timer or message start event; default: the plain start event. */
      startElementId?: string;
    }
  | { kind: 'activityCompleted'; activityId: string; result: JsonValue }
  | { kind: 'activityFailed'; activityId: string; error: SerializedError }
  | { kind: 'timerFired'; timerId: string }
  | { kind: 'messageReceived'; subscriptionId: string; name: string; payload: JsonValue; messageId: string }
  | { kind: 'userTaskCompleted'; taskId: string; data: Record<string, JsonValue>; actor: string }
  | { kind: 'childCompleted'; childInstanceId: string; variables: Record<string, JsonValue> }
  | { kind: 'childFailed'; childInstanceId: string; error: SerializedError }
  | { kind: 'setVariables'; variables: Record<string, JsonValue>; actor: string }
  | { kind: 'suspend'; actor: string }
  | { kind: 'resume'; actor: string }
  | { kind: 'cancel'; actor: string; reason?: string; compensate?: boolean }
  | { kind: 'retryIncident'; actor: string; incidentId?: string }
  | { kind: 'migrate'; toVersion: number; mapping: Record<string, string>; actor: string };

/** Entering elements without reaching a wait state more often than this in one step is a loop: incident. */
const MAX_ENTRIES_PER_STEP = 10_000;
const DEFAULT_RETRY: Required<RetryPolicy> = {
  maxAttempts: 3,
  backoff: 'exponential',
  initialDelay: 'PT1S',
  maxDelay: 'PT1M',
  multiplier: 2,
};

function errorOf(err: unknown): SerializedError {
  return toPlatformError(err).toJSON();
}

function conflict(message: string, details: Record<string, JsonValue> = {}): PlatformError {
  return new PlatformError('CONFLICT', message, { details });
}

/** Delay before attempt `failedAttempt + 1` under `policy`. */
export function retryDelayMs(policy: RetryPolicy | undefined, failedAttempt: number): number {
  const p = { ...DEFAULT_RETRY, ...policy };
  const initial = parseDuration(p.initialDelay).approximateMs;
  const cap = parseDuration(p.maxDelay).approximateMs;
  const raw =
    p.backoff === 'fixed'
      ? initial
      : p.backoff === 'linear'
        ? initial * failedAttempt
        : initial * p.multiplier ** (failedAttempt - 1);
  return Math.max(0, Math.min(cap, raw));
}

class Step {
  readonly events: HistoryEvent[] = [];
  private readonly agenda: Array<{ tokenId: string; elementId: string; flowId?: string }> = [];
  private entries = 0;

  constructor(
    readonly state: InstanceState,
    readonly ctx: InterpreterContext,
  ) {}

  get def(): CompiledDefinition {
    return this.ctx.definition(this.state.version);
  }

  emit(body: HistoryEventBody): HistoryEvent {
    const e = { ...body, seq: this.state.seq + 1, at: this.ctx.now } as HistoryEvent;
    applyEvent(this.state, e);
    this.events.push(e);
    return e;
  }

  /** Id of the entity created by the next emitted event (history positions are unique per instance). */
  nextId(prefix: string): string {
    return `${prefix}${this.state.seq + 1}`;
  }

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

  setVariables(changes: Record<string, JsonValue>, actor: string, elementId?: string): void {
    if (Object.keys(changes).length === 0) return;
    this.emit({ type: 'variables.set', changes, actor, ...(elementId === undefined ? {} : { elementId }) });
  }

  // ---- token movement -------------------------------------------------------------------------

  arrive(tokenId: string, elementId: string, flowId?: string): void {
    this.agenda.push({ tokenId, elementId, ...(flowId === undefined ? {} : { flowId }) });
  }

  /** Processes queued arrivals until every token rests in a wait state. */
  run(): void {
    while (this.agenda.length) {
      const next = this.agenda.shift()!;
      if (!this.state.tokens.has(next.tokenId) || this.state.isTerminal) continue;
      if (++this.entries > MAX_ENTRIES_PER_STEP) {
        this.incident(
          next.elementId,
          next.tokenId,
          new PlatformError(
            'INCIDENT',
            `More than ${MAX_ENTRIES_PER_STEP} elements entered without a wait state: the process loops without a task, timer or message`,
          ).toJSON(),
        );
        this.agenda.length = 0;
        return;
      }
      this.enter(next.tokenId, next.elementId, next.flowId);
    }
  }

  leave(tokenId: string, elementId: string): void {
    const c = this.def.element(elementId);
    if (c.element.type === 'exclusiveGateway') {
      let chosen: SequenceFlow | undefined;
      try {
        chosen = this.chooseFlow(elementId);
      } catch (err) {
        this.incident(elementId, tokenId, errorOf(err));
        return;
      }
      this.arrive(tokenId, chosen.target, chosen.id);
      return;
    }
    const outs = c.outgoing;
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

  chooseFlow(gatewayId: string): SequenceFlow {
    const c = this.def.element(gatewayId);
    const gw = c.element.type === 'exclusiveGateway' ? c.element : undefined;
    const scope = this.scope();
    for (const f of c.outgoing) {
      if (f.id === gw?.default) continue;
      if (f.condition === undefined) return f;
      if (isTruthy(this.def.expr(f.condition).evaluate(scope))) return f;
    }
    const d = gw?.default ? c.outgoing.find((f) => f.id === gw.default) : undefined;
    if (d) return d;
    throw new PlatformError(
      'INCIDENT',
      `No path matched at exclusive gateway '${gatewayId}': none of ${c.outgoing.map((f) => `${f.id} (${f.condition ?? 'no condition'})`).join(', ')} holds and there is no default flow`,
      { details: { elementId: gatewayId } },
    );
  }

  enter(tokenId: string, elementId: string, flowId?: string): void {
    const c = this.def.element(elementId);
    const el = c.element;
    const scopeId = this.state.tokens.get(tokenId)!.scopeId;
    switch (el.type) {
      case 'startEvent':
      case 'task':
        this.leave(tokenId, elementId);
        return;
      case 'endEvent':
        this.emit({ type: 'token.ended', tokenId, elementId });
        if (el.kind === 'terminate') {
          this.cancelScopeTokens(scopeId);
          this.completeScope(scopeId);
        } else if (el.kind === 'error') {
          const error = new PlatformError(
            'PRECONDITION_FAILED',
            el.errorMessage ?? `Error end event '${elementId}' (${el.errorCode ?? 'ERROR'})`,
            {
              retryable: false,
              details: { bpmnErrorCode: el.errorCode ?? 'ERROR', elementId },
            },
          ).toJSON();
          this.throwFromScope(scopeId, error);
        } else {
          this.checkScope(scopeId);
        }
        return;
      case 'scriptTask': {
        let changes: Record<string, JsonValue>;
        try {
          const r = this.def.script(el.script).run(this.scope());
          changes = { ...r.assignments };
          if (el.resultVariable) changes[el.resultVariable] = r.result ?? null;
        } catch (err) {
          this.incident(elementId, tokenId, errorOf(err));
          return;
        }
        this.setVariables(changes, 'system', elementId);
        this.leave(tokenId, elementId);
        return;
      }
      case 'serviceTask': {
        let input: Record<string, JsonValue> | null = null;
        try {
          if (el.input) input = this.evalMapping(el.input);
        } catch (err) {
          this.incident(elementId, tokenId, errorOf(err));
          return;
        }
        this.emit({
          type: 'activity.scheduled',
          activityId: this.nextId('a'),
          tokenId,
          elementId,
          scopeId,
          taskType: el.taskType,
          input,
          attempt: 1,
          ...(el.compensation ? { compensable: true } : {}),
        });
        this.attachBoundaries(tokenId, elementId);
        return;
      }
      case 'userTask': {
        let fields: { title: string; body?: string; assignee?: string };
        try {
          const assignee =
            el.assignee === undefined
              ? undefined
              : /^(=|\$\{|#\{)/.test(el.assignee)
                ? this.def.expr(el.assignee).evaluate(this.scope())
                : el.assignee;
          fields = {
            title: this.template(el.title ?? el.name ?? elementId),
            ...(el.body === undefined ? {} : { body: this.template(el.body) }),
            ...(assignee === undefined || assignee === null ? {} : { assignee: String(assignee) }),
          };
        } catch (err) {
          this.incident(elementId, tokenId, errorOf(err));
          return;
        }
        const taskId = `${this.state.instanceId}:${this.nextId('u')}`;
        const dueAt = el.sla ? addDuration(this.ctx.now, el.sla.within) : undefined;
        this.emit({
          type: 'usertask.created',
          taskId,
          tokenId,
          elementId,
          scopeId,
          ...fields,
          ...(el.role === undefined ? {} : { role: el.role }),
          ...(el.form === undefined ? {} : { form: el.form as unknown as JsonValue }),
          ...(dueAt === undefined ? {} : { dueAt }),
        });
        if (dueAt !== undefined) {
          this.emit({
            type: 'timer.scheduled',
            timerId: this.nextId('tm'),
            elementId,
            purpose: 'sla',
            dueAt,
            tokenId,
            taskId,
          });
        }
        this.attachBoundaries(tokenId, elementId);
        return;
      }
      case 'exclusiveGateway':
        this.leave(tokenId, elementId);
        return;
      case 'parallelGateway': {
        if (c.incoming.length <= 1) {
          this.leave(tokenId, elementId);
          return;
        }
        this.emit({
          type: 'join.waiting',
          tokenId,
          gatewayId: elementId,
          flowId: flowId ?? `->${elementId}`,
          scopeId,
        });
        const waiting = this.state.joins.get(`${scopeId}|${elementId}`) ?? [];
        const picked: string[] = [];
        for (const f of c.incoming) {
          const w = waiting.find((x) => x.flowId === f.id);
          if (!w) return;
          picked.push(w.tokenId);
        }
        const [survivor, ...consumed] = picked;
        this.emit({ type: 'join.fired', gatewayId: elementId, scopeId, tokenId: survivor!, consumed });
        this.leave(survivor!, elementId);
        return;
      }
      case 'eventBasedGateway': {
        const waits: Array<() => void> = [];
        try {
          for (const f of c.outgoing) {
            const target = this.def.element(f.target).element;
            if (target.type !== 'intermediateCatchEvent') continue;
            if (target.timer) {
              const dueAt = this.dueAt(target.timer);
              if (dueAt === undefined) continue;
              waits.push(() =>
                this.emit({
                  type: 'timer.scheduled',
                  timerId: this.nextId('tm'),
                  elementId: target.id,
                  purpose: 'gateway',
                  dueAt,
                  tokenId,
                  gatewayId: elementId,
                }),
              );
            } else if (target.message) {
              const key = this.correlationKey(target.message.correlationKey);
              const name = target.message.name;
              waits.push(() =>
                this.emit({
                  type: 'message.subscribed',
                  subscriptionId: this.nextId('m'),
                  name,
                  correlationKey: key,
                  elementId: target.id,
                  tokenId,
                  purpose: 'gateway',
                  gatewayId: elementId,
                }),
              );
            }
          }
        } catch (err) {
          this.incident(elementId, tokenId, errorOf(err));
          return;
        }
        for (const w of waits) w();
        return;
      }
      case 'intermediateCatchEvent': {
        try {
          if (el.timer) {
            const dueAt = this.dueAt(el.timer);
            if (dueAt === undefined) {
              this.leave(tokenId, elementId);
              return;
            }
            this.emit({
              type: 'timer.scheduled',
              timerId: this.nextId('tm'),
              elementId,
              purpose: 'catch',
              dueAt,
              tokenId,
            });
          } else if (el.message) {
            const key = this.correlationKey(el.message.correlationKey);
            this.emit({
              type: 'message.subscribed',
              subscriptionId: this.nextId('m'),
              name: el.message.name,
              correlationKey: key,
              elementId,
              tokenId,
              purpose: 'catch',
            });
          }
        } catch (err) {
          this.incident(elementId, tokenId, errorOf(err));
        }
        return;
      }
      case 'subProcess': {
        const innerScope = this.nextId('s');
        this.emit({ type: 'scope.entered', scopeId: innerScope, elementId, tokenId, parentScopeId: scopeId });
        this.attachBoundaries(tokenId, elementId);
        const start = this.def.noneStart(elementId)!;
        const inner = this.nextId('t');
        this.emit({ type: 'token.created', tokenId: inner, scopeId: innerScope, elementId: start.id });
        this.leave(inner, start.id);
        return;
      }
      case 'callActivity': {
        let variables: Record<string, JsonValue>;
        try {
          variables = el.input ? this.evalMapping(el.input) : { ...this.state.variables };
        } catch (err) {
          this.incident(elementId, tokenId, errorOf(err));
          return;
        }
        this.emit({
          type: 'child.started',
          childInstanceId: `${this.state.instanceId}:${this.nextId('c')}`,
          tokenId,
          elementId,
          definitionId: el.calledElement,
          variables,
          ...(el.version === undefined ? {} : { version: el.version }),
        });
        this.attachBoundaries(tokenId, elementId);
        return;
      }
      case 'boundaryEvent':
        this.leave(tokenId, elementId);
        return;
    }
  }

  dueAt(spec: TimerSpec, iteration = 0, previous?: number): number | undefined {
    return nextDueTime(spec, {
      now: this.ctx.now,
      scope: this.scope(),
      iteration,
      ...(previous === undefined ? {} : { previous }),
    });
  }

  correlationKey(expr: string | undefined): string | null {
    if (!expr) return this.state.businessKey;
    const v = this.def.expr(expr).evaluate(this.scope());
    return v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);
  }

  attachBoundaries(tokenId: string, hostId: string): void {
    for (const b of this.def.element(hostId).boundaries) {
      try {
        if (b.timer) {
          const dueAt = this.dueAt(b.timer);
          if (dueAt !== undefined)
            this.emit({
              type: 'timer.scheduled',
              timerId: this.nextId('tm'),
              elementId: b.id,
              purpose: 'boundary',
              dueAt,
              tokenId,
            });
        } else if (b.message) {
          const key = this.correlationKey(b.message.correlationKey);
          this.emit({
            type: 'message.subscribed',
            subscriptionId: this.nextId('m'),
            name: b.message.name,
            correlationKey: key,
            elementId: b.id,
            tokenId,
            purpose: 'boundary',
          });
        }
      } catch (err) {
        this.incident(b.id, undefined, errorOf(err));
      }
    }
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
  }

  // ---- scopes, cancellation and completion -------------------------------------------------------

  checkScope(scopeId: string): void {
    if (this.state.isTerminal) return;
    for (const t of this.state.tokens.values()) if (t.scopeId === scopeId) return;
    for (const a of this.agenda) if (this.state.tokens.get(a.tokenId)?.scopeId === scopeId) return;
    this.completeScope(scopeId);
  }

  completeScope(scopeId: string): void {
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
    for (const t of [...this.state.tokens.values()]) if (t.scopeId === scopeId) this.cancelToken(t);
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
    for (const i of [...this.state.incidents.values()])
      if (i.tokenId === token.id)
        this.emit({ type: 'incident.resolved', incidentId: i.incidentId, actor: 'system' });
    if (!keep) this.emit({ type: 'token.cancelled', tokenId: token.id });
  }

  /** Interrupts a host activity (its token survives to leave through a boundary event). */
  interruptHost(hostToken: Token): void {
    this.cancelToken(hostToken, true);
  }

  // ---- errors, incidents and compensation --------------------------------------------------------

  incident(
    elementId: string,
    tokenId: string | undefined,
    error: SerializedError,
    activityId?: string,
  ): void {
    if (this.def.model.failurePolicy === 'compensate') {
      if (activityId) this.emit({ type: 'activity.cancelled', activityId });
      this.beginCompensation(error);
      return;
    }
    this.emit({
      type: 'incident.raised',
      incidentId: this.nextId('i'),
      elementId,
      error,
      ...(tokenId === undefined ? {} : { tokenId }),
      ...(activityId === undefined ? {} : { activityId }),
    });
  }

  private findErrorBoundary(hostId: string, error: SerializedError): BoundaryEventElement | undefined {
    const code = matchCode(error);
    const boundaries = this.def.element(hostId).boundaries.filter((b) => b.error);
    return (
      boundaries.find((b) => b.error!.code !== undefined && b.error!.code === code) ??
      boundaries.find((b) => b.error!.code === undefined)
    );
  }

  /** Takes the error path of `hostId` if it has a matching error boundary; returns whether it did. */
  private catchAt(hostToken: Token, hostId: string, error: SerializedError): boolean {
    const b = this.findErrorBoundary(hostId, error);
    if (!b) return false;
    this.interruptHost(hostToken);
    const vars: Record<string, JsonValue> = {};
    if (b.error!.codeVariable) vars[b.error!.codeVariable] = matchCode(error);
    if (b.error!.messageVariable) vars[b.error!.messageVariable] = error.message;
    this.setVariables(vars, 'system', b.id);
    this.leave(hostToken.id, b.id);
    return true;
  }

  /** A failure at an activity: its own error boundary, then enclosing sub-processes, then the instance. */
  failAt(token: Token, elementId: string, error: SerializedError, activityId?: string): void {
    if (this.catchAt(token, elementId, error)) return;
    if (bpmnErrorCode(error) === undefined) {
      // A technical failure not caught at the task: incident (or compensation, by policy) — not propagated.
      this.incident(elementId, token.id, error, activityId);
      return;
    }
    if (activityId) this.emit({ type: 'activity.cancelled', activityId });
    this.throwFromScope(token.scopeId, error);
  }

  /** A BPMN error leaving a scope: caught on the sub-process host or an outer one, else unhandled. */
  throwFromScope(scopeId: string, error: SerializedError): void {
    let current = scopeId;
    while (current !== ROOT_SCOPE) {
      const scope = this.state.scopes.get(current);
      if (!scope) break;
      const host = this.state.tokens.get(scope.hostTokenId);
      if (host && this.findErrorBoundary(scope.elementId, error)) {
        this.catchAt(host, scope.elementId, error);
        return;
      }
      current = scope.parentScopeId;
    }
    this.unhandled(error);
  }

  /** An error nobody catches ends the instance: compensated when something can be undone, else failed. */
  unhandled(error: SerializedError): void {
    if (this.state.compensable.length > 0) {
      this.beginCompensation(error);
      return;
    }
    this.cancelScopeTokens(ROOT_SCOPE);
    this.emit({ type: 'instance.failed', error });
  }

  beginCompensation(reason: SerializedError): void {
    if (this.state.compensation || this.state.isTerminal) return;
    this.cancelScopeTokens(ROOT_SCOPE);
    for (const a of [...this.state.activities.values()])
      this.emit({ type: 'activity.cancelled', activityId: a.activityId });
    for (const i of [...this.state.incidents.values()])
      this.emit({ type: 'incident.resolved', incidentId: i.incidentId, actor: 'system' });
    const queue = [...this.state.compensable].reverse().map((c) => c.activityId);
    this.emit({ type: 'compensation.started', reason, queue });
    this.nextCompensation();
  }

  nextCompensation(): void {
    const comp = this.state.compensation;
    if (!comp || comp.current) return;
    const nextId = comp.queue[0];
    if (nextId === undefined) {
      this.emit({ type: 'compensation.finished', failed: [...comp.failed] });
      if (comp.failed.length) {
        const error = new PlatformError(
          'INCIDENT',
          `Compensation failed for ${comp.failed.length} task(s); the others were undone`,
          {
            details: { failedActivities: comp.failed, reason: comp.reason.message },
          },
        ).toJSON();
        this.emit({ type: 'instance.failed', error });
      } else {
        this.emit({ type: 'instance.compensated' });
      }
      return;
    }
    const entry = this.state.compensable.find((c) => c.activityId === nextId)!;
    const el = this.def.hasElement(entry.elementId) ? this.def.element(entry.elementId).element : undefined;
    const spec = el?.type === 'serviceTask' ? el.compensation : undefined;
    const base: Record<string, JsonValue> = { input: entry.input ?? {}, output: entry.result };
    let input: Record<string, JsonValue> = base;
    let mappingError: SerializedError | undefined;
    try {
      if (spec?.input) input = this.evalMapping(spec.input, base);
    } catch (err) {
      mappingError = errorOf(err);
    }
    const activityId = this.nextId('a');
    this.emit({
      type: 'activity.scheduled',
      activityId,
      elementId: entry.elementId,
      scopeId: ROOT_SCOPE,
      taskType: spec?.taskType ?? '(missing compensation handler)',
      input,
      attempt: 1,
      compensationOf: entry.activityId,
    });
    if (mappingError || !spec) {
      this.emit({
        type: 'activity.failed',
        activityId,
        error:
          mappingError ??
          new PlatformError(
            'NOT_FOUND',
            `Element '${entry.elementId}' has no compensation handler any more`,
          ).toJSON(),
        final: true,
      });
      this.nextCompensation();
    }
  }

  // ---- inputs -----------------------------------------------------------------------------------

  onActivityCompleted(activityId: string, result: JsonValue): void {
    const a = this.state.activities.get(activityId);
    if (!a || a.status !== 'scheduled') return;
    this.emit({ type: 'activity.completed', activityId, result });
    if (a.compensationOf) {
      this.nextCompensation();
      return;
    }
    const el = this.def.element(a.elementId).element;
    const token = a.tokenId ? this.state.tokens.get(a.tokenId) : undefined;
    if (!token) return;
    try {
      const mapping = el.type === 'serviceTask' ? el.output : undefined;
      let changes: Record<string, JsonValue> = {};
      if (mapping)
        changes = this.evalMapping(mapping, isJsonObject(result) ? { result, ...result } : { result });
      else if (isJsonObject(result)) changes = result;
      else if (result !== null && result !== undefined) changes = { [`${a.elementId}_result`]: result };
      this.setVariables(changes, `task:${a.taskType}`, a.elementId);
    } catch (err) {
      this.incident(a.elementId, token.id, errorOf(err));
      return;
    }
    this.detachBoundaries(token.id);
    this.leave(token.id, a.elementId);
  }

  onActivityFailed(activityId: string, error: SerializedError): void {
    const a = this.state.activities.get(activityId);
    if (!a || a.status !== 'scheduled') return;
    const el = this.def.hasElement(a.elementId) ? this.def.element(a.elementId).element : undefined;
    const policy = el?.type === 'serviceTask' ? el.retry : undefined;
    const maxAttempts = policy?.maxAttempts ?? DEFAULT_RETRY.maxAttempts;
    const isBusiness = bpmnErrorCode(error) !== undefined;
    if (!isBusiness && error.retryable && a.attempt < maxAttempts) {
      const retryAt = this.ctx.now + retryDelayMs(policy, a.attempt);
      this.emit({ type: 'activity.failed', activityId, error, final: false, retryAt });
      this.emit({
        type: 'timer.scheduled',
        timerId: this.nextId('tm'),
        elementId: a.elementId,
        purpose: 'retry',
        dueAt: retryAt,
        activityId,
        ...(a.tokenId === undefined ? {} : { tokenId: a.tokenId }),
      });
      return;
    }
    this.emit({ type: 'activity.failed', activityId, error, final: true });
    if (a.compensationOf) {
      this.nextCompensation();
      return;
    }
    const token = a.tokenId ? this.state.tokens.get(a.tokenId) : undefined;
    if (!token) return;
    this.failAt(token, a.elementId, error, activityId);
  }

  onTimerFired(timerId: string): void {
    const t = this.state.timers.get(timerId);
    if (!t) return;
    this.emit({ type: 'timer.fired', timerId });
    const token = t.tokenId ? this.state.tokens.get(t.tokenId) : undefined;
    switch (t.purpose) {
      case 'retry': {
        const a = t.activityId ? this.state.activities.get(t.activityId) : undefined;
        if (!a || a.status !== 'retrying') return;
        this.emit({
          type: 'activity.scheduled',
          activityId: a.activityId,
          elementId: a.elementId,
          scopeId: a.scopeId,
          taskType: a.taskType,
          input: a.input,
          attempt: a.attempt + 1,
          ...(a.tokenId === undefined ? {} : { tokenId: a.tokenId }),
          ...(a.compensable ? { compensable: true } : {}),
          ...(a.compensationOf === undefined ? {} : { compensationOf: a.compensationOf }),
        });
        return;
      }
      case 'catch':
        if (token) this.leave(token.id, t.elementId);
        return;
      case 'gateway':
        if (token) this.winRace(token, t.gatewayId!, t.elementId);
        return;
      case 'sla': {
        const task = t.taskId ? this.state.userTasks.get(t.taskId) : undefined;
        if (!task || !token) return;
        const el = this.def.element(task.elementId).element;
        const sla = el.type === 'userTask' ? el.sla : undefined;
        if (sla?.onTimeout) {
          this.emit({ type: 'usertask.expired', taskId: task.taskId });
          this.detachBoundaries(token.id);
          this.arrive(token.id, sla.onTimeout);
        } else {
          this.emit({
            type: 'usertask.escalated',
            taskId: task.taskId,
            ...(sla?.escalateTo?.assignee === undefined ? {} : { assignee: sla.escalateTo.assignee }),
            role: sla?.escalateTo?.role ?? 'manager',
          });
        }
        return;
      }
      case 'boundary': {
        if (!token) return;
        const b = this.def.element(t.elementId).element;
        if (b.type !== 'boundaryEvent') return;
        this.fireBoundary(token, b, () => {
          if (b.timer && b.timer.kind === 'cycle') {
            const dueAt = this.dueAt(b.timer, t.iteration + 1, t.dueAt);
            if (dueAt !== undefined) {
              this.emit({
                type: 'timer.scheduled',
                timerId: this.nextId('tm'),
                elementId: b.id,
                purpose: 'boundary',
                dueAt,
                tokenId: token.id,
                iteration: t.iteration + 1,
              });
            }
          }
        });
        return;
      }
    }
  }

  /** A boundary timer or message fired on `host`: interrupt it, or spawn a token and let it run on. */
  fireBoundary(host: Token, b: BoundaryEventElement, rearm: () => void): void {
    if (b.interrupting === false) {
      const id = this.nextId('t');
      this.emit({ type: 'token.created', tokenId: id, scopeId: host.scopeId, elementId: b.id });
      rearm();
      this.leave(id, b.id);
      return;
    }
    this.interruptHost(host);
    this.leave(host.id, b.id);
  }

  /** First event of an event-based gateway wins: the others are cancelled and the token moves on. */
  winRace(token: Token, gatewayId: string, winnerElementId: string): void {
    for (const t of [...this.state.timers.values()]) {
      if (t.tokenId === token.id && t.gatewayId === gatewayId)
        this.emit({ type: 'timer.cancelled', timerId: t.timerId });
    }
    for (const s of [...this.state.subscriptions.values()]) {
      if (s.tokenId === token.id && s.gatewayId === gatewayId)
        this.emit({ type: 'message.unsubscribed', subscriptionId: s.subscriptionId });
    }
    this.leave(token.id, winnerElementId);
  }

  onMessage(subscriptionId: string, name: string, payload: JsonValue, messageId: string): void {
    const s = this.state.subscriptions.get(subscriptionId);
    if (!s) return;
    this.emit({ type: 'message.received', subscriptionId, name, payload, messageId });
    const token = this.state.tokens.get(s.tokenId);
    if (!token) return;
    const el = this.def.element(s.elementId).element;
    try {
      const mapping = el.type === 'intermediateCatchEvent' ? el.output : undefined;
      const changes = mapping
        ? this.evalMapping(mapping, isJsonObject(payload) ? payload : { payload })
        : isJsonObject(payload)
          ? payload
          : {};
      this.setVariables(changes, `message:${name}`, s.elementId);
    } catch (err) {
      this.incident(s.elementId, token.id, errorOf(err));
      return;
    }
    if (s.purpose === 'catch') this.leave(token.id, s.elementId);
    else if (s.purpose === 'gateway') this.winRace(token, s.gatewayId!, s.elementId);
    else if (el.type === 'boundaryEvent') this.fireBoundary(token, el, () => undefined);
  }

  onUserTaskCompleted(taskId: string, data: Record<string, JsonValue>, actor: string): void {
    const task = this.state.userTasks.get(taskId);
    if (!task) return;
    const el = this.def.element(task.elementId).element;
    if (el.type !== 'userTask') return;
    this.emit({ type: 'usertask.completed', taskId, data, actor });
    try {
      const changes: Record<string, JsonValue> = { [el.decisionVariable ?? `${el.id}_decision`]: data };
      if (el.output) Object.assign(changes, this.evalMapping(el.output, data));
      this.setVariables(changes, actor, el.id);
    } catch (err) {
      this.incident(el.id, task.tokenId, errorOf(err));
      return;
    }
    this.detachBoundaries(task.tokenId);
    this.leave(task.tokenId, el.id);
  }

  onChildCompleted(childInstanceId: string, variables: Record<string, JsonValue>): void {
    const c = this.state.children.get(childInstanceId);
    if (!c) return;
    this.emit({ type: 'child.completed', childInstanceId, variables });
    const el = this.def.element(c.elementId).element;
    try {
      const mapping = el.type === 'callActivity' ? el.output : undefined;
      this.setVariables(
        mapping ? this.evalMapping(mapping, variables) : variables,
        `child:${childInstanceId}`,
        c.elementId,
      );
    } catch (err) {
      this.incident(c.elementId, c.tokenId, errorOf(err));
      return;
    }
    this.detachBoundaries(c.tokenId);
    this.leave(c.tokenId, c.elementId);
  }

  onChildFailed(childInstanceId: string, error: SerializedError): void {
    const c = this.state.children.get(childInstanceId);
    if (!c) return;
    this.emit({ type: 'child.failed', childInstanceId, error });
    const token = this.state.tokens.get(c.tokenId);
    if (!token) return;
    if (this.catchAt(token, c.elementId, error)) return;
    if (bpmnErrorCode(error) !== undefined) this.throwFromScope(token.scopeId, error);
    else this.incident(c.elementId, token.id, error);
  }

  start(input: Extract<Input, { kind: 'start' }>): void {
    const def = this.ctx.definition(input.version);
    const startElementId = input.startElementId ?? def.noneStart(null)?.id;
    if (!startElementId) {
      throw new PlatformError(
        'VALIDATION',
        `${def.id} v${def.version} has no plain start event; start it by its message or timer`,
        {
          details: { definitionId: def.id },
        },
      );
    }
    const variables = checkVariables(def.model.variables, input.variables, {
      complete: true,
      context: `Start of ${def.id}`,
    });
    this.emit({
      type: 'instance.started',
      definitionId: input.definitionId,
      version: input.version,
      businessKey: input.businessKey,
      variables,
      startElementId,
      tokenId: this.nextId('t'),
      actor: input.actor,
      ...(input.parent ? { parent: input.parent } : {}),
    });
    const token = [...this.state.tokens.keys()][0]!;
    this.leave(token, startElementId);
  }

  retryIncident(incidentId: string | undefined, actor: string): void {
    const incidents = [...this.state.incidents.values()].filter(
      (i) => incidentId === undefined || i.incidentId === incidentId,
    );
    if (incidents.length === 0) {
      throw conflict(
        incidentId
          ? `Incident ${incidentId} is not open on ${this.state.instanceId}`
          : `Instance ${this.state.instanceId} has no open incident`,
        {
          instanceId: this.state.instanceId,
        },
      );
    }
    for (const i of incidents) {
      this.emit({ type: 'incident.resolved', incidentId: i.incidentId, actor });
      const a = i.activityId ? this.state.activities.get(i.activityId) : undefined;
      if (a && a.status === 'failed') {
        this.emit({
          type: 'activity.scheduled',
          activityId: a.activityId,
          elementId: a.elementId,
          scopeId: a.scopeId,
          taskType: a.taskType,
          input: a.input,
          attempt: 1,
          ...(a.tokenId === undefined ? {} : { tokenId: a.tokenId }),
          ...(a.compensable ? { compensable: true } : {}),
        });
      } else if (i.tokenId && this.state.tokens.has(i.tokenId)) {
        this.arrive(i.tokenId, i.elementId);
      }
    }
  }

  migrate(toVersion: number, mapping: Record<string, string>, actor: string): void {
    const target = this.ctx.definition(toVersion);
    if (this.state.joins.size > 0) {
      throw conflict(
        `Instance ${this.state.instanceId} cannot migrate while a parallel join is half complete (${[...this.state.joins.keys()].join(', ')})`,
      );
    }
    if (this.state.compensation)
      throw conflict(`Instance ${this.state.instanceId} is compensating and cannot migrate`);
    const problems: Array<{ elementId: string; message: string }> = [];
    const current = this.def;
    const check = (id: string): void => {
      const to = mapping[id] ?? id;
      if (!target.hasElement(to))
        problems.push({ elementId: id, message: `maps to '${to}', which does not exist in v${toVersion}` });
      else if (
        current.hasElement(id) &&
        target.element(to).element.type !== current.element(id).element.type
      ) {
        problems.push({
          elementId: id,
          message: `is a ${current.element(id).element.type} but '${to}' in v${toVersion} is a ${target.element(to).element.type}`,
        });
      }
    };
    const ids = new Set<string>();
    for (const t of this.state.tokens.values()) ids.add(t.elementId);
    for (const a of this.state.activities.values()) ids.add(a.elementId);
    for (const u of this.state.userTasks.values()) ids.add(u.elementId);
    for (const t of this.state.timers.values()) if (t.purpose !== 'boundary') ids.add(t.elementId);
    for (const s of this.state.subscriptions.values()) if (s.purpose !== 'boundary') ids.add(s.elementId);
    for (const id of ids) check(id);
    if (problems.length) {
      throw new PlatformError(
        'VALIDATION',
        `Cannot migrate ${this.state.instanceId} to v${toVersion}: ${problems.map((p) => `${p.elementId} ${p.message}`).join('; ')}`,
        {
          details: { instanceId: this.state.instanceId, problems },
        },
      );
    }
    const fromVersion = this.state.version;
    this.emit({ type: 'instance.migrated', fromVersion, toVersion, mapping, actor });
    // Boundary events that no longer exist on the mapped host are dropped.
    for (const t of [...this.state.timers.values()]) {
      if (
        t.purpose === 'boundary' &&
        (!target.hasElement(t.elementId) || target.element(t.elementId).element.type !== 'boundaryEvent')
      ) {
        this.emit({ type: 'timer.cancelled', timerId: t.timerId });
      }
    }
    for (const s of [...this.state.subscriptions.values()]) {
      if (
        s.purpose === 'boundary' &&
        (!target.hasElement(s.elementId) || target.element(s.elementId).element.type !== 'boundaryEvent')
      ) {
        this.emit({ type: 'message.unsubscribed', subscriptionId: s.subscriptionId });
      }
    }
  }
}

function assertActive(state: InstanceState, what: string): void {
  if (state.isTerminal)
    throw conflict(`Instance ${state.instanceId} is ${state.status}; cannot ${what}`, {
      instanceId: state.instanceId,
      status: state.status,
    });
}

/**
 * Decides the events that follow `input` for the instance in `state`, applying them to `state` as
 * they are emitted. Stale inputs (a timer already cancelled, a late result of a cancelled activity)
 * yield no events. Operator inputs that make no sense in the current state throw CONFLICT; bad
 * variables throw VALIDATION.
 */
export function decide(state: InstanceState, input: Input, ctx: InterpreterContext): HistoryEvent[] {
  const step = new Step(state, ctx);
  if (input.kind === 'start') {
    if (state.seq !== 0)
      throw conflict(`Instance ${state.instanceId} already exists`, { instanceId: state.instanceId });
    step.start(input);
    step.run();
    return step.events;
  }
  if (state.seq === 0)
    throw new PlatformError('NOT_FOUND', `Instance ${state.instanceId} has no history`, {
      details: { instanceId: state.instanceId },
    });
  switch (input.kind) {
    case 'suspend':
      assertActive(state, 'suspend');
      if (!state.suspended) step.emit({ type: 'instance.suspended', actor: input.actor });
      return step.events;
    case 'resume':
      assertActive(state, 'resume');
      if (state.suspended) step.emit({ type: 'instance.resumed', actor: input.actor });
      return step.events;
    case 'cancel':
      assertActive(state, 'cancel');
      if (input.compensate && state.compensable.length) {
        step.beginCompensation(
          new PlatformError('CONFLICT', input.reason ?? `Cancelled by ${input.actor}`).toJSON(),
        );
      } else {
        step.cancelScopeTokens(ROOT_SCOPE);
        for (const a of [...state.activities.values()])
          step.emit({ type: 'activity.cancelled', activityId: a.activityId });
        for (const t of [...state.timers.values()])
          step.emit({ type: 'timer.cancelled', timerId: t.timerId });
        step.emit({
          type: 'instance.cancelled',
          actor: input.actor,
          ...(input.reason === undefined ? {} : { reason: input.reason }),
        });
      }
      return step.events;
    case 'setVariables': {
      assertActive(state, 'set variables');
      const def = ctx.definition(state.version);
      const changes = checkVariables(def.model.variables, input.variables, {
        complete: false,
        context: `Variables of ${state.instanceId}`,
      });
      step.setVariables(changes, input.actor);
      return step.events;
    }
    case 'retryIncident':
      assertActive(state, 'retry');
      step.retryIncident(input.incidentId, input.actor);
      step.run();
      return step.events;
    case 'migrate':
      assertActive(state, 'migrate');
      step.migrate(input.toVersion, input.mapping, input.actor);
      return step.events;
  }
  if (state.isTerminal) return [];
  switch (input.kind) {
    case 'activityCompleted':
      step.onActivityCompleted(input.activityId, input.result);
      break;
    case 'activityFailed':
      step.onActivityFailed(input.activityId, input.error);
      break;
    case 'timerFired':
      step.onTimerFired(input.timerId);
      break;
    case 'messageReceived':
      step.onMessage(input.subscriptionId, input.name, input.payload, input.messageId);
      break;
    case 'userTaskCompleted':
      step.onUserTaskCompleted(input.taskId, input.data, input.actor);
      break;
    case 'childCompleted':
      step.onChildCompleted(input.childInstanceId, input.variables);
      break;
    case 'childFailed':
      step.onChildFailed(input.childInstanceId, input.error);
      break;
  }
  step.run();
  return step.events;
}

/** Elements a definition can start from when triggered (for the runner's start timers and message starts). */
export function startTriggers(def: CompiledDefinition): FlowElement[] {
  return def.triggeredStarts();
}

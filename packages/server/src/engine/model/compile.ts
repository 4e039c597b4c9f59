// Validates a process definition and compiles it once per deployment: indexes elements and flows,
// parses every expression, script and timer, and checks the token game for join mismatches.
// Every problem names the element; all problems are reported together.
import { PlatformError, isPlatformError } from '../../errors.js';
import type {
  CompiledExpression,
  CompiledScript,
  ExpressionLanguage,
  ExpressionLanguageId,
} from '../expressions/expression-language.js';
import { EXPRESSION_LANGUAGES, expressionLanguage } from '../expressions/expression-languages.js';
import { SIGNAL_PREFIX } from '../history-events.js';
import { parseDuration } from './duration.js';
import { checkJoins } from './soundness.js';
import { validateTimer } from './timer.js';
import type {
  BoundaryEventElement,
  FlowElement,
  ProcessDefinition,
  SequenceFlow,
  StartEventElement,
  TimerSpec,
  VariableType,
} from './types.js';

export interface DefinitionProblem {
  /** Element or flow id (or `definition`). */
  elementId: string;
  message: string;
}

export interface CompiledElement {
  readonly element: FlowElement;
  /** Id of the enclosing sub-process, or null at the top level. */
  readonly scope: string | null;
  readonly outgoing: readonly SequenceFlow[];
  readonly incoming: readonly SequenceFlow[];
  readonly boundaries: readonly BoundaryEventElement[];
}

export const DEFINITION_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/;
/** Element and flow ids are XML names (BPMN ids), at most 200 characters. */
export const ELEMENT_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,199}$/;
const VARIABLE_TYPES: readonly VariableType[] = [
  'string',
  'number',
  'integer',
  'boolean',
  'object',
  'list',
  'any',
];
const ACTIVITY_TYPES = new Set([
  'serviceTask',
  'userTask',
  'scriptTask',
  'task',
  'subProcess',
  'callActivity',
]);

/** A validated, indexed definition with every expression parsed; shared by all instances of that version. */
export class CompiledDefinition {
  readonly id: string;
  readonly version: number;
  readonly model: ProcessDefinition;
  private readonly elements = new Map<string, CompiledElement>();
  private readonly flows = new Map<string, SequenceFlow>();
  private readonly expressions = new Map<string, CompiledExpression>();
  private readonly scripts = new Map<string, CompiledScript>();
  /** Message names this definition waits for or starts on. */
  readonly messageNames: ReadonlySet<string>;
  /** The language every expression of this definition is written in. */
  readonly language: ExpressionLanguage;
  /** Link catch events by `scope|name`. */
  private readonly linkCatches = new Map<string, string>();
  private readonly reachable = new Map<string, ReadonlySet<string>>();
  /** Start events of the event sub-processes directly inside each scope (`''` = top level). */
  private readonly eventSubStartsByScope = new Map<string, StartEventElement[]>();

  constructor(model: ProcessDefinition, version: number) {
    this.model = model;
    this.language = expressionLanguage(model.expressionLanguage);
    this.id = model.id;
    this.version = version;
    const names = new Set<string>();
    const index = (elements: FlowElement[], flows: SequenceFlow[], scope: string | null): void => {
      const outgoing = new Map<string, SequenceFlow[]>();
      const incoming = new Map<string, SequenceFlow[]>();
      const boundaries = new Map<string, BoundaryEventElement[]>();
      for (const f of flows) {
        this.flows.set(f.id, f);
        outgoing.set(f.source, [...(outgoing.get(f.source) ?? []), f]);
        incoming.set(f.target, [...(incoming.get(f.target) ?? []), f]);
      }
      for (const el of elements) {
        if (el.type === 'boundaryEvent')
          boundaries.set(el.attachedTo, [...(boundaries.get(el.attachedTo) ?? []), el]);
        if ('message' in el && el.message) names.add(el.message.name);
        if (el.type === 'intermediateCatchEvent' && el.link !== undefined)
          this.linkCatches.set(`${scope ?? ''}|${el.link}`, el.id);
      }
      for (const el of elements) {
        this.elements.set(el.id, {
          element: el,
          scope,
          outgoing: outgoing.get(el.id) ?? [],
          incoming: incoming.get(el.id) ?? [],
          boundaries: boundaries.get(el.id) ?? [],
        });
        if (el.type === 'subProcess') index(el.elements, el.flows, el.id);
        if (el.type === 'subProcess' && el.triggeredByEvent) {
          const start = el.elements.find((e): e is StartEventElement => e.type === 'startEvent');
          const key = scope ?? '';
          if (start) this.eventSubStartsByScope.set(key, [...this.eventSubStarts(scope), start]);
        }
      }
    };
    index(model.elements, model.flows, null);
    this.messageNames = names;
  }

  /** The element with this id; NOT_FOUND when absent. */
  element(id: string): CompiledElement {
    const el = this.elements.get(id);
    if (!el)
      throw new PlatformError('NOT_FOUND', `Element '${id}' does not exist in ${this.id} v${this.version}`, {
        details: { elementId: id },
      });
    return el;
  }

  hasElement(id: string): boolean {
    return this.elements.has(id);
  }

  flow(id: string): SequenceFlow {
    const f = this.flows.get(id);
    if (!f)
      throw new PlatformError('NOT_FOUND', `Flow '${id}' does not exist in ${this.id} v${this.version}`, {
        details: { flowId: id },
      });
    return f;
  }

  allElements(): IterableIterator<CompiledElement> {
    return this.elements.values();
  }

  /** The plain (none) start event of a scope (null = top level). */
  noneStart(scope: string | null): StartEventElement | undefined {
    for (const c of this.elements.values()) {
      if (c.scope === scope && c.element.type === 'startEvent' && !isTriggered(c.element)) return c.element;
    }
    return undefined;
  }

  /** The start events of the event sub-processes a scope (null = top level) holds directly. */
  eventSubStarts(scope: string | null): readonly StartEventElement[] {
    return this.eventSubStartsByScope.get(scope ?? '') ?? [];
  }

  /** Whether `id` is an event sub-process. */
  isEventSubProcess(id: string): boolean {
    const el = this.elements.get(id)?.element;
    return el?.type === 'subProcess' && el.triggeredByEvent === true;
  }

  /** Top-level start events with a trigger (timer or message). */
  triggeredStarts(): StartEventElement[] {
    const out: StartEventElement[] = [];
    for (const c of this.elements.values()) {
      if (c.scope === null && c.element.type === 'startEvent' && isTriggered(c.element)) out.push(c.element);
    }
    return out;
  }

  /** The link catch event a link throw event jumps to (same scope, same name). */
  linkTarget(throwId: string): string | undefined {
    const c = this.elements.get(throwId);
    if (!c || c.element.type !== 'intermediateThrowEvent' || c.element.link === undefined) return undefined;
    return this.linkCatches.get(`${c.scope ?? ''}|${c.element.link}`);
  }

  /** Where a token can go next from `id` within its scope: flows, boundary events, SLA timeout paths, links. */
  private successors(id: string): string[] {
    const c = this.elements.get(id);
    if (!c) return [];
    const out = c.outgoing.map((f) => f.target);
    for (const b of c.boundaries) out.push(b.id);
    if (c.element.type === 'userTask' && c.element.sla?.onTimeout) out.push(c.element.sla.onTimeout);
    const link = this.linkTarget(id);
    if (link) out.push(link);
    return out;
  }

  /**
   * The incoming flows of `gatewayId` that a token resting at `from` can still reach without passing
   * through the gateway (flows, boundary events, SLA paths, links); cached per pair.
   */
  reachableIncoming(from: string, gatewayId: string): ReadonlySet<string> {
    const key = `${from}>${gatewayId}`;
    const hit = this.reachable.get(key);
    if (hit) return hit;
    const found = new Set<string>();
    const seen = new Set<string>([from]);
    const stack = [from];
    while (stack.length) {
      const id = stack.pop()!;
      const c = this.elements.get(id);
      for (const f of c?.outgoing ?? []) {
        if (f.target === gatewayId) found.add(f.id);
        else if (!seen.has(f.target)) {
          seen.add(f.target);
          stack.push(f.target);
        }
      }
      for (const next of this.successors(id)) {
        if (next !== gatewayId && !seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    this.reachable.set(key, found);
    return found;
  }

  /** Parsed expression (in the definition's language, or `language`), cached for the life of the deployment. */
  expr(source: string, language?: ExpressionLanguageId): CompiledExpression {
    const key = language === undefined ? source : `${language}\u0000${source}`;
    let e = this.expressions.get(key);
    if (!e) {
      e = (language ? expressionLanguage(language) : this.language).compile(source);
      this.expressions.set(key, e);
    }
    return e;
  }

  /** Compiled script in the definition's language (or `language`), cached for the life of the deployment. */
  script(source: string, language?: ExpressionLanguageId): CompiledScript {
    const key = `${language ?? ''}\u0000${source}`;
    let s = this.scripts.get(key);
    if (!s) {
      s = (language ? expressionLanguage(language) : this.language).compileScript(source);
      this.scripts.set(key, s);
    }
    return s;
  }
}

function isTriggered(s: StartEventElement): boolean {
  return !!(s.timer || s.message || s.signal || s.error || s.escalation || s.conditional);
}

/** Start-event rules of an event sub-process: one start event with a trigger; error starts interrupt. */
function validateEventSubStarts(scope: string, elements: FlowElement[], problems: DefinitionProblem[]): void {
  const starts = elements.filter((e): e is StartEventElement => e.type === 'startEvent');
  if (starts.length !== 1 || !isTriggered(starts[0]!)) {
    problems.push({
      elementId: scope,
      message:
        'an event sub-process needs exactly one start event, with a timer, message, signal, error or escalation',
    });
    return;
  }
  const s = starts[0]!;
  if (s.error && s.interrupting === false)
    problems.push({ elementId: s.id, message: 'an error start event is always interrupting' });
}

function tryOr(problems: DefinitionProblem[], elementId: string, what: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    problems.push({ elementId, message: `${what}: ${isPlatformError(err) ? err.message : String(err)}` });
  }
}

function validateScope(
  def: CompiledDefinition,
  elements: FlowElement[],
  flows: SequenceFlow[],
  scope: string | null,
  problems: DefinitionProblem[],
  eventSub = false,
): void {
  const ids = new Set(elements.map((e) => e.id));
  const compileTimer = (source: string): CompiledExpression => def.expr(source);
  const where = scope ? ` (in sub-process '${scope}')` : '';
  for (const f of flows) {
    if (!ids.has(f.source))
      problems.push({ elementId: f.id, message: `flow source '${f.source}' does not exist${where}` });
    if (!ids.has(f.target))
      problems.push({ elementId: f.id, message: `flow target '${f.target}' does not exist${where}` });
    if (f.condition !== undefined)
      tryOr(problems, f.id, 'condition', () => def.expr(f.condition!, f.language));
  }
  const starts = elements.filter((e) => e.type === 'startEvent');
  const noneStarts = starts.filter((s) => !isTriggered(s));
  if (starts.length === 0)
    problems.push({ elementId: scope ?? 'definition', message: `no start event${where}` });
  if (noneStarts.length > 1)
    problems.push({ elementId: noneStarts[1]!.id, message: `more than one plain start event${where}` });
  if (scope !== null && eventSub) validateEventSubStarts(scope, elements, problems);
  else if (scope !== null) {
    for (const s of starts)
      if (isTriggered(s))
        problems.push({ elementId: s.id, message: 'a sub-process start event must be plain' });
    if (noneStarts.length === 0 && starts.length)
      problems.push({ elementId: scope, message: 'sub-process needs a plain start event' });
  }
  if (!elements.some((e) => e.type === 'endEvent'))
    problems.push({ elementId: scope ?? 'definition', message: `no end event${where}` });

  for (const el of elements) {
    if (!ids.has(el.id)) continue;
    if ('message' in el && el.message?.name.startsWith(SIGNAL_PREFIX))
      problems.push({ elementId: el.id, message: `message names must not start with '${SIGNAL_PREFIX}'` });
    const c = def.element(el.id);
    const outs = c.outgoing;
    const ins = c.incoming;
    const isLinkThrow = el.type === 'intermediateThrowEvent' && el.kind === 'link';
    const isEventSub = el.type === 'subProcess' && el.triggeredByEvent === true;
    if (isEventSub && (outs.length || ins.length))
      problems.push({ elementId: el.id, message: 'an event sub-process has no incoming or outgoing flows' });
    if (el.type !== 'endEvent' && !isLinkThrow && !isEventSub && outs.length === 0) {
      const what = el.type.endsWith('Gateway') ? 'gateway' : 'element';
      problems.push({
        elementId: el.id,
        message: `${what} has no outgoing flow (only end events may end a path)`,
      });
    }
    if (el.type === 'endEvent' && outs.length)
      problems.push({ elementId: el.id, message: 'end event must not have outgoing flows' });
    if ((el.type === 'startEvent' || el.type === 'boundaryEvent') && ins.length) {
      problems.push({ elementId: el.id, message: `${el.type} must not have incoming flows` });
    }
    if (isLinkThrow && outs.length)
      problems.push({ elementId: el.id, message: 'a link throw event must not have outgoing flows' });
    if (el.type !== 'exclusiveGateway' && el.type !== 'inclusiveGateway' && el.type !== 'complexGateway') {
      for (const f of outs) {
        if (f.condition !== undefined)
          problems.push({
            elementId: f.id,
            message: `conditions are only allowed on flows leaving an exclusive or inclusive gateway (source '${el.id}' is a ${el.type})`,
          });
      }
    }
    switch (el.type) {
      case 'startEvent':
        if (
          [el.timer, el.message, el.signal, el.error, el.escalation, el.conditional].filter(Boolean).length >
          1
        )
          problems.push({
            elementId: el.id,
            message: 'a start event has one trigger: a timer, a message, a signal, an error or an escalation',
          });
        if (el.conditional)
          tryOr(problems, el.id, 'condition', () =>
            def.expr(el.conditional!.condition, el.conditional!.language),
          );
        if (!eventSub && (el.error || el.escalation || el.conditional || el.interrupting !== undefined))
          problems.push({
            elementId: el.id,
            message:
              'error and escalation starts (and interrupting) belong to event sub-process start events',
          });
        if (el.signal && !el.signal.name)
          problems.push({ elementId: el.id, message: 'signal name is empty' });
        if (el.timer)
          tryOr(problems, el.id, 'timer', () => validateTimer(el.timer as TimerSpec, compileTimer));
        if (el.message && !el.message.name)
          problems.push({ elementId: el.id, message: 'message name is empty' });
        break;
      case 'endEvent':
        if (
          el.kind &&
          !['none', 'error', 'terminate', 'escalation', 'signal', 'cancel', 'compensation'].includes(el.kind)
        )
          problems.push({ elementId: el.id, message: `unknown end kind '${String(el.kind)}'` });
        if (el.activityRef !== undefined && !def.hasElement(el.activityRef))
          problems.push({ elementId: el.id, message: `activityRef '${el.activityRef}' does not exist` });
        if (el.kind === 'cancel') {
          const host = scope === null ? undefined : def.element(scope);
          if (host?.element.type !== 'subProcess' || !host.element.transaction)
            problems.push({
              elementId: el.id,
              message: 'a cancel end event belongs directly inside a transaction',
            });
          else if (!host.boundaries.some((b) => b.cancel))
            problems.push({
              elementId: el.id,
              message: `transaction '${host.element.id}' needs a cancel boundary event for its cancel end event`,
            });
        }
        if (el.kind === 'signal' && !el.signal?.name)
          problems.push({ elementId: el.id, message: 'a signal end event needs a signal name' });
        if (el.kind === 'escalation' && !el.escalationCode)
          problems.push({ elementId: el.id, message: 'an escalation end event needs an escalation code' });
        break;
      case 'intermediateThrowEvent':
        if (el.kind === 'signal' && !el.signal?.name)
          problems.push({ elementId: el.id, message: 'a signal throw event needs a signal name' });
        else if (el.kind === 'escalation' && !el.escalationCode)
          problems.push({ elementId: el.id, message: 'an escalation throw event needs an escalation code' });
        else if (el.kind === 'link' && !def.linkTarget(el.id))
          problems.push({
            elementId: el.id,
            message: `link '${el.link ?? ''}' has no intermediate catch event of that name${where}`,
          });
        else if (!['signal', 'escalation', 'link', 'compensation'].includes(el.kind))
          problems.push({ elementId: el.id, message: `unknown throw kind '${String(el.kind)}'` });
        if (el.activityRef !== undefined && !def.hasElement(el.activityRef))
          problems.push({ elementId: el.id, message: `activityRef '${el.activityRef}' does not exist` });
        break;
      case 'intermediateCatchEvent':
        if (
          [el.timer, el.message, el.signal, el.conditional, el.link !== undefined].filter(Boolean).length !==
          1
        )
          problems.push({
            elementId: el.id,
            message:
              'an intermediate catch event needs exactly one of timer, message, signal, condition or link',
          });
        if (el.conditional)
          tryOr(problems, el.id, 'condition', () =>
            def.expr(el.conditional!.condition, el.conditional!.language),
          );
        if (el.link !== undefined && ins.length)
          problems.push({ elementId: el.id, message: 'a link catch event must not have incoming flows' });
        if (el.timer)
          tryOr(problems, el.id, 'timer', () => validateTimer(el.timer as TimerSpec, compileTimer));
        if (el.message) {
          if (!el.message.name) problems.push({ elementId: el.id, message: 'message name is empty' });
          if (el.message.correlationKey)
            tryOr(problems, el.id, 'correlationKey', () => def.expr(el.message!.correlationKey!));
        }
        for (const [k, v] of Object.entries(el.output ?? {}))
          tryOr(problems, el.id, `output '${k}'`, () => def.expr(v));
        break;
      case 'boundaryEvent': {
        const kinds = [
          el.timer,
          el.error,
          el.message,
          el.signal,
          el.escalation,
          el.conditional,
          el.cancel,
        ].filter(Boolean).length;
        if (kinds !== 1)
          problems.push({
            elementId: el.id,
            message:
              'a boundary event needs exactly one of timer, error, message, signal, escalation, condition or cancel',
          });
        if (el.cancel) {
          const host = ids.has(el.attachedTo) ? def.element(el.attachedTo).element : undefined;
          if (host?.type !== 'subProcess' || !host.transaction)
            problems.push({
              elementId: el.id,
              message: 'a cancel boundary event must be attached to a transaction',
            });
          if (el.interrupting === false)
            problems.push({ elementId: el.id, message: 'a cancel boundary event is always interrupting' });
        }
        if (el.conditional)
          tryOr(problems, el.id, 'condition', () =>
            def.expr(el.conditional!.condition, el.conditional!.language),
          );
        for (const [k, v] of Object.entries(el.output ?? {}))
          tryOr(problems, el.id, `output '${k}'`, () => def.expr(v));
        if (
          el.escalation &&
          ids.has(el.attachedTo) &&
          !['subProcess', 'callActivity'].includes(def.element(el.attachedTo).element.type)
        )
          problems.push({
            elementId: el.id,
            message: 'an escalation boundary event must be attached to a sub-process or call activity',
          });
        if (!ids.has(el.attachedTo))
          problems.push({
            elementId: el.id,
            message: `attachedTo '${el.attachedTo}' does not exist${where}`,
          });
        else if (!ACTIVITY_TYPES.has(def.element(el.attachedTo).element.type)) {
          problems.push({ elementId: el.id, message: `attachedTo '${el.attachedTo}' is not an activity` });
        }
        if (el.error && el.interrupting === false)
          problems.push({ elementId: el.id, message: 'an error boundary event is always interrupting' });
        if (el.timer)
          tryOr(problems, el.id, 'timer', () => validateTimer(el.timer as TimerSpec, compileTimer));
        if (el.message?.correlationKey)
          tryOr(problems, el.id, 'correlationKey', () => def.expr(el.message!.correlationKey!));
        break;
      }
      case 'serviceTask':
        if (!el.taskType)
          problems.push({ elementId: el.id, message: 'service task needs a taskType (handler type)' });
        if (el.timeout) tryOr(problems, el.id, 'timeout', () => parseDuration(el.timeout!));
        if (el.retry) {
          if (
            !Number.isInteger(el.retry.maxAttempts) ||
            el.retry.maxAttempts < 1 ||
            el.retry.maxAttempts > 100
          ) {
            problems.push({
              elementId: el.id,
              message: 'retry.maxAttempts must be an integer from 1 to 100',
            });
          }
          if (el.retry.backoff && !['fixed', 'linear', 'exponential'].includes(el.retry.backoff)) {
            problems.push({
              elementId: el.id,
              message: `retry.backoff '${el.retry.backoff}' is not fixed, linear or exponential`,
            });
          }
          if (el.retry.initialDelay)
            tryOr(problems, el.id, 'retry.initialDelay', () => parseDuration(el.retry!.initialDelay!));
          if (el.retry.maxDelay)
            tryOr(problems, el.id, 'retry.maxDelay', () => parseDuration(el.retry!.maxDelay!));
        }
        for (const [k, v] of Object.entries(el.input ?? {}))
          tryOr(problems, el.id, `input '${k}'`, () => def.expr(v));
        for (const [k, v] of Object.entries(el.output ?? {}))
          tryOr(problems, el.id, `output '${k}'`, () => def.expr(v));
        if (el.compensation) {
          if (!el.compensation.taskType)
            problems.push({ elementId: el.id, message: 'compensation needs a taskType' });
          for (const [k, v] of Object.entries(el.compensation.input ?? {}))
            tryOr(problems, el.id, `compensation input '${k}'`, () => def.expr(v));
        }
        break;
      case 'userTask':
        if (el.sla) {
          tryOr(problems, el.id, 'sla.within', () => parseDuration(el.sla!.within));
          if (el.sla.onTimeout && !ids.has(el.sla.onTimeout))
            problems.push({
              elementId: el.id,
              message: `sla.onTimeout '${el.sla.onTimeout}' does not exist${where}`,
            });
        }
        if (el.assignee && /^(=|\$\{|#\{)/.test(el.assignee))
          tryOr(problems, el.id, 'assignee', () => def.expr(el.assignee!));
        if (el.form) {
          const names = new Set<string>();
          for (const f of el.form.fields) {
            if (!f.name) problems.push({ elementId: el.id, message: 'form field without a name' });
            if (names.has(f.name))
              problems.push({ elementId: el.id, message: `form field '${f.name}' is declared twice` });
            names.add(f.name);
          }
        }
        for (const [k, v] of Object.entries(el.output ?? {}))
          tryOr(problems, el.id, `output '${k}'`, () => def.expr(v));
        break;
      case 'scriptTask':
        tryOr(problems, el.id, 'script', () => def.script(el.script, el.language));
        break;
      case 'complexGateway':
      case 'inclusiveGateway':
      case 'exclusiveGateway':
        if (el.type === 'complexGateway' && el.activationCondition !== undefined) {
          tryOr(problems, el.id, 'activationCondition', () => def.expr(el.activationCondition!, el.language));
          // The reset waits until no token can still reach a missing flow; on a cycle every token of a
          // later pass can, so late tokens of one pass and early ones of the next cannot be told apart.
          if (ins.length > 1 && def.reachableIncoming(el.id, el.id).size > 0)
            problems.push({
              elementId: el.id,
              message:
                'a joining complex gateway inside a loop is not supported: move the loop around a sub-process holding the gateway, or join with an inclusive gateway',
            });
        } else if (el.type === 'complexGateway' && ins.length > 1)
          problems.push({
            elementId: el.id,
            message: 'a joining complex gateway needs an activationCondition',
          });
        if (el.default !== undefined) {
          const d = outs.find((f) => f.id === el.default);
          if (!d)
            problems.push({
              elementId: el.id,
              message: `default flow '${el.default}' is not an outgoing flow of this gateway`,
            });
          else if (d.condition !== undefined)
            problems.push({ elementId: d.id, message: 'the default flow must not have a condition' });
        }
        if (outs.length > 1 && el.type === 'exclusiveGateway') {
          for (const f of outs) {
            if (f.id !== el.default && f.condition === undefined)
              problems.push({
                elementId: f.id,
                message: `flow leaving exclusive gateway '${el.id}' needs a condition (or be its default)`,
              });
          }
        }
        break;
      case 'eventBasedGateway':
        if (outs.length < 2)
          problems.push({
            elementId: el.id,
            message: 'an event-based gateway needs at least two outgoing flows',
          });
        for (const f of outs) {
          const t = ids.has(f.target) ? def.element(f.target) : undefined;
          const waits =
            t?.element.type === 'intermediateCatchEvent' && !t.element.link && !t.element.conditional;
          if (t && (!waits || t.incoming.length !== 1)) {
            problems.push({
              elementId: f.target,
              message: `target of event-based gateway '${el.id}' must be a timer, message or signal catch event with a single incoming flow`,
            });
          }
        }
        break;
      case 'callActivity':
        if (!el.calledElement)
          problems.push({ elementId: el.id, message: 'call activity needs calledElement (a definition id)' });
        for (const [k, v] of Object.entries({ ...el.input, ...el.output }))
          tryOr(problems, el.id, `mapping '${k}'`, () => def.expr(v));
        break;
      case 'subProcess':
        validateScope(def, el.elements, el.flows, el.id, problems, el.triggeredByEvent === true);
        break;
      case 'parallelGateway':
      case 'task':
        break;
      default:
        problems.push({
          elementId: (el as FlowElement).id,
          message: `unsupported element type '${(el as { type: string }).type}'`,
        });
    }
  }

  // Reachability from the start events, through flows, boundary events and SLA timeout paths.
  const reached = new Set<string>();
  // Event sub-processes start on their own trigger.
  const eventSubs = elements.filter((e) => e.type === 'subProcess' && e.triggeredByEvent === true);
  const stack = [...starts, ...eventSubs].map((s) => s.id);
  while (stack.length) {
    const id = stack.pop()!;
    if (reached.has(id) || !ids.has(id)) continue;
    reached.add(id);
    const c = def.element(id);
    for (const f of c.outgoing) stack.push(f.target);
    for (const b of c.boundaries) stack.push(b.id);
    if (c.element.type === 'userTask' && c.element.sla?.onTimeout) stack.push(c.element.sla.onTimeout);
    const link = def.linkTarget(id);
    if (link) stack.push(link);
  }
  for (const el of elements) {
    if (!reached.has(el.id) && starts.length)
      problems.push({ elementId: el.id, message: `unreachable from the start event${where}` });
  }
  if (problems.length === 0) {
    for (const p of checkJoins({ elements, flows })) problems.push(p);
  }
}

/**
 * Validates `model` and compiles it for `version`. VALIDATION listing every problem (each naming its
 * element) when the definition cannot run.
 */
export function compileDefinition(model: ProcessDefinition, version: number): CompiledDefinition {
  const problems: DefinitionProblem[] = [];
  if (typeof model !== 'object' || model === null)
    throw new PlatformError('VALIDATION', 'Definition must be an object', {
      details: { field: 'definition' },
    });
  if (typeof model.id !== 'string' || !DEFINITION_ID_PATTERN.test(model.id)) {
    problems.push({
      elementId: 'definition',
      message: `id '${String(model.id)}' must match ${DEFINITION_ID_PATTERN.source}`,
    });
  }
  if (!Array.isArray(model.elements) || !Array.isArray(model.flows)) {
    throw new PlatformError(
      'VALIDATION',
      `Definition '${String(model.id)}' needs elements and flows arrays`,
      { details: { field: 'elements' } },
    );
  }
  const seen = new Set<string>();
  const walkIds = (elements: FlowElement[], flows: SequenceFlow[]): void => {
    for (const x of [...elements, ...flows]) {
      if (typeof x.id !== 'string' || x.id === '')
        problems.push({ elementId: '?', message: 'element or flow without an id' });
      else if (!ELEMENT_ID_PATTERN.test(x.id))
        problems.push({
          elementId: x.id,
          message: `id must match ${ELEMENT_ID_PATTERN.source} (an XML name, so the definition can be exported to BPMN)`,
        });
      else if (seen.has(x.id)) problems.push({ elementId: x.id, message: 'id is used more than once' });
      seen.add(x.id);
      if ('type' in x && x.type === 'subProcess') {
        if (!Array.isArray(x.elements) || !Array.isArray(x.flows))
          problems.push({ elementId: x.id, message: 'sub-process needs elements and flows' });
        else walkIds(x.elements, x.flows);
      }
    }
  };
  walkIds(model.elements, model.flows);
  for (const [name, decl] of Object.entries(model.variables ?? {})) {
    if (!VARIABLE_TYPES.includes(decl.type))
      problems.push({
        elementId: 'definition',
        message: `variable '${name}' has unknown type '${String(decl.type)}'`,
      });
  }
  if (model.expressionLanguage !== undefined && !EXPRESSION_LANGUAGES.includes(model.expressionLanguage)) {
    problems.push({
      elementId: 'definition',
      message: `expressionLanguage '${String(model.expressionLanguage)}' is not one of ${EXPRESSION_LANGUAGES.join(', ')}`,
    });
  }
  if (model.failurePolicy && !['incident', 'compensate'].includes(model.failurePolicy)) {
    problems.push({
      elementId: 'definition',
      message: `failurePolicy '${String(model.failurePolicy)}' is not 'incident' or 'compensate'`,
    });
  }
  if (problems.length === 0) {
    const def = new CompiledDefinition(model, version);
    validateScope(def, model.elements, model.flows, null, problems);
    if (problems.length === 0) return def;
  }
  const first = problems[0]!;
  throw new PlatformError(
    'VALIDATION',
    `Definition '${String(model.id)}' is invalid: ${first.elementId}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
    {
      details: {
        definitionId: String(model.id),
        errors: problems.map((p) => ({ elementId: p.elementId, message: p.message })),
      },
    },
  );
}

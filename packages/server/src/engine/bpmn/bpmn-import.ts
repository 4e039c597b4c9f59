// BPMN 2.0 XML → process model, through bpmn-moddle. Reads files saved by Camunda Modeler (Camunda 7
// `camunda:*` and Camunda 8 `zeebe:*` extensions) and bpmn.io, plus our own `waooaw:*` attributes;
// extension prefixes are resolved by namespace URI, so any prefix works. Unsupported elements are
// reported together, each naming its element id.
import BpmnModdle, { type ModdleElement } from 'bpmn-moddle';
import { chooseProcess } from './executable-process.js';
import { PlatformError, type JsonValue } from '../../errors.js';
import type { ExpressionLanguageId } from '../expressions/expression-language.js';
import type {
  BoundaryEventElement,
  ConditionSpec,
  FlowElement,
  FormField,
  Mapping,
  MessageSpec,
  ProcessDefinition,
  RetryPolicy,
  SequenceFlow,
  ServiceTaskElement,
  SignalSpec,
  TimerSpec,
  UserTaskElement,
  VariableDeclaration,
} from '../model/types.js';

export const NS = {
  waooaw: 'https://waooaw.ai/schema/bpmn/1.0',
  camunda: 'http://camunda.org/schema/1.0/bpmn',
  zeebe: 'http://camunda.org/schema/zeebe/1.0',
  modeler: 'http://camunda.org/schema/modeler/1.0',
} as const;

type Ns = keyof typeof NS;

interface Problem {
  elementId: string;
  message: string;
}

class Reader {
  /** Namespace URI → the prefixes the document uses for it. */
  private readonly prefixes = new Map<string, Set<string>>();
  readonly problems: Problem[] = [];

  constructor(root: ModdleElement) {
    for (const [key, value] of Object.entries(root.$attrs ?? {})) {
      if (!key.startsWith('xmlns:')) continue;
      const set = this.prefixes.get(value) ?? new Set<string>();
      set.add(key.slice(6));
      this.prefixes.set(value, set);
    }
  }

  /** Whether the document declares the namespace. */
  declares(ns: Ns): boolean {
    return this.prefixes.has(NS[ns]);
  }

  private isNs(prefixed: string, ns: Ns): string | undefined {
    const i = prefixed.indexOf(':');
    if (i < 0) return undefined;
    const prefix = prefixed.slice(0, i);
    const known = this.prefixes.get(NS[ns]);
    // Files without the declaration on <definitions> still commonly use the usual prefix.
    if (known?.has(prefix) || (!known && prefix === ns)) return prefixed.slice(i + 1);
    return undefined;
  }

  /** An extension attribute (`camunda:assignee`) by namespace, whatever its prefix. */
  attr(el: ModdleElement, ns: Ns, name: string): string | undefined {
    for (const [k, v] of Object.entries(el.$attrs ?? {})) if (this.isNs(k, ns) === name) return v;
    return undefined;
  }

  /** Extension elements of `el` in a namespace with a local name (`zeebe:taskDefinition`). */
  ext(el: ModdleElement, ns: Ns, name: string): ModdleElement[] {
    const values = ((el.extensionElements as ModdleElement | undefined)?.values ?? []) as ModdleElement[];
    return values.filter((v) => this.isNs(v.$type, ns) === name);
  }

  children(el: ModdleElement, ns: Ns, name: string): ModdleElement[] {
    return (el.$children ?? []).filter((c) => this.isNs(c.$type, ns) === name);
  }

  json<T>(el: ModdleElement, name: string): T | undefined {
    const raw = this.attr(el, 'waooaw', name);
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw) as T;
    } catch {
      this.problems.push({ elementId: el.id ?? '?', message: `waooaw:${name} is not valid JSON` });
      return undefined;
    }
  }

  problem(el: ModdleElement, message: string): void {
    this.problems.push({ elementId: el.id ?? el.$type, message });
  }
}

function body(expr: unknown): string | undefined {
  const b = (expr as { body?: unknown } | undefined)?.body;
  return typeof b === 'string' && b.trim() !== '' ? b.trim() : undefined;
}

function text(el: ModdleElement, field: string): string | undefined {
  const v = el[field];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function docOf(el: ModdleElement): string | undefined {
  const docs = el.documentation as Array<{ text?: string }> | undefined;
  const t = docs
    ?.map((d) => d.text ?? '')
    .join('\n')
    .trim();
  return t ? t : undefined;
}

function base(el: ModdleElement): { id: string; name?: string; documentation?: string } {
  const doc = docOf(el);
  return { id: el.id!, ...(el.name ? { name: el.name } : {}), ...(doc ? { documentation: doc } : {}) };
}

function eventDefinition(el: ModdleElement): ModdleElement | undefined {
  const defs = el.eventDefinitions as ModdleElement[] | undefined;
  return defs?.[0];
}

function timerOf(r: Reader, def: ModdleElement, owner: ModdleElement): TimerSpec | undefined {
  const tz = r.attr(owner, 'waooaw', 'timezone');
  const d = body(def.timeDuration);
  if (d) return { kind: 'duration', value: d };
  const at = body(def.timeDate);
  if (at) return { kind: 'date', value: at };
  const c = body(def.timeCycle);
  if (c) return { kind: 'cycle', value: c, ...(tz ? { timezone: tz } : {}) };
  r.problem(owner, 'timer event has no timeDuration, timeDate or timeCycle');
  return undefined;
}

function messageOf(r: Reader, def: ModdleElement, owner: ModdleElement): MessageSpec | undefined {
  const msg = def.messageRef as ModdleElement | undefined;
  const name = r.attr(owner, 'waooaw', 'message') ?? msg?.name ?? msg?.id;
  if (!name) {
    r.problem(owner, 'message event has no message (messageRef with a name)');
    return undefined;
  }
  const key =
    r.attr(owner, 'waooaw', 'correlationKey') ??
    (msg
      ? (r.attr(msg, 'waooaw', 'correlationKey') ?? r.ext(msg, 'zeebe', 'subscription')[0]?.correlationKey)
      : undefined);
  return { name, ...(typeof key === 'string' && key ? { correlationKey: key } : {}) };
}

function signalOf(r: Reader, def: ModdleElement, owner: ModdleElement): SignalSpec | undefined {
  const sig = def.signalRef as ModdleElement | undefined;
  const name = sig?.name ?? sig?.id;
  if (!name) {
    r.problem(owner, 'signal event has no signal (signalRef with a name)');
    return undefined;
  }
  return { name };
}

function escalationCodeOf(def: ModdleElement): string | undefined {
  const esc = def.escalationRef as ModdleElement | undefined;
  return (esc?.escalationCode as string | undefined) ?? esc?.name ?? undefined;
}

/** The activity a compensation throw event names (`activityRef`), if any. */
function activityRefOf(def: ModdleElement): { activityRef?: string } {
  const id = (def.activityRef as ModdleElement | undefined)?.id;
  return id ? { activityRef: id } : {};
}

/** What an error boundary or error start catches: the code (none = any) and where code and message go. */
function errorCatchOf(
  r: Reader,
  def: ModdleElement,
  el: ModdleElement,
): { code?: string; codeVariable?: string; messageVariable?: string } {
  const err = def.errorRef as ModdleElement | undefined;
  const code = (err?.errorCode as string | undefined) ?? err?.name;
  const codeVariable = r.attr(el, 'waooaw', 'codeVariable') ?? r.attr(def, 'camunda', 'errorCodeVariable');
  const messageVariable =
    r.attr(el, 'waooaw', 'messageVariable') ?? r.attr(def, 'camunda', 'errorMessageVariable');
  return {
    ...(code ? { code } : {}),
    ...(codeVariable ? { codeVariable } : {}),
    ...(messageVariable ? { messageVariable } : {}),
  };
}

/** What an escalation boundary or escalation start catches: the code (none = any) and its variable. */
function escalationCatchOf(
  r: Reader,
  def: ModdleElement,
  el: ModdleElement,
): { code?: string; codeVariable?: string } {
  const code = escalationCodeOf(def);
  const codeVariable =
    r.attr(el, 'waooaw', 'codeVariable') ?? r.attr(def, 'camunda', 'escalationCodeVariable');
  return { ...(code ? { code } : {}), ...(codeVariable ? { codeVariable } : {}) };
}

/** A condition's own language (Camunda 7 `language="feel"`), when it names one the engine runs. */
function languageAttr(expr: unknown): ExpressionLanguageId | undefined {
  const l = (expr as { language?: unknown } | undefined)?.language;
  const id = typeof l === 'string' ? l.toLowerCase() : undefined;
  return id === 'feel' || id === 'juel' ? id : undefined;
}

function conditionOf(r: Reader, def: ModdleElement, owner: ModdleElement): ConditionSpec | undefined {
  const condition = body(def.condition);
  if (!condition) {
    r.problem(owner, 'conditional event has no condition');
    return undefined;
  }
  const language = languageAttr(def.condition);
  return { condition, ...(language ? { language } : {}) };
}

function ioMapping(r: Reader, el: ModdleElement, direction: 'input' | 'output'): Mapping | undefined {
  const own = r.json<Mapping>(el, direction);
  if (own) return own;
  const out: Mapping = {};
  for (const io of r.ext(el, 'zeebe', 'ioMapping')) {
    for (const c of r.children(io, 'zeebe', direction)) {
      const target = c.target as string | undefined;
      const source = c.source as string | undefined;
      if (target && source) out[target] = source;
    }
  }
  for (const io of r.ext(el, 'camunda', 'inputOutput')) {
    for (const c of r.children(io, 'camunda', direction === 'input' ? 'inputParameter' : 'outputParameter')) {
      const name = c.name as string | undefined;
      const value =
        typeof c.value === 'string' ? c.value : typeof c.$body === 'string' ? c.$body.trim() : undefined;
      if (name && value !== undefined) out[name] = value;
    }
  }
  return Object.keys(out).length ? out : undefined;
}

function retryOf(r: Reader, el: ModdleElement): RetryPolicy | undefined {
  const own = r.json<RetryPolicy>(el, 'retry');
  if (own) return own;
  const retries = r.ext(el, 'zeebe', 'taskDefinition')[0]?.retries ?? r.attr(el, 'waooaw', 'retries');
  if (retries !== undefined) return { maxAttempts: Number(retries) };
  const cycle = r.ext(el, 'camunda', 'failedJobRetryTimeCycle')[0];
  const cycleText = typeof cycle?.$body === 'string' ? cycle.$body : undefined;
  const m = cycleText ? /^R(\d+)\/(P\S+)$/.exec(cycleText.trim()) : null;
  if (m) return { maxAttempts: Number(m[1]), backoff: 'fixed', initialDelay: m[2]! };
  return undefined;
}

function taskTypeOf(r: Reader, el: ModdleElement): string | undefined {
  return (
    r.attr(el, 'waooaw', 'type') ??
    (r.ext(el, 'zeebe', 'taskDefinition')[0]?.type as string | undefined) ??
    r.attr(el, 'camunda', 'topic') ??
    r.attr(el, 'camunda', 'delegateExpression') ??
    r.attr(el, 'camunda', 'class') ??
    (r.attr(el, 'camunda', 'type') !== 'external' ? r.attr(el, 'camunda', 'type') : undefined) ??
    text(el, 'implementation')?.replace(/^##.*/, '')
  );
}

function serviceTask(r: Reader, el: ModdleElement): ServiceTaskElement {
  const taskType = taskTypeOf(r, el) ?? '';
  if (!taskType)
    r.problem(el, 'service task has no task type (waooaw:type, zeebe:taskDefinition type or camunda:topic)');
  const input = ioMapping(r, el, 'input');
  const output = ioMapping(r, el, 'output');
  const timeout = r.attr(el, 'waooaw', 'timeout');
  const retry = retryOf(r, el);
  const compensation = r.json<ServiceTaskElement['compensation']>(el, 'compensation');
  const config = r.json<Record<string, JsonValue>>(el, 'config');
  return {
    ...base(el),
    type: 'serviceTask',
    taskType,
    ...(input ? { input } : {}),
    ...(output ? { output } : {}),
    ...(timeout ? { timeout } : {}),
    ...(retry ? { retry } : {}),
    ...(compensation ? { compensation } : {}),
    ...(config ? { config } : {}),
  };
}

function userTask(r: Reader, el: ModdleElement): UserTaskElement {
  const out: UserTaskElement = { ...base(el), type: 'userTask' };
  const zAssign = r.ext(el, 'zeebe', 'assignmentDefinition')[0];
  const assignee =
    r.attr(el, 'waooaw', 'assignee') ??
    r.attr(el, 'camunda', 'assignee') ??
    (zAssign?.assignee as string | undefined);
  if (assignee) out.assignee = assignee;
  const groups =
    r.attr(el, 'waooaw', 'role') ??
    r.attr(el, 'camunda', 'candidateGroups') ??
    (zAssign?.candidateGroups as string | undefined);
  if (groups) out.role = groups.split(',')[0]!.trim();
  const title = r.attr(el, 'waooaw', 'title');
  if (title) out.title = title;
  const bodyText = r.attr(el, 'waooaw', 'body');
  if (bodyText) out.body = bodyText;
  const dv = r.attr(el, 'waooaw', 'decisionVariable');
  if (dv) out.decisionVariable = dv;
  const form = r.json<UserTaskElement['form']>(el, 'form');
  if (form) out.form = form;
  else {
    const fields: FormField[] = [];
    for (const fd of r.ext(el, 'camunda', 'formData')) {
      for (const f of r.children(fd, 'camunda', 'formField')) {
        const t = String(f.type ?? 'string');
        fields.push({
          name: String(f.id),
          type: t === 'long' ? 'number' : t === 'boolean' ? 'boolean' : t === 'enum' ? 'string' : 'string',
          ...(typeof f.label === 'string' ? { label: f.label } : {}),
        });
      }
    }
    if (fields.length) out.form = { fields };
  }
  const sla = r.json<UserTaskElement['sla']>(el, 'sla');
  const due =
    r.attr(el, 'camunda', 'dueDate') ??
    (r.ext(el, 'zeebe', 'taskSchedule')[0]?.dueDate as string | undefined);
  if (sla) out.sla = sla;
  else if (due && /^P/.test(due)) out.sla = { within: due };
  const output = ioMapping(r, el, 'output');
  if (output) out.output = output;
  return out;
}

interface Scope {
  elements: FlowElement[];
  flows: SequenceFlow[];
}

function readScope(r: Reader, container: ModdleElement, artifacts: ModdleElement[]): Scope {
  const flowElements = (container.flowElements as ModdleElement[] | undefined) ?? [];
  const elements: FlowElement[] = [];
  const flows: SequenceFlow[] = [];
  // Compensation: boundary (compensate) → association → handler task marked isForCompensation.
  const compensationHandlers = new Map<string, ModdleElement>();
  const associations = [...artifacts, ...((container.artifacts as ModdleElement[] | undefined) ?? [])].filter(
    (a) => a.$type === 'bpmn:Association',
  );
  const skip = new Set<string>();
  for (const el of flowElements) {
    if (
      el.$type === 'bpmn:BoundaryEvent' &&
      eventDefinition(el)?.$type === 'bpmn:CompensateEventDefinition'
    ) {
      const assoc = associations.find((a) => (a.sourceRef as ModdleElement | undefined)?.id === el.id);
      const handler = assoc?.targetRef as ModdleElement | undefined;
      const host = el.attachedToRef as ModdleElement | undefined;
      if (!handler || !host?.id)
        r.problem(el, 'compensation boundary event needs an association to a compensation handler task');
      else {
        compensationHandlers.set(host.id, handler);
        if (handler.id) skip.add(handler.id);
      }
      skip.add(el.id!);
    }
  }
  for (const el of flowElements) {
    if (!el.id || skip.has(el.id)) continue;
    // Running a multi-instance or looping activity once would be silently wrong: refuse it by id.
    const loop = el.loopCharacteristics as ModdleElement | undefined;
    if (loop) r.problem(el, `${loop.$type.slice(5)} (multi-instance or loop) is not supported`);
    const def = eventDefinition(el);
    switch (el.$type) {
      case 'bpmn:SequenceFlow': {
        const cond = body(el.conditionExpression);
        const language = languageAttr(el.conditionExpression);
        flows.push({
          id: el.id,
          source: (el.sourceRef as ModdleElement | undefined)?.id ?? '',
          target: (el.targetRef as ModdleElement | undefined)?.id ?? '',
          ...(el.name ? { name: el.name } : {}),
          ...(cond ? { condition: cond } : {}),
          ...(cond && language ? { language } : {}),
        });
        break;
      }
      case 'bpmn:StartEvent': {
        const kinds = [
          'bpmn:TimerEventDefinition',
          'bpmn:MessageEventDefinition',
          'bpmn:SignalEventDefinition',
          'bpmn:ErrorEventDefinition',
          'bpmn:EscalationEventDefinition',
          'bpmn:ConditionalEventDefinition',
        ];
        if (def && !kinds.includes(def.$type)) {
          r.problem(el, `start event with ${def.$type.slice(5)} is not supported`);
          break;
        }
        const timer = def?.$type === 'bpmn:TimerEventDefinition' ? timerOf(r, def, el) : undefined;
        const message = def?.$type === 'bpmn:MessageEventDefinition' ? messageOf(r, def, el) : undefined;
        const signal = def?.$type === 'bpmn:SignalEventDefinition' ? signalOf(r, def, el) : undefined;
        const error = def?.$type === 'bpmn:ErrorEventDefinition' ? errorCatchOf(r, def, el) : undefined;
        const escalation =
          def?.$type === 'bpmn:EscalationEventDefinition' ? escalationCatchOf(r, def, el) : undefined;
        const conditional =
          def?.$type === 'bpmn:ConditionalEventDefinition' ? conditionOf(r, def, el) : undefined;
        elements.push({
          ...base(el),
          type: 'startEvent',
          ...(timer ? { timer } : {}),
          ...(message ? { message } : {}),
          ...(signal ? { signal } : {}),
          ...(error ? { error } : {}),
          ...(escalation ? { escalation } : {}),
          ...(conditional ? { conditional } : {}),
          // Only meaningful in event sub-processes (where BPMN defaults it to true).
          ...(el.isInterrupting === false ? { interrupting: false } : {}),
        });
        break;
      }
      case 'bpmn:EndEvent': {
        if (!def) elements.push({ ...base(el), type: 'endEvent' });
        else if (def.$type === 'bpmn:TerminateEventDefinition')
          elements.push({ ...base(el), type: 'endEvent', kind: 'terminate' });
        else if (def.$type === 'bpmn:CancelEventDefinition')
          elements.push({ ...base(el), type: 'endEvent', kind: 'cancel' });
        else if (def.$type === 'bpmn:CompensateEventDefinition')
          elements.push({ ...base(el), type: 'endEvent', kind: 'compensation', ...activityRefOf(def) });
        else if (def.$type === 'bpmn:ErrorEventDefinition') {
          const err = def.errorRef as ModdleElement | undefined;
          const code = (err?.errorCode as string | undefined) ?? err?.name ?? err?.id;
          const msg = r.attr(el, 'waooaw', 'errorMessage') ?? (err?.errorMessage as string | undefined);
          elements.push({
            ...base(el),
            type: 'endEvent',
            kind: 'error',
            ...(code ? { errorCode: code } : {}),
            ...(msg ? { errorMessage: msg } : {}),
          });
        } else if (def.$type === 'bpmn:SignalEventDefinition') {
          const signal = signalOf(r, def, el);
          if (signal) elements.push({ ...base(el), type: 'endEvent', kind: 'signal', signal });
        } else if (def.$type === 'bpmn:EscalationEventDefinition') {
          const code = escalationCodeOf(def);
          if (!code) r.problem(el, 'escalation end event has no escalation code');
          else elements.push({ ...base(el), type: 'endEvent', kind: 'escalation', escalationCode: code });
        } else r.problem(el, `end event with ${def.$type.slice(5)} is not supported`);
        break;
      }
      case 'bpmn:IntermediateCatchEvent': {
        if (def?.$type === 'bpmn:TimerEventDefinition') {
          const timer = timerOf(r, def, el);
          if (timer) elements.push({ ...base(el), type: 'intermediateCatchEvent', timer });
        } else if (def?.$type === 'bpmn:MessageEventDefinition') {
          const message = messageOf(r, def, el);
          const output = ioMapping(r, el, 'output');
          if (message)
            elements.push({
              ...base(el),
              type: 'intermediateCatchEvent',
              message,
              ...(output ? { output } : {}),
            });
        } else if (def?.$type === 'bpmn:SignalEventDefinition') {
          const signal = signalOf(r, def, el);
          const output = ioMapping(r, el, 'output');
          if (signal)
            elements.push({
              ...base(el),
              type: 'intermediateCatchEvent',
              signal,
              ...(output ? { output } : {}),
            });
        } else if (def?.$type === 'bpmn:ConditionalEventDefinition') {
          const conditional = conditionOf(r, def, el);
          if (conditional) elements.push({ ...base(el), type: 'intermediateCatchEvent', conditional });
        } else if (def?.$type === 'bpmn:LinkEventDefinition') {
          elements.push({ ...base(el), type: 'intermediateCatchEvent', link: String(def.name ?? '') });
        } else
          r.problem(
            el,
            `intermediate catch event ${def ? `with ${def.$type.slice(5)} ` : ''}is not supported (use a timer, message, signal, condition or link)`,
          );
        break;
      }
      case 'bpmn:IntermediateThrowEvent':
        if (!def) elements.push({ ...base(el), type: 'task' });
        else if (def.$type === 'bpmn:SignalEventDefinition') {
          const signal = signalOf(r, def, el);
          if (signal) elements.push({ ...base(el), type: 'intermediateThrowEvent', kind: 'signal', signal });
        } else if (def.$type === 'bpmn:EscalationEventDefinition') {
          const code = escalationCodeOf(def);
          if (!code) r.problem(el, 'escalation throw event has no escalation code');
          else
            elements.push({
              ...base(el),
              type: 'intermediateThrowEvent',
              kind: 'escalation',
              escalationCode: code,
            });
        } else if (def.$type === 'bpmn:CompensateEventDefinition') {
          elements.push({
            ...base(el),
            type: 'intermediateThrowEvent',
            kind: 'compensation',
            ...activityRefOf(def),
          });
        } else if (def.$type === 'bpmn:LinkEventDefinition') {
          elements.push({
            ...base(el),
            type: 'intermediateThrowEvent',
            kind: 'link',
            link: String(def.name ?? ''),
          });
        } else r.problem(el, `intermediate throw event with ${def.$type.slice(5)} is not supported`);
        break;
      case 'bpmn:ReceiveTask': {
        const msg = el.messageRef as ModdleElement | undefined;
        const name = r.attr(el, 'waooaw', 'message') ?? msg?.name ?? msg?.id;
        if (!name) r.problem(el, 'receive task has no message');
        else elements.push({ ...base(el), type: 'intermediateCatchEvent', message: { name } });
        break;
      }
      case 'bpmn:BoundaryEvent': {
        const attachedTo = (el.attachedToRef as ModdleElement | undefined)?.id ?? '';
        const interrupting = el.cancelActivity !== false;
        const b: BoundaryEventElement = {
          ...base(el),
          type: 'boundaryEvent',
          attachedTo,
          ...(interrupting ? {} : { interrupting: false }),
        };
        if (def?.$type === 'bpmn:TimerEventDefinition') {
          const t = timerOf(r, def, el);
          if (t) b.timer = t;
        } else if (def?.$type === 'bpmn:ErrorEventDefinition') {
          b.error = errorCatchOf(r, def, el);
        } else if (def?.$type === 'bpmn:MessageEventDefinition') {
          const m = messageOf(r, def, el);
          if (m) b.message = m;
        } else if (def?.$type === 'bpmn:SignalEventDefinition') {
          const s = signalOf(r, def, el);
          if (s) b.signal = s;
        } else if (def?.$type === 'bpmn:EscalationEventDefinition') {
          b.escalation = escalationCatchOf(r, def, el);
        } else if (def?.$type === 'bpmn:ConditionalEventDefinition') {
          const c = conditionOf(r, def, el);
          if (c) b.conditional = c;
        } else if (def?.$type === 'bpmn:CancelEventDefinition') {
          b.cancel = true;
        } else {
          r.problem(
            el,
            `boundary event ${def ? `with ${def.$type.slice(5)} ` : ''}is not supported (use timer, error, message, signal, escalation, condition or cancel)`,
          );
          break;
        }
        const output = ioMapping(r, el, 'output');
        if (output) b.output = output;
        elements.push(b);
        break;
      }
      case 'bpmn:ServiceTask':
      case 'bpmn:SendTask':
      case 'bpmn:BusinessRuleTask': {
        const task = serviceTask(r, el);
        const handler = compensationHandlers.get(el.id);
        if (handler && !task.compensation) {
          const input = ioMapping(r, handler, 'input');
          task.compensation = { taskType: taskTypeOf(r, handler) ?? '', ...(input ? { input } : {}) };
        }
        elements.push(task);
        break;
      }
      case 'bpmn:UserTask':
        elements.push(userTask(r, el));
        break;
      case 'bpmn:ScriptTask': {
        const zScript = r.ext(el, 'zeebe', 'script')[0];
        const script =
          (typeof el.script === 'string' ? el.script : undefined) ??
          (zScript?.expression as string | undefined) ??
          '';
        const rv =
          r.attr(el, 'waooaw', 'resultVariable') ??
          r.attr(el, 'camunda', 'resultVariable') ??
          (zScript?.resultVariable as string | undefined);
        // FEEL and JUEL scripts are one expression; any other format (JavaScript, Groovy…) is read as
        // statements of the engine's own language, which covers the simple assignments and
        // comparisons such scripts usually hold — anything more fails at deploy, naming the task.
        const format = text(el, 'scriptFormat')?.toLowerCase();
        const language: ExpressionLanguageId | undefined =
          format === 'feel' || format === 'juel' ? format : format && !zScript ? 'waooaw' : undefined;
        if (!script) r.problem(el, 'script task has no script');
        elements.push({
          ...base(el),
          type: 'scriptTask',
          script,
          ...(rv ? { resultVariable: rv } : {}),
          ...(language ? { language } : {}),
        });
        break;
      }
      case 'bpmn:Task':
      case 'bpmn:ManualTask':
        elements.push({ ...base(el), type: 'task' });
        break;
      case 'bpmn:ExclusiveGateway': {
        const d = (el.default as ModdleElement | undefined)?.id;
        elements.push({ ...base(el), type: 'exclusiveGateway', ...(d ? { default: d } : {}) });
        break;
      }
      case 'bpmn:ParallelGateway':
        elements.push({ ...base(el), type: 'parallelGateway' });
        break;
      case 'bpmn:EventBasedGateway':
        elements.push({ ...base(el), type: 'eventBasedGateway' });
        break;
      case 'bpmn:InclusiveGateway': {
        const d = (el.default as ModdleElement | undefined)?.id;
        elements.push({ ...base(el), type: 'inclusiveGateway', ...(d ? { default: d } : {}) });
        break;
      }
      case 'bpmn:ComplexGateway': {
        const d = (el.default as ModdleElement | undefined)?.id;
        const activation = body(el.activationCondition);
        const language = languageAttr(el.activationCondition);
        elements.push({
          ...base(el),
          type: 'complexGateway',
          ...(d ? { default: d } : {}),
          ...(activation ? { activationCondition: activation } : {}),
          ...(activation && language ? { language } : {}),
        });
        break;
      }
      case 'bpmn:SubProcess':
      case 'bpmn:Transaction': {
        const inner = readScope(r, el, []);
        elements.push({
          ...base(el),
          type: 'subProcess',
          ...(el.triggeredByEvent ? { triggeredByEvent: true } : {}),
          ...(el.$type === 'bpmn:Transaction' ? { transaction: true } : {}),
          elements: inner.elements,
          flows: inner.flows,
        });
        break;
      }
      case 'bpmn:CallActivity': {
        const zCalled = r.ext(el, 'zeebe', 'calledElement')[0];
        const called = text(el, 'calledElement') ?? (zCalled?.processId as string | undefined) ?? '';
        const version = r.attr(el, 'waooaw', 'version') ?? r.attr(el, 'camunda', 'calledElementVersion');
        const input = ioMapping(r, el, 'input');
        const output = ioMapping(r, el, 'output');
        elements.push({
          ...base(el),
          type: 'callActivity',
          calledElement: called,
          ...(version && /^\d+$/.test(version) ? { version: Number(version) } : {}),
          ...(input ? { input } : {}),
          ...(output ? { output } : {}),
        });
        break;
      }
      case 'bpmn:DataObject':
      case 'bpmn:DataObjectReference':
      case 'bpmn:DataStoreReference':
        break;
      default:
        r.problem(el, `${el.$type.replace('bpmn:', '')} is not supported by the engine`);
    }
  }
  return { elements, flows };
}

/** A script in the definition's own language needs no language of its own. */
function dropDefaultScriptLanguage(elements: FlowElement[], language: ExpressionLanguageId): void {
  for (const el of elements) {
    if (el.type === 'scriptTask' && el.language === language) delete el.language;
    if (el.type === 'subProcess') dropDefaultScriptLanguage(el.elements, language);
  }
}

/**
 * The expression language of a file: named on the process (`waooaw:expressionLanguage`), ours when we
 * exported it, else by the modeller's execution platform or the extension namespace in use — FEEL for
 * Camunda 8 (Zeebe), JUEL for Camunda 7 — and the engine's own language for plain BPMN.
 */
function languageOf(r: Reader, definitions: ModdleElement, process: ModdleElement): ExpressionLanguageId {
  const named = r.attr(process, 'waooaw', 'expressionLanguage');
  if (named === 'waooaw' || named === 'feel' || named === 'juel') return named;
  if (named !== undefined)
    r.problem(process, `waooaw:expressionLanguage '${named}' is not waooaw, feel or juel`);
  if (definitions.exporter === 'waooaw') return 'waooaw';
  const platform = r.attr(definitions, 'modeler', 'executionPlatform');
  if (platform === 'Camunda Cloud') return 'feel';
  if (platform === 'Camunda Platform') return 'juel';
  if (r.declares('zeebe') && !r.declares('camunda')) return 'feel';
  if (r.declares('camunda') && !r.declares('zeebe')) return 'juel';
  return 'waooaw';
}

/**
 * Parses BPMN 2.0 XML into the process model of the process `chooseProcess` picks. VALIDATION listing
 * unsupported or incomplete elements by id; semantic validation happens on deploy.
 */
export async function parseBpmn(
  xml: string,
  options: { processId?: string } = {},
): Promise<ProcessDefinition> {
  const moddle = new BpmnModdle();
  let result;
  try {
    result = await moddle.fromXML(xml);
  } catch (err) {
    throw new PlatformError('VALIDATION', `BPMN XML cannot be read: ${(err as Error).message}`, {
      details: { field: 'source' },
    });
  }
  const definitions = result.rootElement;
  const processes = ((definitions.rootElements as ModdleElement[] | undefined) ?? []).filter(
    (e) => e.$type === 'bpmn:Process',
  );
  const chosen = chooseProcess(processes, options.processId);
  const r = new Reader(definitions);
  const { elements, flows } = readScope(r, chosen, []);
  const language = languageOf(r, definitions, chosen);
  dropDefaultScriptLanguage(elements, language);
  const fatal = result.warnings.filter((w) => /unresolved reference|unparsable content/i.test(w.message));
  for (const w of fatal) r.problems.push({ elementId: 'definition', message: w.message });
  if (r.problems.length) {
    const first = r.problems[0]!;
    throw new PlatformError(
      'VALIDATION',
      `BPMN process '${chosen.id}' cannot be imported: ${first.elementId}: ${first.message}${r.problems.length > 1 ? ` (and ${r.problems.length - 1} more)` : ''}`,
      {
        details: { definitionId: chosen.id ?? '', errors: r.problems.map((p) => ({ ...p })) },
      },
    );
  }
  const policy = r.attr(chosen, 'waooaw', 'failurePolicy');
  const versionTag = r.attr(chosen, 'waooaw', 'versionTag') ?? r.attr(chosen, 'camunda', 'versionTag');
  const variables = r.json<Record<string, VariableDeclaration>>(chosen, 'variables');
  const doc = docOf(chosen);
  return {
    id: chosen.id!,
    ...(chosen.name ? { name: chosen.name } : {}),
    ...(versionTag ? { versionTag } : {}),
    ...(doc ? { documentation: doc } : {}),
    ...(language === 'waooaw' ? {} : { expressionLanguage: language }),
    ...(policy === 'compensate' || policy === 'incident' ? { failurePolicy: policy } : {}),
    ...(variables ? { variables } : {}),
    elements,
    flows,
  };
}

// YAML definitions (the format agent developers write next to their agent specs). Accepts the
// upstream shape (`workflow: {id, tasks[], flow["a → b", "gw[path] → c"]}`) with snake_case or
// camelCase keys, and adds implicit `start`/`end` events when flows name them without declaring them.
import { parse } from 'yaml';
import { PlatformError, type JsonValue } from '../../errors.js';
import type {
  BoundaryEventElement,
  FlowElement,
  Mapping,
  MessageSpec,
  ProcessDefinition,
  RetryPolicy,
  SequenceFlow,
  TimerSpec,
  UserTaskElement,
  VariableDeclaration,
} from '../model/types.js';

type Obj = Record<string, unknown>;

class YamlProblems {
  readonly list: Array<{ elementId: string; message: string }> = [];
  add(elementId: string, message: string): void {
    this.list.push({ elementId, message });
  }
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads `obj[name]` under any of its spellings (`max_attempts`, `maxAttempts`). */
function pick(obj: Obj, ...names: string[]): unknown {
  for (const n of names) {
    if (obj[n] !== undefined) return obj[n];
    const camel = n.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    if (obj[camel] !== undefined) return obj[camel];
  }
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function mapping(v: unknown, id: string, field: string, p: YamlProblems): Mapping | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return Object.fromEntries(v.map((name) => [String(name), String(name)]));
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
  p.add(id, `${field} must be a list of variable names or a map of name: expression`);
  return undefined;
}

function duration(v: unknown): string | undefined {
  if (typeof v === 'number') return `PT${v}S`;
  return str(v);
}

function timer(v: unknown, id: string, p: YamlProblems): TimerSpec | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string')
    return /^R|\s/.test(v)
      ? { kind: 'cycle', value: v }
      : /^-?P/.test(v)
        ? { kind: 'duration', value: v }
        : { kind: 'date', value: v };
  if (isObj(v)) {
    const tz = str(pick(v, 'timezone'));
    for (const kind of ['duration', 'date', 'cycle'] as const) {
      const value = kind === 'duration' ? duration(v[kind]) : str(v[kind]);
      if (value !== undefined) return { kind, value, ...(tz ? { timezone: tz } : {}) };
    }
  }
  p.add(id, 'timer must be an ISO duration/date, a cron cycle, or {duration|date|cycle: value}');
  return undefined;
}

function message(v: unknown): MessageSpec | undefined {
  if (typeof v === 'string') return { name: v };
  if (isObj(v) && typeof v.name === 'string') {
    const key = str(pick(v, 'correlation_key'));
    return { name: v.name, ...(key ? { correlationKey: key } : {}) };
  }
  return undefined;
}

function retry(v: unknown): RetryPolicy | undefined {
  if (typeof v === 'number') return { maxAttempts: v };
  if (!isObj(v)) return undefined;
  const maxRetries = pick(v, 'max_retries');
  const out: RetryPolicy = {
    maxAttempts: Number(pick(v, 'max_attempts') ?? (maxRetries === undefined ? 3 : Number(maxRetries) + 1)),
  };
  const backoff = str(pick(v, 'backoff', 'strategy'));
  if (backoff) out.backoff = backoff.toLowerCase() as NonNullable<RetryPolicy['backoff']>;
  const initial = duration(pick(v, 'initial_delay', 'base_delay'));
  if (initial) out.initialDelay = initial;
  const max = duration(pick(v, 'max_delay'));
  if (max) out.maxDelay = max;
  const mult = pick(v, 'multiplier', 'exponential_base');
  if (typeof mult === 'number') out.multiplier = mult;
  return out;
}

const TYPE_ALIASES: Record<
  string,
  FlowElement['type'] | 'errorEnd' | 'terminateEnd' | 'timerEvent' | 'messageEvent'
> = {
  start: 'startEvent',
  start_event: 'startEvent',
  end: 'endEvent',
  end_event: 'endEvent',
  error_end: 'errorEnd',
  error_end_event: 'errorEnd',
  terminate_end: 'terminateEnd',
  terminate_end_event: 'terminateEnd',
  service: 'serviceTask',
  service_task: 'serviceTask',
  user: 'userTask',
  user_task: 'userTask',
  script: 'scriptTask',
  script_task: 'scriptTask',
  task: 'task',
  manual_task: 'task',
  exclusive: 'exclusiveGateway',
  exclusive_gateway: 'exclusiveGateway',
  xor: 'exclusiveGateway',
  parallel: 'parallelGateway',
  parallel_gateway: 'parallelGateway',
  and: 'parallelGateway',
  event_gateway: 'eventBasedGateway',
  event_based_gateway: 'eventBasedGateway',
  timer: 'timerEvent',
  timer_event: 'timerEvent',
  intermediate_timer: 'timerEvent',
  message: 'messageEvent',
  message_event: 'messageEvent',
  intermediate_message: 'messageEvent',
  intermediate_catch_event: 'intermediateCatchEvent',
  boundary: 'boundaryEvent',
  boundary_event: 'boundaryEvent',
  sub_process: 'subProcess',
  subprocess: 'subProcess',
  call_activity: 'callActivity',
};

function normaliseType(raw: string): string | undefined {
  const snake = raw.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return TYPE_ALIASES[snake];
}

interface GatewayPaths {
  conditions: Map<string, string>;
  defaultPath?: string;
}

function element(
  raw: unknown,
  p: YamlProblems,
  gateways: Map<string, GatewayPaths>,
): FlowElement | undefined {
  if (!isObj(raw) || typeof raw.id !== 'string' || raw.id === '') {
    p.add('?', 'every element needs an id');
    return undefined;
  }
  const id = raw.id;
  const rawType = str(raw.type);
  const type = rawType ? normaliseType(rawType) : undefined;
  if (!type) {
    p.add(id, `unknown type '${String(raw.type)}'`);
    return undefined;
  }
  const name = str(raw.name);
  const base = { id, ...(name ? { name } : {}) };
  switch (type) {
    case 'startEvent': {
      const t = timer(raw.timer, id, p);
      const m = message(raw.message);
      return { ...base, type: 'startEvent', ...(t ? { timer: t } : {}), ...(m ? { message: m } : {}) };
    }
    case 'endEvent':
    case 'errorEnd':
    case 'terminateEnd': {
      const kind =
        type === 'errorEnd'
          ? 'error'
          : type === 'terminateEnd'
            ? 'terminate'
            : (str(raw.kind) as 'none' | 'error' | 'terminate' | undefined);
      const code = str(pick(raw, 'error_code', 'error'));
      const msg = str(pick(raw, 'error_message'));
      return {
        ...base,
        type: 'endEvent',
        ...(kind ? { kind } : {}),
        ...(code ? { errorCode: code } : {}),
        ...(msg ? { errorMessage: msg } : {}),
      };
    }
    case 'serviceTask': {
      const agent = str(raw.agent);
      const method = str(raw.method);
      const taskType =
        str(pick(raw, 'task_type', 'handler')) ?? (agent ? (method ? `${agent}.${method}` : agent) : '');
      const input = mapping(raw.input ?? pick(raw, 'input_variables'), id, 'input', p);
      const output = mapping(raw.output ?? pick(raw, 'output_variables'), id, 'output', p);
      const timeout = duration(raw.timeout);
      const r = retry(pick(raw, 'retry', 'retry_policy'));
      const comp = raw.compensation;
      const compensation =
        typeof comp === 'string'
          ? { taskType: comp }
          : isObj(comp)
            ? {
                taskType: str(pick(comp, 'task_type', 'handler', 'type')) ?? '',
                ...(mapping(comp.input, id, 'compensation.input', p)
                  ? { input: mapping(comp.input, id, 'compensation.input', p)! }
                  : {}),
              }
            : undefined;
      const config = isObj(raw.config) ? (raw.config as Record<string, JsonValue>) : undefined;
      return {
        ...base,
        type: 'serviceTask',
        taskType,
        ...(input ? { input } : {}),
        ...(output ? { output } : {}),
        ...(timeout ? { timeout } : {}),
        ...(r ? { retry: r } : {}),
        ...(compensation ? { compensation } : {}),
        ...(config ? { config } : {}),
      };
    }
    case 'userTask': {
      const out: UserTaskElement = { ...base, type: 'userTask' };
      const title = str(raw.title);
      if (title) out.title = title;
      const body = str(pick(raw, 'body', 'body_template'));
      // Upstream templates use Python's `{name}`; the engine's are `{{expression}}`.
      if (body) out.body = body.replace(/(?<!\{)\{(\w+)\}(?!\})/g, '{{$1}}');
      const assignee = str(raw.assignee);
      if (assignee) out.assignee = assignee;
      const role = str(pick(raw, 'role', 'candidate_group'));
      if (role) out.role = role;
      const dv = str(pick(raw, 'decision_variable'));
      if (dv) out.decisionVariable = dv;
      if (isObj(raw.form) && Array.isArray(raw.form.fields)) out.form = { fields: raw.form.fields as never };
      const slaHours = pick(raw, 'sla_hours');
      const within =
        duration(pick(raw, 'sla')) ?? (typeof slaHours === 'number' ? `PT${slaHours}H` : undefined);
      const slaObj = isObj(raw.sla) ? raw.sla : undefined;
      const onTimeout =
        str(pick(raw, 'on_timeout')) ?? (slaObj ? str(pick(slaObj, 'on_timeout')) : undefined);
      const escalateTo = slaObj ? pick(slaObj, 'escalate_to') : pick(raw, 'escalate_to');
      const slaWithin = slaObj ? duration(slaObj.within) : within;
      if (slaWithin) {
        out.sla = {
          within: slaWithin,
          ...(onTimeout ? { onTimeout } : {}),
          ...(typeof escalateTo === 'string'
            ? { escalateTo: { role: escalateTo } }
            : isObj(escalateTo)
              ? { escalateTo: escalateTo as { role?: string; assignee?: string } }
              : {}),
        };
      }
      const output = mapping(raw.output, id, 'output', p);
      if (output) out.output = output;
      return out;
    }
    case 'scriptTask': {
      const script = str(raw.script) ?? '';
      const rv = str(pick(raw, 'result_variable', 'output_variable'));
      return { ...base, type: 'scriptTask', script, ...(rv ? { resultVariable: rv } : {}) };
    }
    case 'task':
      return { ...base, type: 'task' };
    case 'exclusiveGateway': {
      const conds = raw.conditions;
      const paths: GatewayPaths = { conditions: new Map() };
      if (isObj(conds)) {
        for (const [path, c] of Object.entries(conds))
          paths.conditions.set(path, isObj(c) ? String(c.expression) : String(c));
      }
      const def = str(pick(raw, 'default', 'default_path'));
      if (def) paths.defaultPath = def;
      gateways.set(id, paths);
      return { ...base, type: 'exclusiveGateway' };
    }
    case 'parallelGateway':
      return { ...base, type: 'parallelGateway' };
    case 'eventBasedGateway':
      return { ...base, type: 'eventBasedGateway' };
    case 'timerEvent':
    case 'messageEvent':
    case 'intermediateCatchEvent': {
      const t = timer(
        raw.timer ??
          (type === 'timerEvent'
            ? raw.duration !== undefined
              ? { duration: raw.duration }
              : raw.date !== undefined
                ? { date: raw.date }
                : raw.cycle !== undefined
                  ? { cycle: raw.cycle }
                  : undefined
            : undefined),
        id,
        p,
      );
      const m = message(raw.message ?? (type === 'messageEvent' ? raw.name : undefined));
      const output = mapping(raw.output, id, 'output', p);
      return {
        ...base,
        type: 'intermediateCatchEvent',
        ...(t ? { timer: t } : {}),
        ...(m ? { message: m } : {}),
        ...(output ? { output } : {}),
      };
    }
    case 'boundaryEvent': {
      const attachedTo = str(pick(raw, 'attached_to')) ?? '';
      const t = timer(raw.timer, id, p);
      const m = message(raw.message);
      const interrupting = pick(raw, 'interrupting', 'cancel_activity');
      const err = raw.error;
      const error =
        err === undefined
          ? undefined
          : typeof err === 'string'
            ? { code: err }
            : isObj(err)
              ? (err as BoundaryEventElement['error'])
              : {};
      return {
        ...base,
        type: 'boundaryEvent',
        attachedTo,
        ...(typeof interrupting === 'boolean' ? { interrupting } : {}),
        ...(t ? { timer: t } : {}),
        ...(m ? { message: m } : {}),
        ...(error ? { error } : {}),
      };
    }
    case 'subProcess': {
      const inner = scope(raw, p, id);
      return { ...base, type: 'subProcess', elements: inner.elements, flows: inner.flows };
    }
    case 'callActivity': {
      const called = str(pick(raw, 'called_element', 'workflow', 'definition')) ?? '';
      const version = pick(raw, 'version');
      const input = mapping(raw.input, id, 'input', p);
      const output = mapping(raw.output, id, 'output', p);
      return {
        ...base,
        type: 'callActivity',
        calledElement: called,
        ...(typeof version === 'number' ? { version } : {}),
        ...(input ? { input } : {}),
        ...(output ? { output } : {}),
      };
    }
  }
  p.add(id, `unsupported type '${rawType}'`);
  return undefined;
}

const ARROW = /^\s*([^\s[\]]+)(?:\s*\[\s*([^\]]+?)\s*\])?\s*(?:->|→|=>)\s*([^\s[\]]+)\s*$/;

function scope(raw: Obj, p: YamlProblems, owner: string): { elements: FlowElement[]; flows: SequenceFlow[] } {
  const list = raw.elements ?? raw.tasks ?? raw.nodes ?? [];
  const gateways = new Map<string, GatewayPaths>();
  const elements: FlowElement[] = [];
  if (!Array.isArray(list)) p.add(owner, 'elements (or tasks) must be a list');
  else
    for (const r of list) {
      const el = element(r, p, gateways);
      if (el) elements.push(el);
    }
  const flows: SequenceFlow[] = [];
  const rawFlows = raw.flow ?? raw.flows ?? [];
  if (!Array.isArray(rawFlows)) p.add(owner, 'flow must be a list');
  const usedIds = new Set<string>();
  const add = (
    source: string,
    target: string,
    opts: { id?: string; condition?: string; isDefault?: boolean; name?: string },
  ): void => {
    let id = opts.id ?? `Flow_${source}_${target}`;
    for (let n = 2; usedIds.has(id); n++) id = `Flow_${source}_${target}_${n}`;
    usedIds.add(id);
    flows.push({
      id,
      source,
      target,
      ...(opts.condition ? { condition: opts.condition } : {}),
      ...(opts.name ? { name: opts.name } : {}),
    });
    if (opts.isDefault) {
      const gw = elements.find((e) => e.id === source);
      if (gw?.type === 'exclusiveGateway') gw.default = id;
      else p.add(id, `default flow must leave an exclusive gateway ('${source}' is not one)`);
    }
  };
  for (const f of Array.isArray(rawFlows) ? rawFlows : []) {
    if (typeof f === 'string') {
      const m = ARROW.exec(f);
      if (!m) {
        p.add(owner, `cannot read flow "${f}" (expected "a -> b" or "gateway[path] -> b")`);
        continue;
      }
      const [, source, path, target] = m as unknown as [string, string, string | undefined, string];
      if (path === undefined) {
        add(source, target, {});
        continue;
      }
      const gw = gateways.get(source);
      const condition = gw?.conditions.get(path);
      const isDefault = gw?.defaultPath === path;
      if (!gw)
        p.add(
          source,
          `flow "${f}" names path '${path}' but '${source}' is not an exclusive gateway with conditions`,
        );
      else if (condition === undefined && !isDefault)
        p.add(source, `gateway has no condition for path '${path}'`);
      add(source, target, {
        id: `Flow_${source}_${path}`,
        name: path,
        ...(isDefault ? { isDefault } : condition ? { condition } : {}),
      });
    } else if (isObj(f) && typeof f.from === 'string' && typeof f.to === 'string') {
      const condition = str(pick(f, 'when', 'condition'));
      const fid = str(f.id);
      const name = str(f.name);
      add(f.from, f.to, {
        ...(fid ? { id: fid } : {}),
        ...(condition ? { condition } : {}),
        ...(f.default === true ? { isDefault: true } : {}),
        ...(name ? { name } : {}),
      });
    } else {
      p.add(owner, 'each flow is "a -> b" or {from, to, when?, default?}');
    }
  }
  // Implicit `start` / `end` events, as in the upstream examples (`start → validate`, `x → end`).
  const declared = new Set(elements.map((e) => e.id));
  for (const f of flows) {
    if (f.source === 'start' && !declared.has('start')) {
      elements.unshift({ id: 'start', type: 'startEvent' });
      declared.add('start');
    }
    if (/^end(_\w+)?$/.test(f.target) && !declared.has(f.target)) {
      elements.push({ id: f.target, type: 'endEvent' });
      declared.add(f.target);
    }
  }
  return { elements, flows };
}

/**
 * Parses a YAML workflow into the process model. VALIDATION listing every problem (with the element
 * id) when the document cannot be read; semantic checks happen on deploy.
 */
export function parseYamlDefinition(text: string): ProcessDefinition {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new PlatformError('VALIDATION', `YAML workflow cannot be parsed: ${(err as Error).message}`, {
      details: { field: 'source' },
    });
  }
  const root = isObj(doc) && isObj(doc.workflow) ? doc.workflow : doc;
  if (!isObj(root))
    throw new PlatformError(
      'VALIDATION',
      'YAML workflow must be a mapping with id, elements (or tasks) and flow',
      { details: { field: 'source' } },
    );
  const p = new YamlProblems();
  const id = str(root.id) ?? '';
  if (!id) p.add('definition', 'workflow id is missing');
  const { elements, flows } = scope(root, p, 'definition');
  const variables: Record<string, VariableDeclaration> = {};
  if (isObj(root.variables)) {
    for (const [name, v] of Object.entries(root.variables)) {
      if (typeof v === 'string') variables[name] = { type: v as VariableDeclaration['type'] };
      else if (isObj(v)) {
        variables[name] = {
          type: (str(v.type) ?? 'any') as VariableDeclaration['type'],
          ...(typeof v.required === 'boolean' ? { required: v.required } : {}),
          ...(v.default !== undefined ? { default: v.default as JsonValue } : {}),
          ...(str(v.description) ? { description: str(v.description)! } : {}),
        };
      }
    }
  }
  if (p.list.length) {
    const first = p.list[0]!;
    throw new PlatformError(
      'VALIDATION',
      `YAML workflow '${id}' is invalid: ${first.elementId}: ${first.message}${p.list.length > 1 ? ` (and ${p.list.length - 1} more)` : ''}`,
      {
        details: { definitionId: id, errors: p.list },
      },
    );
  }
  const name = str(root.name);
  const versionTag = str(root.version ?? pick(root, 'version_tag'));
  const doc2 = str(root.documentation ?? root.description);
  const policy = str(pick(root, 'failure_policy'));
  return {
    id,
    ...(name ? { name } : {}),
    ...(versionTag ? { versionTag } : {}),
    ...(doc2 ? { documentation: doc2 } : {}),
    ...(policy ? { failurePolicy: policy as ProcessDefinition['failurePolicy'] & string } : {}),
    ...(Object.keys(variables).length ? { variables } : {}),
    elements,
    flows,
  };
}

// Fluent, typed TypeScript builder for process definitions. Each element method adds the element and
// connects it from the current one; `when`/`otherwise` put a condition or the default on that flow,
// `from(id)` continues from an earlier element and `to(id)` joins an existing one.
import { PlatformError } from '../../errors.js';
import type {
  BoundaryEventElement,
  CallActivityElement,
  EndEventElement,
  FlowElement,
  IntermediateCatchEventElement,
  MessageSpec,
  ProcessDefinition,
  ScriptTaskElement,
  SequenceFlow,
  ServiceTaskElement,
  TimerSpec,
  UserTaskElement,
  VariableDeclaration,
} from '../model/types.js';

type Opts<T extends FlowElement> = Omit<T, 'id' | 'type'>;

/** Shorthand timer specs: `duration('PT2H')`, `date('2026-01-01T09:00:00Z')`, `cycle('0 9 * * *')`. */
export const timers = {
  duration: (value: string): TimerSpec => ({ kind: 'duration', value }),
  date: (value: string): TimerSpec => ({ kind: 'date', value }),
  cycle: (value: string, timezone?: string): TimerSpec => ({
    kind: 'cycle',
    value,
    ...(timezone ? { timezone } : {}),
  }),
};

/** Builds one scope (the process, or a sub-process body). */
export class ScopeBuilder {
  protected readonly elements: FlowElement[] = [];
  protected readonly flows: SequenceFlow[] = [];
  private cursor: string | undefined;
  private pending: { condition?: string; isDefault?: boolean; name?: string } = {};

  /** Puts a condition on the next flow out of the current element (an exclusive gateway). */
  when(condition: string, name?: string): this {
    this.pending = { condition, ...(name ? { name } : {}) };
    return this;
  }

  /** Makes the next flow out of the current exclusive gateway its default. */
  otherwise(name?: string): this {
    this.pending = { isDefault: true, ...(name ? { name } : {}) };
    return this;
  }

  /** Continues from an element added earlier (e.g. the gateway, to add its next branch). */
  from(id: string): this {
    if (!this.elements.some((e) => e.id === id))
      throw new PlatformError('VALIDATION', `from('${id}'): no such element yet`, {
        details: { elementId: id },
      });
    this.cursor = id;
    this.pending = {};
    return this;
  }

  /** Connects the current element to an existing one (a merge or join) and continues from it. */
  to(id: string): this {
    this.link(id);
    this.cursor = id;
    return this;
  }

  /** Adds a flow between two elements explicitly. */
  connect(
    from: string,
    to: string,
    options: { condition?: string; isDefault?: boolean; name?: string; id?: string } = {},
  ): this {
    const id = options.id ?? this.flowId(from, to);
    this.flows.push({
      id,
      source: from,
      target: to,
      ...(options.condition ? { condition: options.condition } : {}),
      ...(options.name ? { name: options.name } : {}),
    });
    if (options.isDefault) this.setDefault(from, id);
    return this;
  }

  private flowId(from: string, to: string): string {
    const base = `Flow_${from}_${to}`;
    let id = base;
    for (let n = 2; this.flows.some((f) => f.id === id); n++) id = `${base}_${n}`;
    return id;
  }

  private setDefault(gatewayId: string, flowId: string): void {
    const gw = this.elements.find((e) => e.id === gatewayId);
    if (gw?.type !== 'exclusiveGateway') {
      throw new PlatformError('VALIDATION', `otherwise(): '${gatewayId}' is not an exclusive gateway`, {
        details: { elementId: gatewayId },
      });
    }
    gw.default = flowId;
  }

  private link(target: string): void {
    if (this.cursor === undefined) return;
    const { condition, isDefault, name } = this.pending;
    this.connect(this.cursor, target, {
      ...(condition ? { condition } : {}),
      ...(isDefault ? { isDefault } : {}),
      ...(name ? { name } : {}),
    });
    this.pending = {};
  }

  /** Adds any element, connected from the current one, and makes it current. */
  add(element: FlowElement): this {
    if (this.elements.some((e) => e.id === element.id))
      throw new PlatformError('VALIDATION', `Element '${element.id}' is added twice`, {
        details: { elementId: element.id },
      });
    this.elements.push(element);
    if (element.type !== 'startEvent' && element.type !== 'boundaryEvent') this.link(element.id);
    this.cursor = element.id;
    this.pending = {};
    return this;
  }

  start(id = 'start', options: { name?: string } = {}): this {
    return this.add({ id, type: 'startEvent', ...options });
  }
  timerStart(id: string, timer: TimerSpec, options: { name?: string } = {}): this {
    return this.add({ id, type: 'startEvent', timer, ...options });
  }
  messageStart(id: string, message: string | MessageSpec, options: { name?: string } = {}): this {
    return this.add({
      id,
      type: 'startEvent',
      message: typeof message === 'string' ? { name: message } : message,
      ...options,
    });
  }
  end(id = 'end', options: Opts<EndEventElement> = {}): this {
    return this.add({ id, type: 'endEvent', ...options });
  }
  errorEnd(id: string, errorCode: string, options: { name?: string; errorMessage?: string } = {}): this {
    return this.add({ id, type: 'endEvent', kind: 'error', errorCode, ...options });
  }
  terminateEnd(id: string, options: { name?: string } = {}): this {
    return this.add({ id, type: 'endEvent', kind: 'terminate', ...options });
  }
  service(id: string, taskType: string, options: Omit<Opts<ServiceTaskElement>, 'taskType'> = {}): this {
    return this.add({ id, type: 'serviceTask', taskType, ...options });
  }
  user(id: string, options: Opts<UserTaskElement> = {}): this {
    return this.add({ id, type: 'userTask', ...options });
  }
  script(id: string, script: string, options: Omit<Opts<ScriptTaskElement>, 'script'> = {}): this {
    return this.add({ id, type: 'scriptTask', script, ...options });
  }
  task(id: string, options: { name?: string } = {}): this {
    return this.add({ id, type: 'task', ...options });
  }
  exclusive(id: string, options: { name?: string } = {}): this {
    return this.add({ id, type: 'exclusiveGateway', ...options });
  }
  parallel(id: string, options: { name?: string } = {}): this {
    return this.add({ id, type: 'parallelGateway', ...options });
  }
  eventGateway(id: string, options: { name?: string } = {}): this {
    return this.add({ id, type: 'eventBasedGateway', ...options });
  }
  timerCatch(id: string, timer: TimerSpec, options: { name?: string } = {}): this {
    return this.add({ id, type: 'intermediateCatchEvent', timer, ...options });
  }
  messageCatch(
    id: string,
    message: string | MessageSpec,
    options: Omit<Opts<IntermediateCatchEventElement>, 'message' | 'timer'> = {},
  ): this {
    return this.add({
      id,
      type: 'intermediateCatchEvent',
      message: typeof message === 'string' ? { name: message } : message,
      ...options,
    });
  }
  callActivity(
    id: string,
    calledElement: string,
    options: Omit<Opts<CallActivityElement>, 'calledElement'> = {},
  ): this {
    return this.add({ id, type: 'callActivity', calledElement, ...options });
  }
  /** An embedded sub-process whose body is built by `body` (it needs its own start and end). */
  subProcess(id: string, body: (scope: ScopeBuilder) => void, options: { name?: string } = {}): this {
    const inner = new ScopeBuilder();
    body(inner);
    const { elements, flows } = inner.parts();
    return this.add({ id, type: 'subProcess', elements, flows, ...options });
  }
  /** A boundary event on `attachedTo`; the chain continues from the boundary event. */
  boundary(id: string, attachedTo: string, options: Omit<Opts<BoundaryEventElement>, 'attachedTo'>): this {
    return this.add({ id, type: 'boundaryEvent', attachedTo, ...options });
  }

  /** The elements and flows built so far. */
  parts(): { elements: FlowElement[]; flows: SequenceFlow[] } {
    return { elements: structuredClone(this.elements), flows: structuredClone(this.flows) };
  }
}

export interface WorkflowOptions {
  name?: string;
  versionTag?: string;
  documentation?: string;
  failurePolicy?: 'incident' | 'compensate';
  variables?: Record<string, VariableDeclaration>;
}

/** Builds a whole process definition. */
export class WorkflowBuilder extends ScopeBuilder {
  constructor(
    private readonly id: string,
    private readonly options: WorkflowOptions = {},
  ) {
    super();
  }

  /** Declares instance variables (type, required, default). */
  variables(vars: Record<string, VariableDeclaration | VariableDeclaration['type']>): this {
    const decls: Record<string, VariableDeclaration> = {};
    for (const [k, v] of Object.entries(vars)) decls[k] = typeof v === 'string' ? { type: v } : v;
    this.options.variables = { ...this.options.variables, ...decls };
    return this;
  }

  /** The definition as plain JSON (validated on deploy). */
  build(): ProcessDefinition {
    const { elements, flows } = this.parts();
    const o = this.options;
    return {
      id: this.id,
      ...(o.name === undefined ? {} : { name: o.name }),
      ...(o.versionTag === undefined ? {} : { versionTag: o.versionTag }),
      ...(o.documentation === undefined ? {} : { documentation: o.documentation }),
      ...(o.failurePolicy === undefined ? {} : { failurePolicy: o.failurePolicy }),
      ...(o.variables === undefined ? {} : { variables: o.variables as Record<string, VariableDeclaration> }),
      elements,
      flows,
    };
  }
}

/** Starts a definition: `workflow('pr-review').start().service('validate', 'wowvision.validate').end().build()`. */
export function workflow(id: string, options: WorkflowOptions = {}): WorkflowBuilder {
  return new WorkflowBuilder(id, { ...options });
}

// Process model → BPMN 2.0 XML with a generated diagram (BPMNDI), so that a definition written in the
// builder or YAML opens in Camunda Modeler / bpmn.io. Engine settings travel as `waooaw:*` attributes
// and service task types also as `zeebe:taskDefinition`, which modellers show in their panels.
import BpmnModdle, { type ModdleElement } from 'bpmn-moddle';
import type { FlowElement, ProcessDefinition, SequenceFlow, TimerSpec } from '../model/types.js';
import { NS } from './bpmn-import.js';

const SIZE: Record<string, { w: number; h: number }> = {
  event: { w: 36, h: 36 },
  gateway: { w: 50, h: 50 },
  activity: { w: 100, h: 80 },
};

function kindOf(type: FlowElement['type']): keyof typeof SIZE {
  if (type.endsWith('Event')) return 'event';
  if (type.endsWith('Gateway')) return 'gateway';
  return 'activity';
}

const BPMN_TYPE: Record<FlowElement['type'], string> = {
  startEvent: 'bpmn:StartEvent',
  endEvent: 'bpmn:EndEvent',
  intermediateThrowEvent: 'bpmn:IntermediateThrowEvent',
  inclusiveGateway: 'bpmn:InclusiveGateway',
  complexGateway: 'bpmn:ComplexGateway',
  intermediateCatchEvent: 'bpmn:IntermediateCatchEvent',
  boundaryEvent: 'bpmn:BoundaryEvent',
  serviceTask: 'bpmn:ServiceTask',
  userTask: 'bpmn:UserTask',
  scriptTask: 'bpmn:ScriptTask',
  task: 'bpmn:Task',
  exclusiveGateway: 'bpmn:ExclusiveGateway',
  parallelGateway: 'bpmn:ParallelGateway',
  eventBasedGateway: 'bpmn:EventBasedGateway',
  subProcess: 'bpmn:SubProcess',
  callActivity: 'bpmn:CallActivity',
};

interface Bounds {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Layered layout: column = longest distance from a start (back edges ignored), rows in order of discovery. */
function layout(elements: FlowElement[], flows: SequenceFlow[]): Map<string, Bounds> {
  const out = new Map<string, string[]>();
  for (const f of flows) out.set(f.source, [...(out.get(f.source) ?? []), f.target]);
  for (const el of elements)
    if (el.type === 'boundaryEvent')
      out.set(el.attachedTo, [...(out.get(el.attachedTo) ?? []), ...(out.get(el.id) ?? [])]);
  const rank = new Map<string, number>();
  const order: string[] = [];
  const visit = (id: string, r: number, path: Set<string>): void => {
    if (path.has(id)) return;
    if ((rank.get(id) ?? -1) >= r) return;
    if (!rank.has(id)) order.push(id);
    rank.set(id, r);
    path.add(id);
    for (const next of out.get(id) ?? []) visit(next, r + 1, path);
    path.delete(id);
  };
  for (const el of elements) if (el.type === 'startEvent') visit(el.id, 0, new Set());
  for (const el of elements) if (!rank.has(el.id) && el.type !== 'boundaryEvent') visit(el.id, 0, new Set());
  const rows = new Map<number, number>();
  const bounds = new Map<string, Bounds>();
  for (const id of order) {
    const el = elements.find((e) => e.id === id);
    if (!el || el.type === 'boundaryEvent') continue;
    const r = rank.get(id)!;
    const row = rows.get(r) ?? 0;
    rows.set(r, row + 1);
    const size = SIZE[kindOf(el.type)]!;
    bounds.set(id, {
      x: 100 + r * 160 + (100 - size.w) / 2,
      y: 80 + row * 140 + (80 - size.h) / 2,
      w: size.w,
      h: size.h,
    });
  }
  const perHost = new Map<string, number>();
  for (const el of elements) {
    if (el.type !== 'boundaryEvent') continue;
    const host = bounds.get(el.attachedTo);
    if (!host) continue;
    const n = perHost.get(el.attachedTo) ?? 0;
    perHost.set(el.attachedTo, n + 1);
    bounds.set(el.id, { x: host.x + host.w - 28 - n * 40, y: host.y + host.h - 18, w: 36, h: 36 });
  }
  return bounds;
}

class Exporter {
  private readonly moddle = new BpmnModdle();
  private readonly messages = new Map<string, ModdleElement>();
  private readonly errors = new Map<string, ModdleElement>();
  private readonly signals = new Map<string, ModdleElement>();
  private readonly escalations = new Map<string, ModdleElement>();
  /** Every flow node by id, and the compensate definitions whose `activityRef` points at one. */
  private readonly allNodes = new Map<string, ModdleElement>();
  private readonly activityRefs: Array<{ definition: ModdleElement; activityId: string }> = [];
  readonly planes: ModdleElement[] = [];
  /** The definition's expression language (the default script format). */
  private language: string = 'waooaw';

  private expr(value: string): ModdleElement {
    return this.moddle.create('bpmn:FormalExpression', { body: value });
  }

  private timer(spec: TimerSpec, el: ModdleElement): ModdleElement {
    const key = spec.kind === 'duration' ? 'timeDuration' : spec.kind === 'date' ? 'timeDate' : 'timeCycle';
    if (spec.timezone) el.$attrs['waooaw:timezone'] = spec.timezone;
    return this.moddle.create('bpmn:TimerEventDefinition', { [key]: this.expr(spec.value) });
  }

  private message(name: string): ModdleElement {
    let m = this.messages.get(name);
    if (!m) {
      m = this.moddle.create('bpmn:Message', { id: `Message_${this.messages.size + 1}`, name });
      this.messages.set(name, m);
    }
    return m;
  }

  private error(code: string): ModdleElement {
    let e = this.errors.get(code);
    if (!e) {
      e = this.moddle.create('bpmn:Error', {
        id: `Error_${this.errors.size + 1}`,
        name: code,
        errorCode: code,
      });
      this.errors.set(code, e);
    }
    return e;
  }

  /** A root element (signal, escalation) shared by every event that names it. */
  private shared(
    map: Map<string, ModdleElement>,
    type: 'bpmn:Signal' | 'bpmn:Escalation',
    key: string,
  ): ModdleElement {
    let e = map.get(key);
    if (!e) {
      const prefix = type === 'bpmn:Signal' ? 'Signal' : 'Escalation';
      e = this.moddle.create(type, {
        id: `${prefix}_${map.size + 1}`,
        name: key,
        ...(type === 'bpmn:Escalation' ? { escalationCode: key } : {}),
      });
      map.set(key, e);
    }
    return e;
  }

  private signalDef(name: string): ModdleElement {
    return this.moddle.create('bpmn:SignalEventDefinition', {
      signalRef: this.shared(this.signals, 'bpmn:Signal', name),
    });
  }

  private escalationDef(code: string | undefined): ModdleElement {
    return this.moddle.create(
      'bpmn:EscalationEventDefinition',
      code === undefined ? {} : { escalationRef: this.shared(this.escalations, 'bpmn:Escalation', code) },
    );
  }

  private conditionDef(spec: { condition: string; language?: string }): ModdleElement {
    const condition = this.expr(spec.condition);
    if (spec.language) condition.language = spec.language;
    return this.moddle.create('bpmn:ConditionalEventDefinition', { condition });
  }

  rootElements(): ModdleElement[] {
    return [
      ...this.messages.values(),
      ...this.errors.values(),
      ...this.signals.values(),
      ...this.escalations.values(),
    ];
  }

  /** A compensate event definition; `activityRef` is resolved to the activity once the scope is built. */
  private compensateDef(activityRef: string | undefined): ModdleElement {
    const d = this.moddle.create('bpmn:CompensateEventDefinition', {});
    if (activityRef) this.activityRefs.push({ definition: d, activityId: activityRef });
    return d;
  }

  /** An error event definition that catches `error.code` (any without one), with its variables. */
  private errorCatchDef(
    error: { code?: string; codeVariable?: string; messageVariable?: string },
    set: (name: string, value: unknown) => void,
  ): ModdleElement {
    set('codeVariable', error.codeVariable);
    set('messageVariable', error.messageVariable);
    return this.moddle.create(
      'bpmn:ErrorEventDefinition',
      error.code ? { errorRef: this.error(error.code) } : {},
    );
  }

  private node(el: FlowElement): ModdleElement {
    const type = el.type === 'subProcess' && el.transaction ? 'bpmn:Transaction' : BPMN_TYPE[el.type];
    const m = this.moddle.create(type, { id: el.id, ...(el.name ? { name: el.name } : {}) });
    const set = (name: string, value: unknown): void => {
      if (value === undefined) return;
      m.$attrs[`waooaw:${name}`] = typeof value === 'string' ? value : JSON.stringify(value);
    };
    if (el.documentation)
      m.documentation = [this.moddle.create('bpmn:Documentation', { text: el.documentation })];
    switch (el.type) {
      case 'startEvent':
        if (el.timer) m.eventDefinitions = [this.timer(el.timer, m)];
        if (el.message) {
          m.eventDefinitions = [
            this.moddle.create('bpmn:MessageEventDefinition', { messageRef: this.message(el.message.name) }),
          ];
          set('correlationKey', el.message.correlationKey);
        }
        if (el.signal) m.eventDefinitions = [this.signalDef(el.signal.name)];
        if (el.error) m.eventDefinitions = [this.errorCatchDef(el.error, set)];
        if (el.escalation) {
          m.eventDefinitions = [this.escalationDef(el.escalation.code)];
          set('codeVariable', el.escalation.codeVariable);
        }
        if (el.conditional) m.eventDefinitions = [this.conditionDef(el.conditional)];
        if (el.interrupting === false) m.isInterrupting = false;
        break;
      case 'endEvent':
        if (el.kind === 'signal' && el.signal) m.eventDefinitions = [this.signalDef(el.signal.name)];
        if (el.kind === 'escalation') m.eventDefinitions = [this.escalationDef(el.escalationCode)];
        if (el.kind === 'terminate')
          m.eventDefinitions = [this.moddle.create('bpmn:TerminateEventDefinition', {})];
        if (el.kind === 'cancel') m.eventDefinitions = [this.moddle.create('bpmn:CancelEventDefinition', {})];
        if (el.kind === 'compensation') m.eventDefinitions = [this.compensateDef(el.activityRef)];
        if (el.kind === 'error') {
          m.eventDefinitions = [
            this.moddle.create('bpmn:ErrorEventDefinition', {
              errorRef: this.error(el.errorCode ?? 'ERROR'),
            }),
          ];
          set('errorMessage', el.errorMessage);
        }
        break;
      case 'intermediateCatchEvent':
        if (el.timer) m.eventDefinitions = [this.timer(el.timer, m)];
        if (el.message) {
          m.eventDefinitions = [
            this.moddle.create('bpmn:MessageEventDefinition', { messageRef: this.message(el.message.name) }),
          ];
          set('correlationKey', el.message.correlationKey);
        }
        if (el.signal) m.eventDefinitions = [this.signalDef(el.signal.name)];
        if (el.conditional) m.eventDefinitions = [this.conditionDef(el.conditional)];
        if (el.link !== undefined)
          m.eventDefinitions = [this.moddle.create('bpmn:LinkEventDefinition', { name: el.link })];
        set('output', el.output);
        break;
      case 'intermediateThrowEvent':
        if (el.kind === 'signal' && el.signal) m.eventDefinitions = [this.signalDef(el.signal.name)];
        if (el.kind === 'escalation') m.eventDefinitions = [this.escalationDef(el.escalationCode)];
        if (el.kind === 'link')
          m.eventDefinitions = [this.moddle.create('bpmn:LinkEventDefinition', { name: el.link ?? '' })];
        if (el.kind === 'compensation') m.eventDefinitions = [this.compensateDef(el.activityRef)];
        break;
      case 'boundaryEvent':
        if (el.interrupting === false) m.cancelActivity = false;
        if (el.timer) m.eventDefinitions = [this.timer(el.timer, m)];
        if (el.message) {
          m.eventDefinitions = [
            this.moddle.create('bpmn:MessageEventDefinition', { messageRef: this.message(el.message.name) }),
          ];
          set('correlationKey', el.message.correlationKey);
        }
        if (el.error) m.eventDefinitions = [this.errorCatchDef(el.error, set)];
        if (el.signal) m.eventDefinitions = [this.signalDef(el.signal.name)];
        if (el.escalation) {
          m.eventDefinitions = [this.escalationDef(el.escalation.code)];
          set('codeVariable', el.escalation.codeVariable);
        }
        if (el.conditional) m.eventDefinitions = [this.conditionDef(el.conditional)];
        if (el.cancel) m.eventDefinitions = [this.moddle.create('bpmn:CancelEventDefinition', {})];
        set('output', el.output);
        break;
      case 'serviceTask': {
        set('type', el.taskType);
        set('input', el.input);
        set('output', el.output);
        set('timeout', el.timeout);
        set('retry', el.retry);
        set('compensation', el.compensation);
        set('config', el.config);
        const td = this.moddle.createAny('zeebe:taskDefinition', NS.zeebe, {
          type: el.taskType,
          ...(el.retry ? { retries: String(el.retry.maxAttempts) } : {}),
        });
        m.extensionElements = this.moddle.create('bpmn:ExtensionElements', { values: [td] });
        break;
      }
      case 'userTask':
        set('title', el.title);
        set('assignee', el.assignee);
        set('role', el.role);
        set('body', el.body);
        set('form', el.form);
        set('sla', el.sla);
        set('decisionVariable', el.decisionVariable);
        set('output', el.output);
        break;
      case 'scriptTask':
        m.scriptFormat = el.language ?? this.language;
        m.script = el.script;
        set('resultVariable', el.resultVariable);
        break;
      case 'callActivity':
        m.calledElement = el.calledElement;
        set('version', el.version === undefined ? undefined : String(el.version));
        set('input', el.input);
        set('output', el.output);
        break;
      case 'complexGateway':
        if (el.activationCondition !== undefined) {
          m.activationCondition = this.expr(el.activationCondition);
          if (el.language) (m.activationCondition as ModdleElement).language = el.language;
        }
        break;
      case 'subProcess': {
        const inner = this.scope(el.elements, el.flows, m);
        m.flowElements = inner;
        if (el.triggeredByEvent) m.triggeredByEvent = true;
        break;
      }
      default:
        break;
    }
    return m;
  }

  /** Builds the flow elements of one scope and a diagram plane for it. */
  scope(elements: FlowElement[], flows: SequenceFlow[], owner: ModdleElement): ModdleElement[] {
    const nodes = new Map<string, ModdleElement>();
    for (const el of elements) nodes.set(el.id, this.node(el));
    for (const [id, node] of nodes) this.allNodes.set(id, node);
    for (const el of elements) {
      if (el.type === 'boundaryEvent') {
        const host = nodes.get(el.attachedTo);
        if (host) nodes.get(el.id)!.attachedToRef = host;
      }
    }
    const flowNodes: ModdleElement[] = [];
    for (const f of flows) {
      const source = nodes.get(f.source);
      const target = nodes.get(f.target);
      const flow = this.moddle.create('bpmn:SequenceFlow', { id: f.id, ...(f.name ? { name: f.name } : {}) });
      if (source) {
        flow.sourceRef = source;
        source.outgoing = [...((source.outgoing as ModdleElement[] | undefined) ?? []), flow];
      }
      if (target) {
        flow.targetRef = target;
        target.incoming = [...((target.incoming as ModdleElement[] | undefined) ?? []), flow];
      }
      if (f.condition !== undefined) {
        const condition = this.expr(f.condition);
        if (f.language) condition.language = f.language;
        flow.conditionExpression = condition;
      }
      flowNodes.push(flow);
    }
    for (const el of elements) {
      if (
        (el.type === 'exclusiveGateway' || el.type === 'inclusiveGateway' || el.type === 'complexGateway') &&
        el.default
      ) {
        const d = flowNodes.find((f) => f.id === el.default);
        if (d) nodes.get(el.id)!.default = d;
      }
    }
    this.plane(elements, flows, nodes, flowNodes, owner);
    return [...nodes.values(), ...flowNodes];
  }

  private plane(
    elements: FlowElement[],
    flows: SequenceFlow[],
    nodes: Map<string, ModdleElement>,
    flowNodes: ModdleElement[],
    owner: ModdleElement,
  ): void {
    const b = layout(elements, flows);
    const planeElements: ModdleElement[] = [];
    for (const el of elements) {
      const bounds = b.get(el.id);
      if (!bounds) continue;
      planeElements.push(
        this.moddle.create('bpmndi:BPMNShape', {
          id: `${el.id}_di`,
          bpmnElement: nodes.get(el.id),
          ...(el.type === 'subProcess' ? { isExpanded: false } : {}),
          bounds: this.moddle.create('dc:Bounds', {
            x: bounds.x,
            y: bounds.y,
            width: bounds.w,
            height: bounds.h,
          }),
        }),
      );
    }
    for (const f of flows) {
      const s = b.get(f.source);
      const t = b.get(f.target);
      if (!s || !t) continue;
      const from = { x: s.x + s.w, y: s.y + s.h / 2 };
      const to = { x: t.x, y: t.y + t.h / 2 };
      const points =
        from.y === to.y || to.x <= from.x
          ? [from, to]
          : [from, { x: (from.x + to.x) / 2, y: from.y }, { x: (from.x + to.x) / 2, y: to.y }, to];
      planeElements.push(
        this.moddle.create('bpmndi:BPMNEdge', {
          id: `${f.id}_di`,
          bpmnElement: flowNodes.find((n) => n.id === f.id),
          waypoint: points.map((p) =>
            this.moddle.create('dc:Point', { x: Math.round(p.x), y: Math.round(p.y) }),
          ),
        }),
      );
    }
    const plane = this.moddle.create('bpmndi:BPMNPlane', {
      id: `${owner.id}_plane`,
      bpmnElement: owner,
      planeElement: planeElements,
    });
    this.planes.push(this.moddle.create('bpmndi:BPMNDiagram', { id: `${owner.id}_diagram`, plane }));
  }

  async toXml(def: ProcessDefinition): Promise<string> {
    this.language = def.expressionLanguage ?? 'waooaw';
    const process = this.moddle.create('bpmn:Process', {
      id: def.id,
      isExecutable: true,
      ...(def.name ? { name: def.name } : {}),
    });
    if (def.documentation)
      process.documentation = [this.moddle.create('bpmn:Documentation', { text: def.documentation })];
    if (def.failurePolicy) process.$attrs['waooaw:failurePolicy'] = def.failurePolicy;
    if (def.expressionLanguage) process.$attrs['waooaw:expressionLanguage'] = def.expressionLanguage;
    if (def.versionTag) process.$attrs['waooaw:versionTag'] = def.versionTag;
    if (def.variables) process.$attrs['waooaw:variables'] = JSON.stringify(def.variables);
    process.flowElements = this.scope(def.elements, def.flows, process);
    for (const r of this.activityRefs) r.definition.activityRef = this.allNodes.get(r.activityId);
    // The process plane first: modellers open the first diagram.
    this.planes.unshift(this.planes.pop()!);
    const definitions = this.moddle.create('bpmn:Definitions', {
      id: `Definitions_${def.id}`,
      targetNamespace: 'https://waooaw.ai/bpmn',
      exporter: 'waooaw',
      exporterVersion: '1',
      rootElements: [...this.rootElements(), process],
      diagrams: this.planes,
    });
    definitions.$attrs['xmlns:waooaw'] = NS.waooaw;
    definitions.$attrs['xmlns:zeebe'] = NS.zeebe;
    const { xml } = await this.moddle.toXML(definitions, { format: true });
    return xml;
  }
}

/** Serialises a process model as BPMN 2.0 XML with diagram information; `parseBpmn` reads it back unchanged. */
export function toBpmnXml(def: ProcessDefinition): Promise<string> {
  return new Exporter().toXml(def);
}

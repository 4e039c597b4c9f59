// The BPMN processes of the engine.bpmn-* cells, written once and rendered in two dialects: a Camunda 8
// file (zeebe:taskDefinition, zeebe:ioMapping and gateway conditions in FEEL) for our engine, and the
// same process for bpmn-engine with the same expressions in its own `${…}` syntax (see EXPRESSIONS).

export type BpmnShape = 'chain' | 'fanout';
export type Dialect = 'feel' | 'bpmn-engine';

interface Mapping {
  target: string;
  feel: string;
  /** The same expression in bpmn-engine's syntax: property paths and calls of `environment.services`. */
  peer: string;
}

const amountInput: Mapping = {
  target: 'amount',
  feel: '=order.amount',
  peer: '${environment.variables.order.amount}',
};
const countOutput: Mapping = {
  target: 'count',
  feel: '=count + 1',
  peer: '${environment.services.add(environment.variables.count,1)}',
};
const branchOutput = (i: number): Mapping => ({
  target: `r${i}`,
  feel: `=amount * ${i}`,
  peer: `\${environment.services.multiply(environment.variables.amount,${i})}`,
});
/** The gateway after the tasks: `count > threshold` goes to `end`, `count <= threshold` to `endLow`. */
const conditions = (threshold: number) => ({
  ok: {
    feel: `=count > ${threshold}`,
    peer: `\${environment.services.above(environment.variables.count,${threshold})}`,
  },
  low: {
    feel: `=count <= ${threshold}`,
    peer: `\${environment.services.atMost(environment.variables.count,${threshold})}`,
  },
});
const thresholds: Record<BpmnShape, number> = { chain: 5, fanout: 0 };

/** The expressions each process evaluates, for the cells' notes. */
export function expressionNote(shape: BpmnShape): string {
  const c = conditions(thresholds[shape]);
  const tasks =
    shape === 'chain'
      ? `each of the 10 tasks: input \`amount ← ${amountInput.feel}\`, output \`count ← ${countOutput.feel}\``
      : `the first task: input \`amount ← ${amountInput.feel}\`, output \`count ← ${countOutput.feel}\`; branch i: input \`amount ← ${amountInput.feel}\`, output \`ri ← =amount * i\``;
  return `FEEL in the path (Camunda 8 file, zeebe:ioMapping): ${tasks}; then an exclusive gateway \`${c.ok.feel}\` / \`${c.low.feel}\`. bpmn-engine runs the same mappings (an io extension over its resolveExpression) and conditions in its own syntax, e.g. \`${countOutput.peer}\`, \`${c.ok.peer}\`.`;
}

/** Functions the bpmn-engine expressions call (its expression syntax has no operators). */
export const peerServices = {
  add: (a: number, b: number) => a + b,
  multiply: (a: number, b: number) => a * b,
  above: (a: number, b: number) => a > b,
  atMost: (a: number, b: number) => a <= b,
};

/** Input and output mappings per element id, for the bpmn-engine io extension. */
export function peerMappings(shape: BpmnShape): Map<string, { input: Mapping[]; output: Mapping[] }> {
  const out = new Map<string, { input: Mapping[]; output: Mapping[] }>();
  if (shape === 'chain') {
    for (let i = 1; i <= 10; i++) out.set(`t${i}`, { input: [amountInput], output: [countOutput] });
  } else {
    out.set('t0', { input: [amountInput], output: [countOutput] });
    for (let i = 1; i <= 10; i++) out.set(`b${i}`, { input: [amountInput], output: [branchOutput(i)] });
  }
  return out;
}

/** Variables each instance starts with, and what it must end with. */
export const startVariables = { order: { amount: 10 }, count: 0 };
export function expectedEnd(shape: BpmnShape): Record<string, number> {
  return shape === 'chain' ? { count: 10 } : { count: 1, r1: 10, r10: 100 };
}

function serviceTask(dialect: Dialect, id: string, m: { input: Mapping[]; output: Mapping[] }): string {
  if (dialect === 'bpmn-engine')
    return `<bpmn:serviceTask id="${id}" implementation="\${environment.services.noop}" />`;
  const io = [
    ...m.input.map((x) => `<zeebe:input source="${x.feel}" target="${x.target}" />`),
    ...m.output.map((x) => `<zeebe:output source="${x.feel}" target="${x.target}" />`),
  ];
  return `<bpmn:serviceTask id="${id}">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="noop" />
        <zeebe:ioMapping>${io.join('')}</zeebe:ioMapping>
      </bpmn:extensionElements>
    </bpmn:serviceTask>`;
}

function conditionXml(dialect: Dialect, c: { feel: string; peer: string }): string {
  const body = (dialect === 'feel' ? c.feel : c.peer).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${body}</bpmn:conditionExpression>`;
}

/** The process of `shape` in `dialect`: the tasks, then the gateway choosing `end` or `endLow`. */
export function processXml(shape: BpmnShape, dialect: Dialect): string {
  const mappings = peerMappings(shape);
  const nodes: string[] = ['<bpmn:startEvent id="start" />'];
  const flows: string[] = [];
  const flow = (id: string, from: string, to: string, inner = '') =>
    flows.push(
      inner
        ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}">${inner}</bpmn:sequenceFlow>`
        : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`,
    );
  for (const [id, m] of mappings) nodes.push(serviceTask(dialect, id, m));
  let last: string;
  if (shape === 'chain') {
    let prev = 'start';
    for (let i = 1; i <= 10; i++) {
      flow(`f${i}`, prev, `t${i}`);
      prev = `t${i}`;
    }
    last = prev;
  } else {
    nodes.push('<bpmn:parallelGateway id="fork" />', '<bpmn:parallelGateway id="join" />');
    flow('f_s', 'start', 't0');
    flow('f_f', 't0', 'fork');
    for (let i = 1; i <= 10; i++) {
      flow(`fo${i}`, 'fork', `b${i}`);
      flow(`fi${i}`, `b${i}`, 'join');
    }
    last = 'join';
  }
  const c = conditions(thresholds[shape]);
  nodes.push(
    '<bpmn:exclusiveGateway id="check" />',
    '<bpmn:endEvent id="end" />',
    '<bpmn:endEvent id="endLow" />',
  );
  flow('f_check', last, 'check');
  flow('f_ok', 'check', 'end', conditionXml(dialect, c.ok));
  flow('f_low', 'check', 'endLow', conditionXml(dialect, c.low));
  const zeebe =
    dialect === 'feel'
      ? ' xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" modeler:executionPlatform="Camunda Cloud"'
      : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"${zeebe} id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${shape}" isExecutable="true">
    ${nodes.join('\n    ')}
    ${flows.join('\n    ')}
  </bpmn:process>
</bpmn:definitions>`;
}

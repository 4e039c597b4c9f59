// Peer: bpmn-engine (in memory, not durable) running a process of N sequential no-op service tasks.
import { Engine } from 'bpmn-engine';
import * as elements from 'bpmn-elements';
import BpmnModdle from 'bpmn-moddle';
import serializer, { TypeResolver } from 'moddle-context-serializer';

export function serviceTaskChainXml(tasks: number, implementation: (i: number) => string): string {
  const nodes: string[] = ['<bpmn:startEvent id="start" />'];
  const flows: string[] = [];
  let prev = 'start';
  for (let i = 1; i <= tasks; i++) {
    nodes.push(`<bpmn:serviceTask id="t${i}" name="Task ${i}" ${implementation(i)} />`);
    flows.push(`<bpmn:sequenceFlow id="f${i}" sourceRef="${prev}" targetRef="t${i}" />`);
    prev = `t${i}`;
  }
  nodes.push('<bpmn:endEvent id="end" />');
  flows.push(`<bpmn:sequenceFlow id="f_end" sourceRef="${prev}" targetRef="end" />`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="chain" isExecutable="true">
    ${nodes.join('\n    ')}
    ${flows.join('\n    ')}
  </bpmn:process>
</bpmn:definitions>`;
}

/** start → first task → parallel fork → `branches` tasks → parallel join → end. */
export function fanOutXml(branches: number, implementation: (i: number) => string): string {
  const nodes = [
    '<bpmn:startEvent id="start" />',
    `<bpmn:serviceTask id="t0" name="Task 0" ${implementation(0)} />`,
    '<bpmn:parallelGateway id="fork" />',
    '<bpmn:parallelGateway id="join" />',
    '<bpmn:endEvent id="end" />',
  ];
  const flows = [
    '<bpmn:sequenceFlow id="f_s" sourceRef="start" targetRef="t0" />',
    '<bpmn:sequenceFlow id="f_f" sourceRef="t0" targetRef="fork" />',
    '<bpmn:sequenceFlow id="f_e" sourceRef="join" targetRef="end" />',
  ];
  for (let i = 1; i <= branches; i++) {
    nodes.push(`<bpmn:serviceTask id="b${i}" name="Branch ${i}" ${implementation(i)} />`);
    flows.push(
      `<bpmn:sequenceFlow id="fo${i}" sourceRef="fork" targetRef="b${i}" />`,
      `<bpmn:sequenceFlow id="fi${i}" sourceRef="b${i}" targetRef="join" />`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="fanout" isExecutable="true">
    ${nodes.join('\n    ')}
    ${flows.join('\n    ')}
  </bpmn:process>
</bpmn:definitions>`;
}

export type BpmnShape = 'chain' | 'fanout';
const peerImplementation = () => 'implementation="${environment.services.noop}"';
const xmlOf = (shape: BpmnShape) =>
  shape === 'chain' ? serviceTaskChainXml(10, peerImplementation) : fanOutXml(10, peerImplementation);

// Parse once and reuse the serialized context, as a production user of bpmn-engine would.
const contexts = new Map<BpmnShape, unknown>();
async function context(shape: BpmnShape): Promise<unknown> {
  if (!contexts.has(shape)) {
    const moddleContext = await new BpmnModdle().fromXML(xmlOf(shape));
    contexts.set(shape, serializer(moddleContext as never, TypeResolver(elements as never)));
  }
  return contexts.get(shape);
}

/** Runs `instances` process instances of `shape`, `concurrency` at a time; returns instances/s. */
export async function bpmnEngineInstancesPerSecond(
  instances: number,
  concurrency: number,
  shape: BpmnShape = 'chain',
): Promise<number> {
  const ctx = await context(shape);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < instances) {
        next++;
        const engine = new Engine({ name: shape, sourceContext: ctx as never });
        // Arm the wait before executing: a fast instance can end before execute() resolves.
        const ended = engine.waitFor('end');
        await engine.execute({
          services: { noop: (_scope: unknown, cb: (err: Error | null) => void) => cb(null) },
        });
        await ended;
      }
    }),
  );
  return instances / ((performance.now() - started) / 1000);
}

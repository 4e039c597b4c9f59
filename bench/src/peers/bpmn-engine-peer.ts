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

const xml = serviceTaskChainXml(10, () => 'implementation="${environment.services.noop}"');

// Parse once and reuse the serialized context, as a production user of bpmn-engine would.
let sourceContext: unknown;
async function context(): Promise<unknown> {
  if (!sourceContext) {
    const moddleContext = await new BpmnModdle().fromXML(xml);
    sourceContext = serializer(moddleContext as never, TypeResolver(elements as never));
  }
  return sourceContext;
}

/** Runs `instances` process instances, `concurrency` at a time; returns instances/s. */
export async function bpmnEngineInstancesPerSecond(instances: number, concurrency: number): Promise<number> {
  const ctx = await context();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < instances) {
        next++;
        const engine = new Engine({ name: 'chain', sourceContext: ctx as never });
        // Arm the wait before executing: a fast instance can end before execute() resolves.
        const ended = engine.waitFor('end');
        await engine.execute({ services: { noop: (_scope: unknown, cb: (err: Error | null) => void) => cb(null) } });
        await ended;
      }
    }),
  );
  return instances / ((performance.now() - started) / 1000);
}

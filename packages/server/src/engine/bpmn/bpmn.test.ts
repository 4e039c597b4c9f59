import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import BpmnModdle from 'bpmn-moddle';
import { timers, workflow } from '../definitions/builder.js';
import { compileDefinition } from '../model/compile.js';
import { Simulator } from '../simulator.js';
import { parseYamlDefinition } from '../definitions/yaml.js';
import { toBpmnXml } from './bpmn-export.js';
import { parseBpmn } from './bpmn-import.js';

const camunda7 = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:cam="http://camunda.org/schema/1.0/bpmn" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" exporterVersion="5.20.0">
  <bpmn:collaboration id="Collab"><bpmn:participant id="P1" processRef="invoice" /></bpmn:collaboration>
  <bpmn:process id="helper" isExecutable="false"><bpmn:startEvent id="h1" /></bpmn:process>
  <bpmn:process id="invoice" name="Invoice" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="calc" name="Calculate" cam:type="external" cam:topic="invoice.calculate">
      <bpmn:extensionElements>
        <cam:inputOutput>
          <cam:inputParameter name="net">\${amount * 100}</cam:inputParameter>
          <cam:outputParameter name="gross">\${total}</cam:outputParameter>
        </cam:inputOutput>
        <cam:failedJobRetryTimeCycle>R5/PT30S</cam:failedJobRetryTimeCycle>
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:exclusiveGateway id="big" default="f4"><bpmn:incoming>f2</bpmn:incoming></bpmn:exclusiveGateway>
    <bpmn:userTask id="approve" cam:assignee="\${manager}" cam:candidateGroups="finance, audit" cam:dueDate="PT4H">
      <bpmn:extensionElements><cam:formData><cam:formField id="ok" label="Approve?" type="boolean" /></cam:formData></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:scriptTask id="mark" scriptFormat="javascript" cam:resultVariable="marked"><bpmn:script>gross > 1000</bpmn:script></bpmn:scriptTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="calc" />
    <bpmn:sequenceFlow id="f2" sourceRef="calc" targetRef="big" />
    <bpmn:sequenceFlow id="f3" sourceRef="big" targetRef="approve"><bpmn:conditionExpression xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="bpmn:tFormalExpression">\${gross &gt; 1000}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f4" sourceRef="big" targetRef="mark" />
    <bpmn:sequenceFlow id="f5" sourceRef="approve" targetRef="end" />
    <bpmn:sequenceFlow id="f6" sourceRef="mark" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

describe('BPMN import', () => {
  it('reads a Camunda 7 modeller file with any namespace prefix', async () => {
    const def = await parseBpmn(camunda7);
    expect(def.id).toBe('invoice');
    const calc = def.elements.find((e) => e.id === 'calc');
    expect(calc).toMatchObject({
      type: 'serviceTask',
      taskType: 'invoice.calculate',
      input: { net: '${amount * 100}' },
      output: { gross: '${total}' },
      retry: { maxAttempts: 5, backoff: 'fixed', initialDelay: 'PT30S' },
    });
    expect(def.elements.find((e) => e.id === 'approve')).toMatchObject({
      type: 'userTask',
      assignee: '${manager}',
      role: 'finance',
      sla: { within: 'PT4H' },
      form: { fields: [{ name: 'ok', type: 'boolean', label: 'Approve?' }] },
    });
    expect(def.elements.find((e) => e.id === 'mark')).toMatchObject({
      type: 'scriptTask',
      script: 'gross > 1000',
      resultVariable: 'marked',
    });
    expect(def.elements.find((e) => e.id === 'big')).toMatchObject({ default: 'f4' });
    expect(def.flows.find((f) => f.id === 'f3')?.condition).toBe('${gross > 1000}');
    const sim = new Simulator({
      handlers: { 'invoice.calculate': (i) => ({ total: (i.net as number) + 1 }) },
    });
    sim.deploy(def);
    const small = sim.start('invoice', { amount: 5, manager: 'maria' });
    expect(sim.instance(small).state.variables).toMatchObject({ gross: 501, marked: false });
    sim.start('invoice', { amount: 50, manager: 'maria' });
    expect(sim.openTasks()[0]).toMatchObject({ assignee: 'maria', role: 'finance' });
  });

  it('runs the PR review file saved by Camunda Modeler unchanged', async () => {
    const def = await parseBpmn(
      readFileSync(new URL('../../workflows/pr-review/pr-review.bpmn', import.meta.url), 'utf8'),
    );
    compileDefinition(def, 1);
    expect(def.elements.find((e) => e.id === 'deploy_pr')).toMatchObject({
      compensation: { taskType: 'wowdeploy.rollback_deployment' },
    });
    expect(def.elements.some((e) => e.id === 'rollback_deployment' || e.id === 'deploy_compensation')).toBe(
      false,
    );
    expect(def.elements.find((e) => e.id === 'pr_opened')).toMatchObject({
      message: { name: 'github.pull_request.opened' },
    });
  });

  it('names every unsupported element', async () => {
    const xml = camunda7.replace(
      '<bpmn:endEvent id="end" />',
      '<bpmn:endEvent id="end" /><bpmn:adHocSubProcess id="adhoc" /><bpmn:endEvent id="cx"><bpmn:messageEventDefinition /></bpmn:endEvent><bpmn:task id="mi"><bpmn:multiInstanceLoopCharacteristics /></bpmn:task>',
    );
    await expect(parseBpmn(xml)).rejects.toMatchObject({
      code: 'VALIDATION',
      details: {
        errors: [
          { elementId: 'adhoc', message: expect.stringMatching(/AdHocSubProcess is not supported/) },
          {
            elementId: 'cx',
            message: expect.stringMatching(/end event with MessageEventDefinition is not supported/),
          },
          {
            elementId: 'mi',
            message: expect.stringMatching(/MultiInstanceLoopCharacteristics .* is not supported/),
          },
        ],
      },
    });
    await expect(parseBpmn('<not-bpmn')).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(parseBpmn(camunda7.replace('isExecutable="true"', 'isExecutable="false"'))).rejects.toThrow(
      /none is marked executable/,
    );
  });

  it('rejects a service task without a type, naming it', async () => {
    const xml = camunda7.replace(' cam:type="external" cam:topic="invoice.calculate"', '');
    await expect(parseBpmn(xml)).rejects.toMatchObject({
      details: { errors: [{ elementId: 'calc', message: expect.stringMatching(/no task type/) }] },
    });
  });
});

describe('BPMN export', () => {
  const model = workflow('roundtrip', { name: 'Round trip', failurePolicy: 'compensate', versionTag: '2.0' })
    .variables({ n: { type: 'integer', required: true } })
    .start()
    .timerStart('daily', timers.cycle('0 9 * * *', 'Asia/Kolkata'))
    .from('start')
    .service('work', 'do.work', {
      input: { x: 'n * 2' },
      output: { y: 'result.y' },
      timeout: 'PT1M',
      retry: { maxAttempts: 4, backoff: 'linear' },
      compensation: { taskType: 'undo.work' },
    })
    .exclusive('gw')
    .when('y > 3')
    .user('review', {
      title: 'Review {{y}}',
      role: 'ops',
      sla: { within: 'PT2H', escalateTo: { role: 'lead' } },
      form: { fields: [{ name: 'ok', type: 'boolean' }] },
    })
    .eventGateway('race')
    .messageCatch('msg', { name: 'go', correlationKey: 'key' })
    .end('e1')
    .from('race')
    .timerCatch('late', timers.duration('P1D'))
    .errorEnd('e2', 'LATE', { errorMessage: 'too late' })
    .from('gw')
    .otherwise()
    .subProcess('sub', (s) => s.start('s0').script('calc', 'z = 1', { resultVariable: 'r' }).end('s1'))
    .callActivity('child', 'other', { version: 2, input: { a: 'z' } })
    .terminateEnd('e3')
    .boundary('tb', 'review', { interrupting: false, timer: timers.duration('PT1H') })
    .end('e4')
    .boundary('eb', 'work', { error: { code: 'BAD', codeVariable: 'c' } })
    .to('e4')
    .build();
  // A daily timer start joined into the same task.
  model.flows.push({ id: 'Flow_daily_work', source: 'daily', target: 'work' });

  it('round-trips a model through BPMN XML unchanged', async () => {
    compileDefinition(model, 1);
    const xml = await toBpmnXml(model);
    const back = await parseBpmn(xml);
    expect(back).toEqual(model);
  });

  it('writes diagram information for every element and flow', async () => {
    const xml = await toBpmnXml(model);
    const { rootElement } = await new BpmnModdle().fromXML(xml);
    const diagrams = rootElement.diagrams as Array<{
      plane: { bpmnElement: { id: string }; planeElement: Array<{ bpmnElement: { id: string } }> };
    }>;
    expect(diagrams[0]!.plane.bpmnElement.id).toBe('roundtrip');
    const drawn = new Set(diagrams.flatMap((d) => d.plane.planeElement.map((p) => p.bpmnElement.id)));
    for (const el of model.elements) expect(drawn.has(el.id)).toBe(true);
    for (const f of model.flows) expect(drawn.has(f.id)).toBe(true);
    expect(drawn.has('calc')).toBe(true);
  });

  it('round-trips the shipped YAML workflows', async () => {
    for (const name of ['trial', 'campaign', 'daily-report']) {
      const def = parseYamlDefinition(
        readFileSync(new URL(`../../workflows/${name}/${name}.yaml`, import.meta.url), 'utf8'),
      );
      expect(await parseBpmn(await toBpmnXml(def))).toEqual(def);
    }
  });

  it('round-trips event sub-processes, a transaction with cancel events and a complex gateway', async () => {
    const files: Array<[string, string | undefined]> = [
      ['claim-c8', 'claim-c8'],
      ['booking-c7', undefined],
      ['ticket-c7', undefined],
      ['purchase-c8', undefined],
      ['review-quorum', undefined],
    ];
    for (const [file, processId] of files) {
      const xml = readFileSync(new URL(`./examples/${file}.bpmn`, import.meta.url), 'utf8');
      const def = await parseBpmn(xml, processId ? { processId } : {});
      expect(await parseBpmn(await toBpmnXml(def)), file).toEqual(def);
    }
  });
});

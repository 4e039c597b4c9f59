// Peer: bpmn-engine (in memory, not durable) running the processes of bpmn-processes.ts with the same
// I/O mappings and gateway conditions in its own expression syntax, resolved by its own resolver.
import { Engine } from 'bpmn-engine';
import * as elements from 'bpmn-elements';
import BpmnModdle from 'bpmn-moddle';
import serializer, { TypeResolver } from 'moddle-context-serializer';
import {
  expectedEnd,
  peerMappings,
  peerServices,
  processXml,
  startVariables,
  type BpmnShape,
} from './bpmn-processes.js';

export type { BpmnShape } from './bpmn-processes.js';

// Parse once and reuse the serialized context, as a production user of bpmn-engine would.
const contexts = new Map<BpmnShape, unknown>();
async function context(shape: BpmnShape): Promise<unknown> {
  if (!contexts.has(shape)) {
    const moddleContext = await new BpmnModdle().fromXML(processXml(shape, 'bpmn-engine'));
    contexts.set(shape, serializer(moddleContext as never, TypeResolver(elements as never)));
  }
  return contexts.get(shape);
}

interface PeerActivity {
  id: string;
  environment: {
    variables: Record<string, unknown>;
    resolveExpression(expression: string, message?: unknown): unknown;
  };
  on(event: string, cb: (api: unknown) => void): void;
}

/**
 * bpmn-engine's extension hook doing what zeebe:ioMapping does: inputs resolved when the task enters,
 * outputs when it ends, each through the engine's expression resolver (bpmn-engine has no local scopes,
 * so both land in the instance's variables).
 */
function ioExtension(shape: BpmnShape) {
  const mappings = peerMappings(shape);
  return (activity: PeerActivity) => {
    const m = mappings.get(activity.id);
    if (!m) return undefined;
    const env = activity.environment;
    activity.on('end', (api) => {
      for (const o of m.output) env.variables[o.target] = env.resolveExpression(o.peer, api);
    });
    return {
      activate(message: unknown) {
        for (const i of m.input) env.variables[i.target] = env.resolveExpression(i.peer, message);
      },
      deactivate() {},
    };
  };
}

/** Runs `instances` process instances of `shape`, `concurrency` at a time; returns instances/s. */
export async function bpmnEngineInstancesPerSecond(
  instances: number,
  concurrency: number,
  shape: BpmnShape = 'chain',
): Promise<number> {
  const ctx = await context(shape);
  const io = ioExtension(shape);
  const expected = expectedEnd(shape);
  let next = 0;
  let checked = false;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < instances) {
        next++;
        const engine = new Engine({ name: shape, sourceContext: ctx as never });
        // Arm the wait before executing: a fast instance can end before execute() resolves.
        const ended = engine.waitFor('end');
        const execution = await engine.execute({
          variables: structuredClone(startVariables),
          extensions: { io: io as never },
          services: {
            ...peerServices,
            noop: (_scope: unknown, cb: (err: Error | null) => void) => cb(null),
          },
        });
        await ended;
        if (!checked) {
          checked = true;
          // The mappings wrote to the process's environment (the execution's own is the engine's).
          const [definition] = execution.definitions as unknown as Array<{
            getProcesses(): Array<{ environment: { variables: Record<string, unknown> } }>;
          }>;
          const vars = definition?.getProcesses()[0]?.environment.variables ?? {};
          const endTaken = (execution.getActivityById('end') as { counters?: { taken: number } } | undefined)
            ?.counters?.taken;
          if (endTaken !== 1) throw new Error(`bpmn-engine ${shape}: the gateway did not take end`);
          for (const [k, v] of Object.entries(expected))
            if (vars[k] !== v) throw new Error(`bpmn-engine ${shape}: ${k} = ${String(vars[k])}, not ${v}`);
        }
      }
    }),
  );
  return instances / ((performance.now() - started) / 1000);
}

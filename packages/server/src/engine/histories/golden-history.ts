// Golden histories: recorded runs (definitions, every input with its time, and the resulting history
// of each instance) that tests replay on every change. If the interpreter or the fold changes what a
// recorded run produces, the replay fails: old histories in databases would no longer resume.
import type { JsonValue } from '../../errors.js';
import type { HistoryEvent } from '../history-events.js';
import { decide, type Input } from '../interpreter.js';
import { InstanceState, replay } from '../instance-state.js';
import { compileDefinition, type CompiledDefinition } from '../model/compile.js';
import type { ProcessDefinition } from '../model/types.js';

export interface GoldenHistory {
  name: string;
  description: string;
  /** Every deployed definition, in deploy order (versions count from 1 per id). */
  definitions: ProcessDefinition[];
  steps: Array<{ instanceId: string; now: number; input: Input }>;
  histories: Record<string, HistoryEvent[]>;
  final: Record<string, { status: string; variables: Record<string, JsonValue>; activeElements: string[] }>;
}

function definitionsOf(golden: Pick<GoldenHistory, 'definitions'>): (id: string, version: number) => CompiledDefinition {
  const byId = new Map<string, CompiledDefinition[]>();
  for (const d of golden.definitions) {
    const list = byId.get(d.id) ?? [];
    list.push(compileDefinition(d, list.length + 1));
    byId.set(d.id, list);
  }
  return (id, version) => {
    const def = byId.get(id)?.[version - 1];
    if (!def) throw new Error(`golden history references ${id} v${version}, which it does not contain`);
    return def;
  };
}

/** Re-runs the recorded inputs through the interpreter and returns the histories it produces. */
export function rerun(golden: Pick<GoldenHistory, 'definitions' | 'steps'>): Record<string, HistoryEvent[]> {
  const definition = definitionsOf(golden);
  const states = new Map<string, InstanceState>();
  const out: Record<string, HistoryEvent[]> = {};
  for (const step of golden.steps) {
    let state = states.get(step.instanceId);
    if (!state) {
      state = new InstanceState(step.instanceId);
      states.set(step.instanceId, state);
    }
    const defId = state.definitionId || (step.input.kind === 'start' ? step.input.definitionId : '');
    const events = decide(state, step.input, { now: step.now, definition: (v) => definition(defId, v) });
    (out[step.instanceId] ??= []).push(...events);
  }
  return out;
}

/** The state summary a golden file records for each instance. */
export function finalOf(instanceId: string, history: HistoryEvent[]): GoldenHistory['final'][string] {
  const s = replay(instanceId, history);
  return { status: s.status, variables: s.variables, activeElements: s.activeElements() };
}

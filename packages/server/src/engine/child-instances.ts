// Call-activity children start with the parent step that creates them: the child's first step is
// decided here (with the parent link) and submitted in the same batch as the parent's write. A child
// missing after a crash is created when its parent is loaded again (Runner.reconcileChildren).
import type { DefinitionRegistry } from './definition-registry.js';
import type { InstanceWrite } from './engine-store.js';
import type { HistoryEvent } from './history-events.js';
import { decide } from './interpreter.js';
import type { Live, LiveInstances } from './live-instances.js';
import type { SharedVariables } from './shared-variables.js';
import { stepWrite, summaryKey, summaryOf } from './step-effects.js';

export interface ChildStart {
  live: Live;
  write: InstanceWrite;
  events: HistoryEvent[];
}

/**
 * Decides a child's first step for a `child.started` event of `parent`. The child is leased to this
 * worker unless its first step already left it waiting or ended (then `write.release` is set). Throws
 * when the child cannot start (definition missing, bad variables).
 */
export async function startChild(
  definitions: DefinitionRegistry,
  shared: SharedVariables,
  instances: LiveInstances,
  parent: Live,
  e: Extract<HistoryEvent, { type: 'child.started' }>,
): Promise<ChildStart> {
  const def = await definitions.compile(e.definitionId, e.version);
  const live = instances.create(e.childInstanceId, {
    definitionId: def.id,
    version: def.version,
    businessKey: parent.state.businessKey,
    parentInstanceId: parent.id,
    createdAt: e.at,
  });
  const lookupShared = await shared.lookup(def.id);
  const childEvents = decide(
    live.state,
    {
      kind: 'start',
      definitionId: def.id,
      version: def.version,
      businessKey: parent.state.businessKey,
      variables: e.variables,
      actor: `parent:${parent.id}`,
      parent: { instanceId: parent.id, tokenId: e.tokenId, elementId: e.elementId },
    },
    { now: e.at, definition: (v) => definitions.loaded(def.id, v)!, lookupShared },
  );
  const write = stepWrite(live.state, childEvents, {
    now: e.at,
    tasksBefore: new Map(),
    appliedJobs: [],
  });
  const summary = summaryOf(live.state);
  write.summary = summary;
  write.create = live.create!;
  const release = live.state.isTerminal || !summary.runnable;
  if (release) write.release = true;
  live.summary = summaryKey(summary);
  delete live.create;
  live.leased = !release;
  return { live, write, events: childEvents };
}

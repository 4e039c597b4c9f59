// Deterministic routing, no model: among the instances whose agent offers the skill (and is the
// pinned agent, if any), the one with the most free slots, then the most trusted agent, then the
// smallest instance id. Pure: load and trust are passed in.

/** One routable instance of an agent: an agent type runs `instances` of these, each with its own slots. */
export interface RosterInstance {
  instanceId: string;
  agentId: string;
  skills: ReadonlySet<string>;
  /** Tasks it may hold in flight at once. */
  maxConcurrent: number;
}

export interface RoutableTask {
  skill: string;
  agentId: string | null;
}

/** Whether `instance` could ever take `task` (skill offered, pinned agent respected), ignoring load. */
export function canServe(instance: RosterInstance, task: RoutableTask): boolean {
  return instance.skills.has(task.skill) && (task.agentId === null || task.agentId === instance.agentId);
}

/**
 * Ranks the instances able to take `task` now, best first: free slots (descending), the agent's trust
 * (descending; unknown agents rank as 0), instance id (ascending). Instances at capacity are left out.
 */
export function rankInstances(
  task: RoutableTask,
  roster: readonly RosterInstance[],
  load: ReadonlyMap<string, number>,
  trust: ReadonlyMap<string, number>,
): RosterInstance[] {
  const free = (i: RosterInstance): number => i.maxConcurrent - (load.get(i.instanceId) ?? 0);
  return roster
    .filter((i) => canServe(i, task) && free(i) > 0)
    .sort(
      (a, b) =>
        free(b) - free(a) ||
        (trust.get(b.agentId) ?? 0) - (trust.get(a.agentId) ?? 0) ||
        (a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0),
    );
}

/** The instance `task` goes to now, or undefined when every instance that could take it is full. */
export function chooseInstance(
  task: RoutableTask,
  roster: readonly RosterInstance[],
  load: ReadonlyMap<string, number>,
  trust: ReadonlyMap<string, number>,
): RosterInstance | undefined {
  return rankInstances(task, roster, load, trust)[0];
}

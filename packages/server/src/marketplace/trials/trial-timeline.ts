// The port through which trials are timed: the engine's `trial` workflow (workflows/trial/
// trial-timeline.ts) implements it with durable timers, given to the TrialService at construction.
import type { Entity } from '../../store/entity-repository.js';
import type { TrialRecord } from '../../store/marketplace-records.js';

/**
 * Drives trials' timelines from outside this service: the engine's `trial` workflow
 * (workflows/trial/trial-timeline.ts), whose durable timers call `sweep` at each reminder, at the end
 * and after the grace period — so a moment that passed while no process ran is acted on at start-up.
 */
export interface TrialTimeline {
  /** A trial started (or is open at start-up): make sure its workflow runs. Resolves with the trial as stored after. */
  track(trial: Entity<TrialRecord>): Promise<Entity<TrialRecord>>;
  /** An admin moved the end of the trial (an expired trial may be active again). */
  extended(trial: Entity<TrialRecord>): Promise<void>;
  /** The customer cancelled the trial. */
  cancelled(trial: Entity<TrialRecord>): Promise<void>;
}

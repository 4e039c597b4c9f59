// The port through which hires' billing periods are timed: the engine's `hire` workflow
// (workflows/hire/hire-workflow.ts) implements it with durable timers, given to the HireService at
// construction by platform.ts. Its timer calls `HireService.renew` at each period's end.
import type { Entity } from '../../store/entity-repository.js';
import type { HireRecord } from '../../store/marketplace-records.js';

export interface HireTimeline {
  /**
   * An active hire (new, resumed, or found at start-up): makes sure a renewal instance waits for the end
   * of its period. Idempotent: a running instance is kept (it re-reads the period when its timer fires).
   */
  track(hire: Entity<HireRecord>): Promise<void>;
  /** The hire was cancelled: its renewal instance stops. */
  stopped(hire: Entity<HireRecord>): Promise<void>;
}

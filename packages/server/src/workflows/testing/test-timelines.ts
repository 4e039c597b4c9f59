// Trials' and hires' timelines for test harnesses, built as platform.ts builds them: an engine on the
// harness's store with the `trial` and `hire` workflows deployed, the timelines handed to the services
// at construction, and the handlers registered once the services exist.
import type { Clock } from '../../clock.js';
import { Engine } from '../../engine/engine.js';
import type { Ids } from '../../ids.js';
import { silentLogger } from '../../components/observability/logger.js';
import type { MarketplaceServices } from '../../marketplace/services.js';
import type { Store } from '../../store/store.js';
import { readReferenceWorkflows } from '../../assets/reference-workflow-files.js';
import { deployReferenceWorkflows } from '../deploy-reference-workflows.js';
import { createHireTimeline, registerHireWorkflow } from '../hire/hire-workflow.js';
import { createTrialTimeline } from '../trial/trial-timeline.js';
import { registerTrialWorkflow, type TrialWorkflow } from '../trial/trial-workflow.js';
import type { HireTimeline } from '../../marketplace/hires/hire-timeline.js';
import type { TrialTimeline } from '../../marketplace/trials/trial-timeline.js';

export interface TestTimelines {
  engine: Engine;
  timelines: { trials: TrialTimeline; hires: HireTimeline };
  /** Registers the trial and hire handlers on `engine` for these services. */
  register(services: MarketplaceServices): Promise<TrialWorkflow>;
}

export async function createTestTimelines(deps: {
  store: Store;
  clock: Clock;
  ids: Ids;
  onError?: ((err: unknown, context: string) => void) | undefined;
}): Promise<TestTimelines> {
  const { store, clock, ids } = deps;
  const engine = new Engine({
    store: store.engine,
    clock,
    ids,
    workerId: 'harness-worker',
    // Long polls: fake time jumps straight to the next timer instead of ticking every second.
    pollIntervalMs: 3_600_000,
    leaseMs: 60_000,
    onError: deps.onError ?? (() => undefined),
  });
  await deployReferenceWorkflows(engine, await readReferenceWorkflows(['trial', 'hire']));
  const trialTimeline = createTrialTimeline({ engine, store });
  return {
    engine,
    timelines: { trials: trialTimeline, hires: createHireTimeline({ engine }) },
    async register(services) {
      registerHireWorkflow({ engine, hires: services.hires });
      return registerTrialWorkflow({
        engine,
        timeline: trialTimeline,
        marketplace: services,
        store,
        clock,
        ids,
        logger: silentLogger,
      });
    },
  };
}

// The engine's reference workflows on the platform: deploys the files and registers a real handler for
// every task type they use — PR review (WowVision), 7-day trial and hire renewals (the marketplace's
// trials and hires), campaign (marketing skills into the customer's dashboard) and the daily report.
import type { AgentRuntime } from '../runtime/agent-runtime.js';
import type { SkillRunner } from '../runtime/skill-runner.js';
import type { WowVisionService } from '../agents/wowvision/wowvision-service.js';
import type { Bus } from '../bus/bus.js';
import type { Clock } from '../clock.js';
import type { Engine } from '../engine/engine.js';
import type { Ids } from '../ids.js';
import type { MarketplaceServices } from '../marketplace/services.js';
import type { Logger } from '../components/observability/logger.js';
import type { Store } from '../store/store.js';
import { registerCampaignWorkflow, type CampaignPeers } from './campaign/campaign-workflow.js';
import { registerDailyReportWorkflow } from './daily-report/daily-report-workflow.js';
import { deployReferenceWorkflows } from './deploy-reference-workflows.js';
import type { ReferenceWorkflowSource } from './reference-workflows.js';
import { registerPrReviewWorkflow } from './pr-review/pr-review-workflow.js';
import { registerTrialWorkflow } from './trial/trial-workflow.js';
import type { EngineTrialTimeline } from './trial/trial-timeline.js';
import { registerHireWorkflow } from './hire/hire-workflow.js';

export { deployReferenceWorkflows } from './deploy-reference-workflows.js';

export interface ReferenceWorkflowDeps {
  engine: Engine;
  /** The reference workflows' sources (the composition root reads the shipped files). */
  definitions: readonly ReferenceWorkflowSource[];
  marketplace: { services: MarketplaceServices };
  /** The trial timeline the marketplace's TrialService was built with. */
  trialTimeline: EngineTrialTimeline;
  wowvision: Pick<WowVisionService, 'agent' | 'host'> &
    Partial<Pick<WowVisionService, 'delegatePullRequests'>>;
  runtime: AgentRuntime;
  /** The marketplace workforce, when the platform runs one: re-synced at once when a trial ends or converts. */
  workforce?: { sync(): Promise<unknown> } | undefined;
  store: Store;
  bus: Bus;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  /** Runs the campaign's drafting skills through the runtime (decision 0076). */
  skills: Pick<SkillRunner, 'run'>;
  /** The protocol seam of campaigns run as jobs (consult / handoff between the campaign's agents). */
  campaignPeers?: CampaignPeers | undefined;
}

export interface ReferenceWorkflows {
  /** Starts consuming `github.pr.opened` (call with the platform's workers). */
  start(): Promise<void>;
  /** Stops consuming `github.pr.opened` and listening for conversions (the bus closing does the same). */
  stop(): Promise<void>;
}

/**
 * Deploys pr-review, trial, hire, campaign and daily-report (a new version only when a file changed)
 * and registers their handlers on `engine`. Marketplace trials and hires run as `trial` and `hire`
 * instances, WowVision hands opened PRs to `pr-review`, and the 09:00 cron runs the report.
 * Call it once per process, after the services exist and before the platform starts its workers.
 */
export async function registerReferenceWorkflows(deps: ReferenceWorkflowDeps): Promise<ReferenceWorkflows> {
  const { engine, store, clock, ids, logger } = deps;
  const services = deps.marketplace.services;
  await deployReferenceWorkflows(engine, deps.definitions);
  registerCampaignWorkflow({
    engine,
    marketplace: services,
    store,
    clock,
    ids,
    logger,
    skills: deps.skills,
    peers: deps.campaignPeers,
  });
  registerDailyReportWorkflow({
    engine,
    runtime: deps.runtime,
    marketplace: services,
    wowvision: deps.wowvision,
    store,
    clock,
    ids,
    logger,
  });
  const prReview = await registerPrReviewWorkflow({
    engine,
    wowvision: deps.wowvision,
    bus: deps.bus,
    store,
    clock,
    ids,
    logger,
    listen: false,
  });
  registerHireWorkflow({ engine, hires: services.hires });
  const trials = await registerTrialWorkflow({
    engine,
    timeline: deps.trialTimeline,
    marketplace: services,
    store,
    clock,
    ids,
    logger,
    workforce: deps.workforce,
  });
  return {
    start: () => prReview.listen(),
    async stop() {
      trials.stop();
      await prReview.stop();
    },
  };
}

// The marketplace feature as services: accounts, catalogue, demo, trials, hires and billing,
// deliverables, approvals, reviews, activity and mail. HTTP lives in api/routes/marketplace-routes.ts.
import type { MarketplaceDeps } from './deps.js';
import { createMarketplaceServices, type MarketplaceServices } from './services.js';

export type { MarketplaceDeps, MarketplaceOptions, MarketplaceLimits } from './deps.js';
export type { MarketplaceServices } from './services.js';
export type { CatalogueEntry } from './catalogue/catalogue-entry.js';
export type { Principal } from './principal.js';

export interface Marketplace {
  readonly services: MarketplaceServices;
  /**
   * Hands open trials and active hires to their timelines (call once the store is migrated): the
   * engine's timers are durable, so this only starts instances for records stored before they existed.
   */
  start(): Promise<void>;
  /** Waits for background mail sends. */
  stop(): Promise<void>;
}

/** Builds the marketplace services; the platform calls `start()` with its other workers and `stop()` on shutdown. */
export async function createMarketplace(deps: MarketplaceDeps): Promise<Marketplace> {
  const services = await createMarketplaceServices(deps);
  return {
    services,
    async start() {
      const trials = await services.trials.resume();
      const hires = await services.hires.resumeSchedules();
      deps.logger.info({ trials, hires }, 'marketplace schedules resumed');
    },
    async stop() {
      // Password-reset mails still being sent in the background.
      await services.accounts.settled();
    },
  };
}

// The marketing coordinator: routes work among the 7 marketing agents (Content, Social, SEO, Email, PPC,
// Brand Strategy and Influencer).
import { AGENTS_PER_DOMAIN } from './coordinated-agent.js';
import { DomainCoordinator, type DomainCoordinatorOptions } from './domain-coordinator.js';

export type MarketingCoordinatorOptions = Omit<DomainCoordinatorOptions, 'domain' | 'expectedAgents'>;

/** Built from the specs of domain `marketing`; CONFIG_INVALID unless they hold exactly 7 agents. */
export class MarketingCoordinator extends DomainCoordinator {
  constructor(options: MarketingCoordinatorOptions) {
    super({ ...options, domain: 'marketing', expectedAgents: AGENTS_PER_DOMAIN.marketing });
  }
}

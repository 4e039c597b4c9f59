// The sales coordinator: routes work among the 5 sales agents (SDR, Account Executive, Sales
// Enablement, CRM Management and Lead Generation).
import { AGENTS_PER_DOMAIN } from './coordinated-agent.js';
import { DomainCoordinator, type DomainCoordinatorOptions } from './domain-coordinator.js';

export type SalesCoordinatorOptions = Omit<DomainCoordinatorOptions, 'domain' | 'expectedAgents'>;

/** Built from the specs of domain `sales`; CONFIG_INVALID unless they hold exactly 5 agents. */
export class SalesCoordinator extends DomainCoordinator {
  constructor(options: SalesCoordinatorOptions) {
    super({ ...options, domain: 'sales', expectedAgents: AGENTS_PER_DOMAIN.sales });
  }
}

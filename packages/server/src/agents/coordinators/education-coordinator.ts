// The education coordinator: routes work among the 7 education agents (Math, Science, English, Test Prep,
// Career Counselling, Study Planning and Homework Help).
import { AGENTS_PER_DOMAIN } from './coordinated-agent.js';
import { DomainCoordinator, type DomainCoordinatorOptions } from './domain-coordinator.js';

export type EducationCoordinatorOptions = Omit<DomainCoordinatorOptions, 'domain' | 'expectedAgents'>;

/** Built from the specs of domain `education`; CONFIG_INVALID unless they hold exactly 7 agents. */
export class EducationCoordinator extends DomainCoordinator {
  constructor(options: EducationCoordinatorOptions) {
    super({ ...options, domain: 'education', expectedAgents: AGENTS_PER_DOMAIN.education });
  }
}

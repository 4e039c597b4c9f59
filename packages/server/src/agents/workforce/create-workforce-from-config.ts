// One call that wires the workforce into the platform: the coordinators and reputation over the
// platform's store and bus, the marketplace ports (working trials and hires, the tenant dashboard and
// approvals inbox), and the workforce itself with its agent plans.
import type { Bus } from '../../bus/bus.js';
import type { Clock } from '../../clock.js';
import type { Ids } from '../../ids.js';
import type { Logger } from '../../components/observability/logger.js';
import type { MarketplaceServices } from '../../marketplace/services.js';
import type { Store } from '../../store/store.js';
import { createCoordinators, type Coordinators } from '../coordinators/coordinators.js';
import { createReputationService, type ReputationService } from '../reputation/reputation-service.js';
import type { AgentRuntime } from '../../runtime/agent-runtime.js';
import { skillRegistry } from '../../skills/registry.js';
import type { AgentSpec } from '../specs/agent-spec.js';
import { coordinatedSpecs } from './coordinated-specs.js';
import {
  createMarketplaceDeliverableSink,
  createMarketplaceInstanceSource,
  marketplaceRosterHints,
} from './marketplace-ports.js';
import { createWorkforce, type Workforce, type WorkforceOptions } from './workforce.js';

export interface WorkforceFromConfigDeps {
  runtime: AgentRuntime;
  store: Store;
  bus: Bus;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  /** The marketplace's services: trials (budget charging) and deliverables (dashboard and approvals). */
  marketplace: Pick<MarketplaceServices, 'trials' | 'deliverables'>;
  /** The agent specs (the composition root loads the shipped ones). */
  specs: readonly AgentSpec[];
  /** Shared reputation service; one over `store` is created when absent. */
  reputation?: ReputationService;
  /** Overrides of the workforce options (intervals, concurrency). */
  options?: Partial<
    Pick<WorkforceOptions, 'syncIntervalMs' | 'taskConcurrency' | 'leaseMs' | 'workerId' | 'costCurrency'>
  >;
}

export interface WiredWorkforce {
  workforce: Workforce;
  coordinators: Coordinators;
  reputation: ReputationService;
}

/**
 * Builds coordinators, reputation and the workforce. Registers every agent type in `runtime` at once,
 * so call it before `runtime.start()`; `workforce.start()` / `stop()` belong to the worker role.
 */
export function createWorkforceFromConfig(deps: WorkforceFromConfigDeps): WiredWorkforce {
  const { runtime, store, bus, clock, ids, logger } = deps;
  const specs = deps.specs;
  const reputation = deps.reputation ?? createReputationService({ store, clock, ids });
  const coordinators = createCoordinators({
    specs: coordinatedSpecs(specs),
    store,
    clock,
    ids,
    bus,
    reputation,
    logger,
  });
  const workforce = createWorkforce({
    runtime,
    specs,
    skills: skillRegistry,
    bus,
    store,
    clock,
    ids,
    logger,
    instances: createMarketplaceInstanceSource({ store, trials: deps.marketplace.trials }),
    deliverableSink: createMarketplaceDeliverableSink(deps.marketplace.deliverables),
    coordinators,
    reputation,
    rosterHints: marketplaceRosterHints,
    ...deps.options,
  });
  return { workforce, coordinators, reputation };
}

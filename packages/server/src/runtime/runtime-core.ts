// The components one AgentRuntime wires together, shared by the wake cycle, the service-task
// runner and the context builder (internal to the runtime).
import type { Bus } from '../bus/bus.js';
import type { Clock } from '../clock.js';
import type { Ids } from '../ids.js';
import type { ModelProvider } from '../models/model-provider.js';
import type { Logger } from '../components/observability/logger.js';
import type { BudgetManager } from '../components/budgets/budget-manager.js';
import type { StateManager } from '../components/state/state-manager.js';
import type { Store } from '../store/store.js';
import type { AgentDefinition, WakeInfo } from './agent-definition.js';
import type { DecisionEngine } from './decision-engine.js';
import type { ArtifactStore } from './artifact-store.js';
import type { EscalationService } from './escalations.js';
import type { HealthTracker } from './health.js';
import type { Specialisation } from './specialisation.js';
import type { WakePolicy } from './wake-policy.js';
import type { WorkQueue } from './work-queue.js';

export interface RegisteredAgent {
  definition: AgentDefinition;
  specialisation: Specialisation;
}

/** Per-instance runtime state that is not persisted. */
export interface InstanceRuntime {
  policy: WakePolicy;
  health: HealthTracker;
  /** Wake cycles of one instance run one after another. */
  queue: Promise<unknown>;
}

export interface RuntimeCore {
  store: Store;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  bus?: Bus;
  models?: ModelProvider;
  engine: DecisionEngine;
  budgets: BudgetManager;
  states: StateManager;
  escalations: EscalationService;
  artifacts: ArtifactStore;
  work: WorkQueue;
  /** Wakes an instance later (used by handoffs); never awaited by the caller. */
  scheduleWake(instanceId: string, info: WakeInfo): void;
}

export const INSTANCES = 'agent_instances';
export const WAKE_CYCLES = 'agent_wake_cycles';
export const contextStateId = (instanceId: string) => `agent:${instanceId}:context`;

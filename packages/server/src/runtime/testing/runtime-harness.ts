// Builds a DecisionEngine (and the components behind it) on a given store for tests.
import type { Clock } from '../../clock.js';
import { createIds, type Ids } from '../../ids.js';
import type { ModelProvider } from '../../models/model-provider.js';
import { PriceTable } from '../../models/pricing.js';
import { BudgetManager } from '../../components/budgets/budget-manager.js';
import { FairShareQueue } from '../../components/budgets/fair-share-queue.js';
import { SlidingWindowRateLimiter } from '../../components/budgets/rate-limiter.js';
import { CacheHierarchy } from '../../components/cache/cache-hierarchy.js';
import { StoreCacheLevel } from '../../components/cache/store-cache-level.js';
import { createKillSwitch, type KillSwitch } from '../../components/kill-switch/kill-switch.js';
import { createResiliencePolicy } from '../../components/resilience/resilience-policy.js';
import type { Store } from '../../store/store.js';
import type { Bus } from '../../bus/bus.js';
import type { PrivacyGuard } from '../../components/privacy/privacy-guard.js';
import { DecisionEngine } from '../decision-engine.js';
import { DecisionMemory } from '../decision-memory.js';
import { EscalationService, type Escalation } from '../escalations.js';

/** Prices used by the runtime tests: `fake-large` is 10× `fake-small`. */
export const testPrices = new PriceTable({
  includeDefaults: false,
  prices: {
    'fake-large': { inputPer1M: 10, outputPer1M: 30 },
    'fake-small': { inputPer1M: 1, outputPer1M: 3 },
  },
});

export function engineHarness(options: {
  store: Store;
  clock: Clock;
  models?: ModelProvider;
  ids?: Ids;
  killSwitch?: KillSwitch;
  bus?: Bus;
  modelConcurrency?: number;
  /** Told after each new escalation (as the runtime's `onEscalation`). */
  onEscalation?: (e: Escalation) => Promise<void>;
  privacy?: PrivacyGuard;
}) {
  const { store, clock } = options;
  const ids = options.ids ?? createIds(() => clock.now());
  const killSwitch = options.killSwitch ?? createKillSwitch();
  const cache = new CacheHierarchy({ clock, l3: new StoreCacheLevel(store, 'test'), killSwitch });
  const budgets = new BudgetManager({
    store,
    clock,
    ids,
    killSwitch,
    ...(options.bus ? { bus: options.bus } : {}),
  });
  const rateLimiter = new SlidingWindowRateLimiter({ clock, killSwitch });
  const escalations = new EscalationService({
    store,
    clock,
    ids,
    ...(options.onEscalation ? { onCreated: options.onEscalation } : {}),
  });
  const memory = new DecisionMemory({ store, clock });
  const modelPolicy = createResiliencePolicy({
    name: 'model',
    retry: false,
    breaker: { kind: 'consecutive', threshold: 3, halfOpenAfterMs: 60_000 },
    clock,
    killSwitch,
  });
  const engine = new DecisionEngine({
    store,
    clock,
    ids,
    ...(options.models ? { models: options.models } : {}),
    prices: testPrices,
    cache,
    memory,
    budgets,
    rateLimiter,
    fairShare: new FairShareQueue({ capacity: options.modelConcurrency ?? 8 }),
    modelPolicy,
    escalate: (input) => escalations.create(input),
    killSwitch,
    ...(options.bus ? { bus: options.bus } : {}),
    ...(options.privacy ? { privacy: options.privacy } : {}),
  });
  return { engine, cache, budgets, rateLimiter, escalations, memory, modelPolicy, killSwitch, ids };
}

// The services one agent runtime owns over the ports it is given — cache hierarchy, budgets, rate
// limits, fair share, the model policy, state, audit, work queue, deliverables, decision memory —
// built here from its options. Backends (store, bus, models, the Redis cache level) come from the
// composition root; nothing here opens a connection.
import type { Bus } from '../bus/bus.js';
import type { Clock } from '../clock.js';
import type { Ids } from '../ids.js';
import type { ModelProvider } from '../models/model-provider.js';
import { defaultPriceTable, type PriceTable } from '../models/pricing.js';
import { silentLogger, type Logger } from '../components/observability/logger.js';
import { recordBreakerState, type Metrics } from '../components/observability/metrics.js';
import { BudgetManager, type BudgetLimits } from '../components/budgets/budget-manager.js';
import { FairShareQueue } from '../components/budgets/fair-share-queue.js';
import { SlidingWindowRateLimiter } from '../components/budgets/rate-limiter.js';
import { CacheHierarchy } from '../components/cache/cache-hierarchy.js';
import type { CacheLevel } from '../components/cache/cache-level.js';
import { StoreCacheLevel } from '../components/cache/store-cache-level.js';
import { createKillSwitch, type KillSwitch } from '../components/kill-switch/kill-switch.js';
import { createStoreDeadLetterSink } from '../components/resilience/dead-letter-sink.js';
import {
  createResiliencePolicy,
  type BreakerOptions,
  type ResiliencePolicy,
} from '../components/resilience/resilience-policy.js';
import { AuditLog } from '../components/security/audit-log.js';
import { StateManager } from '../components/state/state-manager.js';
import type { Store } from '../store/store.js';
import type { EscalationRecord as Escalation } from '../store/runtime-work-records.js';
import type { PrivacyGuard } from '../components/privacy/privacy-guard.js';
import { DecisionMemory } from './decision-memory.js';
import { ArtifactStore } from './artifact-store.js';
import { WorkQueue } from './work-queue.js';

export interface AgentRuntimeOptions {
  store: Store;
  clock: Clock;
  ids: Ids;
  /** Events in (subscriptions on `start`) and notifications out (escalations, budget alerts). */
  bus?: Bus;
  /** The decision model (usually a ProviderChain ending in the offline provider). */
  models?: ModelProvider;
  metrics?: Metrics;
  logger?: Logger;
  /**
   * The cache levels under the in-process L1, built by the composition root: L2 (Redis, when
   * configured) and L3. Default: no L2 and an L3 over `store`. Their clients are the caller's to close.
   */
  cacheLevels?: { l2?: CacheLevel; l3?: CacheLevel };
  /** The audit trail (shared with other features by the composition root); default one over `store`. */
  audit?: AuditLog;
  killSwitch?: KillSwitch;
  /** Prices for budget reservations; defaults to the built-in table. */
  prices?: PriceTable;
  /** The budget each tenant starts with (the plan's), in the price table's currency. */
  tenantBudget?: BudgetLimits;
  /** L1 capacity (default 10 000 entries). */
  cacheEntries?: number;
  /** Model calls in flight at once, shared by priority under contention (default 8). */
  modelConcurrency?: number;
  /**
   * Bus events handled at once per subscription (default 32). Wakes of one instance still run one
   * after another; this lets different instances wake side by side.
   */
  eventConcurrency?: number;
  /**
   * Deadline per model call, passed to the provider as the request's `timeoutMs` (every provider
   * enforces it on its own clock); the provider's default (30 s for the HTTP adapters) when absent.
   */
  modelTimeoutMs?: number;
  /** Breaker around the model tier (default: open after 5 consecutive failures for 60 s). */
  modelBreaker?: BreakerOptions;
  /** Unsettled reservations are returned after this long (default 5 minutes). */
  reservationTtlMs?: number;
  /** Told after a new escalation is stored (the platform opens its inbox item). */
  onEscalation?: (escalation: Escalation) => Promise<void>;
  /** Masks personal data before model calls; default a guard reading names from `store.accounts`. */
  privacy?: PrivacyGuard;
  /**
   * Warm pool of instances' decision state (the memory index loaded from the store): how many
   * instances are kept (default 10,000; 0 = cold, every decision reads the store) and how often a
   * warm entry is checked against the store's version (default 1 s).
   */
  warmPool?: { maxInstances?: number; revalidateAfterMs?: number };
}

export interface RuntimeComponents {
  logger: Logger;
  killSwitch: KillSwitch;
  prices: PriceTable;
  cache: CacheHierarchy;
  budgets: BudgetManager;
  rateLimiter: SlidingWindowRateLimiter;
  fairShare: FairShareQueue;
  modelPolicy: ResiliencePolicy;
  states: StateManager;
  audit: AuditLog;
  work: WorkQueue;
  artifacts: ArtifactStore;
  memory: DecisionMemory;
}

export function createRuntimeComponents(options: AgentRuntimeOptions): RuntimeComponents {
  const { store, clock, ids, bus } = options;
  const logger = options.logger ?? silentLogger;
  const killSwitch = options.killSwitch ?? createKillSwitch();
  const levels = options.cacheLevels ?? { l3: new StoreCacheLevel(store, 'runtime') };
  const { metrics } = options;
  const modelPolicy = createResiliencePolicy({
    name: 'model',
    retry: false,
    breaker: options.modelBreaker ?? { kind: 'consecutive', threshold: 5, halfOpenAfterMs: 60_000 },
    clock,
    killSwitch,
    deadLetters: createStoreDeadLetterSink({ store, clock, ids }),
  });
  if (metrics) {
    recordBreakerState(metrics, 'runtime-model', modelPolicy.breakerState);
    modelPolicy.onBreakerStateChange((state) => recordBreakerState(metrics, 'runtime-model', state));
  }
  return {
    logger,
    killSwitch,
    prices: options.prices ?? defaultPriceTable,
    cache: new CacheHierarchy({
      clock,
      l1MaxEntries: options.cacheEntries ?? 10_000,
      ...(levels.l2 ? { l2: levels.l2 } : {}),
      ...(levels.l3 ? { l3: levels.l3 } : {}),
      killSwitch,
      onLevelError: (level, err) =>
        logger.warn({ err, level }, 'cache level unavailable; skipping it for a while'),
      ...(metrics ? { onLookup: (level) => metrics.cacheLookups.inc({ level }) } : {}),
    }),
    budgets: new BudgetManager({
      store,
      clock,
      ids,
      killSwitch,
      ...(bus ? { bus } : {}),
      ...(options.reservationTtlMs === undefined ? {} : { reservationTtlMs: options.reservationTtlMs }),
      ...(options.tenantBudget ? { tenantDefault: options.tenantBudget } : {}),
    }),
    rateLimiter: new SlidingWindowRateLimiter({ clock, killSwitch }),
    fairShare: new FairShareQueue({ capacity: options.modelConcurrency ?? 8 }),
    modelPolicy,
    states: new StateManager({ store, clock }),
    audit: options.audit ?? new AuditLog({ store, clock }),
    work: new WorkQueue({ store, clock, ids }),
    artifacts: new ArtifactStore({ store, clock, ids }),
    memory: new DecisionMemory(
      { store, clock },
      {
        ...(options.warmPool?.maxInstances === undefined
          ? {}
          : { warmAgents: options.warmPool.maxInstances }),
        ...(options.warmPool?.revalidateAfterMs === undefined
          ? {}
          : { revalidateAfterMs: options.warmPool.revalidateAfterMs }),
      },
    ),
  };
}

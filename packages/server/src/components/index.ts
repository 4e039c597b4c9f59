// Public surface of the common components (cache, budgets, kill switch, resilience, metrics), for the bench and tools.
export { CacheHierarchy } from './cache/cache-hierarchy.js';
export { FairShareQueue } from './budgets/fair-share-queue.js';
export { SlidingWindowRateLimiter } from './budgets/rate-limiter.js';
export { createKillSwitch } from './kill-switch/kill-switch.js';
export { createResiliencePolicy } from './resilience/resilience-policy.js';
export { createMetrics } from './observability/metrics.js';

// Kill switch per component: an operator turns a misbehaving component off with
// `WAOOAW_DISABLE_<NAME>=1` (read by config.ts) or at run time; callers then take a safe fallback.
import { isDisabled, type Config } from '../../config.js';

/**
 * Components that honour the kill switch, and the fallback each takes when switched off:
 * - `cache`: every lookup misses and values are computed directly.
 * - `resilience`: operations run once, without retry, breaker, timeout or bulkhead.
 * - `budgets`: no metered spend is possible, so the model tier is skipped (decisions fall back
 *   conservatively and escalate) — switching budgets off never allows unmetered spending.
 * - `ratelimit`: rate limits are not applied (budgets still cap spend).
 * - `memory`: the similar-decision memory tier is skipped.
 * - `model`: the model tier is skipped (conservative fallback plus an escalation).
 */
export const KillSwitchComponent = {
  cache: 'cache',
  resilience: 'resilience',
  budgets: 'budgets',
  rateLimit: 'ratelimit',
  memory: 'memory',
  model: 'model',
} as const;
export type KillSwitchComponent = (typeof KillSwitchComponent)[keyof typeof KillSwitchComponent];

export interface KillSwitch {
  /** True when the component is switched off (names are case-insensitive). */
  isDisabled(component: string): boolean;
  /** Switches a component off (`true`) or back on at run time, e.g. from the operator console. */
  set(component: string, disabled: boolean): void;
  /** Names currently switched off, lower-case, sorted. */
  list(): string[];
}

/** A kill switch seeded from validated config (`config.disabled`, filled from `WAOOAW_DISABLE_*`). */
export function createKillSwitch(config: Pick<Config, 'disabled'> = { disabled: [] }): KillSwitch {
  const runtime = new Map<string, boolean>();
  return {
    isDisabled(component) {
      const name = component.toLowerCase();
      return runtime.get(name) ?? isDisabled(config, name);
    },
    set(component, disabled) {
      runtime.set(component.toLowerCase(), disabled);
    },
    list() {
      const names = new Set(config.disabled.map((n) => n.toLowerCase()));
      for (const [name, off] of runtime) {
        if (off) names.add(name);
        else names.delete(name);
      }
      return [...names].sort();
    },
  };
}

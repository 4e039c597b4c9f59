// Health of an instance from what it recently did: healthy, degraded (failing sometimes, model
// breaker half-open, budget nearly spent) or down (failing every time, breaker open, retired).
import type { LifecycleState } from './lifecycle.js';

export type HealthStatus = 'healthy' | 'degraded' | 'down';

export interface HealthReport {
  status: HealthStatus;
  reasons: string[];
  recentFailures: number;
  recentRuns: number;
}

export interface HealthInputs {
  lifecycle: LifecycleState;
  breaker?: 'closed' | 'open' | 'half-open' | 'isolated';
  /** 0..1 of the agent's budget used this period. */
  budgetUtilisation?: number;
}

/** Keeps the outcomes of the last `window` runs (tasks, wake cycles) of one instance. */
export class HealthTracker {
  private outcomes: boolean[] = [];

  constructor(
    private readonly window = 20,
    private readonly downAfterConsecutive = 5,
    private readonly degradedFailureRate = 0.2,
  ) {}

  record(ok: boolean): void {
    this.outcomes.push(ok);
    if (this.outcomes.length > this.window) this.outcomes.shift();
  }

  report(inputs: HealthInputs): HealthReport {
    const reasons: string[] = [];
    const failures = this.outcomes.filter((o) => !o).length;
    let consecutive = 0;
    for (let i = this.outcomes.length - 1; i >= 0 && !this.outcomes[i]; i--) consecutive++;
    let status: HealthStatus = 'healthy';
    const down = (why: string) => {
      status = 'down';
      reasons.push(why);
    };
    const degrade = (why: string) => {
      if (status === 'healthy') status = 'degraded';
      reasons.push(why);
    };
    if (inputs.lifecycle === 'retired') down('retired');
    if (consecutive >= this.downAfterConsecutive) down(`${consecutive} failures in a row`);
    if (inputs.breaker === 'open' || inputs.breaker === 'isolated') down(`model circuit ${inputs.breaker}`);
    if (this.outcomes.length > 0 && failures / this.outcomes.length > this.degradedFailureRate)
      degrade(`${failures} of the last ${this.outcomes.length} runs failed`);
    if (inputs.breaker === 'half-open') degrade('model circuit half-open');
    if ((inputs.budgetUtilisation ?? 0) >= 0.9)
      degrade(`budget ${Math.round((inputs.budgetUtilisation ?? 0) * 100)} % used`);
    return { status, reasons, recentFailures: failures, recentRuns: this.outcomes.length };
  }
}
